"""Two board staff deciding the same nomination at the same moment, over two real connections
(PostgreSQL only): one decision is recorded, the other officer is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardRecord, Decision, Nomination, NominationStatus
from awards.services import review
from core.models import Change
from tests.awards.conftest import submitted_nomination
from tests.concurrency import at_the_same_moment
from tests.factories import BoardStaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_board_staff(postgresql_only, world):
    return world.users["board"], BoardStaffFactory(province=world.province)


def test_two_decisions_at_once_one_wins_the_other_is_told(world, two_board_staff):
    nomination = submitted_nomination(world.bloc_year, world.member)
    review.start_review(nomination, actor=two_board_staff[0])

    def decide(actor, number):
        return lambda: review.decide(
            Nomination.objects.get(pk=nomination.pk),
            actor=actor,
            number=number,
            date=datetime.date(2021, 2, 1),
            issuer="Chủ tịch UBND tỉnh Trà Vinh",
            expected_status=NominationStatus.UNDER_REVIEW,
        )

    results = at_the_same_moment(
        decide(two_board_staff[0], "Số 1/QĐ-UBND"), decide(two_board_staff[1], "Số 2/QĐ-UBND")
    )

    assert sorted(type(r).__name__ for r in results) == ["Decision", "ValidationError"], results
    refused = next(r for r in results if isinstance(r, ValidationError))
    won = next(r for r in results if isinstance(r, Decision))
    assert refused.code == "decided"
    assert won.number in refused.messages[0]
    assert Decision.objects.count() == 1
    assert AwardRecord.objects.count() == 1
    assert Change.objects.filter(action="decided").count() == 1


def test_return_and_decide_at_once_never_both(world, two_board_staff):
    nomination = submitted_nomination(world.bloc_year, world.member)
    review.start_review(nomination, actor=two_board_staff[0])

    results = at_the_same_moment(
        lambda: review.return_nomination(
            Nomination.objects.get(pk=nomination.pk),
            actor=two_board_staff[0],
            reason="Thiếu hồ sơ",
        ),
        lambda: review.decide(
            Nomination.objects.get(pk=nomination.pk),
            actor=two_board_staff[1],
            number="Số 1/QĐ-UBND",
            date=datetime.date(2021, 2, 1),
            issuer="Chủ tịch UBND tỉnh Trà Vinh",
        ),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    status = Nomination.objects.get(pk=nomination.pk).status
    assert status in (NominationStatus.RETURNED, NominationStatus.DECIDED)
    assert Decision.objects.count() == (1 if status == NominationStatus.DECIDED else 0)
