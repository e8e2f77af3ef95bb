"""Reading paper and spreadsheet IKM results: CSV or XLSX, a header row with the
columns U1..U9 (in any order, any case; other columns are ignored), then one row per
respondent with a score from 1 to 4 in each. Every bad row is reported with its row
number (as a spreadsheet numbers it: the header is row 1) and the reason; a file with
any bad row yields nothing."""

import csv
from pathlib import Path

from sigap.counseling.ikm import CODES, SCALE


class IkmFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _score(value) -> int | None:
    """A cell as a whole number, or None. Spreadsheets give 4, 4.0 or "4"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _table(path: Path) -> list[list]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # Spreadsheets save CSV with commas or, in Indonesian settings, semicolons.
            first_line = handle.readline()
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count)
            return list(csv.reader(handle, delimiter=delimiter))
    raise IkmFileError([f"{path.name}: only .csv and .xlsx files can be read"])


def read_rows(path: Path) -> list[list[int]]:
    """The respondents' scores (U1..U9 each), or IkmFileError listing every problem."""
    try:
        table = _table(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as error:
        raise IkmFileError([f"{path.name}: cannot be read ({type(error).__name__})"]) from None
    if not table:
        raise IkmFileError([f"{path.name}: the file is empty"])
    header = [str(cell).strip().upper() if cell is not None else "" for cell in table[0]]
    missing = [code for code in CODES if code not in header]
    if missing:
        raise IkmFileError([f"row 1: the header lacks the column(s) {', '.join(missing)}"])
    columns = [header.index(code) for code in CODES]
    rows, problems = [], []
    for number, row in enumerate(table[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue  # blank lines between respondents are harmless
        scores, row_problems = [], []
        for code, column in zip(CODES, columns, strict=True):
            value = row[column] if column < len(row) else None
            score = _score(value)
            if value is None or str(value).strip() == "":
                row_problems.append(f"{code} is empty")
            elif score not in SCALE:
                row_problems.append(f"{code} must be a whole number from 1 to 4, not {str(value).strip()!r}")
            scores.append(score)
        if row_problems:
            problems.append(f"row {number}: " + "; ".join(row_problems))
        else:
            rows.append(scores)
    if problems:
        raise IkmFileError(problems)
    if not rows:
        raise IkmFileError([f"{path.name}: no respondents below the header"])
    return rows
