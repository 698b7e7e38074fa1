"""Excel files for the import tests, made in memory, and what an import preview says of them."""

import io
from collections.abc import Callable, Sequence
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] | None,
    name: str,
    edit: Callable[[Any], None] | None = None,
    title_rows: Sequence[Sequence[Any]] = (),
) -> SimpleUploadedFile:
    """An upload of one sheet: optional title rows, the header (if any), the rows; `edit` may
    change the sheet (merge cells, add formulas) before it is saved."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in title_rows:
        sheet.append(row)
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def outcomes(response) -> dict[int, str]:
    """The preview's outcome of each row, by its number in the sheet."""
    return {row.number: row.outcome for row in response.context["preview"].rows}


def errors(response) -> dict[int, list[str]]:
    """The preview's rows with problems: row number -> the problems' codes."""
    return {
        row.number: [issue.code for issue in row.issues]
        for row in response.context["preview"].rows
        if row.issues
    }
