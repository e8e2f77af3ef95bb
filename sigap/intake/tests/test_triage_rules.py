from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase, override_settings

from sigap.intake.choices import Queue, Risk
from sigap.intake.triage import queue_for, response_due, risk_for, tpks_police_due

NOON = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)


class TriageRuleTests(SimpleTestCase):
    def test_any_form_of_violence_goes_to_lppar(self):
        for codes in (["fisik"], ["pengasuhan", "psikis"], ["penelantaran"], ["trafiking", "hukum"]):
            with self.subTest(codes=codes):
                self.assertEqual(queue_for(codes), Queue.LPPAR)

    def test_everything_else_goes_to_puspaga(self):
        for codes in (["pengasuhan"], ["hak_asuh", "dokumen_kependudukan"], ["pranikah"], ["lainnya"]):
            with self.subTest(codes=codes):
                self.assertEqual(queue_for(codes), Queue.PUSPAGA)

    def test_danger_now_is_high_risk_violence_medium_and_the_rest_low(self):
        self.assertEqual(risk_for(categories=["pengasuhan"], in_danger=True), Risk.HIGH)
        self.assertEqual(risk_for(categories=["fisik"], in_danger=False), Risk.MEDIUM)
        self.assertEqual(risk_for(categories=["hukum"], in_danger=False), Risk.LOW)

    @override_settings(SIGAP_LOW_RISK_RESPONSE_DAYS=3)
    def test_the_response_clock_is_immediate_six_hours_or_three_days(self):
        self.assertEqual(response_due(risk=Risk.HIGH, start=NOON), NOON)
        self.assertEqual(response_due(risk=Risk.MEDIUM, start=NOON), NOON + timedelta(hours=6))
        self.assertEqual(response_due(risk=Risk.LOW, start=NOON), NOON + timedelta(days=3))

    @override_settings(SIGAP_LOW_RISK_RESPONSE_DAYS=7)
    def test_the_low_risk_clock_is_configurable(self):
        self.assertEqual(response_due(risk=Risk.LOW, start=NOON), NOON + timedelta(days=7))

    def test_sexual_violence_starts_the_72_hour_police_report_clock(self):
        self.assertEqual(tpks_police_due(categories=["seksual"], reported_at=NOON), NOON + timedelta(hours=72))
        self.assertIsNone(tpks_police_due(categories=["fisik"], reported_at=NOON))
