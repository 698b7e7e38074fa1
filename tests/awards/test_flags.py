"""The board's flags on an agency: set for a period with a reason, ended with a reason, logged,
and seen only by the board (the agency's page shows them to board staff alone)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.models import EligibilityFlag, FlagKind
from awards.services.flags import end_flag, set_flag
from core.models import Change


def _set(world, **kwargs) -> EligibilityFlag:
    values = {
        "kind": FlagKind.DISCIPLINE,
        "starts_on": datetime.date(2020, 3, 1),
        "ends_on": None,
        "reason": "Quyết định kỷ luật số 12/QĐ-UBND",
    }
    values.update(kwargs)
    return set_flag(world.member, actor=world.users["board"], **values)


def test_the_board_sets_a_flag_from_the_agency_page(world, client_for):
    client = client_for("board")
    url = reverse("awards:flag_set", args=[world.member.pk])

    response = client.post(
        url,
        {
            "kind": FlagKind.INVESTIGATION,
            "starts_on": "01/11/2020",
            "ends_on": "",
            "reason": "Thanh tra theo Quyết định số 5/QĐ-TTr",
        },
    )

    assert response.status_code == 302
    flag = EligibilityFlag.objects.get()
    assert (flag.agency, flag.kind, flag.starts_on, flag.ends_on) == (
        world.member,
        FlagKind.INVESTIGATION,
        datetime.date(2020, 11, 1),
        None,
    )
    assert flag.set_by == world.users["board"]
    change = Change.objects.get()
    assert (change.action, change.reason, change.province_id) == (
        "flag_set",
        "Thanh tra theo Quyết định số 5/QĐ-TTr",
        world.province.pk,
    )
    page = client.get(world.member.get_absolute_url()).content.decode()
    assert "Thanh tra theo Quyết định số 5/QĐ-TTr" in page


def test_only_the_board_sees_flags_on_the_agency_page(world, client_for):
    _set(world, reason="Lý do riêng của Ban")

    for role in ("member", "secretariat", "overseer"):
        page = client_for(role).get(world.member.get_absolute_url()).content.decode()
        assert "Lý do riêng của Ban" not in page, role
        assert reverse("awards:flag_set", args=[world.member.pk]) not in page, role
    assert (
        "Lý do riêng của Ban"
        in client_for("board").get(world.member.get_absolute_url()).content.decode()
    )


def test_a_flag_ends_with_a_reason_and_cannot_end_twice(world, client_for):
    flag = _set(world)
    url = reverse("awards:flag_end", args=[flag.pk])
    client = client_for("board")

    response = client.post(
        url, {"ends_on": "30/06/2020", "reason": "Đã chấp hành xong", "expected_version": 1}
    )

    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.ends_on, flag.end_reason, flag.ended_by) == (
        datetime.date(2020, 6, 30),
        "Đã chấp hành xong",
        world.users["board"],
    )
    ended = Change.objects.get(action="flag_ended")
    assert (ended.before, ended.after) == ({"ends_on": None}, {"ends_on": "2020-06-30"})
    with pytest.raises(ValidationError):
        end_flag(flag, flag.version, actor=world.users["board"], reason="lần nữa")
    assert client.get(url).status_code == 302  # back to the agency, with the message


def test_a_flag_cannot_end_before_it_starts(world):
    flag = _set(world)
    with pytest.raises(ValidationError) as refused:
        end_flag(flag, 1, actor=world.users["board"], ends_on=datetime.date(2020, 2, 1), reason="x")
    assert refused.value.code == "ends_before_start"
    flag.refresh_from_db()
    assert flag.ends_on is None


def test_overlapping_flags_of_one_kind_are_refused_but_other_kinds_are_not(world):
    _set(world, ends_on=datetime.date(2020, 12, 31))
    with pytest.raises(ValidationError) as refused:
        _set(world, starts_on=datetime.date(2020, 12, 1))
    assert refused.value.code == "overlap"
    _set(world, starts_on=datetime.date(2021, 1, 1))  # after it
    _set(world, kind=FlagKind.COMPLAINT)
    assert EligibilityFlag.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reason": "  "}, "reason"),
        ({"kind": "bad"}, "kind"),
        ({"ends_on": datetime.date(2020, 1, 1)}, "ends_before_start"),
    ],
)
def test_bad_flags_are_refused_and_nothing_is_saved(world, changes, code):
    with pytest.raises(ValidationError) as refused:
        _set(world, **changes)
    assert refused.value.code == code
    assert (EligibilityFlag.objects.count(), Change.objects.count()) == (0, 0)


def test_only_the_provinces_board_sets_flags(world):
    for role in ("secretariat", "member", "foreign_board", "overseer"):
        with pytest.raises(PermissionDenied):
            set_flag(
                world.member,
                actor=world.users[role],
                kind=FlagKind.DISCIPLINE,
                starts_on=datetime.date(2020, 1, 1),
                reason="x",
            )
    assert EligibilityFlag.objects.count() == 0


def test_a_bad_date_on_the_form_is_a_message_not_an_error(world, client_for):
    response = client_for("board").post(
        reverse("awards:flag_set", args=[world.member.pk]),
        {"kind": FlagKind.DISCIPLINE, "starts_on": "31/02/2020", "reason": "x"},
    )
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert EligibilityFlag.objects.count() == 0


def test_the_province_list_shows_flags_in_force_first(world, client_for):
    _set(world, ends_on=datetime.date(2020, 6, 30), reason="Đã xong")
    set_flag(
        world.head,
        actor=world.users["board"],
        kind=FlagKind.COMPLAINT,
        starts_on=datetime.date(2020, 12, 1),
        reason="Đơn đang xác minh",
    )
    page = client_for("board").get(reverse("awards:flags")).content.decode()

    assert page.index("Đơn đang xác minh") < page.index("Đã xong")
