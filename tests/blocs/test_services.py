import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from blocs import services
from blocs.models import BlocYear, MemberRole
from core.actors import SYSTEM
from core.versioning import StaleEdit, save_versioned
from tests.factories import AgencyFactory, BlocFactory, BlocYearFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_start_new_year_copies_members_head_deputy_and_overseer(world):
    result = services.start_new_year(world.bloc, actor=SYSTEM)
    new = result.bloc_year
    assert new.year == 2021
    assert set(new.memberships.values_list("agency", flat=True)) == {
        world.head.pk,
        world.deputy.pk,
        world.member.pk,
    }
    assert (new.head, new.deputy, new.overseer) == (world.head, world.deputy, world.official)
    assert result.skipped == []
    # Last year is untouched: history stays true.
    assert world.bloc_year.memberships.count() == 3


def test_start_new_year_uses_the_elected_head_and_deputy(world):
    new = services.start_new_year(
        world.bloc, head=world.member, deputy=world.head, actor=SYSTEM
    ).bloc_year
    assert (new.head, new.deputy) == (world.member, world.head)


def test_start_new_year_skips_agencies_already_in_another_bloc(world):
    taken = BlocYearFactory(bloc=world.other_bloc, year=2021)
    services.add_members(taken, [world.deputy], actor=SYSTEM)
    result = services.start_new_year(world.bloc, actor=SYSTEM)
    assert result.skipped == [world.deputy]
    assert result.bloc_year.deputy is None
    assert result.bloc_year.memberships.count() == 2


def test_start_new_year_twice_is_refused(world):
    services.start_new_year(world.bloc, 2021, actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.start_new_year(world.bloc, 2021, actor=SYSTEM)
    assert BlocYear.objects.filter(bloc=world.bloc, year=2021).count() == 1


def test_start_year_for_province_opens_every_bloc_once(world):
    results = services.start_year_for_province(world.province, 2021, actor=SYSTEM)
    assert {r.bloc_year.bloc for r in results} == {world.bloc, world.other_bloc}
    assert services.start_year_for_province(world.province, 2021, actor=SYSTEM) == []


def test_adding_an_agency_of_another_bloc_that_year_is_refused_with_its_name(world):
    with pytest.raises(ValidationError) as error:
        services.add_members(world.bloc_year, [world.other_agency], actor=SYSTEM)
    assert "Sở Y tế" in str(error.value)
    assert not world.bloc_year.memberships.filter(agency=world.other_agency).exists()


def test_adding_an_agency_of_another_province_is_refused(world):
    with pytest.raises(ValidationError):
        services.add_members(world.bloc_year, [world.foreign_agency], actor=SYSTEM)
    assert world.bloc_year.memberships.count() == 3


def test_adding_members_is_all_or_nothing(world):
    newcomer = AgencyFactory(province=world.province)
    with pytest.raises(ValidationError):
        services.add_members(world.bloc_year, [newcomer, world.other_agency], actor=SYSTEM)
    assert not world.bloc_year.memberships.filter(agency=newcomer).exists()


def test_head_must_be_a_member(world):
    outsider = AgencyFactory(province=world.province)
    with pytest.raises(ValidationError):
        services.set_head_and_deputy(world.bloc_year, head=outsider, deputy=None, actor=SYSTEM)
    assert world.bloc_year.head == world.head


def test_head_and_deputy_can_swap(world):
    services.set_head_and_deputy(
        world.bloc_year, head=world.deputy, deputy=world.head, actor=SYSTEM
    )
    world.bloc_year.refresh_from_db()
    assert (world.bloc_year.head, world.bloc_year.deputy) == (world.deputy, world.head)
    assert world.bloc_year.memberships.filter(role=MemberRole.MEMBER).count() == 1


def test_head_and_deputy_must_differ(world):
    with pytest.raises(ValidationError):
        services.set_head_and_deputy(
            world.bloc_year, head=world.member, deputy=world.member, actor=SYSTEM
        )


def test_create_bloc_year_adds_the_head_as_member():
    bloc = BlocFactory()
    head = AgencyFactory(province=bloc.province)
    bloc_year = services.create_bloc_year(bloc, 2024, head=head, actor=SYSTEM)
    assert bloc_year.head == head
    assert bloc_year.memberships.count() == 1


def test_stale_edit_is_refused():
    membership = MembershipFactory()
    agency = membership.agency
    read_version = agency.version
    agency.name = "Tên mới của người thứ nhất"
    save_versioned(agency, read_version)
    stale = type(agency).objects.get(pk=agency.pk)
    stale.name = "Tên của người thứ hai"
    with pytest.raises(StaleEdit):
        save_versioned(stale, read_version)
    agency.refresh_from_db()
    assert agency.name == "Tên mới của người thứ nhất"


def test_an_edit_without_the_version_it_read_is_refused():
    agency = MembershipFactory().agency
    agency.name = "Tên ghi đè"
    with pytest.raises(StaleEdit):
        save_versioned(agency, None)
    agency.refresh_from_db()
    assert agency.name != "Tên ghi đè"


def test_opening_a_year_opened_at_the_same_moment_answers_a_message(world, monkeypatch):
    from django.db.models import QuerySet

    BlocYear.objects.create(bloc=world.bloc, year=2023)
    # Another request opened it between this one's check and its insert.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)

    with pytest.raises(ValidationError) as error:
        services.create_bloc_year(world.bloc, 2023, actor=SYSTEM)

    assert "2023" in error.value.messages[0]


@pytest.mark.parametrize("who", ["secretariat", "member", "overseer", "foreign_board"])
def test_every_write_checks_its_actor(world, who):
    """Blocs, years and memberships are the province's board staff's to change, whoever calls."""
    actor = world.users[who]
    membership = world.bloc_year.memberships.get(agency=world.member)
    writes = {
        "create_bloc_year": lambda: services.create_bloc_year(world.bloc, 2030, actor=actor),
        "add_members": lambda: services.add_members(
            world.bloc_year, [AgencyFactory(province=world.province)], actor=actor
        ),
        "remove_member": lambda: services.remove_member(membership, actor=actor),
        "set_head_and_deputy": lambda: services.set_head_and_deputy(
            world.bloc_year, actor=actor, head=world.member, deputy=None
        ),
        "start_new_year": lambda: services.start_new_year(world.bloc, actor=actor),
        "start_year_for_province": lambda: services.start_year_for_province(
            world.province, 2021, actor=actor
        ),
    }
    for name, write in writes.items():
        with pytest.raises(PermissionDenied):
            write()
        assert BlocYear.objects.filter(bloc=world.bloc).count() == 1, name
    assert world.bloc_year.memberships.count() == 3
    assert world.bloc_year.head == world.head


def test_the_board_of_the_province_changes_its_blocs(world):
    services.start_new_year(world.bloc, actor=world.users["board"])

    assert BlocYear.objects.filter(bloc=world.bloc, year=2021).exists()
