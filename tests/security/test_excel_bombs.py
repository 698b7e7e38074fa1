"""Excel bombs (issue 10, security 1): a small upload that would make openpyxl build millions of
cells is refused with a Vietnamese message before openpyxl reads anything, by every import."""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs.imports import agencies as agency_import
from blocs.models import Agency
from core.excel import archive, read
from tests.workbooks import excel_bomb, hidden_sheet, repack, xlsx

HEADER = ["Tên đơn vị", "Tên viết tắt", "Loại"]
MAIN = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RANGE_REFUSED = "Sổ làm việc khai báo vùng ô"
TOO_MUCH = "Sổ làm việc chứa quá nhiều ô so với nhu cầu nhập dữ liệu"


def workbook() -> bytes:
    return xlsx([["Sở Tư pháp", "STP", ""]], header=HEADER, name="don-vi.xlsx").read()


@pytest.fixture
def openpyxl_never_called(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called on a refused file")

    monkeypatch.setattr(read.openpyxl, "load_workbook", refuse)


def refusal(content: bytes) -> str:
    upload = SimpleUploadedFile("don-vi.xlsx", content)
    with pytest.raises(ValidationError) as refused:
        read.read_upload(upload, agency_import.SPEC)
    assert refused.value.code == "too_big"
    return " ".join(refused.value.messages)


def test_the_bomb_of_the_issue_is_small_and_openpyxl_would_read_its_sheet():
    """The file is what the issue describes: a few KB, its sheet in a part named .bin, which
    openpyxl reads through the relationships (so a guard on .xml names misses it)."""
    bomb = excel_bomb(workbook())
    assert len(bomb) < 8 * 1024
    harmless = openpyxl.load_workbook(io.BytesIO(hidden_sheet(workbook())))
    assert harmless.worksheets[0]["A2"].value == "Sở Tư pháp"


def test_the_bomb_is_refused_before_openpyxl_reads_it(openpyxl_never_called):
    message = refusal(excel_bomb(workbook()))
    assert RANGE_REFUSED in message
    assert "A3:Z100000" in message
    assert "2.599.948 ô" in message


@pytest.mark.parametrize(
    "declare",
    [
        # The same merge, written as openpyxl still reads it: a prefix, an entity for the colon.
        b"<x:mergeCells " + MAIN + b'><x:mergeCell ref="A3&#58;Z100000"/></x:mergeCells>',
        # Whole columns.
        b'<mergeCells><mergeCell ref="A:C"/></mergeCells>',
        # Many small merges adding up.
        b"<mergeCells>"
        + b"".join(b'<mergeCell ref="A%d:J%d"/>' % (row, row + 9) for row in range(3, 3000, 10))
        + b"</mergeCells>",
        # A hyperlink over a range is copied onto each of its cells.
        b'<hyperlinks><hyperlink ref="A3:Z100000" display="x"/></hyperlinks>',
    ],
    ids=["prefixed-entity", "whole-columns", "many-merges", "hyperlink-range"],
)
def test_declared_ranges_in_a_hidden_sheet_are_refused(declare, openpyxl_never_called):
    assert "Sổ làm việc" in refusal(hidden_sheet(workbook(), declare))


def test_a_sheet_in_utf16_is_read_as_openpyxl_reads_it(openpyxl_never_called):
    declare = b'<mergeCells count="1"><mergeCell ref="A3:Z100000"/></mergeCells>'
    assert RANGE_REFUSED in refusal(hidden_sheet(workbook(), declare, encode="utf-16"))


def test_a_huge_dimension_is_refused(openpyxl_never_called):
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            data = data.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"')
        return name, data

    assert "A1:XFD1048576" in refusal(repack(workbook(), change))


def test_too_many_parts_are_refused(openpyxl_never_called):
    extra = {f"customXml/item{n}.xml": b"<a/>" for n in range(archive.MAX_PARTS)}
    assert refusal(repack(workbook(), add=extra)).startswith(TOO_MUCH)


def test_a_part_that_unzips_far_beyond_its_size_is_refused(openpyxl_never_called):
    padding = {"xl/media/image1.png": bytes(2 * 1024 * 1024)}  # 2 MB of zeros: about 2 KB zipped
    assert refusal(repack(workbook(), add=padding)).startswith(TOO_MUCH)


def test_parts_that_unzip_to_too_much_in_all_are_refused(monkeypatch, openpyxl_never_called):
    monkeypatch.setattr(archive, "MAX_UNZIPPED_BYTES", 20_000)
    assert refusal(repack(workbook(), add={"xl/a.xml": b"<a>" + b"x" * 20_000 + b"</a>"}))


def test_more_cells_than_the_limit_are_refused(monkeypatch, openpyxl_never_called):
    monkeypatch.setattr(archive, "MAX_CELLS", 100)
    content = xlsx([[f"Sở {n}", "", ""] for n in range(40)], header=HEADER, name="x.xlsx").read()

    def without_dimension(name, data):  # which alone would be refused
        return name, re.sub(rb"<dimension [^>]*>", b"", data)

    assert refusal(repack(content, without_dimension)).startswith(TOO_MUCH)


def test_a_list_of_two_thousand_rows_passes_the_guard():
    rows = [[f"Đơn vị số {n}", f"ĐV{n}", ""] for n in range(2000)]
    upload = xlsx(rows, header=HEADER, name="don-vi.xlsx", edit=lambda s: s.merge_cells("E1:F9"))
    assert len(read.read_upload(upload, agency_import.SPEC)) == 2000


@pytest.mark.parametrize("page", ["agencies", "memberships", "criteria"])
def test_every_import_refuses_the_bomb_with_a_message(
    world, client_for, criteria_set, page, openpyxl_never_called
):
    bomb = SimpleUploadedFile("bom.xlsx", excel_bomb(workbook()))
    url, data = {
        "agencies": (reverse("blocs:import_agencies"), {}),
        "memberships": (reverse("blocs:import_memberships"), {"year": 2021}),
        "criteria": (reverse("pledges:criteria_import", args=[criteria_set.pk]), {}),
    }[page]
    before = Agency.objects.count()

    response = client_for("board").post(url, {**data, "file": bomb})

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["too_big"]
    assert RANGE_REFUSED in response.content.decode()
    assert "preview" not in response.context
    assert Agency.objects.count() == before
