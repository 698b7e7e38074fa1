"""The secretariat's grid (mb): agencies × criteria with self and checked points, read in a
fixed number of queries whatever its size, and one cell with its column's totals after a save."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import Assessment, AssessmentStatus, Score, ScoringRound
from .scoring_selectors import sections_of, totals_of
from .services.minutes import minutes_final
from .services.ranking import CriterionRef, Totals, criteria_of, effective_points, totals_for


@dataclass
class GridColumn:
    assessment: Assessment
    name: str
    self_totals: Totals
    checked_totals: Totals  # checked points where entered, else self points


@dataclass(frozen=True)
class Cell:
    """One cell of the grid as the page prints it: plain strings, so that 900 cells render
    without a number formatted or an attribute looked up more than once."""

    key: str  # "<assessment id>-<criterion id>"
    assessment: str
    criterion: str
    self_points: str
    checked_points: str
    version: str
    editable: bool


def cell_of(assessment: Assessment, criterion_id: int, score: Score | None, final: bool) -> Cell:
    values = (score.self_points, score.checked_points, score.checked_version) if score else None
    editable = not final and assessment.status == AssessmentStatus.SUBMITTED
    return _cell(assessment.pk, criterion_id, values, editable)


def _cell(
    assessment_id: int,
    criterion_id: int,
    values: tuple[Decimal | None, Decimal | None, int] | None,
    editable: bool,
) -> Cell:
    own, checked, version = values or (None, None, 0)
    return Cell(
        key=f"{assessment_id}-{criterion_id}",
        assessment=str(assessment_id),
        criterion=str(criterion_id),
        self_points=_shown(own),
        checked_points=_shown(checked),
        version=str(version),
        editable=editable,
    )


def _shown(points: Decimal | None) -> str:
    from core.numbers import decimal_number

    return "" if points is None else decimal_number(points)


@dataclass
class GridRow:
    ref: CriterionRef
    number: str
    text: str
    cells: list[Cell]


@dataclass
class Grid:
    scoring: ScoringRound
    columns: list[GridColumn]
    sections: list[tuple[dict[str, Any], list[GridRow]]]
    final: bool


def grid_assessments(scoring: ScoringRound) -> list[Assessment]:
    """The grid's columns: the round's assessments with their agencies (one query)."""
    return list(scoring.assessments.select_related("agency").order_by("pk"))


def grid(
    scoring: ScoringRound,
    assessments: list[Assessment] | None = None,
    final: bool | None = None,
) -> Grid:
    """Agencies × criteria with self and checked points: three queries whatever the size (the
    assessments with their agencies, the scores as plain values, whether the minutes are
    final), one when the caller has read the assessments and whether the minutes are final."""
    year = scoring.meeting.bloc_year.year
    snapshot = scoring.pledge.snapshot or {}
    criteria = criteria_of(snapshot)
    assessments = grid_assessments(scoring) if assessments is None else assessments
    final = minutes_final(scoring.meeting_id) if final is None else final
    values: dict[tuple[int, int], tuple[Decimal | None, Decimal | None, int]] = {}
    self_points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    checked_points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    rows = Score.objects.filter(assessment__round=scoring).values_list(
        "assessment_id", "criterion_id", "self_points", "checked_points", "checked_version"
    )
    for assessment_id, criterion_id, own, checked, version in rows:
        values[(assessment_id, criterion_id)] = (own, checked, version)
        self_points[assessment_id][criterion_id] = own
        checked_points[assessment_id][criterion_id] = checked if checked is not None else own
    columns = [
        GridColumn(
            a,
            a.agency.short_name or a.agency.name_in(year),
            totals_for(a.pk, criteria, self_points[a.pk]),
            totals_for(a.pk, criteria, checked_points[a.pk]),
        )
        for a in assessments
    ]
    editable = {a.pk: not final and a.status == AssessmentStatus.SUBMITTED for a in assessments}
    sections = [
        (
            section,
            [
                GridRow(
                    ref,
                    f"{section.get('number', '')}.{criterion.get('number', '')}",
                    criterion.get("text", ""),
                    [
                        _cell(a.pk, ref.id, values.get((a.pk, ref.id)), editable[a.pk])
                        for a in assessments
                    ],
                )
                for criterion, ref in zip(section["criteria"], refs, strict=True)
            ],
        )
        for section, refs in sections_of(snapshot)
    ]
    return Grid(scoring, columns, sections, final)


def grid_cell(
    scoring: ScoringRound, assessment: Assessment, criterion_id: str
) -> tuple[Cell, GridColumn] | None:
    """One cell of the grid after a save and its column's totals (one query for the
    assessment's scores; the rest of the grid is not loaded)."""
    snapshot = scoring.pledge.snapshot or {}
    criteria = criteria_of(snapshot)
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    year = scoring.meeting.bloc_year.year
    column = GridColumn(
        assessment,
        assessment.agency.short_name or assessment.agency.name_in(year),
        totals_of(criteria, scores, "self"),
        totals_for(
            assessment.pk,
            criteria,
            {
                cid: effective_points(s.self_points, s.checked_points, None)
                for cid, s in scores.items()
            },
        ),
    )
    for ref in criteria:
        if str(ref.id) == criterion_id:
            final = minutes_final(scoring.meeting_id)
            return cell_of(assessment, ref.id, scores.get(ref.id), final), column
    return None
