from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.accounts.models import OrgUnit
from sigap.cases.choices import NoteConfidentiality
from sigap.cases.selectors import CaseFilters, case_get_for_user, case_list_for_user, notes_for_user
from sigap.cases.services import case_restrict, note_add
from sigap.cases.tests.base import CaseTestCase


class CaseWallTests(CaseTestCase):
    def visible(self, user, **filters):
        return set(case_list_for_user(user, CaseFilters(**filters)).values_list("pk", flat=True))

    def test_a_colleague_does_not_see_another_managers_case_unless_the_unit_says_so(self):
        self.assertEqual(self.visible(self.manajer2), set())
        with self.assertRaises(Http404):
            case_get_for_user(self.manajer2, self.case.pk)
        OrgUnit.objects.filter(pk=self.lppar.pk).update(case_managers_see_unit_cases=True)
        self.manajer2.refresh_from_db()
        self.assertEqual(self.visible(self.manajer2), {self.case.pk})
        with self.assertRaises(PermissionDenied):  # may read, may not change
            case_get_for_user(self.manajer2, self.case.pk, write=True)

    def test_a_restricted_case_is_seen_only_by_the_people_named_on_it_not_even_the_head(self):
        case_restrict(actor=self.kepala, case=self.case, restricted=True, named=[self.manajer2])
        self.assertEqual(self.visible(self.kepala), set())
        self.assertEqual(self.visible(self.manajer2), {self.case.pk})
        self.assertEqual(self.visible(self.manajer), {self.case.pk})  # still its case manager

    def test_puspaga_staff_intake_officers_analysts_and_other_cities_see_no_case(self):
        for user in (self.konselor, self.fasilitator, self.kader, self.petugas, self.analis, self.admin, self.outsider):
            with self.subTest(user=user.username):
                with self.assertRaises(PermissionDenied):
                    case_list_for_user(user)
                with self.assertRaises(Http404):
                    case_get_for_user(user, self.case.pk)

    def test_notes_are_read_according_to_their_confidentiality(self):
        note_add(actor=self.manajer, case=self.case, body="untuk tim", confidentiality=NoteConfidentiality.TEAM)
        note_add(actor=self.manajer, case=self.case, body="untuk petugas", confidentiality=NoteConfidentiality.ASSIGNED)
        note_add(actor=self.manajer, case=self.case, body="untuk kepala", confidentiality=NoteConfidentiality.HEAD)
        note_add(actor=self.kepala, case=self.case, body="kepala saja", confidentiality=NoteConfidentiality.HEAD)
        self.assertEqual(
            set(n.body for n in notes_for_user(self.kepala, self.case)), {"untuk tim", "untuk kepala", "kepala saja"}
        )
        self.assertEqual(
            set(n.body for n in notes_for_user(self.manajer, self.case)), {"untuk tim", "untuk petugas", "untuk kepala"}
        )

    def test_search_finds_words_of_team_notes_and_never_of_restricted_notes(self):
        note_add(actor=self.manajer, case=self.case, body="Korban dirawat di RSUD Bendan", confidentiality="team")
        note_add(actor=self.manajer, case=self.case, body="Rahasia keluarga kepolisian", confidentiality="head")
        self.assertEqual(self.visible(self.kepala, search="rsud bendan"), {self.case.pk})
        self.assertEqual(self.visible(self.kepala, search="ayah tiri"), {self.case.pk})  # the description
        self.assertEqual(self.visible(self.kepala, search="kepolisian"), set())
        self.assertEqual(self.visible(self.manajer2, search="rsud"), set())  # the gate still applies


class CaseApiTests(CaseTestCase):
    def get(self, user, url):
        from sigap.accounts.services import api_token_issue

        token = api_token_issue(actor=None, user=user)[1]
        return self.client.get(url, headers={"Authorization": f"Bearer {token}"})

    def test_the_api_lists_and_shows_cases_through_the_same_gate(self):
        self.assertEqual(
            [c["number"] for c in self.get(self.manajer, "/api/v1/cases").json()["results"]], [self.case.number]
        )
        self.assertEqual(self.get(self.manajer2, "/api/v1/cases").json()["results"], [])
        self.assertEqual(self.get(self.manajer, f"/api/v1/cases/{self.case.pk}").json()["number"], self.case.number)
        self.assertEqual(self.get(self.manajer2, f"/api/v1/cases/{self.case.pk}").status_code, 404)

    def test_the_api_gives_the_simfoni_export_to_the_head(self):
        response = self.get(self.kepala, "/api/v1/cases/simfoni")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"No Register"))
