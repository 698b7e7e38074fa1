"""The year-end handover: rotation order, rotation or acclamation, next year's bloc-year created
with this year's members and the elected head and deputy (or updated), all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from blocs.models import BlocYear, MemberRole
from core.models import Change
from meetings.models import Election, ElectionMethod, MeetingKind
from meetings.services import election as services
from meetings.services import minutes as minutes_services
from meetings.services import minutes_content
from tests.factories import BlocYearFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearend(world):
    return MeetingFactory(
        bloc_year=world.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(2021, 1, 15, 8, tzinfo=datetime.UTC),
    )


def _roles(bloc_year):
    return {m.agency_id: m.role for m in bloc_year.memberships.all()}


def test_rotation_suggests_the_two_after_this_years_head(world):
    services.set_rotation(
        world.bloc_year,
        [world.head.pk, world.member.pk, world.deputy.pk],
        actor=world.users["board"],
    )
    assert services.next_by_rotation(world.bloc_year) == (world.member, world.deputy)
    assert Change.objects.filter(action="rotation_changed").count() == 1


def test_a_rotation_order_must_list_every_member_once(world):
    with pytest.raises(ValidationError):
        services.set_rotation(
            world.bloc_year, [world.head.pk, world.head.pk], actor=world.users["board"]
        )
    with pytest.raises(ValidationError):
        services.set_rotation(
            world.bloc_year,
            [world.head.pk, world.deputy.pk, world.other_agency.pk],
            actor=world.users["board"],
        )
    with pytest.raises(PermissionDenied):
        services.set_rotation(
            world.bloc_year,
            [world.head.pk, world.deputy.pk, world.member.pk],
            actor=world.users["member"],
        )


def test_electing_creates_next_year_with_this_years_members(world, yearend):
    election = services.record_election(
        yearend,
        actor=world.users["secretariat"],
        method=ElectionMethod.ROTATION,
        head=world.member,
        deputy=world.head,
    )

    following = BlocYear.objects.get(bloc=world.bloc, year=2021)
    assert election.next_bloc_year == following
    assert _roles(following) == {
        world.member.pk: MemberRole.HEAD,
        world.head.pk: MemberRole.DEPUTY,
        world.deputy.pk: MemberRole.MEMBER,
    }
    assert following.overseer == world.bloc_year.overseer
    assert Change.objects.filter(action="election_recorded").count() == 1


def test_electing_again_updates_the_year_already_open(world, yearend):
    following = BlocYearFactory(bloc=world.bloc, year=2021)
    MembershipFactory(bloc_year=following, agency=world.head, role=MemberRole.HEAD)
    services.record_election(
        yearend,
        actor=world.users["board"],
        method=ElectionMethod.ACCLAMATION,
        head=world.deputy,
        deputy=world.member,
        votes=services.Votes(voters=5, head=5, deputy=4),
    )
    assert _roles(following) == {
        world.head.pk: MemberRole.MEMBER,
        world.deputy.pk: MemberRole.HEAD,
        world.member.pk: MemberRole.DEPUTY,
    }
    election = Election.objects.get()
    assert election.votes == {
        "voters": 5,
        "head": {str(world.deputy.pk): 5},
        "deputy": {str(world.member.pk): 4},
    }


def test_acclamation_needs_votes_of_more_than_half(world, yearend):
    with pytest.raises(ValidationError) as error:
        services.record_election(
            yearend,
            actor=world.users["secretariat"],
            method=ElectionMethod.ACCLAMATION,
            head=world.deputy,
            deputy=world.member,
            votes=services.Votes(voters=5, head=2, deputy=9),
        )
    assert set(error.value.message_dict) == {"head_votes", "deputy_votes"}
    assert not BlocYear.objects.filter(year=2021, bloc=world.bloc).exists()


def test_an_agency_already_in_another_bloc_next_year_saves_nothing(world, yearend):
    other = BlocYearFactory(bloc=world.other_bloc, year=2021)
    MembershipFactory(bloc_year=other, agency=world.member)
    with pytest.raises(ValidationError):
        services.record_election(
            yearend,
            actor=world.users["secretariat"],
            method=ElectionMethod.ROTATION,
            head=world.member,
            deputy=world.head,
        )
    assert not BlocYear.objects.filter(bloc=world.bloc, year=2021).exists()
    assert not Election.objects.exists()


def test_only_members_and_only_at_the_yearend_review(world, yearend):
    with pytest.raises(ValidationError):
        services.record_election(
            yearend,
            actor=world.users["secretariat"],
            method="rotation",
            head=world.other_agency,
            deputy=world.head,
        )
    midyear = MeetingFactory(bloc_year=world.bloc_year)
    with pytest.raises(ValidationError):
        services.record_election(
            midyear,
            actor=world.users["secretariat"],
            method="rotation",
            head=world.member,
            deputy=world.head,
        )
    with pytest.raises(PermissionDenied):
        services.record_election(
            yearend,
            actor=world.users["member"],
            method="rotation",
            head=world.member,
            deputy=world.head,
        )


def test_the_minutes_record_the_handover(world, yearend):
    services.record_election(
        yearend,
        actor=world.users["secretariat"],
        method="rotation",
        head=world.member,
        deputy=world.head,
    )
    draft = minutes_services.start_minutes(yearend, actor=world.users["secretariat"])
    content = minutes_content.preview(draft)
    assert content["election"]["head"] == "Thanh tra tỉnh"
    assert content["election"]["year"] == 2021


def test_the_election_page_records_the_result(world, yearend, client_for):
    client = client_for("secretariat")
    url = reverse("meetings:election", args=[yearend.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"method": "rotation", "head": str(world.member.pk), "deputy": str(world.head.pk)}
    )
    assert response.status_code == 302
    assert Election.objects.get().head == world.member
    bad = client.post(url, {"method": "rotation", "head": "abc", "deputy": str(world.head.pk)})
    assert bad.status_code == 200


def test_the_rotation_page_saves_the_order(world, client_for):
    client = client_for("secretariat")
    url = reverse("meetings:rotation", args=[world.bloc.pk, 2020])
    data = {
        f"position_{world.head.pk}": "1",
        f"position_{world.deputy.pk}": "3",
        f"position_{world.member.pk}": "2",
    }
    assert client.post(url, data).status_code == 302
    assert services.rotation_order(world.bloc_year) == [world.head, world.member, world.deputy]
    data[f"position_{world.member.pk}"] = "3"
    assert client.post(url, data).status_code == 200  # two agencies in one position
