"""The board's review (services/review.py): each step, its reasons, the decision and the award in
the history, immutability after it, and the e-mails of each step."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import (
    AwardRecord,
    AwardType,
    Decision,
    Nomination,
    NominationStatus,
    RecordSource,
)
from awards.services import review, review_emails
from core.models import Change
from tests.factories import AgencyOfficerFactory

S = NominationStatus


def _decide(nomination, actor, **extra):
    values = {
        "number": "Số 123/QĐ-UBND",
        "date": datetime.date(2021, 2, 1),
        "issuer": "Chủ tịch UBND tỉnh Trà Vinh",
        **extra,
    }
    return review.decide(nomination, actor=actor, **values)


def test_start_send_decide_puts_the_award_in_the_history(world, submitted):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    review.send_to_council(submitted, actor=board)
    decision = _decide(submitted, board)

    submitted.refresh_from_db()
    assert submitted.status == S.DECIDED
    record = AwardRecord.objects.get(decision=decision)
    assert record.agency == world.member
    assert record.year == 2020
    assert record.source == RecordSource.DECISION
    assert record.decision_number == "Số 123/QĐ-UBND"
    actions = list(
        Change.objects.filter(
            object_id=submitted.pk, action__in=["review_started", "sent_to_council", "decided"]
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["decided", "review_started", "sent_to_council"]


def test_decide_straight_from_review(world, submitted):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    _decide(submitted, board)
    assert Nomination.objects.get(pk=submitted.pk).status == S.DECIDED


def test_return_needs_a_reason_and_keeps_it(world, submitted):
    board = world.users["board"]
    with pytest.raises(ValidationError) as error:
        review.return_nomination(submitted, actor=board, reason="  ")
    assert "reason" in error.value.message_dict
    review.return_nomination(submitted, actor=board, reason="Thiếu báo cáo thành tích")
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED
    assert submitted.status_reason == "Thiếu báo cáo thành tích"
    change = Change.objects.get(action="nomination_returned")
    assert change.reason == "Thiếu báo cáo thành tích"


def test_reject_needs_a_reason(world, submitted):
    board = world.users["board"]
    with pytest.raises(ValidationError):
        review.reject_nomination(submitted, actor=board, reason="")
    review.reject_nomination(submitted, actor=board, reason="Không đủ điều kiện")
    assert Nomination.objects.get(pk=submitted.pk).status == S.REJECTED


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": "   "}, "number"),
        ({"issuer": ""}, "issuer"),
        ({"date": datetime.date(2019, 12, 31)}, "date"),
        ({"date": datetime.date(2999, 1, 1)}, "date"),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_is_saved(world, submitted, extra, field):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    with pytest.raises(ValidationError) as error:
        _decide(submitted, board, **extra)
    assert field in error.value.message_dict
    assert not Decision.objects.exists()
    assert not AwardRecord.objects.exists()
    assert Nomination.objects.get(pk=submitted.pk).status == S.UNDER_REVIEW


def test_an_award_of_another_province_is_refused(world, submitted):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    foreign = AwardType.objects.filter(province=world.foreign_province).first()
    with pytest.raises(ValidationError) as error:
        _decide(submitted, board, award_type=foreign)
    assert "award_type" in error.value.message_dict


def test_a_decided_nomination_never_changes(world, submitted):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    _decide(submitted, board)
    for step in (
        lambda: review.start_review(submitted, actor=board),
        lambda: review.return_nomination(submitted, actor=board, reason="x"),
        lambda: review.reject_nomination(submitted, actor=board, reason="x"),
        lambda: review.send_to_council(submitted, actor=board),
        lambda: _decide(submitted, board, number="Số 2/QĐ-UBND"),
    ):
        with pytest.raises(ValidationError) as error:
            step()
        assert error.value.code == "decided"
        assert "Số 123/QĐ-UBND" in error.value.messages[0]
    assert Decision.objects.count() == 1


def test_a_step_on_a_moved_on_nomination_names_who_moved_it(world, submitted):
    board = world.users["board"]
    review.start_review(submitted, actor=board)
    with pytest.raises(ValidationError) as error:
        review.return_nomination(submitted, actor=board, reason="x", expected_status=S.SUBMITTED)
    assert error.value.code == "stale"
    assert world.users["board"].email in error.value.messages[0] or (
        world.users["board"].get_full_name() in error.value.messages[0]
    )


def test_a_step_out_of_order_is_refused(world, submitted):
    with pytest.raises(ValidationError):
        review.send_to_council(submitted, actor=world.users["board"])


@pytest.mark.parametrize(
    "role", ["secretariat", "member", "overseer", "foreign_board", "no_role", "other_bloc_member"]
)
def test_only_the_province_board_reviews(world, submitted, role):
    with pytest.raises(PermissionDenied):
        review.start_review(submitted, actor=world.users[role])
    assert Nomination.objects.get(pk=submitted.pk).status == S.SUBMITTED


def test_each_step_emails_the_secretariat_and_the_nominee(
    world, submitted, django_capture_on_commit_callbacks
):
    AgencyOfficerFactory(agency=world.deputy, email="deputy@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        review.return_nomination(submitted, actor=world.users["board"], reason="Thiếu hồ sơ")
    addresses = sorted(message.to[0] for message in mail.outbox)
    assert addresses == ["deputy@example.vn", "head@example.vn", "member@example.vn"]
    assert "Thiếu hồ sơ" in mail.outbox[0].body
    # The task run again sends nobody the same step twice.
    change = Change.objects.get(action="nomination_returned")
    assert review_emails.send_review_emails(change.pk) == 0
    assert len(mail.outbox) == 3
