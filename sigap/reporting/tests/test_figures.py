"""Every dashboard figure against the hand-counted year in helpers.py."""

from datetime import date

from django.utils import translation

from sigap.reporting.selectors import TABLES, Period, figure_units_for_user, scope_for
from sigap.reporting.tests.helpers import build_year
from sigap.test import BaseTestCase

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))


class FigureTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.built = build_year(cls)

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def figures(self, key: str, user=None, period: Period = YEAR_2025, unit=None) -> dict:
        scope = scope_for(figure_units_for_user(user or self.kepala), period, unit=unit)
        table = TABLES[key](scope)
        return {str(row[0]): row[1:] for row in table.rows}

    def column(self, key: str, **options) -> dict:
        return {label: values[0] for label, values in self.figures(key, **options).items()}

    def test_reports_by_category_count_each_named_category(self):
        self.assertEqual(
            self.column("reports_by_category"),
            {
                "Physical violence": 2,
                "Psychological violence": 2,
                "Sexual violence": 2,
                "Exploitation": 1,
                "Trafficking": 0,
                "Neglect": 0,
                "Other violence": 0,
                "Family conflict": 1,
                "Parenting": 1,
                "Custody": 1,
                "Civil documents (e.g. birth certificate)": 1,
                "Legal question": 0,
                "Preparing for marriage": 0,
                "Something else": 0,
            },
        )

    def test_other_violence_is_not_counted_as_something_else(self):
        # "lainnya" is inside "kekerasan_lainnya": matching must be on the whole code.
        from sigap.reporting.tests.helpers import at, file_report

        file_report(at(7, 1), ["kekerasan_lainnya"])
        counts = self.column("reports_by_category")
        self.assertEqual((counts["Other violence"], counts["Something else"]), (1, 0))

    def test_reports_by_channel(self):
        self.assertEqual(
            self.column("reports_by_channel"),
            {
                "Website form": 4,
                "Walk-in": 1,
                "Phone": 1,
                "WhatsApp": 1,
                "Letter or e-mail": 1,
                "Outreach (penjangkauan)": 0,
                "Cadre referral": 0,
                "Referral or transfer from another agency": 1,
            },
        )

    def test_reports_by_month_use_local_time_and_the_queue_now(self):
        months = self.figures("reports_by_month")
        self.assertEqual(len(months), 12)
        self.assertEqual(
            [values for values in months.values()],
            [
                [2, 2, 0],  # Jan: R1 R2
                [2, 1, 1],  # Feb: R4 (LP-PAR), R3 (Puspaga)
                [2, 1, 1],  # Mar: R5 escalated to LP-PAR, R6
                [1, 0, 1],  # Apr: R9 handed to Puspaga
                [0, 0, 0],
                [1, 1, 0],  # Jun: R10
                [0, 0, 0],
                [0, 0, 0],
                [0, 0, 0],
                [0, 0, 0],
                [0, 0, 0],
                [1, 1, 0],  # Dec: R7 at 23:30 on the 31st, Jakarta time
            ],
        )

    def test_a_report_just_after_midnight_on_new_year_counts_in_the_new_year(self):
        january = self.column("reports_by_category", period=Period(date(2026, 1, 1), date(2026, 1, 31)))
        self.assertEqual(sum(january.values()), 1)
        self.assertEqual(january["Physical violence"], 1)

    def test_reports_by_kelurahan(self):
        self.assertEqual(
            self.column("reports_by_kelurahan"),
            {
                "Podosugih (Pekalongan Barat)": 2,
                "Kauman (Pekalongan Timur)": 2,
                "Krapyak (Pekalongan Utara)": 2,
                "Outside the city": 1,
                "Not given": 2,
            },
        )

    def test_reports_by_sex(self):
        self.assertEqual(self.column("reports_by_sex"), {"Female": 5, "Male": 2, "Unknown": 2})

    def test_reports_by_simfoni_age_band(self):
        self.assertEqual(
            self.column("reports_by_age"),
            {"0–5": 1, "6–12": 1, "13–17": 2, "18–24": 1, "25–44": 1, "45–59": 0, "60+": 1, "Not known": 2},
        )

    def test_the_split_between_lppar_and_puspaga(self):
        self.assertEqual(
            self.figures("queue_split"),
            {"LP-PAR (violence handling)": [6, 5, 1], "Puspaga (prevention)": [3, 1, 0]},
        )

    def test_escalations_count_moves_between_the_queues_only(self):
        # R1 and R4 were routed within LP-PAR: not a move.
        self.assertEqual(
            self.column("escalations"),
            {"Puspaga → LP-PAR (escalated)": 1, "LP-PAR → Puspaga (handed over)": 1},
        )

    def test_response_time_per_risk_on_arrival(self):
        self.assertEqual(
            self.figures("response_time"),
            {
                # reports, in time, late, overdue, running, % in time
                "High (1 hour)": [1, 1, 0, 0, 0, 100.0],
                "Medium (6 hours)": [5, 2, 1, 2, 0, 40.0],  # R2 R9 in time, R4 late, R7 R10 overdue
                "Low (3 days)": [3, 2, 0, 1, 0, 66.7],  # R3 recorded by staff, R5 on its low clock, R6 overdue
            },
        )

    def test_the_uu_tpks_clock(self):
        self.assertEqual(
            self.column("tpks_clock"),
            {
                "Police report made within 72 hours": 1,
                "Police report made late": 0,
                "Not made, overdue": 1,
                "Not made, clock running": 0,
            },
        )

    def test_open_and_overdue_work_is_as_of_now(self):
        self.assertEqual(
            self.figures("open_work"),
            {
                "Reports not yet answered": [4, 4],  # R6 R7 R10, and R8 of 2026
                "Reports answered, not closed": [6, None],  # R1 R2 R3 R4 R5 R9
                "Police reports due (UU TPKS)": [1, 1],  # R10
                "Open cases": [1, 1],
                "Referrals waiting for an outcome": [1, 1],
                "Closure requests waiting for the head": [0, None],
            },
        )

    def test_case_flow_and_outcomes(self):
        self.assertEqual(self.column("case_flow"), {"Cases opened": 2, "Cases closed": 1, "Cases reopened": 0})
        scope = scope_for(figure_units_for_user(self.kepala), YEAR_2025)
        self.assertIn("20.0 days", str(TABLES["case_flow"](scope).note))
        self.assertEqual(
            self.column("cases_by_status"),
            {"New": 1, "Assessment": 0, "Service plan": 0, "Services": 0, "Monitoring": 0, "Closed": 1},
        )
        self.assertEqual(self.column("referrals_by_status"), {"Sent": 1, "Accepted": 0, "Declined": 0, "Done": 0})

    def test_victims_by_form_of_violence(self):
        self.assertEqual(
            self.column("victims_by_violence"),
            {
                "Physical": 1,
                "Psychological": 1,
                "Sexual": 1,
                "Exploitation": 0,
                "Trafficking": 0,
                "Neglect": 0,
                "Other": 0,
            },
        )

    def test_services_by_simfoni_type_count_services_and_victims(self):
        services = self.figures("services_by_type")
        self.assertEqual(services["Health"], [2, 2])
        self.assertEqual(services["Legal aid"], [1, 1])
        self.assertEqual(sum(values[0] for values in services.values()), 3)

    def test_a_period_narrows_every_figure(self):
        january = Period(date(2025, 1, 1), date(2025, 1, 31))
        self.assertEqual(self.column("reports_by_sex", period=january), {"Female": 2, "Male": 0, "Unknown": 0})
        self.assertEqual(self.column("case_flow", period=january)["Cases opened"], 1)
        self.assertEqual(self.figures("services_by_type", period=january)["Legal aid"], [0, 0])

    def test_the_unit_filter_narrows_to_one_unit(self):
        puspaga = self.column("reports_by_channel", unit=self.puspaga)
        self.assertEqual(sum(puspaga.values()), 3)  # R3, R6 and R9 are in Puspaga's queue now
