"""What an uploaded .xlsx may hold, checked before openpyxl opens it.

openpyxl builds every cell of a workbook in memory, and more: a merged range or a hyperlink over a
range becomes one object per cell it covers. A 6.5 KB file whose worksheet part was named
`sheet1.bin` and declared the merge A3:Z100000 made a web worker spend 28 s and grow by 700 MB. So
the zip's directory is bounded first (parts, unzipped bytes, compression ratio), then every part
that parses as XML, whatever its name, is read with the parser openpyxl uses (expat with
ElementTree's namespace handling, so encodings, entities and prefixes read alike) and its cells,
merged ranges, hyperlink ranges and declared dimension are counted against the cell limits.

zipfile never unzips more than a part's declared size (a part that lies fails its CRC check), so
the declared sizes bound what openpyxl can read too.
"""

import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

from core.numbers import decimal_number

MAX_PARTS = 500  # a workbook from Excel has 10 to 30; images and sheets add a few each
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
# Spreadsheet XML deflates 5 to 30 times; far more means a part made of repetitions.
MAX_RATIO = 100
RATIO_GRACE_BYTES = 100 * 1024  # small parts may deflate as they like
# Cells openpyxl may build: an import reads at most 10,000 rows of a few columns.
MAX_CELLS = 300_000
MAX_MERGED_CELLS = 20_000
# Excel's grid (a whole-column or whole-row reference covers all of it).
LAST_COLUMN, LAST_ROW = 16_384, 1_048_576
CHUNK_BYTES = 64 * 1024


def too_much_data() -> ValidationError:
    return ValidationError(
        _(
            "The workbook holds far more cells than an import needs. Copy only the list into "
            "the template and upload that."
        ),
        code="too_big",
    )


def _too_large_range(ref: str, cells: int) -> ValidationError:
    return ValidationError(
        _(
            "The workbook declares the range %(range)s, %(cells)s cells: far more than an "
            "import needs. Copy only the list into the template and upload that."
        )
        % {"range": ref[:40], "cells": decimal_number(cells)},
        code="too_big",
    )


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse (ValidationError) a workbook that would make openpyxl build more than an import
    needs. Errors of a damaged zip (BadZipFile, zlib's, …) are left to the caller."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise too_much_data()
    if sum(part.file_size for part in parts) > MAX_UNZIPPED_BYTES:
        raise too_much_data()
    for part in parts:
        if part.file_size > max(RATIO_GRACE_BYTES, MAX_RATIO * part.compress_size):
            raise too_much_data()
    counts = _Counts()
    for part in parts:
        _scan(archive, part, counts)


def _area(ref: str) -> int:
    """The cells a reference covers, as openpyxl reads it; 0 when openpyxl cannot read it
    either (it then refuses the file itself)."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.strip())
    except (ValueError, TypeError):
        return 0
    first_col, last_col = min_col or 1, max_col or LAST_COLUMN
    first_row, last_row = min_row or 1, max_row or LAST_ROW
    return (abs(last_col - first_col) + 1) * (abs(last_row - first_row) + 1)


@dataclass
class _Counts:
    """What openpyxl would build, over every part so far."""

    cells: int = 0
    merged: int = 0

    def add_cells(self, number: int) -> None:
        self.cells += number
        if self.cells > MAX_CELLS:
            raise too_much_data()

    def element(self, name: str, parent: str, ref: str | None) -> None:
        if parent == "row":
            # openpyxl makes a cell of every child of a row, whatever its name.
            self.add_cells(1)
        elif ref is None:
            return
        elif name == "mergeCell":
            area = _area(ref)
            if area > MAX_MERGED_CELLS:
                raise _too_large_range(ref, area)
            self.merged += area
            if self.merged > MAX_MERGED_CELLS:
                raise too_much_data()
            self.add_cells(area)
        elif name == "hyperlink" and ":" in ref:
            # A hyperlink over a range is copied onto every cell of it.
            area = _area(ref)
            if area > MAX_CELLS:
                raise _too_large_range(ref, area)
            self.add_cells(area)
        elif name == "dimension":
            area = _area(ref)
            if area > MAX_CELLS:
                raise _too_large_range(ref, area)


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, counts: _Counts) -> None:
    """Count what one part declares. Parts that are not XML (images, printer settings) stop at
    their first bytes; a part that breaks off stops where openpyxl would stop reading it."""
    # As xml.etree.ElementTree.XMLParser, which openpyxl uses: names come as "{uri}local".
    parser = expat.ParserCreate(None, "}")
    open_elements: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        parent = open_elements[-1] if open_elements else ""
        counts.element(local, parent, attributes.get("ref"))
        open_elements.append(local)

    def end(name: str) -> None:
        open_elements.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with archive.open(part) as stream:
        try:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return
