"""Issue 5: after a class, the participant gets one IKM survey code. It is shown on
their own page (reached by their participant code) and sent if they allowed messages;
the survey at /survei/ counts it, and nothing ties the answers back to them."""

from datetime import UTC, datetime
from unittest import mock

from django.db import models
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.classes.choices import QuizKind
from sigap.classes.models import Participant
from sigap.classes.notices import registration_notice_send
from sigap.classes.services import attendance_set, certificates_issue, participant_code_renew, quiz_submit
from sigap.classes.tests.helpers import PREMARITAL, answer_all, make_cohort, register
from sigap.counseling import ikm
from sigap.counseling.models import SurveyInvitation, SurveyResponse
from sigap.counseling.selectors import ikm_for, month_start
from sigap.counseling.tokens import survey_code_hash
from sigap.lib.ratelimit import reset_rate_limits
from sigap.notifications.models import OutboxMessage
from sigap.test import BaseTestCase

SITE = "https://sigap.pekalongankota.go.id"
NIGHT = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)  # 22.00 in Pekalongan


def completed_class(test, *names, issue: bool = True, **contact):
    """A cohort whose two sessions are over, everyone named attended both and took
    the post-test; certificates issued if `issue`. Returns (cohort, [(participant, code)])."""
    cohort = make_cohort(test, name="Angkatan Lalu", program_name=PREMARITAL, sessions=2, first_in_days=-3)
    _registration, created = register(cohort, *(names or ("Siti Aminah",)), **contact)
    for session in cohort.sessions.all():
        for participant, _code in created:
            attendance_set(actor=test.fasilitator, session=session, participant=participant, present=True)
    for participant, _code in created:
        quiz_submit(participant=participant, kind=QuizKind.POST, answers=answer_all(participant, correct=4))
    if issue:
        certificates_issue(actor=test.fasilitator, cohort=cohort)
    return cohort, created


def survey_answers(code: str, score: int = 4) -> dict:
    return {"code": code, "comment": "", **{element.lower(): str(score) for element in ikm.CODES}}


@override_settings(SITE_URL=SITE)
class SurveyAfterClassTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()

    def page(self, participant_code: str):
        return self.client.post("/kelas/peserta/", {"code": participant_code})

    def test_completing_a_class_issues_exactly_one_invitation_for_the_unit_once(self):
        cohort, [(participant, _code)] = completed_class(self)
        invitation = SurveyInvitation.objects.get()
        self.assertEqual(invitation.unit, cohort.unit)
        self.assertEqual(invitation.period, month_start(timezone.localdate()))
        participant.refresh_from_db()
        self.assertTrue(participant.survey_issued)
        self.assertEqual(invitation.code_hash, survey_code_hash(participant.survey_code))
        # Issuing again (a late attendance mark, a second click) gives no second code.
        certificates_issue(actor=self.fasilitator, cohort=cohort)
        self.assertEqual(SurveyInvitation.objects.count(), 1)

    def test_no_code_before_completion_and_none_for_who_did_not_complete(self):
        cohort, _created = completed_class(self, "Siti Aminah", issue=False)
        self.assertFalse(SurveyInvitation.objects.exists())
        _registration, [(absent, _code)] = register(cohort, "Budi Santoso")
        certificates_issue(actor=self.fasilitator, cohort=cohort)
        self.assertEqual(SurveyInvitation.objects.count(), 1)  # only the one who completed
        absent.refresh_from_db()
        self.assertFalse(absent.survey_issued)
        self.assertEqual(absent.survey_code, "")

    def test_each_partner_of_a_couple_gets_their_own_code(self):
        _cohort, created = completed_class(self, "Siti Aminah", "Budi Santoso")
        codes = {Participant.objects.get(pk=p.pk).survey_code for p, _code in created}
        self.assertEqual(len(codes), 2)
        self.assertEqual(SurveyInvitation.objects.count(), 2)

    def test_the_code_on_the_participant_page_works_at_the_survey_and_is_counted_in_the_ikm(self):
        cohort, [(participant, participant_code)] = completed_class(self)
        response = self.page(participant_code)
        survey_code = response.context["survey_code"]
        self.assertTrue(survey_code)
        self.assertContains(response, survey_code)
        self.assertContains(response, 'href="/survei/"')

        self.client.logout()
        response = self.client.post("/survei/", {"code": survey_code})
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "counseling/public/survey_form.html")
        response = self.client.post("/survei/", survey_answers(survey_code, score=3))
        self.assertTemplateUsed(response, "counseling/public/survey_thanks.html")

        row = SurveyResponse.objects.get()
        self.assertEqual((row.unit, row.period), (cohort.unit, month_start(timezone.localdate())))
        self.assertEqual([getattr(row, code.lower()) for code in ikm.CODES], [3] * 9)
        result = ikm_for(units=[cohort.unit])
        self.assertEqual(result.respondents, 1)
        self.assertEqual(result.ikm_rounded, ikm.round_half_up(ikm.compute([[3] * 9]).ikm))
        self.assertFalse(SurveyInvitation.objects.exists())  # spent

        # Single use; and the participant's side forgets the used code.
        response = self.client.post("/survei/", survey_answers(survey_code))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(SurveyResponse.objects.count(), 1)
        response = self.page(participant_code)
        self.assertNotContains(response, survey_code)
        self.assertContains(response, "survey-title")
        participant.refresh_from_db()
        self.assertEqual(participant.survey_code, "")
        self.assertTrue(participant.survey_issued)
        certificates_issue(actor=self.fasilitator, cohort=cohort)
        self.assertFalse(SurveyInvitation.objects.exists())  # still at most one code

    def test_staff_pages_never_show_the_survey_code(self):
        cohort, [(participant, _code)] = completed_class(self, issue=False)
        self.login(self.fasilitator)
        response = self.client.post(f"/staf/kelas/{cohort.pk}/sertifikat/", follow=True)
        participant.refresh_from_db()
        survey_code = participant.survey_code
        self.assertTrue(survey_code)
        self.assertNotContains(response, survey_code)
        pages = [cohort.get_absolute_url(), "/staf/kelas/"]
        pages += [f"/staf/kelas/sesi/{session.pk}/hadir/" for session in cohort.sessions.all()]
        for user in (self.fasilitator, self.kepala):
            self.login(user)
            for url in pages:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertNotContains(response, survey_code)
                self.assertNotContains(response, survey_code.replace("-", ""))

    def test_a_participant_code_renewed_by_staff_does_not_reveal_the_survey_code(self):
        _cohort, [(participant, _code)] = completed_class(self)
        participant.refresh_from_db()
        survey_code = participant.survey_code
        new_code = participant_code_renew(actor=self.fasilitator, participant=participant)
        response = self.page(new_code)  # what a staff member holding the new code would see
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, survey_code)
        self.assertEqual(response.context["survey_code"], "")
        self.assertEqual(SurveyInvitation.objects.get().code_hash, survey_code_hash(survey_code))  # still valid

    def test_nothing_in_the_database_links_an_invitation_or_a_response_to_a_participant(self):
        for model in (SurveyInvitation, SurveyResponse):
            related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
            self.assertEqual({m._meta.label for m in related}, {"accounts.OrgUnit"}, model)
            names = {field.name for field in model._meta.get_fields()}
            self.assertFalse(names & {"participant", "person", "registration", "consultation", "cohort"})
        # …nor the other way round: no class model points at the survey's tables.
        for field in Participant._meta.get_fields():
            if field.is_relation:
                self.assertNotIn(field.related_model, (SurveyInvitation, SurveyResponse))
        self.assertFalse(
            any(isinstance(f, models.DateTimeField) for f in SurveyInvitation._meta.get_fields()),
            "an issue time could tie a code to a certificate",
        )
        # In practice: after answering, no row holds the code or its hash.
        _cohort, [(_participant, participant_code)] = completed_class(self)
        survey_code = self.page(participant_code).context["survey_code"]
        self.client.post("/survei/", survey_answers(survey_code))
        self.page(participant_code)
        self.assertEqual([p.survey_code for p in Participant.objects.all()], [""])
        self.assertFalse(SurveyInvitation.objects.exists())
        self.assertEqual(SurveyResponse.objects.count(), 1)

    def test_the_completion_message_carries_the_code_without_naming_the_service(self):
        _cohort, [(participant, _code)] = completed_class(
            self, contact_method="whatsapp", contact_value="081234567890", may_identify=False
        )
        participant.refresh_from_db()
        messages = [m for m in OutboxMessage.objects.all() if participant.survey_code in m.body]
        self.assertEqual(len(messages), 1)
        message = messages[0]
        self.assertEqual(message.to, "+6281234567890")
        self.assertIn(f"{SITE}/survei/", message.body)
        self.assertNotIn(PREMARITAL, message.body)
        self.assertNotIn("Puspaga", message.body)
        self.assertEqual((message.about_type, message.about_id), ("", ""))  # not tied to the registration

    def test_with_leave_to_identify_the_message_names_the_service_and_program(self):
        _cohort, [(participant, _code)] = completed_class(
            self, contact_method="email", contact_value="siti@example.org", may_identify=True
        )
        participant.refresh_from_db()
        [message] = [m for m in OutboxMessage.objects.all() if participant.survey_code in m.body]
        self.assertIn(PREMARITAL, message.body)
        self.assertEqual(message.to, "siti@example.org")

    def test_no_message_for_who_chose_none_but_the_page_shows_the_code(self):
        _cohort, [(participant, participant_code)] = completed_class(self)
        participant.refresh_from_db()
        self.assertFalse([m for m in OutboxMessage.objects.all() if participant.survey_code in m.body])
        self.assertContains(self.page(participant_code), participant.survey_code)

    def test_outside_the_safe_hours_the_message_waits_with_no_code_in_the_task_queue(self):
        cohort, [(participant, _code)] = completed_class(
            self, issue=False, contact_method="whatsapp", contact_value="081234567890", safe_hours="morning"
        )
        OutboxMessage.objects.all().delete()
        with mock.patch.object(timezone, "now", return_value=NIGHT), self.captureOnCommitCallbacks(execute=True):
            certificates_issue(actor=self.fasilitator, cohort=cohort)
        self.assertFalse(OutboxMessage.objects.exists())
        participant.refresh_from_db()
        task = DBTaskResult.objects.filter(task_path="sigap.classes.notices.registration_notice_send").last()
        self.assertNotIn(participant.survey_code, str(task.args_kwargs))
        registration_notice_send.call(**task.args_kwargs["kwargs"])
        self.assertIn(participant.survey_code, OutboxMessage.objects.get().body)
