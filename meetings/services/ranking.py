"""Totals, ranks, ties, tie-breaks, classification bands and the leading unit: the one place where
a bloc's scores become its ranking (domain.md, "Scoring").

- A criterion's points are the agreed points where the meeting agreed them, else the checked
  points, else the self points (missing points count 0 and are reported).
- total = standard + bonus − deductions; bonus points are never counted into the standard total.
- Ranking by total, highest first. Agencies with the same total are ordered by the province's
  tie-breaks in turn (no order is fixed by law); those still equal share their rank ("đồng
  hạng"), shown as such: ranks go 1, 2, 2, 4.
- The band comes from the province's thresholds (in percent of the standard maximum, or in
  points); a band marked "no_zero" also requires that no standard criterion scored 0.
- The leading unit (đơn vị dẫn đầu) is the one agency ranked first alone; a tie for first leaves
  it to the meeting (a recorded vote, TieBreak.VOTE).

Everything here is computed from plain data, so the same code ranks a round on its page, in the
minutes and in the score table; `rank_round` loads a round's data in a fixed number of queries.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pledges.models import CriterionKind

if TYPE_CHECKING:
    from ..models import ScoringRound, ScoringRules

ZERO = Decimal(0)


@dataclass(frozen=True)
class CriterionRef:
    """A criterion of the frozen snapshot: its id, the index of its section (0 for the first),
    its kind and its maximum."""

    id: int
    section: int
    kind: str
    max_points: Decimal


def criteria_of(snapshot: Mapping[str, Any]) -> list[CriterionRef]:
    """The criteria of a pledge's snapshot, in order (format 2 carries their ids)."""
    return [
        CriterionRef(
            id=int(criterion["id"]),
            section=index,
            kind=criterion["kind"],
            max_points=Decimal(criterion["max_points"]),
        )
        for index, section in enumerate(snapshot.get("sections", []))
        for criterion in section["criteria"]
    ]


def standard_maximum(criteria: Iterable[CriterionRef]) -> Decimal:
    return sum((c.max_points for c in criteria if c.kind == CriterionKind.STANDARD), ZERO)


def effective_points(
    self_points: Decimal | None, checked: Decimal | None, agreed: Decimal | None
) -> Decimal | None:
    """Agreed where agreed, else checked, else self."""
    for points in (agreed, checked, self_points):
        if points is not None:
            return points
    return None


@dataclass
class Totals:
    agency_id: int
    standard: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    first_section: Decimal = ZERO  # standard points of the first group (a tie-break)
    scored_zero: bool = False  # a standard criterion with 0 points (bands may exclude it)
    missing: int = 0  # criteria without any points yet

    @property
    def total(self) -> Decimal:
        return self.standard + self.bonus - self.deduction


def totals_for(
    agency_id: int, criteria: Sequence[CriterionRef], points: Mapping[int, Decimal | None]
) -> Totals:
    """An agency's totals from its points by criterion id."""
    totals = Totals(agency_id)
    for criterion in criteria:
        value = points.get(criterion.id)
        if value is None:
            totals.missing += 1
            value = ZERO
        if criterion.kind == CriterionKind.BONUS:
            totals.bonus += value
        elif criterion.kind == CriterionKind.DEDUCTION:
            totals.deduction += value
        else:
            totals.standard += value
            if criterion.section == 0:
                totals.first_section += value
            if value == ZERO:
                totals.scored_zero = True
    return totals


@dataclass
class Row:
    totals: Totals
    rank: int = 0
    tied: bool = False  # shares its rank with another agency ("đồng hạng")
    band: str = ""
    decided_by: str = ""  # the tie-break that set it apart from an agency with the same total


@dataclass
class Ranking:
    rows: list[Row] = field(default_factory=list)
    standard_max: Decimal = ZERO
    tie_breaks: Sequence[str] = ()  # the province's, in the order they were applied

    @property
    def leading(self) -> int | None:
        """The agency ranked first alone, or None (no rows, or a tie for first)."""
        first = [row for row in self.rows if row.rank == 1]
        return first[0].totals.agency_id if len(first) == 1 else None

    @property
    def complete(self) -> bool:
        return all(row.totals.missing == 0 for row in self.rows)


def _tie_key(totals: Totals, tie_break: str, votes: Mapping[int, int]) -> Decimal:
    """Higher is better for every tie-break."""
    if tie_break == "first_section":
        return totals.first_section
    if tie_break == "fewer_deductions":
        return -totals.deduction
    if tie_break == "more_bonus":
        return totals.bonus
    if tie_break == "vote":
        return Decimal(votes.get(totals.agency_id, 0))
    raise ValueError(f"unknown tie-break {tie_break!r}")


def rank(
    entries: Iterable[Totals],
    *,
    tie_breaks: Sequence[str] = (),
    votes: Mapping[int, int] | None = None,
) -> list[Row]:
    """Rows best first with competition ranks (1, 2, 2, 4). Equal totals are ordered by each
    tie-break in turn; agencies equal on all of them share a rank and are marked tied."""
    votes = votes or {}

    def key(totals: Totals) -> tuple[Decimal, ...]:
        return (totals.total, *(_tie_key(totals, t, votes) for t in tie_breaks))

    ordered = sorted(entries, key=lambda t: (key(t), -t.agency_id), reverse=True)
    rows: list[Row] = []
    for position, totals in enumerate(ordered, start=1):
        row = Row(totals)
        previous = rows[-1] if rows else None
        if previous is not None and key(previous.totals) == key(totals):
            row.rank = previous.rank
            row.tied = previous.tied = True
        else:
            row.rank = position
            if previous is not None and previous.totals.total == totals.total:
                row.decided_by = _deciding(previous.totals, totals, tie_breaks, votes)
        rows.append(row)
    return rows


def _deciding(
    better: Totals, worse: Totals, tie_breaks: Sequence[str], votes: Mapping[int, int]
) -> str:
    for tie_break in tie_breaks:
        if _tie_key(better, tie_break, votes) != _tie_key(worse, tie_break, votes):
            return tie_break
    return ""


def band_for(totals: Totals, bands: Sequence[Mapping[str, Any]], scale: Decimal) -> str:
    """The first band (highest first) whose threshold the total reaches. `scale` turns a
    threshold into points: the standard maximum / 100 for bands in percent, 1 for points."""
    for band in sorted(bands, key=lambda b: Decimal(str(b["min"])), reverse=True):
        if totals.total >= Decimal(str(band["min"])) * scale and not (
            band.get("no_zero") and totals.scored_zero
        ):
            return str(band["label"])
    return ""


def rank_with_rules(
    entries: Iterable[Totals],
    rules: "ScoringRules",
    criteria: Sequence[CriterionRef],
    votes: Mapping[int, int] | None = None,
) -> Ranking:
    standard_max = standard_maximum(criteria)
    scale = standard_max / 100 if rules.bands_in_percent else Decimal(1)
    rows = rank(entries, tie_breaks=rules.tie_breaks, votes=votes)
    for row in rows:
        row.band = band_for(row.totals, rules.bands, scale)
    return Ranking(rows=rows, standard_max=standard_max, tie_breaks=tuple(rules.tie_breaks))


# (agency id, criterion id, self, checked, agreed points): a round's scores as the ranking and
# the score table read them.
ScoreRow = tuple[int, int, Decimal | None, Decimal | None, Decimal | None]


def round_scores(scoring: "ScoringRound") -> list[ScoreRow]:
    """The round's scores as plain values (one query)."""
    from ..models import Score

    return list(
        Score.objects.filter(assessment__round=scoring).values_list(
            "assessment__agency_id",
            "criterion_id",
            "self_points",
            "checked_points",
            "agreed_points",
        )
    )


def rank_round(scoring: "ScoringRound", scores: list[ScoreRow] | None = None) -> Ranking:
    """The round's ranking from its scores as they stand (read unless the caller has them), in
    three queries."""
    from .rules import rules_for

    criteria = criteria_of(scoring.pledge.snapshot or {})
    points: dict[int, dict[int, Decimal | None]] = {
        agency_id: {} for agency_id in scoring.assessments.values_list("agency_id", flat=True)
    }
    for agency_id, criterion_id, self_points, checked, agreed in (
        round_scores(scoring) if scores is None else scores
    ):
        points[agency_id][criterion_id] = effective_points(self_points, checked, agreed)
    entries = [totals_for(agency_id, criteria, by_id) for agency_id, by_id in points.items()]
    rules = rules_for(scoring.meeting.bloc_year.bloc.province_id)
    votes = {int(agency): int(n) for agency, n in (scoring.tie_votes or {}).items()}
    return rank_with_rules(entries, rules, criteria, votes)
