"""f2: the board is e-mailed when a bloc's secretariat submits or resubmits a nomination
(issue 13 §3–4; aw2 left it optional). services/dossiers.submit queues, after the commit, the
task tasks.send_submission_email with the change-log entry of the submission; the worker sends
one e-mail to each active board staff member of the bloc's province who has an address, with
the nomination's page for the board. Each address gets a submission once even if the task runs
again (a mark in the cache, as the review's e-mails do). A broker that is down only loses the
e-mail: the submission stands, and the board's inbox shows it."""

import logging

from django.db.models import Q

from core.mail import send_once_each
from core.models import Change

from ..models import ChangeAction, Nomination

logger = logging.getLogger(__name__)


def queue_submission_email(change_id: int) -> bool:
    """Hand the e-mails to the worker; False (logged) when the broker is down."""
    from core.background import send_now

    from ..tasks import send_submission_email

    try:
        send_now(send_submission_email, (change_id,))
    except Exception:
        logger.warning("submission %s: e-mails could not be queued", change_id, exc_info=True)
        return False
    return True


def board_recipients(nomination: Nomination) -> list[str]:
    """The active board staff of the nomination's province, with an address."""
    from accounts.models import Role, User

    province_id = nomination.bloc_year.bloc.province_id
    return sorted(
        set(
            User.objects.filter(role=Role.BOARD, is_active=True, province_id=province_id)
            .filter(~Q(email=""))
            .values_list("email", flat=True)
        )
    )


def change_and_nomination(
    change_id: int, actions: list[str] | None = None
) -> tuple[Change, Nomination] | None:
    """The change an e-mail task is about (of one of `actions` if given) and its nomination;
    None if either is gone by the time the worker runs."""
    changes = Change.objects.filter(pk=change_id)
    change = (changes.filter(action__in=actions) if actions else changes).first()
    if change is None:
        return None
    nomination = (
        Nomination.objects.select_related("bloc_year__bloc", "award_type", "agency")
        .filter(pk=change.object_id)
        .first()
    )
    return None if nomination is None else (change, nomination)


def send_submission_emails(change_id: int) -> int:
    """The worker's part: one e-mail per board address, each sent once."""
    from urllib.parse import urljoin

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    found = change_and_nomination(
        change_id, [ChangeAction.NOMINATION_SUBMITTED, ChangeAction.NOMINATION_RESUBMITTED]
    )
    if found is None:
        return 0
    change, nomination = found
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "nomination": nomination,
            "bloc": nomination.bloc_year.bloc.name_in(nomination.year),
            "agency": nomination.agency.name_in(nomination.year),
            "resubmitted": change.action == ChangeAction.NOMINATION_RESUBMITTED,
            "round": (change.after or {}).get("round", nomination.round),
            "late": change.reason,
            "url": urljoin(
                settings.SITE_URL, reverse("awards:board_nomination", args=[nomination.pk])
            ),
        }
        subject = " ".join(render_to_string("awards/email/submitted_subject.txt", context).split())
        body = render_to_string("awards/email/submitted.txt", context)
    return send_once_each(
        f"awards:submission-mail:{change_id}", board_recipients(nomination), subject, body
    )
