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


# --- aw3: submitted nominations for the board's tests ---------------------------------------


def submitted_nomination(bloc_year, agency, award_key="co-thi-dua-tinh", *, meeting=None, **extra):
    """A nomination as the secretariat submits it (aw2's services are not what is tested here):
    SUBMITTED, with a year-end meeting, one generated-looking dossier file per checklist item
    but the last (so the checklist shows one missing)."""
    from awards.models import AwardType, Nomination, NominationStatus

    award = AwardType.objects.get(province=bloc_year.bloc.province, key=award_key)
    if meeting is None:
        meeting = Meeting.objects.filter(
            bloc_year=bloc_year, kind=MeetingKind.YEAREND
        ).first() or Meeting.objects.create(
            bloc_year=bloc_year,
            kind=MeetingKind.YEAREND,
            starts_at=timezone.make_aware(datetime.datetime(bloc_year.year + 1, 1, 11, 8)),
            place="Hội trường",
        )
    values = {
        "status": NominationStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        **extra,
    }
    return Nomination.objects.create(
        bloc_year=bloc_year, meeting=meeting, award_type=award, agency=agency, **values
    )


def add_dossier_file(nomination, item, user, *, name=None, content=b"%PDF-1.4 test"):
    import hashlib

    from django.core.files.base import ContentFile

    from awards.models import DossierFile

    digest = hashlib.sha256(content).hexdigest()
    dossier_file = DossierFile(
        nomination=nomination,
        item=item,
        round=nomination.round,
        name=name or f"{item}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=digest,
        added_by=user,
    )
    dossier_file.file.save(dossier_file.name, ContentFile(content), save=False)
    dossier_file.save()
    return dossier_file


@pytest.fixture
def submitted(world):
    """Khối 6 proposes Thanh tra tỉnh for the provincial flag of 2020: submitted."""
    return submitted_nomination(world.bloc_year, world.member)
