"""The province's nomination deadline per year: on time through the whole last day (Vietnam's
time), later only if the board allows; the board sets it on a page."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.models import NominationDeadline
from awards.services.deadlines import check_deadline, set_deadline
from core.models import Change

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: int, month: int, hour: int, minute: int = 0, year: int = 2020) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def deadline(world) -> NominationDeadline:
    return set_deadline(
        world.province, actor=world.users["board"], year=2020, deadline=datetime.date(2020, 12, 10)
    )


def test_no_deadline_no_limit(world):
    result = check_deadline(world.province, 2020, _at(1, 3, 9, year=2021))
    assert (result.allowed, result.late, result.deadline) == (True, False, None)


def test_the_last_day_counts_to_its_last_minute_in_vietnam(world, deadline):
    assert check_deadline(world.province, 2020, _at(10, 12, 23, 59)).allowed
    # 23:30 in Hà Nội is 16:30 UTC: the day is the one Hà Nội lives in.
    late = check_deadline(world.province, 2020, _at(11, 12, 0, 1))
    assert (late.allowed, late.late) == (False, True)
    assert "10/12/2020" in late.message
    utc_evening = datetime.datetime(2020, 12, 10, 16, 30, tzinfo=datetime.UTC)
    assert check_deadline(world.province, 2020, utc_evening).allowed
    utc_after = datetime.datetime(2020, 12, 10, 17, 30, tzinfo=datetime.UTC)
    assert not check_deadline(world.province, 2020, utc_after).allowed


def test_late_submissions_only_when_the_board_allows_them(world, deadline):
    set_deadline(
        world.province,
        actor=world.users["board"],
        year=2020,
        deadline=deadline.deadline,
        late_allowed=True,
        expected_version=deadline.version,
    )
    result = check_deadline(world.province, 2020, _at(5, 1, 9, year=2021))
    assert (result.allowed, result.late) == (True, True)


def test_deadlines_are_per_province_and_year(world, deadline):
    assert check_deadline(world.foreign_province, 2020, _at(5, 1, 9, year=2021)).allowed
    assert check_deadline(world.province, 2021, _at(5, 1, 9, year=2021)).allowed


def test_the_board_sets_and_changes_the_deadline_on_its_page(world, client_for):
    client = client_for("board")
    url = reverse("awards:deadline_edit", args=[2020])
    assert client.post(url, {"deadline": "10/12/2020"}).status_code == 302
    record = NominationDeadline.objects.get()
    response = client.post(
        url, {"deadline": "15/12/2020", "late_allowed": "on", "expected_version": record.version}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.deadline, record.late_allowed) == (datetime.date(2020, 12, 15), True)
    actions = list(Change.objects.order_by("pk").values_list("action", "after"))
    assert actions[1] == (
        "deadline_set",
        {"deadline": "2020-12-15", "late_allowed": True},
    )
    # Everyone of the province reads it.
    page = client_for("member").get(reverse("awards:deadlines")).content.decode()
    assert "15/12/2020" in page


def test_a_stale_change_is_refused(world, client_for, deadline):
    response = client_for("board").post(
        reverse("awards:deadline_edit", args=[2020]),
        {"deadline": "20/12/2020", "expected_version": deadline.version - 1},
    )
    assert response.status_code == 200
    deadline.refresh_from_db()
    assert deadline.deadline == datetime.date(2020, 12, 10)


def test_the_year_picker_leads_the_board_to_that_years_form(world, client_for):
    response = client_for("board").get(reverse("awards:deadlines"), {"nam": "2021"})
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:deadline_edit", args=[2021])
    assert client_for("member").get(reverse("awards:deadlines"), {"nam": "2021"}).status_code == 200


@pytest.mark.parametrize(
    ("year", "day", "code"),
    [(2020, datetime.date(2019, 12, 31), "before_year"), (1990, datetime.date(2020, 1, 1), "year")],
)
def test_bad_deadlines_are_refused(world, year, day, code):
    with pytest.raises(ValidationError) as refused:
        set_deadline(world.province, actor=world.users["board"], year=year, deadline=day)
    assert refused.value.code == code


def test_only_the_provinces_board_sets_deadlines(world):
    for role in ("secretariat", "foreign_board", "overseer"):
        with pytest.raises(PermissionDenied):
            set_deadline(
                world.province,
                actor=world.users[role],
                year=2020,
                deadline=datetime.date(2020, 12, 10),
            )
    assert NominationDeadline.objects.count() == 0


def test_a_year_out_of_range_in_the_url_is_not_found(world, client_for):
    assert client_for("board").get(reverse("awards:deadline_edit", args=[3000])).status_code == 404
