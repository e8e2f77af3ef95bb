"""A dashboard table as CSV (streamed) or XLSX (openpyxl, write-only). Text cells that
a spreadsheet would run as a formula (= + - @) are neutralised, as in the SIMFONI
export; numbers stay numbers in XLSX."""

import csv
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

from sigap.cases.exports import neutralise
from sigap.reporting.selectors import Scope, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_rows(table: Table, scope: Scope, unit_label: str) -> Iterator[list]:
    """A title block (what, which units, which period), a blank line, then the table."""
    period = scope.period
    yield [str(table.title)]
    yield [str(unit_label), f"{period.start.isoformat()} – {period.end.isoformat()}"]
    yield []
    yield [str(header) for header in table.headers]
    for row in table.rows:
        yield [str(cell) if isinstance(cell, Promise) else cell for cell in row]
    if table.note:
        yield []
        yield [str(table.note)]


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterator[list], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines = (writer.writerow([neutralise("" if cell is None else cell) for cell in row]) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterator[list], filename: str, sheet_title: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        sheet.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
