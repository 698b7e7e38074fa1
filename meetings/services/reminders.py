"""The daily reminder (Celery beat) to agencies whose assessment for a coming meeting is not
submitted: from ScoringRules.remind_days_before days before the meeting's day until that day.

"Not submitted" is every member of the bloc-year without a submitted assessment in the meeting's
scoring round (a draft, a returned one, or none yet). Each such agency's officers get one e-mail
per meeting and day: a MeetingReminder row, written in the transaction that sends it, makes a
retried or doubled task send nothing twice (as pledges' signing reminders do).
"""

import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Role, User
from blocs.models import Agency

from ..models import AssessmentStatus, Meeting, MeetingReminder, ScoringRules
from ..wording import document_name, short_time

logger = logging.getLogger(__name__)


def _day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, ...]:
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    return start, end


def due_meetings(today: datetime.date) -> list[Meeting]:
    """Meetings with a scoring round whose day is within their province's reminder days."""
    default = ScoringRules._meta.get_field("remind_days_before").default
    horizon = max(
        ScoringRules.objects.aggregate(most=Max("remind_days_before"))["most"] or 0, default
    )
    start, end = _day_bounds(today, today + datetime.timedelta(days=horizon))
    candidates = list(
        Meeting.objects.filter(starts_at__range=(start, end), scoring__isnull=False)
        .select_related("bloc_year__bloc__province", "scoring")
        .order_by("starts_at", "pk")
    )
    days = dict(ScoringRules.objects.values_list("province_id", "remind_days_before"))
    return [
        meeting
        for meeting in candidates
        if (timezone.localtime(meeting.starts_at).date() - today).days
        <= days.get(meeting.bloc_year.bloc.province_id, default)
    ]


def not_submitted(meeting: Meeting) -> list[Agency]:
    """The meeting's member agencies whose assessment is not submitted (status != submitted,
    or no assessment yet)."""
    submitted = meeting.scoring.assessments.filter(status=AssessmentStatus.SUBMITTED).values(
        "agency_id"
    )
    return list(
        Agency.objects.filter(memberships__bloc_year=meeting.bloc_year)
        .exclude(pk__in=submitted)
        .order_by("sort_key")
    )


def send_assessment_reminders(today: datetime.date | None = None) -> int:
    """E-mail the officers of every agency that has not submitted for a due meeting; the
    number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for meeting in due_meetings(today):
        for agency in not_submitted(meeting):
            sent += _remind(meeting, agency, today)
    return sent


def _remind(meeting: Meeting, agency: Agency, today: datetime.date) -> int:
    officers = list(
        User.objects.filter(role=Role.AGENCY, agency=agency, is_active=True).exclude(email="")
    )
    if not officers:
        logger.info("meeting %s: %s has no officer with an e-mail address", meeting.pk, agency)
        return 0
    try:
        with transaction.atomic():
            MeetingReminder.objects.create(
                meeting=meeting, agency=agency, sent_on=today, recipients=len(officers)
            )
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "agency": agency.name,
                    "bloc": meeting.bloc_year.bloc.name_in(meeting.bloc_year.year),
                    "meeting": document_name(meeting),
                    "when": short_time(meeting.starts_at),
                    "url": urljoin(settings.SITE_URL, meeting.get_absolute_url()),
                }
                subject = render_to_string("meetings/email/reminder_subject.txt", context)
                body = render_to_string("meetings/email/reminder.txt", context)
            # Inside the transaction: a failed send rolls the reminder back and the retried
            # task tries again.
            send_mail(" ".join(subject.split()), body, None, [u.email for u in officers])
    except IntegrityError:
        return 0  # already reminded today
    return len(officers)
