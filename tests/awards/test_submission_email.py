"""f2: the board is e-mailed when a nomination is submitted or resubmitted (issue 13 §3–4):
the province's board staff only (not another province's), after the commit, once per address
even if the task runs again; a broker that is down leaves the submission standing."""

from unittest import mock

import pytest
from django.core import mail

from awards.models import ChangeAction, Nomination, NominationStatus
from awards.services import dossiers, notices
from core.models import Change
from tests.factories import BoardStaffFactory

from .test_dossiers import nomination, ready, report_pdf  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_submitting_emails_the_province_board(
    nomination,  # noqa: F811
    ranked,
    django_capture_on_commit_callbacks,
):
    w = ranked
    actor = w.users["secretariat"]
    BoardStaffFactory(province=w.province, email="board2@example.vn", is_active=False)
    ready(nomination, actor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossiers.submit(nomination, actor=actor)
    assert [message.to for message in mail.outbox] == [[w.users["board"].email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Hồ sơ đề nghị khen thưởng đã nộp: Cờ thi đua của UBND")
    assert w.head.name_in(2020) in message.body
    assert f"/khen-thuong/tham-dinh/{nomination.pk}/" in message.body
    # The task run again sends nobody the same submission twice.
    change = Change.objects.get(action=ChangeAction.NOMINATION_SUBMITTED)
    assert notices.send_submission_emails(change.pk) == 0
    # A change that is not a submission sends nothing.
    other = Change.objects.exclude(action=ChangeAction.NOMINATION_SUBMITTED).first()
    assert notices.send_submission_emails(other.pk) == 0
    assert notices.send_submission_emails(0) == 0
    assert len(mail.outbox) == 1


def test_resubmitting_says_so_with_the_round(
    nomination,  # noqa: F811
    ranked,
    django_capture_on_commit_callbacks,
):
    w = ranked
    actor = w.users["secretariat"]
    ready(nomination, actor)
    dossiers.submit(nomination, actor=actor)
    Nomination.objects.filter(pk=nomination.pk).update(
        status=NominationStatus.RETURNED, status_reason="Thiếu xác nhận"
    )
    nomination.refresh_from_db()
    dossiers.add_file(
        nomination, actor=actor, item="bao_cao_thanh_tich", upload=report_pdf("b2.pdf", "Sua")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossiers.submit(nomination, actor=actor)
    [message] = mail.outbox
    assert message.to == [w.users["board"].email]
    assert "nộp lại" in message.body
    assert "lần 2" in message.body
    assert message.subject.startswith("Hồ sơ đề nghị khen thưởng đã nộp lại")


def test_a_broker_that_is_down_leaves_the_submission_standing(
    nomination,  # noqa: F811
    ranked,
    django_capture_on_commit_callbacks,
):
    w = ranked
    actor = w.users["secretariat"]
    ready(nomination, actor)
    with (
        mock.patch("core.background.send_now", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dossiers.submit(nomination, actor=actor)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
