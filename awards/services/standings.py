"""Where agencies stood in their blocs' year-end rankings, for the eligibility rules: rank, band,
whether they led their bloc alone. Read for many agencies and years at once in a fixed number of
queries, ranked with meetings' own functions (meetings.services.ranking), so a candidate's band
here is the band on the ranking page.

Only the year-end review's whole-year round counts (domain.md, "Annual cycle": the tổng kết
ranks the year). For a year the system did not score, the board may have entered the result it
found in that year's minutes (YearResult); a computed ranking takes precedence over it.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from meetings.models import Assessment, MeetingKind, Period, Score, ScoringRound, ScoringRules
from meetings.services.ranking import (
    Ranking,
    criteria_of,
    effective_points,
    rank_with_rules,
    totals_for,
)

from ..models import YearResult


@dataclass(frozen=True)
class Standing:
    agency_id: int
    year: int
    band: str
    rank: int | None
    leading: bool  # ranked first alone in its bloc (the leading unit)
    tied: bool = False  # shares its rank
    bloc_year_id: int | None = None
    agreed: bool = False  # the meeting agreed the scores (else the ranking is provisional)
    entered: bool = False  # from a YearResult the board entered


def bands_best_first(bands: Iterable[dict[str, Any]]) -> list[str]:
    """The labels of a province's bands, best first."""
    ordered = sorted(bands, key=lambda band: Decimal(str(band["min"])), reverse=True)
    return [str(band["label"]) for band in ordered]


def _rules_by_province(province_ids: set[int]) -> dict[int, ScoringRules]:
    found = {r.province_id: r for r in ScoringRules.objects.filter(province_id__in=province_ids)}
    return {pid: found.get(pid) or ScoringRules(province_id=pid) for pid in province_ids}


@dataclass(frozen=True)
class YearEndRanking:
    """One bloc-year's year-end ranking, as the ranking page shows it."""

    scoring: ScoringRound
    ranking: Ranking
    members: int  # the agencies ranked


def year_end_rankings(agency_ids: Sequence[int], years: Sequence[int]) -> list[YearEndRanking]:
    """Every year-end ranking of `years` in which one of `agency_ids` was scored, each ranked by
    its province's rules; four queries whatever the number of agencies, years and blocs."""
    if not agency_ids or not years:
        return []
    rounds = list(
        ScoringRound.objects.filter(
            period=Period.FULL_YEAR,
            meeting__kind=MeetingKind.YEAREND,
            meeting__bloc_year__year__in=years,
            assessments__agency_id__in=agency_ids,
        )
        .distinct()
        .select_related("pledge", "meeting__bloc_year__bloc")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for round_id, agency_id in Assessment.objects.filter(round__in=rounds).values_list(
        "round_id", "agency_id"
    ):
        members[round_id].append(agency_id)
    points: dict[int, dict[int, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    scores = Score.objects.filter(assessment__round__in=rounds).values_list(
        "assessment__round_id",
        "assessment__agency_id",
        "criterion_id",
        "self_points",
        "checked_points",
        "agreed_points",
    )
    for round_id, agency_id, criterion_id, self_points, checked, agreed in scores:
        points[round_id][agency_id][criterion_id] = effective_points(self_points, checked, agreed)
    rules = _rules_by_province({r.meeting.bloc_year.bloc.province_id for r in rounds})
    rankings = []
    for scoring in rounds:
        criteria = criteria_of(scoring.pledge.snapshot or {})
        entries = [
            totals_for(agency_id, criteria, points[scoring.pk][agency_id])
            for agency_id in members[scoring.pk]
        ]
        votes = {int(a): int(n) for a, n in (scoring.tie_votes or {}).items()}
        province_rules = rules[scoring.meeting.bloc_year.bloc.province_id]
        ranking = rank_with_rules(entries, province_rules, criteria, votes)
        rankings.append(YearEndRanking(scoring=scoring, ranking=ranking, members=len(entries)))
    return rankings


def standings_of(
    agency_ids: Sequence[int], years: Sequence[int]
) -> dict[tuple[int, int], Standing]:
    """(agency id, year) → Standing for every agency and year that has one; five queries
    whatever the number of agencies, years and blocs."""
    if not agency_ids or not years:
        return {}
    wanted = set(agency_ids)
    found: dict[tuple[int, int], Standing] = {}
    for ranked in year_end_rankings(agency_ids, years):
        bloc_year = ranked.scoring.meeting.bloc_year
        for row in ranked.ranking.rows:
            agency_id = row.totals.agency_id
            if agency_id in wanted:
                found[(agency_id, bloc_year.year)] = Standing(
                    agency_id=agency_id,
                    year=bloc_year.year,
                    band=row.band,
                    rank=row.rank,
                    leading=ranked.ranking.leading == agency_id,
                    tied=row.tied,
                    bloc_year_id=bloc_year.pk,
                    agreed=ranked.scoring.agreed_at is not None,
                )
    for result in YearResult.objects.filter(agency_id__in=agency_ids, year__in=years):
        found.setdefault(
            (result.agency_id, result.year),
            Standing(
                agency_id=result.agency_id,
                year=result.year,
                band=result.band,
                rank=result.rank,
                leading=result.rank == 1,
                entered=True,
            ),
        )
    return found
