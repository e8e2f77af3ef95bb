"""The case page builds the form of one action only: the one opened with ?act=
(without JavaScript), the one htmx asks for, or the one that came back with errors.
The case list's kelurahan choices are kept in memory instead of read per request."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sigap.audit.models import AuditEvent
from sigap.cases.forms import CaseFilterForm
from sigap.cases.selectors import case_sections, case_timeline
from sigap.cases.services import (
    assessment_record,
    case_closure_request,
    consent_record,
    note_add,
    partner_ensure,
    referral_send,
    victim_add,
)
from sigap.cases.tests.base import CaseTestCase
from sigap.regions.selectors import village_choices_clear

FORM_NAMES = ("victim_form", "goal_form", "assign_form", "referral_form", "reason_form", "note_form")


class CasePageActionTests(CaseTestCase):
    def setUp(self):
        self.url = f"/staf/kasus/{self.case.pk}/"

    def referral(self):
        person = self.make_person(unit=self.lppar, responsible=self.manajer)
        victim = victim_add(actor=self.manajer, case=self.case, person=person, violence_forms=["fisik"])
        consent = consent_record(actor=self.manajer, case=self.case, purpose="rujukan", items=["identity"])
        return referral_send(
            actor=self.manajer, case=self.case, victim=victim, consent=consent, purpose="-", shared_items=["identity"],
            partner=partner_ensure(unit=self.lppar, name="RSUD Bendan", kind="kesehatan"),
            due_date=timezone.localdate() + timedelta(days=3),
        )  # fmt: skip

    def test_the_page_builds_no_form_and_links_each_action_to_its_own_form(self):
        self.login(self.manajer)
        response = self.client.get(self.url)
        for name in FORM_NAMES:
            self.assertNotIn(name, response.context)
        self.assertContains(response, f'href="{self.url}?act=victim_add#act-victim_add"')
        self.assertContains(response, f'action="/staf/kasus/{self.case.pk}/korban/"')
        self.assertNotContains(response, "id_victim_form-full_name")
        self.assertNotContains(response, "?act=assign")  # the head's action

    def test_act_opens_that_actions_form_on_the_page_and_only_that_one(self):
        self.login(self.manajer)
        response = self.client.get(self.url + "?act=victim_add")
        self.assertContains(response, '<details class="action" id="act-victim_add" open>')
        self.assertContains(response, 'id="id_victim_form-full_name"')
        self.assertIn("victim_form", response.context)
        self.assertNotIn("goal_form", response.context)

    def test_an_action_the_user_may_not_take_is_not_opened(self):
        self.login(self.manajer)
        response = self.client.get(self.url + "?act=assign")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("assign_form", response.context)
        response = self.client.get(self.url + "?act=assign", headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 404)

    def test_htmx_gets_the_form_alone_and_the_read_is_logged(self):
        self.login(self.manajer)
        before = AuditEvent.objects.filter(action="view", target_id=str(self.case.pk)).count()
        response = self.client.get(self.url + "?act=goal_add", headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn('id="id_goal_form-goal"', html)
        self.assertIn("csrfmiddlewaretoken", html)
        self.assertIn("HX-Request", response["Vary"])
        self.assertEqual(AuditEvent.objects.filter(action="view", target_id=str(self.case.pk)).count(), before + 1)

    def test_a_referral_update_opens_beside_its_referral_and_comes_back_with_what_was_typed(self):
        referral = self.referral()
        self.login(self.manajer)
        key = f"referral_update-{referral.pk}"
        response = self.client.get(f"{self.url}?act={key}", headers={"HX-Request": "true"})
        self.assertContains(response, f'id="id_referral_update_form_{referral.pk}-status"')
        response = self.client.post(
            f"/staf/kasus/{self.case.pk}/rujukan/{referral.pk}/",
            {f"referral_update_form_{referral.pk}-status": "bogus", f"referral_update_form_{referral.pk}-outcome": "Hasil visum"},
        )  # fmt: skip
        self.assertContains(response, f'id="act-{key}" open', status_code=400)
        self.assertContains(response, "Hasil visum", status_code=400)

    def test_the_head_decides_a_closure_request_from_its_own_form(self):
        closure = case_closure_request(actor=self.manajer, case=self.case, reason="selesai")
        self.login(self.kepala)
        response = self.client.get(f"{self.url}?act=closure_decide-{closure.pk}")
        self.assertContains(response, f'action="/staf/kasus/{self.case.pk}/tutup/{closure.pk}/"')
        self.assertContains(response, 'name="decision_form-approve"')

    def test_a_form_whose_action_is_no_longer_offered_still_comes_back_with_its_errors(self):
        # Reopening an open case (a stale page): the service refuses, the reason is kept.
        self.login(self.manajer)
        response = self.client.post(f"/staf/kasus/{self.case.pk}/buka-kembali/", {"reason_form-reason": "Alasan saya"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Alasan saya", status_code=400)
        self.assertContains(response, 'id="act-reopen" open', status_code=400)
        self.assertTrue(response.context["reason_form"].errors)

    def test_a_page_that_comes_back_with_errors_is_logged_as_a_read(self):
        self.login(self.manajer)
        views = AuditEvent.objects.filter(action="view", target_id=str(self.case.pk))
        before = views.count()
        self.client.post(f"/staf/kasus/{self.case.pk}/buka-kembali/", {"reason_form-reason": "Alasan saya"})
        self.assertEqual(views.count(), before + 1)

    def test_an_action_key_with_a_digit_that_is_not_ascii_is_not_found(self):
        self.login(self.kepala)
        for act in ("referral_update-\u00b2", "closure_decide-\u0661"):
            response = self.client.get(self.url, {"act": act}, headers={"HX-Request": "true"})
            with self.subTest(act=act):
                self.assertEqual(response.status_code, 404)

    def test_the_timeline_is_built_from_the_sections_read_for_the_page(self):
        self.referral()
        note_add(actor=self.manajer, case=self.case, body="catatan")
        assessment_record(actor=self.manajer, case=self.case, findings="temuan", risk="high")
        sections = case_sections(self.manajer, self.case)
        with CaptureQueriesContext(connection) as queries:
            from_sections = case_timeline(self.manajer, self.case, sections)
        self.assertEqual(len(queries), 0)
        self.assertEqual(from_sections, case_timeline(self.manajer, self.case))
        self.assertEqual({entry.kind for entry in from_sections}, {"status", "assessment", "referral", "note"})


class CaseFilterFormTests(CaseTestCase):
    def test_the_kelurahan_are_read_once_and_the_all_choice_follows_the_language(self):
        village_choices_clear()
        CaseFilterForm()
        with CaptureQueriesContext(connection) as queries:
            with translation.override("en"):
                english = [(code, str(label)) for code, label in CaseFilterForm().fields["village"].choices]
            with translation.override("id"):
                indonesian = [(code, str(label)) for code, label in CaseFilterForm().fields["village"].choices]
        self.assertEqual(len(queries), 0)
        self.assertEqual(len(english), 28)
        self.assertEqual((english[0], indonesian[0]), (("", "All"), ("", "Semua")))
        self.assertIn(("33.75.01.1003", "Podosugih"), english)

    def test_the_filter_lists_render_as_selects_with_the_choice_kept(self):
        html = str(CaseFilterForm({"village": "33.75.01.1003", "status": "layanan"})["village"])
        self.assertIn('<select name="village" id="id_village">', html)
        self.assertIn('<option value="33.75.01.1003" selected>Podosugih</option>', html)
