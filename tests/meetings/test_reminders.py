"""The daily reminder to agencies whose assessment for a coming meeting is not submitted."""

import datetime

import pytest
from django.core import mail

from meetings.models import AssessmentStatus, MeetingReminder, ScoringRules
from meetings.services.reminders import due_meetings, send_assessment_reminders
from tests.factories import AgencyOfficerFactory, AssessmentFactory, ScoringRoundFactory

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2020, 8, 10)  # the factory's sơ kết, 08:00
DAY = datetime.timedelta(days=1)


@pytest.fixture
def scoring(world):
    """Khối 6's sơ kết with a round: the head has submitted, the deputy's was returned, the
    member has not started (no assessment yet)."""
    scoring_round = ScoringRoundFactory(meeting__bloc_year=world.bloc_year)
    AssessmentFactory(round=scoring_round, agency=world.head, status=AssessmentStatus.SUBMITTED)
    AssessmentFactory(
        round=scoring_round,
        agency=world.deputy,
        status=AssessmentStatus.RETURNED,
        returned_reason="Thiếu minh chứng",
    )
    AgencyOfficerFactory(agency=world.deputy, email="deputy@example.vn")
    return scoring_round


def _recipients() -> list[set[str]]:
    return sorted((set(message.to) for message in mail.outbox), key=sorted)


def test_agencies_that_have_not_submitted_are_reminded_from_n_days_before(world, scoring):
    assert send_assessment_reminders(MEETING_DAY - 4 * DAY) == 0  # default: 3 days before
    assert send_assessment_reminders(MEETING_DAY - 3 * DAY) == 2
    # The returned one and the one not started; not the head, which has submitted.
    assert _recipients() == [{"deputy@example.vn"}, {"member@example.vn"}]
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert scoring.meeting.get_absolute_url() in message.body
    assert "08:00 ngày 10/08/2020" in message.body


def test_one_email_per_agency_and_day_even_if_the_task_runs_twice(world, scoring):
    day = MEETING_DAY - 2 * DAY
    assert send_assessment_reminders(day) == 2
    assert send_assessment_reminders(day) == 0
    assert MeetingReminder.objects.filter(sent_on=day).count() == 2
    assert send_assessment_reminders(day + DAY) == 2  # the next morning again
    assert len(mail.outbox) == 4


def test_the_provinces_setting_decides_how_many_days_before(world, scoring):
    ScoringRules.objects.create(province=world.province, remind_days_before=7)
    assert [m.pk for m in due_meetings(MEETING_DAY - 7 * DAY)] == [scoring.meeting_id]
    assert due_meetings(MEETING_DAY - 8 * DAY) == []
    ScoringRules.objects.filter(province=world.province).update(remind_days_before=1)
    assert due_meetings(MEETING_DAY - 2 * DAY) == []
    assert [m.pk for m in due_meetings(MEETING_DAY)] == [scoring.meeting_id]


def test_no_reminder_after_the_meeting_or_without_scoring(world, scoring):
    assert send_assessment_reminders(MEETING_DAY + DAY) == 0
    scoring.assessments.update(status=AssessmentStatus.SUBMITTED)
    AssessmentFactory(round=scoring, agency=world.member, status=AssessmentStatus.SUBMITTED)
    assert send_assessment_reminders(MEETING_DAY - DAY) == 0
    assert mail.outbox == []


def test_the_beat_task_runs_the_service(world, scoring, monkeypatch):
    from meetings import tasks

    monkeypatch.setattr("meetings.services.reminders.timezone.localdate", lambda: MEETING_DAY - DAY)
    assert tasks.send_assessment_reminders.delay().get() == 2
