"""The minutes and the election at the same moment, over two real database connections
(PostgreSQL only)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from blocs.models import BlocYear
from core.models import DocumentNumber
from meetings.models import Assessment, Election, Meeting, MeetingKind, Minutes, Score, ScoreColumn
from meetings.services import election, minutes
from meetings.services.scoring_cells import save_cell
from tests.concurrency import at_the_same_moment
from tests.factories import MeetingFactory, scored_round

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


def test_a_score_save_during_a_finalisation_is_either_frozen_in_the_minutes_or_refused(world):
    """The scoring service's save (save_cell locks the meeting, then asks whether the minutes
    are final) and finalising are serialised by the meeting's lock: a save after the
    finalisation is refused, never written beside frozen minutes."""
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    scoring = scored_round(meeting, [world.head, world.deputy, world.member])
    actor = world.users["secretariat"]
    draft = minutes.start_minutes(meeting, actor=actor)
    draft = minutes.update_minutes(draft, draft.version, actor=actor, ended_at=datetime.time(11))
    assessment = scoring.assessments.get(agency=world.member)
    criterion_id = assessment.scores.order_by("criterion_id").first().criterion_id

    def finalise():
        fresh = Minutes.objects.select_related("meeting__bloc_year__bloc").get(pk=draft.pk)
        return minutes.finalise_minutes(fresh, draft.version, actor=actor)

    def score_save():
        return save_cell(
            Assessment.objects.get(pk=assessment.pk),
            criterion_id,
            column=ScoreColumn.AGREED,
            points=Decimal("0.5"),
            note="Hội nghị thống nhất",
            expected_version=0,
            actor=actor,
        )

    finalised, saved = at_the_same_moment(finalise, score_save)

    assert isinstance(finalised, Minutes), finalised
    score = Score.objects.get(assessment=assessment, criterion_id=criterion_id)
    if isinstance(saved, ValidationError):
        assert saved.code == "final"
        assert score.agreed_points == Decimal(1)  # as the factory scored it
    else:  # the save went first: the frozen minutes hold it
        assert score.agreed_points == Decimal("0.5")


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
