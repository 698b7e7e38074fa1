"""Reading an uploaded .xlsx safely (openpyxl).

Every check that concerns the whole file raises a ValidationError with a message the user can act
on; problems of single cells (formula errors, merged cells) are kept on their row for the preview.
"""

import datetime
import warnings
import zipfile
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from core.text import nfc

from .archive import check_archive
from .base import GUIDE_SHEET_TITLE, Issue, SourceRow, Spec, name_key

MAX_DATA_ROWS = 2000
MAX_SHEET_ROWS = 10_000  # how far below the header a sheet may reach, even with empty rows
HEADER_SEARCH_ROWS = 10  # the header may sit under a title, within the first rows
HEADER_SEARCH_COLUMNS = 50
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx


def cell_text(value: object, *, multiline: bool = False) -> str:
    """A cell as text: NFC, trimmed, inner runs of spaces and line breaks made one space (with
    `multiline`, line breaks are kept and empty lines dropped); a number typed in a text column
    (2021, or 2021.0 from some tools) becomes "2021"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date | datetime.datetime):
        value = value.strftime("%d/%m/%Y" if type(value) is datetime.date else "%d/%m/%Y %H:%M")
    text = nfc(str(value))
    if multiline:
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return " ".join(text.split())


def _not_a_workbook() -> ValidationError:
    return ValidationError(
        _(
            "This file is not an Excel workbook (.xlsx), although its name ends in .xlsx (for "
            "example a CSV file renamed, or a damaged file). Open it in Excel and save it as "
            "“Excel Workbook (.xlsx)”, or copy your data into the template."
        ),
        code="not_xlsx",
    )


def check_upload(upload: UploadedFile) -> None:
    """Name, size and content, before openpyxl reads anything."""
    name = (upload.name or "").lower()
    if name.endswith(".xls"):
        raise ValidationError(
            _(
                "Old Excel files (.xls) cannot be read. Open the file in Excel and save it as "
                "“Excel Workbook (.xlsx)”."
            ),
            code="extension",
        )
    if not name.endswith(".xlsx"):
        raise ValidationError(
            _("Choose an Excel file (.xlsx). “%(name)s” is not one.") % {"name": upload.name},
            code="extension",
        )
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; files up to %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head == OLE_MAGIC:
        raise ValidationError(
            _(
                "This is an old Excel file (.xls) or a workbook protected by a password. Open it "
                "in Excel, remove the password if there is one, and save it as “Excel Workbook "
                "(.xlsx)”."
            ),
            code="not_xlsx",
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_archive(archive)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged zip fails in many ways (zlib, CRC, encryption, EOF)
        raise _not_a_workbook() from exc
    finally:
        upload.seek(0)


def _check_archive(archive: zipfile.ZipFile) -> None:
    if "xl/workbook.xml" not in archive.namelist():
        raise _not_a_workbook()
    check_archive(archive)


def _load(upload: UploadedFile, **options: bool) -> openpyxl.Workbook:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops (extensions, styles): irrelevant here.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(upload, **options)
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed file
        raise _not_a_workbook() from exc
    finally:
        upload.seek(0)


@dataclass
class Header:
    sheet: Worksheet
    row: int
    positions: dict[str, int]  # column key -> column number


def _find_header(workbook: openpyxl.Workbook, spec: Spec) -> Header:
    by_title = {name_key(c.title): c for c in spec.columns}
    required = {c.key for c in spec.columns if c.required}
    for sheet in workbook.worksheets:
        if name_key(sheet.title) == name_key(GUIDE_SHEET_TITLE):
            continue
        last_column = min(sheet.max_column, HEADER_SEARCH_COLUMNS)
        for number in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
            positions: dict[str, int] = {}
            for col in range(1, last_column + 1):
                title = name_key(cell_text(sheet.cell(number, col).value).rstrip("*").strip())
                column = by_title.get(title)
                if column is None:
                    continue
                if column.key in positions:
                    raise ValidationError(
                        _("The column “%(column)s” appears twice in row %(row)s.")
                        % {"column": column.title, "row": number},
                        code="header",
                    )
                positions[column.key] = col
            if required <= positions.keys():
                return Header(sheet, number, positions)
    raise ValidationError(
        _(
            "No sheet has a header row with the columns %(columns)s in its first %(rows)s rows. "
            "Download the template and copy your data into it."
        )
        % {
            "columns": ", ".join(f"“{c.title}”" for c in spec.columns if c.required),
            "rows": HEADER_SEARCH_ROWS,
        },
        code="header",
    )


def read_upload(upload: UploadedFile, spec: Spec) -> list[SourceRow]:
    """The non-empty rows under the header of the first sheet that has one."""
    check_upload(upload)
    workbook = _load(upload, data_only=True)
    header = _find_header(workbook, spec)
    sheet = header.sheet
    if sheet.max_row - header.row > MAX_SHEET_ROWS:
        raise ValidationError(
            _(
                "The sheet “%(sheet)s” reaches row %(last)s. Delete the rows below your list "
                "(they may look empty) and upload again."
            )
            % {"sheet": sheet.title, "last": sheet.max_row},
            code="too_many_rows",
        )
    merged = _merged_rows(sheet, header)
    formulas = _formula_cells(upload, sheet.title, header)
    multiline = {c.key for c in spec.columns if c.multiline}
    rows: list[SourceRow] = []
    for number in range(header.row + 1, sheet.max_row + 1):
        row = SourceRow(number, {}, list(merged.get(number, [])))
        for column, col in header.positions.items():
            cell = sheet.cell(number, col)
            if cell.data_type == "e":
                row.problems.append(
                    Issue(
                        "formula_error",
                        _("Cell %(cell)s shows the formula error %(error)s.")
                        % {"cell": cell.coordinate, "error": cell.value},
                        column,
                    )
                )
                row.values[column] = ""
            elif cell.value is None and (number, col) in formulas:
                row.problems.append(
                    Issue(
                        "formula_uncomputed",
                        _(
                            "Cell %(cell)s holds a formula whose result was not saved in the "
                            "file. Open the file in Excel, save it, and upload it again."
                        )
                        % {"cell": cell.coordinate},
                        column,
                    )
                )
                row.values[column] = ""
            else:
                row.values[column] = cell_text(cell.value, multiline=column in multiline)
        if not any(row.values.values()) and not row.problems:
            continue  # empty rows are skipped
        rows.append(row)
        if len(rows) > MAX_DATA_ROWS:
            raise ValidationError(
                _("The file has more than %(limit)s rows: split it into several files.")
                % {"limit": MAX_DATA_ROWS},
                code="too_many_rows",
            )
    if not rows:
        raise ValidationError(_("The file has a header row but no data under it."), code="no_rows")
    return rows


def _merged_rows(sheet: Worksheet, header: Header) -> dict[int, list[Issue]]:
    """Merged cells in the data: each row they cover gets the problem (all but the first row
    would otherwise read as empty)."""
    columns = set(header.positions.values())
    by_col = {col: column for column, col in header.positions.items()}
    problems: dict[int, list[Issue]] = {}
    for merged in sheet.merged_cells.ranges:
        covered = [col for col in range(merged.min_col, merged.max_col + 1) if col in columns]
        if merged.max_row <= header.row or not covered:
            continue
        for number in range(max(merged.min_row, header.row + 1), merged.max_row + 1):
            problems.setdefault(number, []).append(
                Issue(
                    "merged",
                    _("Cells %(range)s are merged: unmerge them and fill in every row.")
                    % {"range": merged.coord},
                    by_col[covered[0]],
                )
            )
    return problems


def _formula_cells(upload: UploadedFile, title: str, header: Header) -> set[tuple[int, int]]:
    """Cells holding a formula. With data_only, a formula whose result the file does not carry
    reads as empty: this second, streaming pass tells it apart from a really empty cell."""
    workbook = _load(upload, read_only=True, data_only=False)
    try:
        sheet = workbook[title]
        wanted = set(header.positions.values())
        found: set[tuple[int, int]] = set()
        rows = sheet.iter_rows(
            min_row=header.row + 1,
            max_row=header.row + MAX_SHEET_ROWS,
            max_col=max(wanted),
        )
        for number, cells in enumerate(rows, start=header.row + 1):
            for col, cell in enumerate(cells, start=1):
                if col in wanted and cell.data_type == "f":
                    found.add((number, col))
        return found
    finally:
        workbook.close()
