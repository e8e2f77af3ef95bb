from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.cases.choices import ReferralStatus
from sigap.cases.models import simfoni_age_band
from sigap.cases.services import (
    assessment_record,
    consent_record,
    partner_ensure,
    referral_send,
    referral_update,
    victim_add,
)
from sigap.cases.tests.base import CaseTestCase


class AgeBandTests(CaseTestCase):
    def test_the_simfoni_age_band_is_computed_from_the_birth_date_on_the_incident_day(self):
        incident = date(2026, 3, 1)
        examples = [
            (date(2021, 3, 2), "0-5"),  # 4, turning 5 tomorrow
            (date(2020, 3, 1), "6-12"),  # 6 on the day
            (date(2013, 3, 2), "6-12"),  # still 12: the birthday is tomorrow
            (date(2013, 3, 1), "13-17"),  # 13 on the day
            (date(2008, 3, 1), "18-24"),
            (date(1981, 3, 2), "25-44"),  # 44
            (date(1966, 3, 1), "60+"),
            (None, ""),
        ]
        for birth, band in examples:
            with self.subTest(birth=birth):
                self.assertEqual(simfoni_age_band(birth, incident), band)


class ReferralTests(CaseTestCase):
    def setUp(self):
        person = self.make_person(unit=self.lppar, responsible=self.manajer, full_name="Ani")
        self.victim = victim_add(actor=self.manajer, case=self.case, person=person, violence_forms=["fisik"])
        self.partner = partner_ensure(unit=self.lppar, name="Unit PPA Polres Pekalongan Kota", kind="polisi")
        self.consent = consent_record(
            actor=self.manajer, case=self.case, purpose="Laporan polisi", items=["identity", "account"]
        )

    def send(self, **overrides):
        values = {
            "actor": self.manajer,
            "case": self.case,
            "victim": self.victim,
            "partner": self.partner,
            "consent": self.consent,
            "purpose": "Laporan polisi",
            "shared_items": ["identity"],
            "due_date": timezone.localdate() + timedelta(days=7),
        }
        return referral_send(**{**values, **overrides})

    def test_a_referral_shares_only_what_the_client_consented_to(self):
        with self.assertRaisesMessage(ValidationError, "medical"):
            self.send(shared_items=["identity", "medical"])
        self.assertEqual(self.send().shared_items, ["identity"])

    def test_a_referral_moves_sent_accepted_done_and_nothing_else(self):
        referral = self.send()
        with self.assertRaises(ValidationError):
            referral_update(actor=self.manajer, referral=referral, status=ReferralStatus.DONE)
        referral_update(actor=self.manajer, referral=referral, status=ReferralStatus.ACCEPTED)
        referral_update(actor=self.manajer, referral=referral, status=ReferralStatus.DONE, outcome="Laporan diterima")
        self.assertEqual((referral.status, referral.outcome), (ReferralStatus.DONE, "Laporan diterima"))

    def test_an_open_referral_past_its_due_date_is_overdue_and_shows_in_my_work(self):
        referral = self.send(due_date=timezone.localdate() - timedelta(days=1))
        self.assertTrue(referral.is_overdue())
        self.login(self.manajer)
        self.assertEqual(self.client.get("/staf/kasus/pekerjaan-saya/").context["work"].overdue_referrals, [referral])
        referral_update(actor=self.manajer, referral=referral, status=ReferralStatus.DECLINED)
        self.assertFalse(referral.is_overdue())

    def test_an_assessment_sets_the_risk_and_the_response_clock(self):
        before = timezone.now()
        assessment_record(
            actor=self.manajer, case=self.case, findings="Trauma berat", risk="high", safety_plan="Rumah aman"
        )
        self.case.refresh_from_db()
        self.assertEqual(self.case.risk, "high")
        self.assertLessEqual(self.case.next_due_at, timezone.now())
        self.assertGreaterEqual(self.case.next_due_at, before)
