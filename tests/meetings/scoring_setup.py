"""A bloc-year ready to score: a pledge in force with a frozen snapshot (format 2, criterion ids),
a sơ kết that scores the first half, and helpers to open the round (mb: scoring)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from meetings.models import ReviewSettings
from meetings.services import scoring, scoring_cells
from pledges.models import PledgeStatus
from tests.factories import MeetingFactory, PledgeFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def snapshot(sections: int = 2, per_section: int = 3, *, start_id: int = 1000) -> dict:
    """Standard groups of `per_section` criteria of 10 points each, then a bonus and a
    deduction criterion of 3 points each."""
    next_id = start_id
    result = []
    for number in range(1, sections + 1):
        criteria = []
        for index in range(1, per_section + 1):
            criteria.append(
                {
                    "id": next_id,
                    "number": str(index),
                    "text": f"Tiêu chí {number}.{index}",
                    "max_points": "10",
                    "kind": "standard",
                    "guidance": "",
                }
            )
            next_id += 1
        result.append(
            {
                "id": number,
                "number": str(number),
                "title": f"Nhóm {number}",
                "kind": "standard",
                "criteria": criteria,
            }
        )
    result.append(
        {
            "id": sections + 1,
            "number": str(sections + 1),
            "title": "Điểm thưởng, điểm trừ",
            "kind": "bonus",
            "criteria": [
                {
                    "id": next_id,
                    "number": "1",
                    "text": "Điểm thưởng",
                    "max_points": "3",
                    "kind": "bonus",
                    "guidance": "",
                },
                {
                    "id": next_id + 1,
                    "number": "2",
                    "text": "Điểm trừ",
                    "max_points": "3",
                    "kind": "deduction",
                    "guidance": "",
                },
            ],
        }
    )
    return {"format": 2, "title": "Giao ước", "sections": result}


def pledge_in_force(bloc_year, **kwargs):
    opened = datetime.datetime(bloc_year.year, 2, 1, 8, 0, tzinfo=VN)
    return PledgeFactory(
        bloc_year=bloc_year,
        status=PledgeStatus.IN_FORCE,
        snapshot=kwargs.pop("snapshot", None) or snapshot(**kwargs),
        snapshot_sha256="a" * 64,
        opened_at=opened,
        in_force_at=opened,
    )


def midyear(bloc_year, *, checking: str = "secretariat"):
    ReviewSettings.objects.update_or_create(
        bloc_year=bloc_year, defaults={"score_first_half": True, "checking": checking}
    )
    return bloc_year.meetings.filter(kind="midyear").first() or MeetingFactory(bloc_year=bloc_year)


def open_round(world, **kwargs):
    """The world's sơ kết with its round open (secretariat checking unless told)."""
    checking = kwargs.pop("checking", "secretariat")
    pledge_in_force(world.bloc_year, **kwargs)
    meeting = midyear(world.bloc_year, checking=checking)
    return scoring.open_round(meeting, actor=world.users["board"])


def criterion_ids(scoring_round) -> list[int]:
    from meetings.services.ranking import criteria_of

    return [c.id for c in criteria_of(scoring_round.pledge.snapshot)]


def fill_self(assessment, user, points: str = "8", *, submit: bool = True) -> None:
    """Every criterion self-scored (bonus and deduction 1), then submitted."""
    from meetings.models import Score
    from meetings.services.ranking import criteria_of

    versions = dict(
        Score.objects.filter(assessment=assessment).values_list("criterion_id", "self_version")
    )
    for criterion in criteria_of(assessment.round.pledge.snapshot):
        value = points if criterion.kind == "standard" else "1"
        scoring_cells.save_cell(
            assessment,
            criterion.id,
            column="self",
            points=Decimal(value),
            note="",
            expected_version=versions.get(criterion.id, 0),
            actor=user,
        )
    if submit:
        assessment.refresh_from_db()
        scoring_cells.submit(assessment, actor=user)
