"""The e-mails of the board's review steps: queued after a step's commit, sent by the worker to
the secretariat and the nominee's officers, each address once per step (services/review.py)."""

import logging

from core.mail import send_once_each

from ..models import Nomination
from .notices import change_and_nomination

logger = logging.getLogger(__name__)


def queue_email(change_id: int) -> bool:
    """Hand the e-mails of a step to the worker; False (logged) when the broker is down: the
    step stands, the change log and the page show it."""
    from core.background import send_now

    from ..tasks import send_review_email

    try:
        send_now(send_review_email, (change_id,))
    except Exception:
        logger.warning("review step %s: e-mails could not be queued", change_id, exc_info=True)
        return False
    return True


def recipients(nomination: Nomination) -> list[str]:
    """The secretariat (officers of the bloc-year's head and deputy agencies) and the nominee's
    officers: active, with an address."""
    from accounts.models import Role, User
    from blocs.models import MemberRole

    secretariat = User.objects.filter(
        role=Role.AGENCY,
        is_active=True,
        agency__memberships__bloc_year_id=nomination.bloc_year_id,
        agency__memberships__role__in=[MemberRole.HEAD, MemberRole.DEPUTY],
    )
    nominee = User.objects.filter(role=Role.AGENCY, is_active=True, agency_id=nomination.agency_id)
    emails = {
        *secretariat.exclude(email="").values_list("email", flat=True),
        *nominee.exclude(email="").values_list("email", flat=True),
    }
    return sorted(emails)


def send_review_emails(change_id: int) -> int:
    """The worker's part: one e-mail per recipient, each sent once even if the task runs again
    (a mark in the cache per step and address)."""
    from urllib.parse import urljoin

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    found = change_and_nomination(change_id)
    if found is None:
        return 0
    change, nomination = found
    from core.changelog import action_label

    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "nomination": nomination,
            "bloc": nomination.bloc_year.bloc.name_in(nomination.year),
            "agency": nomination.agency.name_in(nomination.year),
            "step": action_label(change.action),
            "status": nomination.get_status_display(),
            "reason": change.reason,
            "after": change.after or {},
            "url": urljoin(
                settings.SITE_URL, reverse("awards:board_nomination", args=[nomination.pk])
            ),
        }
        subject = " ".join(render_to_string("awards/email/review_subject.txt", context).split())
        body = render_to_string("awards/email/review.txt", context)
    return send_once_each(f"awards:review-mail:{change_id}", recipients(nomination), subject, body)
