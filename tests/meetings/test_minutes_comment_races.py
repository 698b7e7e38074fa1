"""f1: the overseer's comments on the minutes at the same moment as a finalisation or another
comment, over two real database connections (PostgreSQL only): every comment is kept, the
finalisation gets its one number, nothing is refused or half-saved."""

import datetime

import pytest

from core.models import Change, DocumentNumber
from meetings.history import CommentAction
from meetings.models import Comment, Meeting, Minutes
from meetings.services import minutes
from meetings.services.evidence import add_minutes_comment
from tests.concurrency import at_the_same_moment
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


def _comment(meeting_pk, actor, text):
    def call():
        meeting = Meeting.objects.select_related("bloc_year__bloc").get(pk=meeting_pk)
        return add_minutes_comment(meeting, actor=actor, text=text)

    return call


def test_two_comments_at_the_same_moment_are_both_kept(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    overseer = world.users["overseer"]

    results = at_the_same_moment(
        _comment(meeting.pk, overseer, "Một (ví dụ)."),
        _comment(meeting.pk, overseer, "Hai (ví dụ)."),
    )

    assert all(isinstance(r, Comment) for r in results), results
    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "Hai (ví dụ).",
        "Một (ví dụ).",
    ]
    assert Change.objects.filter(action=CommentAction.MINUTES_COMMENTED).count() == 2


def test_a_comment_during_a_finalisation_is_kept_and_changes_nothing(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    actor = world.users["secretariat"]
    draft = minutes.start_minutes(meeting, actor=actor)
    draft = minutes.update_minutes(draft, draft.version, actor=actor, ended_at=datetime.time(11))

    def finalise():
        fresh = Minutes.objects.select_related("meeting__bloc_year__bloc").get(pk=draft.pk)
        return minutes.finalise_minutes(fresh, draft.version, actor=actor)

    results = at_the_same_moment(
        finalise, _comment(meeting.pk, world.users["overseer"], "Đồng ý (ví dụ).")
    )

    assert isinstance(results[0], Minutes), results
    assert isinstance(results[1], Comment), results
    assert Minutes.objects.get().number == "Số: 01/BB-KTĐ6"
    assert DocumentNumber.objects.filter(doc_type="BB").count() == 1
    assert Comment.objects.get().assessment is None
