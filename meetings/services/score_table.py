"""The score table (bảng tổng hợp điểm) of a scoring round: self, checked and agreed points per
criterion and agency, the totals, the rank and the band, as plain data (numbers already written
the Vietnamese way) so that the minutes can freeze it and the annex PDF and the .xlsx export
print the same figures.

The figures come from the one ranking service (services/ranking.py); this module only lays
them out. `table_for(scoring)` reads a round in a fixed number of queries whatever its size.
"""

import io
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.excel.write import append_row
from core.numbers import decimal_number
from pledges.models import CriterionKind

from .ranking import Ranking, criteria_of, effective_points, rank_round, round_scores

if TYPE_CHECKING:
    from reports.kinds import Document

    from ..models import ScoringRound

KIND_WORDS = {CriterionKind.BONUS: "Điểm thưởng", CriterionKind.DEDUCTION: "Điểm trừ"}
# The annex prints agencies in groups across a landscape page: criterion, maximum, then three
# columns (self, checked, agreed) for each agency of the group.
AGENCIES_PER_PAGE = 5
NO_POINTS = (None, None, None)


def _points(value: Decimal | None) -> str:
    return "" if value is None else decimal_number(value)


def table_for(scoring: "ScoringRound", ranking: Ranking | None = None) -> dict[str, Any]:
    """The round's table: criteria in the snapshot's order, agencies in ranking order."""
    snapshot = scoring.pledge.snapshot or {}
    scores = round_scores(scoring)  # read once, for the ranking and the cells
    ranking = ranking or rank_round(scoring, scores)
    cells: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
    for agency_id, criterion_id, own, checked, agreed in scores:
        cells[(agency_id, criterion_id)] = (own, checked, agreed)
    refs = {ref.id: ref for ref in criteria_of(snapshot)}
    criteria = [
        {
            "id": int(c["id"]),
            "section": section.get("number", ""),
            "number": f"{section.get('number', '')}.{c.get('number', '')}".strip("."),
            "text": c.get("text", ""),
            "kind": KIND_WORDS.get(c.get("kind", ""), ""),
            "max": decimal_number(refs[int(c["id"])].max_points),
        }
        for section in snapshot.get("sections", [])
        for c in section["criteria"]
    ]
    # A round's 900 cells hold a few combinations of points: each is written once.
    written: dict[tuple[Any, Any, Any], list[str]] = {}

    def points_of(agency_id: int) -> list[list[str]]:
        points = []
        for criterion in criteria:
            values = cells.get((agency_id, criterion["id"]), NO_POINTS)
            shown = written.get(values)
            if shown is None:
                own, checked, agreed = values
                shown = written[values] = [
                    _points(own),
                    _points(checked),
                    _points(agreed),
                    _points(effective_points(own, checked, agreed)),
                ]
            points.append(list(shown))
        return points

    return {"criteria": criteria, **_ranked(scoring, ranking, points_of)}


def ranking_for(scoring: "ScoringRound") -> dict[str, Any]:
    """The table without its criteria and points (agencies, totals, ranks, bands, the leading
    unit): what the minutes' preview shows; only the finalised minutes and the documents need
    the points of every criterion and agency."""
    return _ranked(scoring, rank_round(scoring), None)


def _ranked(
    scoring: "ScoringRound",
    ranking: Ranking,
    points_of: Callable[[int], list[list[str]]] | None,
) -> dict[str, Any]:
    """The agencies in ranking order with their totals, rank and band (and their points per
    criterion when `points_of` is given)."""
    year = scoring.meeting.bloc_year.year
    names = {
        a.agency_id: a.agency.names_in(year) for a in scoring.assessments.select_related("agency")
    }
    agencies = []
    for row in ranking.rows:
        agency_id = row.totals.agency_id
        agency_names = names.get(agency_id, {"name": "", "short_name": ""})
        agency: dict[str, Any] = {
            "id": agency_id,
            "name": agency_names["name"],
            "short_name": agency_names.get("short_name") or agency_names["name"],
        }
        if points_of is not None:
            agency["points"] = points_of(agency_id)
        agency.update(
            {
                "standard": decimal_number(row.totals.standard),
                "bonus": decimal_number(row.totals.bonus),
                "deduction": decimal_number(row.totals.deduction),
                "total": decimal_number(row.totals.total),
                "rank": f"{row.rank}{' (đồng hạng)' if row.tied else ''}",
                "band": row.band,
                "missing": row.totals.missing,
            }
        )
        agencies.append(agency)
    leading = ranking.leading
    return {
        "agencies": agencies,
        "standard_max": decimal_number(ranking.standard_max),
        "leading": next((a["name"] for a in agencies if a["id"] == leading), ""),
        "complete": ranking.complete,
    }


def pages(table: dict[str, Any], per_page: int = AGENCIES_PER_PAGE) -> list[dict[str, Any]]:
    """The table cut into groups of agencies, each printed across one landscape page (and the
    pages that its criteria need): rows are criteria, columns the group's agencies."""
    agencies = table["agencies"]
    groups = [agencies[i : i + per_page] for i in range(0, len(agencies), per_page)] or [[]]
    result = []
    for group in groups:
        rows = [
            {
                "number": criterion["number"],
                "text": criterion["text"],
                "kind": criterion["kind"],
                "max": criterion["max"],
                "cells": [agency["points"][index][:3] for agency in group],
            }
            for index, criterion in enumerate(table["criteria"])
        ]
        result.append({"agencies": group, "rows": rows})
    return result


# --- The .xlsx export ----------------------------------------------------------------------------

HEADINGS = ("Tự chấm", "Kiểm tra", "Thống nhất")


def workbook(table: dict[str, Any], *, title: str) -> bytes:
    """One sheet: a row per criterion, three columns (self, checked, agreed) per agency, then
    the totals, the rank and the band. Every cell is written as text or a number, never a
    formula (core.excel.write)."""
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Bảng tổng hợp điểm"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    first = ["STT", "Tiêu chí", "Loại", "Điểm chuẩn"]
    agencies = table["agencies"]
    header = list(first)
    sub = [""] * len(first)
    for agency in agencies:
        header += [agency["name"], "", ""]
        sub += list(HEADINGS)
    append_row(sheet, header)
    append_row(sheet, sub)
    for row in (2, 3):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for index in range(len(agencies)):
        start = len(first) + 1 + index * 3
        sheet.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + 2)
    for index, criterion in enumerate(table["criteria"]):
        values: list[Any] = [
            criterion["number"],
            criterion["text"],
            criterion["kind"],
            _number(criterion["max"]),
        ]
        for agency in agencies:
            values += [_number(value) for value in agency["points"][index][:3]]
        append_row(sheet, values)
    append_row(sheet, [])
    for label, key in (
        ("Tổng điểm chuẩn", "standard"),
        ("Điểm thưởng", "bonus"),
        ("Điểm trừ", "deduction"),
        ("Tổng điểm", "total"),
        ("Xếp hạng", "rank"),
        ("Xếp loại", "band"),
    ):
        values = ["", label, "", _number(table["standard_max"]) if key == "standard" else ""]
        for agency in agencies:
            value = agency[key]
            values += [
                "",
                "",
                _number(value) if key in ("standard", "bonus", "deduction", "total") else value,
            ]
        append_row(sheet, values)
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 10
    for column in range(len(first) + 1, len(first) + 1 + 3 * len(agencies)):
        sheet.column_dimensions[get_column_letter(column)].width = 10
    sheet.freeze_panes = "E4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(text: str) -> Decimal | str:
    """A printed figure ("37,5", "1.000") back as a number cell; an empty one stays empty."""
    if not text:
        return ""
    return Decimal(text.replace(".", "").replace(",", "."))


# --- The annex PDF -------------------------------------------------------------------------------


def frozen_or_live(scoring: "ScoringRound") -> tuple[dict[str, Any], str]:
    """The table as the latest finalised minutes froze it (and their number), else as the
    scores stand now."""
    from ..models import Minutes

    final = (
        Minutes.objects.filter(meeting_id=scoring.meeting_id, finalised_at__isnull=False)
        .order_by("-revision")
        .values("content", "number")
        .first()
    )
    if final is not None:
        content: dict[str, Any] = final["content"] or {}
        if content.get("table"):
            return content["table"], str(final["number"]).removeprefix("Số: ").removeprefix("Số ")
    return table_for(scoring), ""


def document(scoring: "ScoringRound") -> "Document":
    from django.utils import timezone

    from reports.kinds import Document
    from reports.letterheads import bloc_issuer

    from ..wording import document_name

    meeting = scoring.meeting
    bloc_year = meeting.bloc_year
    day = timezone.localtime(meeting.starts_at).date()
    table, number = frozen_or_live(scoring)
    bloc_name = bloc_year.bloc.name_in(bloc_year.year)
    return Document(
        letterhead=bloc_issuer(bloc_year, on=day).letterhead(day),
        doc_type="Bảng tổng hợp điểm",
        summary=document_name(meeting),
        title=f"Bảng tổng hợp điểm {document_name(meeting)} - {bloc_name}",
        body={
            "name": document_name(meeting),
            "bloc": bloc_name,
            "number": number,
            "table": table,
            "pages": pages(table),
            "leading": table.get("leading", ""),
        },
    )


def compact_rows(table: dict[str, Any]) -> list[list[Any]]:
    """The minutes' annex: per criterion its number, text, maximum and the points that count
    (agreed, else checked, else self) of each agency in ranking order."""
    return [
        [
            criterion["number"],
            criterion["text"] + (f" ({criterion['kind']})" if criterion["kind"] else ""),
            criterion["max"],
            [agency["points"][index][3] for agency in table["agencies"]],
        ]
        for index, criterion in enumerate(table["criteria"])
    ]
