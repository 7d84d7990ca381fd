"""Exports as CSV or XLSX, in constant memory however many rows: every function takes an iterable
of lists (the first one the header), so a queryset's `.values_list(...).iterator(chunk_size=2000)`
feeds it without loading it.

Every cell goes through `neutralize`: a text cell a spreadsheet would read as a formula (a
participant "named" `=HYPERLINK(...)`) is written as text. Exports of records that came from a
substance use disorder program carry the 42 CFR Part 2 redisclosure notice: in a CSV file as its
first row, in an XLSX file on a sheet of its own after the data, whose header row comes first."""

import csv
import re
import tempfile
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

FORMATS = ("csv", "xlsx")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DFE1E2")  # USWDS base-lighter
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# 42 CFR 2.32(a)(1), the notice that accompanies each disclosure.
PART2_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality rules "
    "(42 CFR part 2). The federal rules prohibit you from making any further disclosure of this record "
    "unless further disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or, is otherwise permitted by 42 CFR part 2. A general "
    "authorization for the release of medical or other information is NOT sufficient for this purpose "
    "(see §2.31). The federal rules restrict any use of the information to investigate or prosecute with "
    "regard to a crime any patient with a substance use disorder, except as provided at §§2.12(c)(5) and 2.65."
)

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them rather than drop them).
XLSX_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralize(value):
    """The cell as a spreadsheet should show it: numbers as numbers, dates as ISO text, and text
    that would start a formula prefixed with a quote so it stays text."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):  # bool too: it is an int
        return value
    if isinstance(value, (date, datetime)):  # datetime is a date
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file that hands back what is written to it, so csv.writer formats one line at a time."""

    def write(self, value):
        return value


def _csv_lines(rows, notice):
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8; without it accents come out garbled.
    yield "\ufeff"
    if notice:
        yield writer.writerow([neutralize(notice)])
    for row in rows:
        yield writer.writerow([neutralize(cell) for cell in row])


def csv_response(filename: str, rows, *, notice: str | None = None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(rows, notice), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _xlsx_cell(value):
    if value is None:
        return None  # an empty cell, not an empty string
    value = neutralize(value)
    return XLSX_ILLEGAL.sub("", value) if isinstance(value, str) else value


def xlsx_response(filename: str, rows, *, notice: str | None = None, sheet: str = "Report") -> FileResponse:
    """The rows on the first sheet, its header row bold and frozen (it stays in view as one
    scrolls, and spreadsheets and statistics tools read it as the header); the notice, when
    there is one, on a sheet of its own after it, "Notice", so that the data starts at A1."""
    # A write-only workbook keeps only the current row in memory (openpyxl spools the sheet to
    # disk); the finished file goes to a temporary file that is deleted when the response closes.
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])  # Excel's limit on sheet names
    worksheet.freeze_panes = "A2"
    rows = iter(rows)
    header = next(rows, None)
    if header is not None:
        worksheet.append([_header_cell(worksheet, value) for value in header])
    for row in rows:
        worksheet.append([_xlsx_cell(cell) for cell in row])
    if notice:
        notice_sheet = workbook.create_sheet(title="Notice")
        notice_sheet.column_dimensions["A"].width = 120
        notice_sheet.append([_xlsx_cell(notice)])
    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    try:
        workbook.save(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def _header_cell(worksheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=_xlsx_cell(value))
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    return cell


def export_response(fmt: str, filename_stem: str, rows, *, notice: str | None = None):
    """The rows as a download in `fmt` ("csv" or "xlsx"), named `filename_stem` plus its extension."""
    if fmt == "csv":
        return csv_response(f"{filename_stem}.csv", rows, notice=notice)
    if fmt == "xlsx":
        return xlsx_response(f"{filename_stem}.xlsx", rows, notice=notice)
    raise ValueError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
