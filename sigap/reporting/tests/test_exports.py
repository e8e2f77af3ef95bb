"""CSV and XLSX exports of the dashboard tables: the same numbers, formulas
neutralised, every export in the access log, and only for the head and the analyst."""

import csv
import io

from openpyxl import load_workbook

from sigap.audit.models import AuditEvent
from sigap.regions.models import Region
from sigap.reporting.exports import csv_response, table_rows, xlsx_response
from sigap.reporting.selectors import Period, Scope, Table
from sigap.reporting.tests.helpers import VICTIM_NAME, build_year
from sigap.test import BaseTestCase

YEAR = "?start=2025-01-01&end=2025-12-31"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


class ExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.built = build_year(cls)

    def export(self, user, key: str, fmt: str, query: str = YEAR):
        self.login(user)
        return self.client.get(f"/staf/laporan-statistik/ekspor/{key}.{fmt}{query}", HTTP_ACCEPT_LANGUAGE="en")

    def test_the_csv_streams_the_tables_numbers_under_a_title_block(self):
        response = self.export(self.analis, "reports_by_sex", "csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            'attachment; filename="sigap-reports_by_sex-2025-01-01-2025-12-31.csv"', response["Content-Disposition"]
        )
        rows = csv_rows(response)
        self.assertEqual(rows[0], ["Reports by sex of the person concerned"])
        self.assertEqual(rows[1], ["All my units", "2025-01-01 – 2025-12-31"])
        self.assertEqual(rows[3:7], [["Sex", "Reports"], ["Female", "5"], ["Male", "2"], ["Unknown", "2"]])

    def test_the_xlsx_keeps_numbers_as_numbers(self):
        response = self.export(self.kepala, "response_time", "xlsx", YEAR + "&unit=dpmppa-pekalongan")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][0], "DPMPPA Kota Pekalongan")
        medium = next(row for row in rows if row[0] and str(row[0]).startswith("Medium"))
        self.assertEqual(list(medium[1:7]), [5, 2, 1, 2, 0, 40.0])

    def test_every_export_is_in_the_access_log_with_what_was_exported(self):
        self.export(self.analis, "reports_by_kelurahan", "csv", YEAR + "&unit=puspaga-pekalongan")
        event = AuditEvent.objects.filter(action="export").latest("id")
        self.assertEqual(
            (event.actor, event.target_type, event.target_id), (self.analis, "reporting.table", "reports_by_kelurahan")
        )
        self.assertEqual(
            event.changes,
            {
                "table": "reports_by_kelurahan",
                "format": "csv",
                "from": "2025-01-01",
                "to": "2025-12-31",
                "unit": "puspaga-pekalongan",
            },
        )
        self.assertEqual(event.unit, self.puspaga)

    def test_exports_hold_no_personal_data(self):
        for key in ("reports_by_category", "reports_by_kelurahan", "case_flow", "services_by_type"):
            content = b"".join(self.export(self.kepala, key, "csv").streaming_content).decode()
            self.assertNotIn(VICTIM_NAME, content)
            self.assertNotIn(self.built["cases"][0].number, content)

    def test_only_the_head_and_the_analyst_export(self):
        for user in (self.petugas, self.konselor, self.manajer, self.kader, self.admin):
            self.assertEqual(self.export(user, "reports_by_sex", "csv").status_code, 403, user)

    def test_an_unknown_table_or_format_is_not_found(self):
        self.assertEqual(self.export(self.kepala, "people", "csv").status_code, 404)
        self.assertEqual(self.export(self.kepala, "reports_by_sex", "json").status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="export").exists())

    def test_a_table_outside_the_chosen_units_sections_is_not_found(self):
        # Puspaga alone has no case handling, so it has no case tables to export.
        response = self.export(self.kepala, "case_flow", "csv", YEAR + "&unit=puspaga-pekalongan")
        self.assertEqual(response.status_code, 404)

    def test_a_bad_period_is_refused_with_400_and_not_logged(self):
        self.assertEqual(self.export(self.kepala, "reports_by_sex", "csv", "?start=2025-13-01").status_code, 400)
        self.assertFalse(AuditEvent.objects.filter(action="export").exists())


class FormulaNeutralisingTests(BaseTestCase):
    """A kelurahan name comes from the database; a name that starts like a formula must
    reach the spreadsheet as text."""

    HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "Biasa"]

    def table(self) -> Table:
        return Table("t", "=cmd|' /C calc'!A0", ["=Kolom", "Reports"], [[name, 3] for name in self.HOSTILE])

    def scope(self) -> Scope:
        from datetime import date

        return Scope(
            unit_ids=(), kinds=frozenset(), queues=frozenset(), period=Period(date(2025, 1, 1), date(2025, 1, 31))
        )

    def test_csv_cells_starting_with_a_formula_character_are_neutralised(self):
        rows = csv_rows(csv_response(table_rows(self.table(), self.scope(), "-Unit"), "t.csv"))
        cells = [cell for row in rows for cell in row]
        for cell in cells:
            self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t"), cell)
        self.assertIn('\'=HYPERLINK("http://x")', cells)
        self.assertIn("'-2+3", cells)
        self.assertIn("Biasa", cells)
        self.assertIn("3", cells)

    def test_xlsx_text_cells_are_neutralised_and_numbers_are_left_alone(self):
        response = xlsx_response(table_rows(self.table(), self.scope(), "@Unit"), "t.xlsx", "t")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        values = [value for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
        for value in values:
            if isinstance(value, str):
                self.assertFalse(value[:1] in ("=", "+", "-", "@", "\t"), value)
        self.assertIn("'+1+1", values)
        self.assertIn(3, values)

    def test_a_hostile_kelurahan_name_reaches_the_dashboard_export_as_text(self):
        build_year(self)
        Region.objects.filter(code="33.75.01.1003").update(name="=1+2")
        self.login(self.kepala)
        response = self.client.get("/staf/laporan-statistik/ekspor/reports_by_kelurahan.csv" + YEAR)
        rows = csv_rows(response)
        self.assertIn(["'=1+2 (Pekalongan Barat)", "2"], rows)
