from django.core.exceptions import PermissionDenied, ValidationError

from sigap.audit.models import AuditEvent
from sigap.cases.choices import CaseStatus, ClosureDecision
from sigap.cases.services import (
    case_advance,
    case_closure_decide,
    case_closure_request,
    case_open,
    case_reopen,
)
from sigap.cases.tests.base import CaseTestCase
from sigap.intake.services import report_submit


class WorkflowTests(CaseTestCase):
    def test_a_case_walks_the_service_path_one_audited_step_at_a_time(self):
        for expected in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING, CaseStatus.SERVICE, CaseStatus.MONITORING):
            case_advance(actor=self.manajer, case=self.case, reason="lanjut")
            self.assertEqual(self.case.status, expected)
        self.assertEqual(
            list(self.case.status_changes.values_list("to_status", flat=True)),
            ["baru", "asesmen", "rencana", "layanan", "pemantauan"],
        )
        self.assertEqual(
            AuditEvent.objects.filter(target_type="cases.case", target_id=str(self.case.pk), action="change").count(), 4
        )

    def test_monitoring_cannot_simply_move_on_it_needs_the_heads_approval_to_close(self):
        for _ in range(4):
            case_advance(actor=self.manajer, case=self.case)
        with self.assertRaises(ValidationError):
            case_advance(actor=self.manajer, case=self.case)

    def test_the_head_approves_a_closure_request_and_the_case_closes(self):
        request = case_closure_request(actor=self.manajer, case=self.case, reason="Tujuan rencana tercapai")
        with self.assertRaises(PermissionDenied):
            case_closure_decide(actor=self.manajer, request=request, approve=True)
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        self.case.refresh_from_db()
        self.assertEqual((self.case.status, request.decision), (CaseStatus.CLOSED, ClosureDecision.APPROVED))
        self.assertIsNotNone(self.case.closed_at)

    def test_sending_back_needs_a_comment_and_leaves_the_case_open(self):
        request = case_closure_request(actor=self.manajer, case=self.case, reason="selesai")
        with self.assertRaises(ValidationError):
            case_closure_decide(actor=self.kepala, request=request, approve=False, comment="")
        case_closure_decide(actor=self.kepala, request=request, approve=False, comment="Rujukan belum selesai")
        self.case.refresh_from_db()
        self.assertNotEqual(self.case.status, CaseStatus.CLOSED)
        case_closure_request(actor=self.manajer, case=self.case, reason="sekarang selesai")  # may ask again

    def test_a_closed_case_can_be_reopened_into_assessment(self):
        request = case_closure_request(actor=self.manajer, case=self.case, reason="selesai")
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        case_reopen(actor=self.manajer, case=self.case, reason="Kekerasan terulang")
        self.assertEqual((self.case.status, self.case.closed_at), (CaseStatus.ASSESSMENT, None))

    def test_a_case_opened_from_a_report_takes_its_clocks_person_and_forms_of_violence(self):
        report, _code = report_submit(
            reporter_relation="self",
            categories=["seksual", "psikis"],
            account="Dilecehkan atasan",
            contact_method="none",
            consent=True,
        )
        report.person = self.make_person(unit=self.lppar, full_name="Rina", nik="3375015203900004")
        report.save()
        case = case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer2)
        self.assertEqual(case.tpks_police_due_at, report.tpks_police_due_at)
        victim = case.victims.get()
        self.assertEqual((victim.person, victim.violence_forms), (report.person, ["psikis", "seksual"]))
        self.assertEqual(case.summary, "Dilecehkan atasan")
        with self.assertRaises(ValidationError):
            case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer2)

    def test_pages_drive_the_same_workflow(self):
        self.login(self.manajer)
        self.client.post(f"/staf/kasus/{self.case.pk}/lanjut/", {"reason_form-reason": "mulai asesmen"})
        self.client.post(f"/staf/kasus/{self.case.pk}/minta-tutup/", {"closure_form-reason": "selesai"})
        self.login(self.kepala)
        request = self.case.closure_requests.get()
        response = self.client.post(f"/staf/kasus/{self.case.pk}/tutup/{request.pk}/", {"decision_form-approve": "1"})
        self.assertRedirects(response, f"/staf/kasus/{self.case.pk}/")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.CLOSED)

    def test_a_bad_action_form_comes_back_with_what_was_typed(self):
        self.login(self.manajer)
        response = self.client.post(f"/staf/kasus/{self.case.pk}/rencana/", {"goal_form-goal": "Anak kembali sekolah"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Anak kembali sekolah", status_code=400)
        self.assertTrue(response.context["goal_form"].has_error("due_date"))
