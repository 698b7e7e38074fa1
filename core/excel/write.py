"""Writing workbooks (openpyxl): the blank templates and exports, with a guide sheet.

Every row is written through `append_row`, so that a text is always a text cell: never a formula,
an error value or a number, whoever typed it.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .base import GUIDE_SHEET_TITLE, Spec

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
TEMPLATE_ROWS = 500  # how many rows the drop-down lists cover
# A text starting with one of these becomes a formula when Excel (or LibreOffice) re-reads the
# cell, once edited or when saved as CSV ("formula injection", OWASP); the full-width forms are
# what a Japanese or Chinese keyboard types, and Excel takes them for the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


@dataclass
class GuideList:
    """Allowed values shown on the guide sheet; `column` gets a drop-down list from them."""

    title: str
    rows: list[list[str]]
    column: str = ""


def _excel_text(text: str) -> str:
    """The text without the control characters a worksheet cannot hold (openpyxl refuses them):
    Word's line and page breaks (VT, FF), which pasted texts carry, become line breaks."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda m: "\n" if m.group() in "\v\f" else "", text)


def text_safe_cell(sheet: Worksheet, value: Any) -> Cell:
    """A cell holding `value`. A text is a text cell whatever it starts with (openpyxl would
    make "=…" a formula and "#N/A" an error value), and one that Excel would re-read as a formula
    carries the quote prefix, so it stays text when edited; the prefix is a style, not part of
    the value, so the text reads back unchanged."""
    cell = Cell(sheet, row=1, column=1)  # placed by append_row
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = _excel_text(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """One row under the last one: the way every writer puts values in a sheet."""
    sheet.append([text_safe_cell(sheet, value) for value in values])


def write_header(data: Worksheet, spec: Spec, widths: dict[str, int]) -> None:
    """The data sheet's title and header row: required columns in red, the header frozen."""
    data.title = spec.sheet_title
    append_row(data, spec.titles)
    for col, column in enumerate(spec.columns, start=1):
        data.cell(1, col).font = Font(bold=True, color="A1161B" if column.required else None)
        data.cell(1, col).fill = HEADER_FILL
        data.column_dimensions[get_column_letter(col)].width = widths[column.key]
    data.freeze_panes = "A2"


def write_guide(
    workbook: openpyxl.Workbook,
    data: Worksheet,
    spec: Spec,
    *,
    intro: list[str],
    descriptions: dict[str, str],
    lists: list[GuideList],
    last_row: int,
) -> None:
    """The guide sheet: the intro, what to write in each column, the allowed values; a list
    with a `column` becomes that column's drop-down on the data sheet, down to `last_row`."""
    guide = workbook.create_sheet(GUIDE_SHEET_TITLE)
    append_row(guide, [intro[0]])
    guide["A1"].font = Font(bold=True)
    for line in intro[1:]:
        append_row(guide, [line])
    append_row(guide, [])
    append_row(guide, [_("Column"), _("Required"), _("What to write")])
    header_row = guide.max_row
    for cell in guide[header_row]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        append_row(
            guide,
            [column.title, _("yes") if column.required else _("no"), descriptions[column.key]],
        )
    for wanted in lists:
        append_row(guide, [])
        append_row(guide, [wanted.title])
        guide.cell(guide.max_row, 1).font = Font(bold=True)
        first = guide.max_row + 1
        for values in wanted.rows:
            append_row(guide, values)
        if wanted.column and wanted.rows:
            col = 1 + [c.key for c in spec.columns].index(wanted.column)
            letter = get_column_letter(col)
            validation = DataValidation(
                type="list",
                formula1=f"'{GUIDE_SHEET_TITLE}'!$A${first}:$A${guide.max_row}",
                allow_blank=True,
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            data.add_data_validation(validation)
    guide.column_dimensions["A"].width = 45
    guide.column_dimensions["B"].width = 30
    guide.column_dimensions["C"].width = 80
    for row in guide.iter_rows(min_row=header_row + 1):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


def build_template(
    spec: Spec,
    *,
    example: list[str],
    descriptions: dict[str, str],
    intro: str,
    lists: list[GuideList],
) -> bytes:
    workbook = openpyxl.Workbook()
    data = workbook.worksheets[0]
    widths = {c.key: 45 if col == 0 else 28 for col, c in enumerate(spec.columns)}
    write_header(data, spec, widths)
    append_row(data, example)
    for col in range(1, len(spec.columns) + 1):
        data.cell(2, col).font = Font(italic=True, color="808080")
    write_guide(
        workbook,
        data,
        spec,
        intro=[intro],
        descriptions=descriptions,
        lists=lists,
        last_row=TEMPLATE_ROWS,
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
