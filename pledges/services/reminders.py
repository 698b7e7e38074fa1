"""The daily reminder to agencies that have not signed an open pledge (Celery beat).

An agency is reminded once a day, from PLEDGE_REMINDER_AFTER_DAYS days after the pledge opened,
until it signs; its officers who sign for it (`can_sign`) get the e-mail. A Reminder row per
pledge, agency and day makes a retried or doubled task send nothing twice.
"""

import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Role, User
from blocs.models import Agency

from ..models import Pledge, PledgeStatus, Reminder

logger = logging.getLogger(__name__)


def due_pledges(today: datetime.date) -> list[Pledge]:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=settings.PLEDGE_REMINDER_AFTER_DAYS),
            datetime.time.max,
        )
    )
    return list(
        Pledge.objects.filter(status=PledgeStatus.OPEN, opened_at__lte=cutoff).select_related(
            "bloc_year__bloc"
        )
    )


def send_signing_reminders(today: datetime.date | None = None) -> int:
    """E-mail the signers of every agency that has not signed a due pledge; the number of
    e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for pledge in due_pledges(today):
        signed = set(
            pledge.signatures.filter(voided_at__isnull=True).values_list("agency_id", flat=True)
        )
        waiting = pledge.bloc_year.memberships.exclude(agency_id__in=signed).select_related(
            "agency"
        )
        for membership in waiting:
            sent += _remind(pledge, membership.agency, today)
    return sent


def _remind(pledge: Pledge, agency: Agency, today: datetime.date) -> int:
    signers = list(
        User.objects.filter(role=Role.AGENCY, agency=agency, can_sign=True, is_active=True).exclude(
            email=""
        )
    )
    if not signers:
        logger.info("pledge %s: %s has nobody who signs online", pledge.pk, agency)
        return 0
    try:
        with transaction.atomic():
            Reminder.objects.create(
                pledge=pledge, agency=agency, sent_on=today, recipients=len(signers)
            )
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "pledge": pledge,
                    "agency": agency,
                    "url": urljoin(settings.SITE_URL, pledge.get_absolute_url()),
                }
                subject = render_to_string("pledges/email/reminder_subject.txt", context)
                body = render_to_string("pledges/email/reminder.txt", context)
            # Sent inside the transaction: a failed send rolls the Reminder back, and the
            # retried task tries again.
            send_mail(
                " ".join(subject.split()),
                body,
                None,
                [signer.email for signer in signers],
            )
    except IntegrityError:
        return 0  # already reminded today
    return len(signers)
