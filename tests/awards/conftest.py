"""Year-end rankings for the awards tests: a bloc-year's tổng kết with one 100-point criterion and
the agreed points of each member, built directly (the meetings' services are not what is
tested here)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from blocs.models import Agency, BlocYear, MemberRole, Membership
from meetings.models import (
    Assessment,
    CheckingMode,
    Meeting,
    MeetingKind,
    Period,
    Score,
    ScoringRound,
)
from pledges.models import CriteriaSet, Pledge, PledgeStatus

SNAPSHOT = {
    "format": 2,
    "sections": [
        {
            "id": 1,
            "title": "Nhiệm vụ",
            "criteria": [
                {"id": 1, "text": "Hoàn thành nhiệm vụ", "kind": "standard", "max_points": "100"}
            ],
        }
    ],
}


def year_end_ranking(
    bloc_year: BlocYear, points: dict[Agency, str], *, agreed: bool = True
) -> ScoringRound:
    """The bloc-year's year-end review, scored: each agency's agreed points out of 100 (bands by
    default: ≥ 95 "Hoàn thành xuất sắc nhiệm vụ", ≥ 85 "Hoàn thành tốt nhiệm vụ", ≥ 75 …)."""
    for agency in points:
        Membership.objects.get_or_create(
            bloc_year=bloc_year, agency=agency, defaults={"role": MemberRole.MEMBER}
        )
    criteria_set = CriteriaSet.objects.create(
        province=bloc_year.bloc.province,
        bloc_year=bloc_year,
        year=bloc_year.year,
        title="Bảng điểm",
    )
    now = timezone.now()
    pledge = Pledge.objects.create(
        bloc_year=bloc_year,
        criteria_set=criteria_set,
        status=PledgeStatus.IN_FORCE,
        snapshot=SNAPSHOT,
        snapshot_sha256="0" * 64,
        opened_at=now,
        in_force_at=now,
    )
    meeting = Meeting.objects.create(
        bloc_year=bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=timezone.make_aware(datetime.datetime(bloc_year.year + 1, 1, 11, 8)),
        place="Hội trường",
    )
    scoring = ScoringRound.objects.create(
        meeting=meeting,
        pledge=pledge,
        period=Period.FULL_YEAR,
        checking=CheckingMode.SECRETARIAT,
        agreed_at=now if agreed else None,
    )
    for agency, value in points.items():
        assessment = Assessment.objects.create(round=scoring, agency=agency)
        Score.objects.create(assessment=assessment, criterion_id=1, agreed_points=Decimal(value))
    return scoring


@pytest.fixture
def ranked(world):
    """Khối 6's 2019 and 2020 year-end rankings: in 2020 the head leads with 97 (excellent),
    the deputy 96 (excellent), the member 90 (good); in 2019 the deputy 95, the head 88, the
    member 70."""
    from tests.factories import BlocYearFactory

    previous = BlocYearFactory(bloc=world.bloc, year=2019)
    year_end_ranking(previous, {world.deputy: "95", world.head: "88", world.member: "70"})
    year_end_ranking(world.bloc_year, {world.head: "97", world.deputy: "96", world.member: "90"})
    return world
