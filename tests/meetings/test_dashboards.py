"""Meetings on the dashboards and the bloc-year page: the board's review stages, the overseer's
blocs' meetings and progress, agencies' to-dos; and the fixed query counts of these pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blocs.models import MemberRole
from blocs.stages import StageState, stage_states
from meetings.models import Attendance, MeetingKind, Presence
from meetings.selectors import midyear_states, review_states, yearend_states
from tests.factories import (
    BlocYearFactory,
    FinalMinutesFactory,
    GuestFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    ScoringRoundFactory,
)

pytestmark = pytest.mark.django_db


def test_review_stages_follow_the_meetings(world):
    other = BlocYearFactory(bloc=world.other_bloc, year=2019)
    midyear = MeetingFactory(bloc_year=world.bloc_year)
    MeetingFactory(bloc_year=other)
    ids = [world.bloc_year.pk, other.pk]
    assert midyear_states(ids) == {
        world.bloc_year.pk: StageState.IN_PROGRESS,
        other.pk: StageState.IN_PROGRESS,
    }
    FinalMinutesFactory(meeting=midyear)
    assert midyear_states(ids)[world.bloc_year.pk] == StageState.DONE
    assert yearend_states(ids) == {}
    MeetingFactory(bloc_year=world.bloc_year, kind=MeetingKind.YEAREND)
    assert yearend_states(ids) == {world.bloc_year.pk: StageState.IN_PROGRESS}


def test_both_reviews_stages_are_read_in_one_query(world, django_assert_num_queries):
    pk = world.bloc_year.pk
    MeetingFactory(bloc_year=world.bloc_year)
    FinalMinutesFactory(meeting=MeetingFactory(bloc_year=world.bloc_year, kind=MeetingKind.YEAREND))

    with django_assert_num_queries(1):
        states = review_states([pk])

    assert states == {"midyear": {pk: StageState.IN_PROGRESS}, "yearend": {pk: StageState.DONE}}
    shown = {stage.key: state for stage, state in stage_states([pk])[pk]}
    assert shown["midyear"] == StageState.IN_PROGRESS
    assert shown["yearend"] == StageState.DONE


def test_the_board_dashboard_shows_the_review_stages(world, client_for):
    FinalMinutesFactory(meeting=MeetingFactory(bloc_year=world.bloc_year))
    response = client_for("board").get(reverse("blocs:dashboard") + "?nam=2020")
    row = next(
        r for r in response.context["rows"] if r.bloc_year and r.bloc_year.pk == world.bloc_year.pk
    )
    states = {stage.key: state for stage, state in row.stages}
    assert states["midyear"] == StageState.DONE
    assert states["yearend"] == StageState.NOT_STARTED


def test_the_overseer_sees_their_blocs_meetings_and_progress(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year, place="Hội trường Thanh tra tỉnh")
    Attendance.objects.create(
        meeting=meeting, agency=world.head, presence=Presence.PRESENT, attendee_name="A"
    )
    MeetingFactory(bloc_year=world.foreign_bloc_year, place="Nơi khác")
    response = client_for("overseer").get(reverse("blocs:dashboard"))
    page = response.content.decode()
    assert 'id="overseen-meeting-list"' in page
    assert "Hội trường Thanh tra tỉnh" in page
    assert "Nơi khác" not in page
    assert "1/3" in page
    ((_summary, stages),) = response.context["rows"]
    assert dict((s.key, state) for s, state in stages)["midyear"] == (StageState.IN_PROGRESS)


def test_an_agency_is_told_of_a_coming_meeting(world, client_for):
    soon = MeetingFactory(
        bloc_year=world.bloc_year,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        place="Phòng họp số 1",
    )
    MeetingFactory(bloc_year=world.bloc_year, kind=MeetingKind.YEAREND)  # 2020: past
    response = client_for("member").get(reverse("blocs:dashboard") + "?nam=2020")
    todo = response.context["todo"]
    assert [item.url for item in todo] == [soon.get_absolute_url()]
    assert "Phòng họp số 1" in todo[0].text
    # Not for an agency of another bloc.
    response = client_for("other_bloc_member").get(reverse("blocs:dashboard") + "?nam=2020")
    assert response.context["todo"] == []


def test_the_bloc_year_page_lists_its_meetings(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    page = client_for("member").get(world.bloc_year.get_absolute_url()).content.decode()
    assert 'id="meetings-section"' in page
    assert meeting.get_absolute_url() in page
    assert 'id="meetings-link"' in page
    # A member reads; only the secretariat and the board are offered to plan.
    assert reverse("meetings:meeting_create", args=[world.bloc.pk, 2020]) not in page
    page = client_for("secretariat").get(world.bloc_year.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_create", args=[world.bloc.pk, 2020]) in page


# --- f1: the rotation order is offered on the bloc-year page to those who run it ---


@pytest.mark.parametrize(
    ("role", "offered"),
    [("secretariat", True), ("board", True), ("member", False), ("overseer", False)],
)
def test_the_bloc_year_page_offers_the_rotation_order_to_runners(role, offered, world, client_for):
    rotation = reverse("meetings:rotation", args=[world.bloc.pk, 2020])
    page = client_for(role).get(world.bloc_year.get_absolute_url()).content.decode()
    assert ('id="rotation-link"' in page) is offered
    assert (rotation in page) is offered
    if offered:
        assert client_for(role).get(rotation).status_code == 200


# --- end f1 ---


# --- Query budgets -------------------------------------------------------------------------


def _grow(world, blocs: int) -> None:
    """More blocs with meetings, attendance, guests and invitations; more meetings here."""
    for _ in range(blocs):
        bloc_year = BlocYearFactory(
            bloc__province=world.province,
            year=2020,
            overseer=world.official,
        )
        MembershipFactory(bloc_year=bloc_year, role=MemberRole.HEAD)
        members = MembershipFactory.create_batch(3, bloc_year=bloc_year)
        meeting = MeetingFactory(bloc_year=bloc_year)
        FinalMinutesFactory(meeting=meeting)
        ScoringRoundFactory(meeting=MeetingFactory(bloc_year=bloc_year, kind=MeetingKind.YEAREND))
        for membership in members:
            Attendance.objects.create(
                meeting=meeting,
                agency=membership.agency,
                presence=Presence.PRESENT,
                attendee_name="Người dự",
            )
    for index in range(3):
        other = MeetingFactory(
            bloc_year=world.bloc_year, kind=MeetingKind.OTHER, title=f"Họp số {index}"
        )
        GuestFactory.create_batch(2, meeting=other)
        InvitationFactory(meeting=other)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _meeting(world):
    return world.bloc_year.meetings.get(kind=MeetingKind.MIDYEAR)


PAGES = [
    ("board", lambda w: reverse("blocs:dashboard") + "?nam=2020"),
    ("overseer", lambda w: reverse("blocs:dashboard")),
    ("member", lambda w: reverse("blocs:dashboard") + "?nam=2020"),
    ("secretariat", lambda w: reverse("blocs:bloc_year_detail", args=[w.bloc.pk, 2020])),
    ("secretariat", lambda w: reverse("meetings:bloc_year_meetings", args=[w.bloc.pk, 2020])),
    ("secretariat", lambda w: _meeting(w).get_absolute_url()),
    ("secretariat", lambda w: reverse("meetings:guests", args=[_meeting(w).pk])),
    ("secretariat", lambda w: reverse("meetings:attendance", args=[_meeting(w).pk])),
    ("secretariat", lambda w: reverse("meetings:invitation", args=[_meeting(w).pk])),
]


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_page_queries_do_not_grow_with_rows(role, url, world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    GuestFactory(meeting=meeting)
    InvitationFactory(meeting=meeting)
    MeetingFactory(
        bloc_year=world.bloc_year,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        kind=MeetingKind.OTHER,
        title="Họp sắp tới",
    )
    OfficialFactory(province=world.province, agency=world.head)
    client = client_for(role)
    _count(client, url(world))  # warms the caches (content types, sessions)
    before = _count(client, url(world))
    _grow(world, blocs=4)
    MembershipFactory.create_batch(4, bloc_year=world.bloc_year)
    GuestFactory.create_batch(3, meeting=meeting)
    InvitationFactory(meeting=meeting, number="Số: 02/GM-KTĐ6")
    MeetingFactory(
        bloc_year=world.bloc_year,
        starts_at=timezone.now() + datetime.timedelta(days=4),
        kind=MeetingKind.OTHER,
        title="Họp sắp tới 2",
    )
    after = _count(client, url(world))
    assert after == before
