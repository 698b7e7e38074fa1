"""Two board staff recording the same thing at the same moment, over two real connections
(PostgreSQL only: SQLite serialises writers by locking the whole file)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardRecord, AwardType, EligibilityFlag, FlagKind, NominationDeadline
from awards.services.deadlines import set_deadline
from awards.services.flags import set_flag
from awards.services.records import enter_award
from core.models import Change
from tests.concurrency import at_the_same_moment
from tests.factories import BoardStaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_board_staff(postgresql_only, world):
    return world.users["board"], BoardStaffFactory(province=world.province)


def _outcomes(results) -> list[str]:
    return sorted(type(r).__name__ for r in results)


def test_the_same_award_entered_twice_at_once_is_recorded_once(world, two_board_staff):
    flag = AwardType.objects.get(province=world.province, key="co-thi-dua-tinh")

    def enter(actor):
        return lambda: enter_award(
            world.member,
            actor=actor,
            award_type=flag,
            year=2019,
            decision_number="Số 250/QĐ-UBND",
            decision_date=datetime.date(2020, 3, 15),
            issuer="UBND tỉnh Trà Vinh",
        )

    results = at_the_same_moment(*(enter(actor) for actor in two_board_staff))

    assert _outcomes(results) == ["AwardRecord", "ValidationError"], results
    assert AwardRecord.objects.count() == 1
    assert Change.objects.filter(action="award_entered").count() == 1


def test_the_same_flag_set_twice_at_once_is_set_once(world, two_board_staff):
    def flag(actor):
        return lambda: set_flag(
            world.member,
            actor=actor,
            kind=FlagKind.DISCIPLINE,
            starts_on=datetime.date(2020, 3, 1),
            reason="Kỷ luật",
        )

    results = at_the_same_moment(*(flag(actor) for actor in two_board_staff))

    assert _outcomes(results) == ["EligibilityFlag", "ValidationError"], results
    assert EligibilityFlag.objects.count() == 1


def test_a_years_deadline_set_twice_at_once_is_one_row(world, two_board_staff):
    def deadline(actor, day):
        return lambda: set_deadline(
            world.province, actor=actor, year=2020, deadline=datetime.date(2020, 12, day)
        )

    first, second = two_board_staff
    results = at_the_same_moment(deadline(first, 10), deadline(second, 15))

    assert NominationDeadline.objects.count() == 1
    assert sum(isinstance(r, NominationDeadline) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
