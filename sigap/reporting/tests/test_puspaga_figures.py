"""Puspaga's figures (counselling, document help, the IKM, classes, cadres) against
hand-counted data made through each app's services this week (those apps stamp some
times with the real clock, so the period is the days around today).

Counselling: family ×2 (one closed, goals reached), legal ×1 (closed, referred),
premarital ×1; documents: a birth certificate in hand, a family card being arranged,
another birth certificate needed. IKM (this month): three respondents, U1–U4 scored
4, 3, 4 and U5–U9 scored 4, 3, 3 (NRR 11/3 and 10/3, IKM 87.04, grade B); one
respondent in 2020 is outside the period.

Classes: a premarital cohort that ended two days ago (a couple who attended both
sessions, pre-tests 40 % and 20 %, post-tests 80 % and 60 %; a single registrant who
came once and took only the pre-test); a parenting cohort still to come (one
registration); two cadre-training cohorts (one graduate each, post-test only).
Cadres: one in Podosugih (outreach there for 14 people, and in Medono for 5), one in
Krapyak (no outreach)."""

from datetime import date, timedelta

from django.utils import timezone, translation

from sigap.cadres.tests.helpers import KRAPYAK, MEDONO, make_cadre, make_outreach
from sigap.classes.choices import QuizKind
from sigap.classes.services import attendance_set, quiz_submit
from sigap.classes.tests.helpers import PARENTING, answer_all, make_cohort, register
from sigap.counseling.choices import ClosureReason, ConsultationKind, DocumentStatus
from sigap.counseling.services import (
    consultation_close,
    consultation_open,
    document_add,
    document_update,
    survey_import,
)
from sigap.reporting.selectors import TABLES, Period, figure_units_for_user, scope_for
from sigap.test import BaseTestCase


class PuspagaFigureTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.build_counselling()
        cls.build_classes()
        first = make_cadre(cls, name="Sri Rahayu")
        make_cadre(cls, name="Wati Lestari", village=KRAPYAK, cohort_name="Kader Krapyak")
        make_outreach(cls, first, days_ago=1)
        make_outreach(cls, first, days_ago=2, village=MEDONO, women=5, men=0)

    @classmethod
    def build_counselling(cls):
        def consult(kind, counsellor, name):
            return consultation_open(
                actor=counsellor, unit=cls.puspaga, kind=kind, counsellor=counsellor, full_name=name
            )

        resolved = consult(ConsultationKind.FAMILY, cls.konselor, "Dewi")
        waiting = consult(ConsultationKind.FAMILY, cls.konselor, "Rina")
        legal = consult(ConsultationKind.LEGAL, cls.konselor2, "Tuti")
        consult(ConsultationKind.PREMARITAL, cls.konselor, "Ani")
        consultation_close(actor=cls.konselor, consultation=resolved, reason=ClosureReason.RESOLVED)
        consultation_close(actor=cls.konselor2, consultation=legal, reason=ClosureReason.REFERRED)
        birth = document_add(actor=cls.konselor2, consultation=legal, document="akta_kelahiran")
        document_update(actor=cls.konselor2, item=birth, status=DocumentStatus.IN_HAND)
        card = document_add(actor=cls.konselor2, consultation=legal, document="kk")
        document_update(actor=cls.konselor2, item=card, status=DocumentStatus.IN_PROGRESS)
        document_add(actor=cls.konselor, consultation=waiting, document="akta_kelahiran")
        this_month = timezone.localdate().replace(day=1)
        survey_import(actor=None, unit=cls.puspaga, period=this_month, rows=[[4] * 9, [3] * 9, [4] * 4 + [3] * 5])
        survey_import(actor=None, unit=cls.puspaga, period=date(2020, 1, 1), rows=[[1] * 9])

    @classmethod
    def build_classes(cls):
        premarital = make_cohort(cls, name="Catin Ended", sessions=2, first_in_days=-3)
        _couple, couple = register(premarital, "Andi", "Sari")
        _single, single = register(premarital, "Budi")
        (andi, _), (sari, _) = couple
        ((budi, _),) = single
        sessions = list(premarital.sessions.order_by("starts_at"))
        for session in sessions:
            for participant in (andi, sari):
                attendance_set(actor=cls.fasilitator, session=session, participant=participant, present=True)
        attendance_set(actor=cls.fasilitator, session=sessions[0], participant=budi, present=True)
        for participant, pre, post in ((andi, 2, 4), (sari, 1, 3)):
            quiz_submit(participant=participant, kind=QuizKind.PRE, answers=answer_all(participant, correct=pre))
            quiz_submit(participant=participant, kind=QuizKind.POST, answers=answer_all(participant, correct=post))
        quiz_submit(participant=budi, kind=QuizKind.PRE, answers=answer_all(budi, correct=3))
        parenting = make_cohort(cls, name="Pengasuhan Nanti", program_name=PARENTING, first_in_days=10)
        register(parenting, "Citra")

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def figures(self, key: str, user=None) -> dict:
        today = timezone.localdate()
        period = Period(today - timedelta(days=7), today + timedelta(days=1))
        table = TABLES[key](scope_for(figure_units_for_user(user or self.kepala), period))
        self.last_table = table
        return {str(row[0]): row[1:] for row in table.rows}

    def test_consultations_by_kind(self):
        self.assertEqual(
            self.figures("consultations_by_kind"),
            {
                "Family": [2, 1],
                "Child and parenting": [0, 0],
                "Legal (custody, divorce, birth certificates and other civil documents)": [1, 1],
                "Premarital (a couple)": [1, 0],
            },
        )

    def test_consultations_by_outcome(self):
        outcomes = self.figures("consultations_by_outcome")
        self.assertEqual(outcomes["Goals reached"], [1])
        self.assertEqual(outcomes["Referred to a partner"], [1])
        self.assertEqual(sum(values[0] for values in outcomes.values()), 2)

    def test_document_help_completed_and_still_open(self):
        documents = self.figures("document_help")
        self.assertEqual(documents["Birth certificate (akta kelahiran)"], [1, 1])
        self.assertEqual(documents["Family card (Kartu Keluarga)"], [0, 1])
        self.assertEqual(sum(values[0] for values in documents.values()), 1)

    def test_the_ikm_index_and_grade_from_sums_per_element(self):
        elements = self.figures("ikm")
        self.assertEqual(elements["U1. Requirements"], [3.67])
        self.assertEqual(elements["U9. Facilities"], [3.33])
        self.assertEqual(str(self.last_table.note), "IKM 87.04, grade B (Good (Baik)), from 3 respondents.")

    def test_class_registrations(self):
        registrations = self.figures("class_registrations")
        # registrations, people, with a place, waiting, cancelled
        self.assertEqual(registrations["Premarital preparation (Bimbingan Perkawinan)"], [2, 3, 2, 0, 0])
        self.assertEqual(registrations["Positive parenting"], [1, 1, 1, 0, 0])
        self.assertEqual(registrations["Cadre training"], [2, 2, 2, 0, 0])

    def test_class_completion_and_learning_gain(self):
        completion = self.figures("class_completion")
        # participants, completed, %, pre, post, gain
        self.assertEqual(completion["Premarital preparation (Bimbingan Perkawinan)"], [3, 2, 66.7, 30.0, 70.0, 40.0])
        self.assertEqual(completion["Cadre training"], [2, 2, 100.0, None, None, None])
        self.assertEqual(completion["Positive parenting"], [0, 0, None, None, None, None])  # not over yet

    def test_cadre_outreach_by_kelurahan(self):
        self.assertEqual(
            self.figures("cadre_outreach"),
            {
                "Medono (Pekalongan Barat)": [0, 1, 5],
                "Podosugih (Pekalongan Barat)": [1, 1, 14],
                "Krapyak (Pekalongan Utara)": [1, 0, 0],
            },
        )

    def test_an_lppar_officer_has_no_puspaga_panels_and_a_counsellor_has_them(self):
        self.login(self.petugas)
        html = self.client.get("/staf/laporan-statistik/").content.decode()
        self.assertNotIn('id="section-counselling"', html)
        self.login(self.konselor)
        html = self.client.get("/staf/laporan-statistik/").content.decode()
        self.assertIn('id="section-counselling"', html)
        self.assertIn('data-table="cadre_outreach"', html)
        self.assertNotIn("Dewi", html)
