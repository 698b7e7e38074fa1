"""The daily reminder to agencies that have not signed an open pledge (services.reminders)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pledges.models import Pledge, Reminder
from pledges.services import signing
from pledges.services.reminders import send_signing_reminders
from pledges.tasks import send_signing_reminders as reminders_task
from tests.factories import AgencyOfficerFactory

from .signatures import sign_all_on_paper, sign_online

pytestmark = pytest.mark.django_db

SITE_URL = "https://thiduakhenthuong.travinh.gov.vn"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.PLEDGE_REMINDER_AFTER_DAYS = 2
    settings.SITE_URL = SITE_URL


@pytest.fixture
def deputy_signers(world):
    """The deputy agency's director and vice-director sign; a clerk does not, and a former
    director's account is disabled."""
    AgencyOfficerFactory(agency=world.deputy, email="vanthu@example.vn", can_sign=False)
    AgencyOfficerFactory(
        agency=world.deputy, email="nghihuu@example.vn", can_sign=True, is_active=False
    )
    return [
        AgencyOfficerFactory(agency=world.deputy, email="giamdoc@example.vn", can_sign=True),
        AgencyOfficerFactory(agency=world.deputy, email="phogiamdoc@example.vn", can_sign=True),
    ]


def opened_on(pledge: Pledge) -> datetime.date:
    return timezone.localtime(pledge.opened_at).date()


def recipients() -> list[set[str]]:
    return [set(message.to) for message in mail.outbox]


def test_reminders_start_after_the_configured_days_then_daily(world, open_pledge, deputy_signers):
    day = opened_on(open_pledge)
    head_signer = {world.users["secretariat"].email}
    deputy = {"giamdoc@example.vn", "phogiamdoc@example.vn"}

    assert send_signing_reminders(day + DAY) == 0
    assert mail.outbox == []

    assert send_signing_reminders(day + 2 * DAY) == 3
    assert sorted(recipients(), key=len) == [head_signer, deputy]

    assert send_signing_reminders(day + 3 * DAY) == 3
    assert len(mail.outbox) == 4
    assert Reminder.objects.filter(pledge=open_pledge).count() == 4


def test_only_agencies_that_have_not_signed_are_reminded(world, open_pledge, deputy_signers):
    sign_online(open_pledge, world.users["secretariat"], ip=None)

    sent = send_signing_reminders(opened_on(open_pledge) + 2 * DAY)

    assert sent == 2
    # One e-mail for the agency, to its active signers only; the member agency has nobody
    # who signs online and is skipped.
    assert recipients() == [{"giamdoc@example.vn", "phogiamdoc@example.vn"}]
    reminder = Reminder.objects.get()
    assert (reminder.agency, reminder.recipients) == (world.deputy, 2)


def test_reminder_is_sent_once_a_day_even_if_the_task_runs_twice(world, open_pledge):
    day = opened_on(open_pledge) + 5 * DAY

    assert send_signing_reminders(day) == 1
    assert send_signing_reminders(day) == 0

    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_on == day


def test_reminder_names_the_pledge_and_links_to_it(world, open_pledge):
    send_signing_reminders(opened_on(open_pledge) + 2 * DAY)

    (message,) = mail.outbox
    assert message.to == [world.users["secretariat"].email]
    assert "2020" in message.subject
    assert "\n" not in message.subject
    assert open_pledge.title in message.body
    assert world.head.name in message.body
    assert f"{SITE_URL}/giao-uoc/{open_pledge.pk}/" in message.body
    assert f"{SITE_URL}{open_pledge.get_absolute_url()}" in message.body


def test_agencies_without_signers_are_skipped(world, open_pledge):
    signer = world.users["secretariat"]
    signer.can_sign = False
    signer.save()

    assert send_signing_reminders(opened_on(open_pledge) + 2 * DAY) == 0

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_draft_pledge_is_not_reminded(world, draft_pledge):
    assert send_signing_reminders(timezone.localdate() + 30 * DAY) == 0
    assert mail.outbox == []


def test_pledge_in_force_is_not_reminded(world, open_pledge):
    sign_all_on_paper(open_pledge, world)

    assert send_signing_reminders(opened_on(open_pledge) + 30 * DAY) == 0
    assert mail.outbox == []


def test_withdrawn_round_is_not_reminded(world, open_pledge):
    signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí")

    assert send_signing_reminders(opened_on(open_pledge) + 30 * DAY) == 0
    assert mail.outbox == []


def test_celery_task_sends_todays_reminders(world, open_pledge):
    opened = timezone.now() - 2 * DAY
    Pledge.objects.filter(pk=open_pledge.pk).update(opened_at=opened)

    assert reminders_task.delay().get() == 1

    assert recipients() == [{world.users["secretariat"].email}]
    assert Reminder.objects.get().sent_on == timezone.localdate()
