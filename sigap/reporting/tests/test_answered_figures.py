"""What counts as answered on the dashboard (issue 8): staff's first routing, a report
they record themselves, a case or a consultation opened from it, or intake closing it,
whichever came first. A report intake closed or handed to a counsellor was answered;
it is not left among the reports waiting, nor counted overdue."""

from datetime import date

from django.utils import translation

from sigap.cases.services import case_open
from sigap.counseling.choices import ConsultationKind
from sigap.counseling.services import consultation_open
from sigap.intake.models import Report, RoutingDecision
from sigap.intake.services import report_close, report_reporter_reply
from sigap.reporting.selectors import TABLES, Period, figure_units_for_user, scope_for
from sigap.reporting.tests.helpers import at, file_report, frozen, route
from sigap.test import BaseTestCase

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))


class AnsweredFigureTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Medium risk (6 hours): closed by intake after 2 hours, nobody routed it.
        closed = file_report(at(3, 2, 9), ["fisik"])
        with frozen(at(3, 2, 11)):
            report_close(actor=cls.petugas, report=closed, reason="Sudah dirujuk ke puskesmas")
        # Low risk (3 days): a consultation opened from it the next day.
        consulted = file_report(at(3, 3, 9), ["pranikah"])
        with frozen(at(3, 4, 9)):
            consultation_open(actor=cls.konselor, unit=cls.puspaga, kind=ConsultationKind.PREMARITAL,
                              counsellor=cls.konselor, full_name="Calon Pengantin", report=consulted)  # fmt: skip
        # Medium risk: routed after 10 hours (late), then a case opened (it stays late).
        late = file_report(at(3, 5, 9), ["psikis"])
        route(at(3, 5, 19), late, actor=cls.petugas, queue="lppar", risk="medium")
        with frozen(at(3, 6, 9)):
            case_open(actor=cls.petugas, unit=cls.lppar, report=late, assigned_to=cls.manajer)
        # Medium risk, never answered.
        file_report(at(3, 7, 9), ["fisik"])

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def figures(self, key: str) -> dict:
        scope = scope_for(figure_units_for_user(self.kepala), YEAR_2025)
        return {str(row[0]): row[1:] for row in TABLES[key](scope).rows}

    def test_a_closing_or_a_consultation_answers_a_report_in_time_and_a_late_routing_stays_late(self):
        self.assertEqual(
            self.figures("response_time"),
            {
                # reports, in time, late, overdue, running, % in time
                "High (1 hour)": [0, 0, 0, 0, 0, None],
                "Medium (6 hours)": [3, 1, 1, 1, 0, 33.3],
                "Low (3 days)": [1, 1, 0, 0, 0, 100.0],
            },
        )

    def test_open_work_leaves_out_the_closed_report_and_counts_the_handed_over_ones_as_answered(self):
        figures = self.figures("open_work")
        self.assertEqual(figures["Reports not yet answered"], [1, 1])
        self.assertEqual(figures["Reports answered, not closed"], [2, None])

    def test_a_reply_from_the_reporter_reopens_a_closed_report_but_it_stays_answered(self):
        closed = Report.objects.get(status="closed")
        report_reporter_reply(report=closed, body="Terima kasih, tapi ada yang baru.")
        figures = self.figures("open_work")
        self.assertEqual(figures["Reports not yet answered"], [1, 1])
        self.assertEqual(figures["Reports answered, not closed"], [3, None])

    def test_the_figures_read_the_report_not_its_routings(self):
        before = self.figures("response_time")
        RoutingDecision.objects.all().delete()
        self.assertEqual(self.figures("response_time"), before)
