import re

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from sigap.accounts.models import OrgUnit
from sigap.cases.choices import NoteConfidentiality
from sigap.cases.models import CaseSearchTerm
from sigap.cases.search import terms_of
from sigap.cases.selectors import CaseFilters, case_get_for_user, case_list_for_user, notes_for_user
from sigap.cases.services import case_open, case_restrict, note_add
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

    def test_a_search_uses_its_first_ten_words_and_leaves_the_rest_out(self):
        note_add(
            actor=self.manajer, case=self.case, body="satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
        )
        words = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
        self.assertEqual(self.visible(self.kepala, search=words + " sebelas"), {self.case.pk})  # the 11th is left out
        self.assertEqual(self.visible(self.kepala, search="sebelas " + words), set())  # …unless it is among the first

    def test_a_word_only_in_cases_the_user_may_not_see_costs_what_a_word_no_case_holds_costs(self):
        # Timing must not tell whether a word (a name) is in a case the searcher may not
        # read: the statements run are the same, whatever the index holds elsewhere.
        elsewhere = case_open(actor=self.outsider, unit=self.batang, summary="Saksi Sulastri di Batang")
        restricted = case_open(
            actor=self.kepala, unit=self.lppar, assigned_to=self.manajer2, summary="Korban Wulandari"
        )
        case_restrict(actor=self.kepala, case=restricted, restricted=True, named=[])

        def statements(search: str) -> list[str]:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.visible(self.kepala, search=search), set())
            return [re.sub(r"'[0-9a-f]{16}'", "'…'", query["sql"]) for query in captured.captured_queries]

        statements("pemanasan")  # the first search also reads the user's roles once
        nowhere = statements("zzyzx")
        self.assertEqual(statements("sulastri"), nowhere)
        self.assertEqual(statements("wulandari"), nowhere)
        self.assertTrue(any("cases_casesearchterm" in sql for sql in nowhere))
        # The words are in the index all the same.
        self.assertTrue(CaseSearchTerm.objects.filter(case=elsewhere, term__in=terms_of("sulastri")).exists())
        self.assertTrue(CaseSearchTerm.objects.filter(case=restricted, term__in=terms_of("wulandari")).exists())


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


class CaseFileTests(CaseTestCase):
    PDF = b"%PDF-1.4 hasil visum rahasia"

    def test_a_file_on_a_case_is_stored_encrypted_and_downloaded_only_through_the_gate(self):
        from django.core.files.storage import default_storage
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sigap.audit.models import AuditEvent

        self.login(self.manajer)
        upload = SimpleUploadedFile("visum.pdf", self.PDF, content_type="application/pdf")
        response = self.client.post(
            f"/staf/kasus/{self.case.pk}/lampiran/",
            {"attachment_form-attachment": upload, "attachment_form-description": "Visum"},
        )
        self.assertRedirects(response, f"/staf/kasus/{self.case.pk}/")
        attachment = self.case.attachments.get()
        with default_storage.open(attachment.stored_name, "rb") as handle:
            self.assertNotIn(b"rahasia", handle.read())
        download = self.client.get(f"/staf/kasus/{self.case.pk}/lampiran/{attachment.pk}/")
        self.assertEqual((download.content, download["Content-Type"]), (self.PDF, "application/pdf"))
        self.assertTrue(download["Content-Disposition"].startswith("attachment;"))
        self.assertTrue(AuditEvent.objects.filter(action="view", target_type="cases.caseattachment").exists())
        self.login(self.manajer2)
        self.assertEqual(self.client.get(f"/staf/kasus/{self.case.pk}/lampiran/{attachment.pk}/").status_code, 404)

    def test_a_file_that_is_not_a_photo_or_pdf_is_refused(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.manajer)
        upload = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
        response = self.client.post(f"/staf/kasus/{self.case.pk}/lampiran/", {"attachment_form-attachment": upload})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.case.attachments.exists())

    def test_the_head_sees_the_teams_load(self):
        self.open_case(assigned_to=self.manajer2)
        self.login(self.kepala)
        load = {
            row["assigned_to__username"]: row["open"]
            for row in self.client.get("/staf/kasus/pekerjaan-saya/").context["work"].team_load
        }
        self.assertEqual(load, {"manajer": 1, "manajer2": 1})
