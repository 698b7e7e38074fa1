"""An agency's year-end scores across years and the blocs' year-end scores compared (issue 13 §5),
each read in a fixed number of queries whatever the number of agencies, blocs and years."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from blocs.models import Agency, Province
from core.cache import digest, kept_for_state
from core.ordering import vn_sort_key
from meetings.models import MeetingKind, Period, Score, ScoringRound
from meetings.scoring_selectors import score_states
from meetings.services.minutes import finalised_meetings
from meetings.services.ranking import criteria_of, effective_points, totals_for
from pledges.models import Pledge

from ..models import YearResult
from .standings import year_end_rankings

# Bump when what bloc_scores keeps in the cache changes shape.
BLOC_SCORES_FORMAT = 1

# --- An agency's scores across years ----------------------------------------------------------


@dataclass
class TrendPoint:
    year: int
    total: Decimal | None
    rank: int | None
    band: str
    bloc: str
    members: int | None = None
    entered: bool = False


def agency_trend(agency: Agency, years: Sequence[int]) -> list[TrendPoint]:
    """The agency's total, rank and band in each year-end ranking of `years` (a result the
    board entered for a year the system did not score fills its year, without a total); five
    queries whatever the number of years."""
    found: dict[int, TrendPoint] = {}
    for ranked in year_end_rankings([agency.pk], years):
        bloc_year = ranked.scoring.meeting.bloc_year
        for row in ranked.ranking.rows:
            if row.totals.agency_id == agency.pk:
                found[bloc_year.year] = TrendPoint(
                    year=bloc_year.year,
                    total=row.totals.total,
                    rank=row.rank,
                    band=row.band,
                    bloc=bloc_year.bloc.name_in(bloc_year.year),
                    members=ranked.members,
                )
    for result in YearResult.objects.filter(agency=agency, year__in=years):
        found.setdefault(
            result.year,
            TrendPoint(
                year=result.year,
                total=None,
                rank=result.rank,
                band=result.band,
                bloc="",
                entered=True,
            ),
        )
    return [found[y] for y in sorted(found)]


# --- Blocs compared -----------------------------------------------------------------------------


@dataclass
class BlocScore:
    name: str
    members: int
    average: Decimal
    best: Decimal
    lowest: Decimal


def bloc_scores(province: Province, year: int) -> list[BlocScore]:
    """Each bloc's year-end ranking of `year` summed up: its members' average, best and lowest
    totals (bonus and deductions counted as the ranking counts them). Three or four queries
    whatever the number of blocs and agencies; the totals, made from some 27,000 scores in a
    large province, are kept in the cache for as long as the rounds' scores are unchanged (the
    state: which meetings' minutes are finalised, their scores frozen, and one aggregate of the
    others' scores per round, read every time: core.cache)."""
    rounds = list(
        ScoringRound.objects.filter(
            period=Period.FULL_YEAR,
            meeting__kind=MeetingKind.YEAREND,
            meeting__bloc_year__year=year,
            meeting__bloc_year__bloc__province=province,
        )
        .select_related("pledge", "meeting__bloc_year__bloc")
        # The pledges' texts (some 8 KB each) only when the totals are made again.
        .defer("pledge__snapshot")
    )
    scores = Score.objects.filter(assessment__round__in=rounds)
    # The scores of a meeting whose minutes are finalised never change: only the others'
    # are read for the state (a past year's statistics read none).
    final = finalised_meetings(r.meeting_id for r in rounds)
    changing = [r for r in rounds if r.meeting_id not in final]
    states = score_states(r.pk for r in changing)
    state = digest(
        BLOC_SCORES_FORMAT,
        [(r.pk, r.pledge_id, r.pledge.snapshot_sha256, r.meeting_id in final) for r in rounds],
        sorted(states.items()),
    )
    totals = kept_for_state(
        f"awards:bloc-scores:{province.pk}:{year}", state, lambda: _round_totals(rounds, scores)
    )
    found: dict[int, BlocScore] = {}
    for scoring in rounds:
        members = totals.get(scoring.pk)
        if not members:
            continue
        bloc_year = scoring.meeting.bloc_year
        average = (sum(members, Decimal(0)) / len(members)).quantize(Decimal("0.01"))
        found[bloc_year.pk] = BlocScore(
            name=bloc_year.bloc.name_in(year),
            members=len(members),
            average=average,
            best=max(members),
            lowest=min(members),
        )
    return sorted(found.values(), key=lambda row: vn_sort_key(row.name))


def _round_totals(rounds: list[ScoringRound], scores: Any) -> dict[int, list[Decimal]]:
    """Each round's members' totals, counted as the ranking counts them."""
    points: dict[int, dict[int, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    for round_id, agency_id, criterion_id, own, checked, agreed in scores.values_list(
        "assessment__round_id",
        "assessment__agency_id",
        "criterion_id",
        "self_points",
        "checked_points",
        "agreed_points",
    ):
        points[round_id][agency_id][criterion_id] = effective_points(own, checked, agreed)
    snapshots = dict(
        Pledge.objects.filter(pk__in={r.pledge_id for r in rounds}).values_list("pk", "snapshot")
    )
    totals: dict[int, list[Decimal]] = {}
    for scoring in rounds:
        criteria = criteria_of(snapshots[scoring.pledge_id] or {})
        totals[scoring.pk] = [
            totals_for(agency_id, criteria, values).total
            for agency_id, values in points[scoring.pk].items()
        ]
    return totals
