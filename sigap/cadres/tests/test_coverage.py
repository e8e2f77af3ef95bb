from datetime import timedelta

from django.utils import timezone

from sigap.cadres.choices import CadreStatus
from sigap.cadres.selectors import coverage_for_user, month_starts
from sigap.cadres.services import cadre_update
from sigap.cadres.tests.helpers import KRAPYAK, MEDONO, PODOSUGIH, make_cadre, make_outreach
from sigap.test import BaseTestCase


class CoverageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.podosugih = make_cadre(cls, name="Sri Rahayu", village=PODOSUGIH)
        cls.medono = make_cadre(cls, name="Wulan Sari", village=MEDONO)

    def row(self, coverage, code):
        return next(row for row in coverage["rows"] if row["village"].code == code)

    def test_kelurahan_with_and_without_an_active_cadre(self):
        cadre_update(actor=self.kepala, cadre=self.medono, status=CadreStatus.PAUSED)
        coverage = coverage_for_user(self.kepala)
        self.assertEqual(len(coverage["rows"]), 27)  # every kelurahan of Kota Pekalongan
        self.assertEqual((coverage["covered"], coverage["uncovered"]), (1, 26))
        self.assertEqual(self.row(coverage, PODOSUGIH)["active_cadres"], 1)
        self.assertEqual(self.row(coverage, MEDONO)["active_cadres"], 0)

    def test_outreach_is_counted_per_kelurahan_and_month(self):
        this_month = timezone.localdate().replace(day=1)
        make_outreach(self, self.podosugih, days_ago=0, women=10, men=5)
        make_outreach(self, self.podosugih, days_ago=0, village=KRAPYAK, women=3, men=0)
        last_month_day = (this_month - timedelta(days=1)).day
        make_outreach(
            self, self.podosugih, days_ago=(timezone.localdate() - this_month).days + last_month_day - 1, women=7, men=0
        )
        coverage = coverage_for_user(self.analis)
        self.assertEqual(coverage["months"][-1], this_month)
        podosugih = self.row(coverage, PODOSUGIH)
        self.assertEqual(podosugih["months"][-1], (1, 15))
        self.assertEqual(podosugih["months"][-2], (1, 7))
        self.assertEqual((podosugih["sessions"], podosugih["people"]), (2, 22))
        self.assertEqual(self.row(coverage, KRAPYAK)["months"][-1], (1, 3))

    def test_the_page_shows_no_names_and_costs_the_same_however_many_reports(self):
        make_outreach(self, self.podosugih)
        self.login(self.analis)
        with self.assertNumQueries(self.queries()):
            response = self.client.get("/staf/kader/cakupan/")
        self.assertNotContains(response, "Sri Rahayu")
        for _ in range(20):
            make_outreach(self, self.medono)
        with self.assertNumQueries(self.queries()):
            self.client.get("/staf/kader/cakupan/")

    def test_the_months_run_back_from_this_one(self):
        from datetime import date

        self.assertEqual(
            month_starts(3, today=date(2026, 2, 14)), [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
        )

    @staticmethod
    def queries() -> int:
        # session, user, device, memberships, the units' paths, the cities, kelurahan,
        # cadres per kelurahan, outreach per kelurahan and month, unread notices,
        # no session save within the minute. Nothing is written to the access log: no names.
        return 10
