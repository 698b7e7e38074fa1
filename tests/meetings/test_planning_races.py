"""Meetings planned, attended and invited at the same moment, over two real database connections
(PostgreSQL only: SQLite serialises writers by locking the whole file)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.actors import SYSTEM
from core.versioning import StaleEdit
from meetings.models import Attendance, Invitation, Meeting, MeetingKind, Presence
from meetings.services import attendance, invitations, meetings
from tests.concurrency import at_the_same_moment
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_same_review_planned_twice_at_once_is_planned_once(world):
    def plan():
        return meetings.plan_meeting(
            world.bloc_year,
            actor=SYSTEM,
            kind=MeetingKind.MIDYEAR,
            starts_at=datetime.datetime(2020, 8, 10, 8, tzinfo=VN),
            place="Hội trường",
        )

    results = at_the_same_moment(plan, plan)
    assert sorted(type(r).__name__ for r in results) == ["Meeting", "ValidationError"], results
    assert Meeting.objects.count() == 1


def test_two_attendance_saves_at_once_one_is_told_it_is_stale(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)

    def save(name):
        return lambda: attendance.record_attendance(
            Meeting.objects.get(pk=meeting.pk),
            0,
            actor=SYSTEM,
            marks=[attendance.Mark(world.head.pk, Presence.PRESENT, name)],
            guests_present=set(),
        )

    results = at_the_same_moment(save("Người A"), save("Người B"))
    assert sorted(type(r).__name__ for r in results) == ["Meeting", "StaleEdit"], results
    assert isinstance(next(r for r in results if not isinstance(r, Meeting)), StaleEdit)
    (row,) = Attendance.objects.all()
    winner = next(r for r in results if isinstance(r, Meeting))
    assert winner.attendance_version == 1
    assert row.attendee_name in ("Người A", "Người B")


def test_two_first_invitations_at_once_give_one_number(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)

    def issue():
        return invitations.issue_invitation(
            Meeting.objects.get(pk=meeting.pk), actor=SYSTEM, dated=datetime.date(2020, 8, 3)
        )

    results = at_the_same_moment(issue, issue)
    issued = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    # The second waited for the first, then was asked what changed since it.
    assert len(issued) == 1, results
    assert len(refused) == 1
    assert "note" in refused[0].error_dict
    assert issued[0].number == "Số: 01/GM-KTĐ6"
    assert Invitation.objects.count() == 1
