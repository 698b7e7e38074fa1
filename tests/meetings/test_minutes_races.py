"""The minutes and the election at the same moment, over two real database connections
(PostgreSQL only)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from blocs.models import BlocYear
from core.models import DocumentNumber
from meetings.models import Election, Meeting, MeetingKind, Minutes
from meetings.services import election, minutes
from tests.concurrency import at_the_same_moment
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


def test_two_finalisations_of_the_same_minutes_give_one_number(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    actor = world.users["secretariat"]
    draft = minutes.start_minutes(meeting, actor=actor)
    draft = minutes.update_minutes(draft, draft.version, actor=actor, ended_at=datetime.time(11))

    def finalise():
        fresh = Minutes.objects.select_related("meeting__bloc_year__bloc").get(pk=draft.pk)
        return minutes.finalise_minutes(fresh, draft.version, actor=actor)

    results = at_the_same_moment(finalise, finalise)

    assert sorted(type(r).__name__ for r in results) == ["Minutes", "ValidationError"], results
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert "01/BB-KTĐ6" in " ".join(refused.messages)
    assert DocumentNumber.objects.filter(doc_type="BB").count() == 1
    assert Minutes.objects.get().number == "Số: 01/BB-KTĐ6"


def test_a_score_change_waits_for_a_finalisation_and_is_then_refused(world):
    """What the scoring part does before a save (lock the meeting, ask check_scores_open) is
    serialised with finalising: the save after it is refused, never written into frozen minutes."""
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    actor = world.users["secretariat"]
    draft = minutes.start_minutes(meeting, actor=actor)
    draft = minutes.update_minutes(draft, draft.version, actor=actor, ended_at=datetime.time(11))
    from django.db import transaction

    from meetings.services.meetings import _lock

    def finalise():
        fresh = Minutes.objects.select_related("meeting__bloc_year__bloc").get(pk=draft.pk)
        return minutes.finalise_minutes(fresh, draft.version, actor=actor)

    def score_save():
        with transaction.atomic():
            _lock(Meeting.objects.get(pk=meeting.pk))
            minutes.check_scores_open(meeting.pk)
            return "saved"

    results = at_the_same_moment(finalise, score_save)
    assert isinstance(results[0], Minutes), results
    # Either the save went first (then the minutes froze what it saved) or it was refused.
    assert results[1] == "saved" or isinstance(results[1], ValidationError), results


def test_two_elections_at_once_prepare_next_year_once(world):
    yearend = MeetingFactory(
        bloc_year=world.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(2021, 1, 15, 8, tzinfo=datetime.UTC),
    )

    def elect(head, deputy):
        return lambda: election.record_election(
            Meeting.objects.select_related("bloc_year__bloc").get(pk=yearend.pk),
            actor=world.users["secretariat"],
            method="rotation",
            head=head,
            deputy=deputy,
        )

    results = at_the_same_moment(elect(world.member, world.head), elect(world.deputy, world.member))

    assert all(isinstance(r, Election) for r in results), results
    assert BlocYear.objects.filter(bloc=world.bloc, year=2021).count() == 1
    recorded = Election.objects.get()
    following = BlocYear.objects.get(bloc=world.bloc, year=2021)
    assert following.head == recorded.head
    assert following.deputy == recorded.deputy
