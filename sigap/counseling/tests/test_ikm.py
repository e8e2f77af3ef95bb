"""IKM (PermenPANRB 14/2017): the computation on a hand-worked example, the grade
bounds, the anonymous survey page, and the import and report commands."""

import csv
import io
import json
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings
from openpyxl import Workbook

from sigap.counseling import ikm
from sigap.counseling.choices import SurveySource
from sigap.counseling.models import SurveyInvitation, SurveyResponse
from sigap.counseling.services import survey_invitation_issue
from sigap.counseling.tests.helpers import CounsellingTestCase

# Five respondents, U1..U9 each. Worked by hand:
#   column sums  U1 18, U2 18, U3 18, U4 20, U5 17, U6 19, U7 20, U8 14, U9 15 (total 159)
#   NRR = sum/5  3.6, 3.6, 3.6, 4.0, 3.4, 3.8, 4.0, 2.8, 3.0        (Σ NRR = 31.8)
#   IKM = Σ NRR × 1/9 × 25 = 31.8 × 25 / 9 = 795/9 = 265/3 = 88.333… → 88.33 → A "Sangat baik"
#   With the weight rounded to 0.111: 31.8 × 0.111 × 25 = 88.245 → 88.25 → B: the drift the
#   regulation's exact 1/9 avoids.
WORKED = [
    [4, 4, 4, 4, 4, 4, 4, 3, 3],
    [3, 4, 4, 4, 3, 4, 4, 3, 3],
    [4, 3, 3, 4, 4, 3, 4, 3, 3],
    [3, 3, 4, 4, 3, 4, 4, 2, 3],
    [4, 4, 3, 4, 3, 4, 4, 3, 3],
]


class ComputationTests(SimpleTestCase):
    def test_the_hand_worked_example(self):
        result = ikm.compute(WORKED)
        self.assertEqual(result.respondents, 5)
        expected_nrr = ["18/5", "18/5", "18/5", "4", "17/5", "19/5", "4", "14/5", "3"]
        self.assertEqual(result.nrr, {code: Fraction(v) for code, v in zip(ikm.CODES, expected_nrr, strict=True)})
        self.assertEqual(result.ikm, Fraction(265, 3))
        self.assertEqual(result.ikm_rounded, Decimal("88.33"))
        self.assertEqual(result.grade, "A")
        self.assertIn("Sangat baik", result.performance)

    def test_the_weight_is_exactly_one_ninth_not_0_111(self):
        self.assertEqual(ikm.WEIGHT, Fraction(1, 9))
        drifted = sum(float(v) for v in ikm.compute(WORKED).nrr.values()) * 0.111 * 25
        self.assertEqual(ikm.grade_for(ikm.round_half_up(Fraction(drifted)))[0], "B")

    def test_the_grade_bounds_apply_to_the_value_rounded_to_two_decimals(self):
        cases = {
            "64.99": "D",
            "65.00": "C",
            "76.60": "C",
            "76.61": "B",
            "88.30": "B",
            "88.31": "A",
            "100.00": "A",
            "25.00": "D",
        }
        for value, grade in cases.items():
            self.assertEqual(ikm.grade_for(Decimal(value))[0], grade, value)
        # 88.305 rounds half up to 88.31, which is A; 88.3049… is B.
        self.assertEqual(ikm.round_half_up(Fraction(88305, 1000)), Decimal("88.31"))
        self.assertEqual(ikm.round_half_up(Fraction(883049, 10000)), Decimal("88.30"))

    def test_all_ones_and_all_fours_are_the_ends_of_the_scale(self):
        self.assertEqual(ikm.compute([[1] * 9]).ikm_rounded, Decimal("25.00"))
        self.assertEqual(ikm.compute([[4] * 9] * 3).ikm_rounded, Decimal("100.00"))
        self.assertEqual(ikm.compute([]).respondents, 0)

    def test_bad_scores_are_refused(self):
        for row in ([4] * 8, [5] * 9, [0] * 9, [True] * 9, ["4"] * 9):
            with self.assertRaises(ValueError):
                ikm.compute([row])

    def test_every_element_has_four_answer_labels(self):
        self.assertEqual([e.code for e in ikm.ELEMENTS], [f"U{n}" for n in range(1, 10)])
        self.assertTrue(all(len(e.answers) == 4 for e in ikm.ELEMENTS))


class SurveyPageTests(CounsellingTestCase):
    def answers(self, code: str, scores=None, **extra) -> dict:
        scores = scores or [4, 3, 4, 4, 3, 4, 4, 3, 3]
        return {"code": code, **{f"u{n}": s for n, s in enumerate(scores, start=1)}, **extra}

    def test_a_person_answers_with_the_code_once_and_nothing_ties_the_answers_to_them(self):
        code = survey_invitation_issue(unit=self.puspaga)
        response = self.client.post("/survei/", {"code": code.lower().replace("-", " ")})
        self.assertContains(response, "u9")
        self.assertContains(response, 'class="quick-exit"')
        response = self.client.post("/survei/", self.answers(code, comment="Terima kasih"))
        self.assertEqual(response.status_code, 200)
        answer = SurveyResponse.objects.get()
        self.assertEqual(
            (answer.unit, answer.source, answer.scores()), (self.puspaga, SurveySource.WEB, [4, 3, 4, 4, 3, 4, 4, 3, 3])
        )
        self.assertEqual(answer.comment, "Terima kasih")
        self.assertFalse(SurveyInvitation.objects.exists())  # the code is spent
        fields = {f.name for f in SurveyResponse._meta.concrete_fields}
        self.assertFalse(fields & {"consultation", "person", "invitation", "created_at", "answered_at", "code_hash"})
        # Used again: refused, nothing more stored.
        response = self.client.post("/survei/", self.answers(code))
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["not_found"])
        self.assertEqual(SurveyResponse.objects.count(), 1)

    def test_an_unknown_code_and_a_missing_answer_are_explained(self):
        response = self.client.post("/survei/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["not_found"])
        code = survey_invitation_issue(unit=self.puspaga)
        data = self.answers(code)
        del data["u5"]
        response = self.client.post("/survei/", data)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("u5"))
        self.assertTrue(SurveyInvitation.objects.exists())

    def test_the_code_never_appears_in_a_url(self):
        code = survey_invitation_issue(unit=self.puspaga)
        response = self.client.post("/survei/", {"code": code})
        self.assertNotContains(response, f"?code={code}")
        self.assertContains(response, f'type="hidden" name="code" value="{code}"')

    @override_settings(SIGAP_SURVEY_TRIES_PER_HOUR=3)
    def test_code_tries_are_rate_limited(self):
        for _ in range(3):
            self.client.post("/survei/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        self.assertEqual(self.client.post("/survei/", {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code, 429)

    def test_the_staff_page_shows_the_figures_per_unit_and_period(self):
        for scores in WORKED:
            self.client.post("/survei/", self.answers(survey_invitation_issue(unit=self.puspaga), scores))
        self.login(self.analis)
        response = self.client.get("/staf/konsultasi/ikm/")
        self.assertEqual(response.context["result"].ikm_rounded, Decimal("88.33"))
        self.assertContains(response, "88,33")  # Indonesian decimal comma
        response = self.client.get("/staf/konsultasi/ikm/", {"date_from": "2001-01-01", "date_to": "2001-12-31"})
        self.assertEqual(response.context["result"].respondents, 0)


class CommandTests(CounsellingTestCase):
    def setUp(self):
        super().setUp()
        scratch = tempfile.TemporaryDirectory(prefix="sigap-ikm-")
        self.addCleanup(scratch.cleanup)
        self.folder = Path(scratch.name)

    def csv_file(self, rows, header=None, name="ikm.csv") -> Path:
        path = self.folder / name
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header or ["No", *ikm.CODES, "Saran"])
            for n, row in enumerate(rows, start=1):
                writer.writerow([n, *row, ""])
        return path

    def xlsx_file(self, rows) -> Path:
        path = self.folder / "ikm.xlsx"
        book = Workbook()
        sheet = book.active
        sheet.append(["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"])
        for row in rows:
            sheet.append([float(v) for v in row])  # spreadsheets often hold 4.0
        book.save(path)
        return path

    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_a_csv_is_imported_and_the_report_gives_the_worked_figures_as_json(self):
        output = self.run_command(
            "ikm_import", str(self.csv_file(WORKED)), "--unit", "puspaga-pekalongan", "--period", "2026-02"
        )
        self.assertIn("Imported 5 responses", output)
        self.assertEqual(set(SurveyResponse.objects.values_list("source", flat=True)), {SurveySource.IMPORT})
        report = json.loads(
            self.run_command(
                "ikm_report",
                "--unit",
                "puspaga-pekalongan",
                "--from",
                "2026-02-01",
                "--to",
                "2026-02-28",
                "--format",
                "json",
            )
        )
        self.assertEqual(report["respondents"], 5)
        self.assertEqual(report["ikm"], "88.33")
        self.assertEqual(report["grade"], "A")
        self.assertEqual(report["nrr"]["U8"], "2.800")
        empty = json.loads(
            self.run_command("ikm_report", "--unit", "puspaga-pekalongan", "--to", "2026-01-31", "--format", "json")
        )
        self.assertEqual(empty["respondents"], 0)

    def test_a_semicolon_csv_from_an_indonesian_spreadsheet_is_read(self):
        path = self.folder / "titik-koma.csv"
        path.write_text("U1;U2;U3;U4;U5;U6;U7;U8;U9\n" + "\n".join(";".join(map(str, r)) for r in WORKED) + "\n")
        self.run_command("ikm_import", str(path), "--unit", "puspaga-pekalongan")
        self.assertEqual(SurveyResponse.objects.count(), 5)

    def test_an_xlsx_is_imported_too(self):
        self.run_command("ikm_import", str(self.xlsx_file(WORKED)), "--unit", "puspaga-pekalongan")
        self.assertEqual(SurveyResponse.objects.count(), 5)
        text = self.run_command("ikm_report", "--unit", "puspaga-pekalongan")
        self.assertIn("IKM: 88.33", text)
        self.assertIn("Grade: A", text)

    def test_a_file_with_bad_rows_names_each_row_and_reason_and_imports_nothing(self):
        rows = [
            WORKED[0],
            [4, 4, 5, 4, 4, 4, 4, 3, 3],
            WORKED[1],
            [4, 4, 4, "", 4, 4, 4, 3, 3],
            [4, 4, 4, 4, 4, 4, 4, 3, "x"],
        ]
        with self.assertRaises(CommandError) as caught:
            self.run_command("ikm_import", str(self.csv_file(rows)), "--unit", "puspaga-pekalongan")
        message = str(caught.exception)
        self.assertIn("row 3: U3 must be a whole number from 1 to 4, not '5'", message)
        self.assertIn("row 5: U4 is empty", message)
        self.assertIn("row 6: U9 must be a whole number from 1 to 4, not 'x'", message)
        self.assertNotIn("row 2", message)
        self.assertFalse(SurveyResponse.objects.exists())

    def test_a_missing_column_unknown_unit_or_other_format_is_refused(self):
        with self.assertRaisesMessage(CommandError, "lacks the column(s) U9"):
            self.run_command(
                "ikm_import", str(self.csv_file(WORKED, header=["No", *ikm.CODES[:8]])), "--unit", "puspaga-pekalongan"
            )
        with self.assertRaisesMessage(CommandError, "No unit"):
            self.run_command("ikm_import", str(self.csv_file(WORKED)), "--unit", "nowhere")
        other = self.folder / "ikm.ods"
        other.write_text("x")
        with self.assertRaisesMessage(CommandError, "only .csv and .xlsx"):
            self.run_command("ikm_import", str(other), "--unit", "puspaga-pekalongan")
        self.assertFalse(SurveyResponse.objects.exists())
