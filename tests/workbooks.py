"""Excel files for the import tests, made in memory, and what an import preview says of them."""

import io
import zipfile
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


def repack(
    content: bytes,
    change: Callable[[str, bytes], tuple[str, bytes]] | None = None,
    *,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The .xlsx `content` again, each part passed through `change(name, data)` (which may
    rename it too), with the parts of `add` at the end."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            name, data = info.filename, source.read(info)
            if change is not None:
                name, data = change(name, data)
            target.writestr(name, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return output.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
HIDDEN_SHEET = "xl/worksheets/sheet1.bin"


def hidden_sheet(content: bytes, declare: bytes = b"", *, encode: str = "") -> bytes:
    """The workbook with its sheet's part named sheet1.bin (the relationships and content types
    follow, so that openpyxl still reads it), `declare` added after the sheet's data and the
    part re-encoded in `encode` if given."""

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == SHEET:
            data = data.replace(b"</sheetData>", b"</sheetData>" + declare)
            if encode:
                data = data.decode().replace("utf-8", encode).replace("UTF-8", encode)
                data = data.encode(encode)
            return HIDDEN_SHEET, data
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            return name, data.replace(SHEET.removeprefix("xl/").encode(), b"worksheets/sheet1.bin")
        return name, data

    return repack(content, change)


def excel_bomb(content: bytes) -> bytes:
    """Issue 10's Excel bomb: a few KB whose worksheet part is sheet1.bin and declares one merge
    over 2.6 million cells (openpyxl took 28 s and 700 MB to build them)."""
    return hidden_sheet(
        content, b'<mergeCells count="1"><mergeCell ref="A3:Z100000"/></mergeCells>'
    )
