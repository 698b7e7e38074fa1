"""The board's review of a nomination (thẩm định; issue 13 §4).

    SUBMITTED ──start──► UNDER_REVIEW ──send──► SENT_TO_COUNCIL ──decide──► DECIDED
        │                   │   │                   │   └──────reject──► REJECTED
        └──────return───────┴───┼──► RETURNED (the secretariat resubmits: services/dossiers.py)
                                └──decide / reject

Every step is the province's board staff's (`actor` checked through access.py), runs in one
transaction with the nomination's row locked, writes the change log and, after the commit,
e-mails the secretariat and the nominee's officers (a Celery task, tasks.send_review_email;
review_emails.py).
Returning and rejecting need a reason. A decision needs its number, date and issuer; it creates
the Decision and the award in the nominee's history (records.award_from_decision) in the same
transaction, and the nomination never changes again.

Two board staff acting on the same nomination at once: the second waits for the first's lock,
then finds the nomination moved on and is told by whom (`expected_status`, or the version the
page showed); nothing is overwritten.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Change

from .. import history
from ..access import can_review_nominations
from ..models import (
    AwardType,
    ChangeAction,
    Decision,
    Nomination,
    NominationStatus,
)
from .records import award_from_decision
from .review_emails import queue_email

S = NominationStatus

# Where each step may start from.
STARTS = {
    "start": (S.SUBMITTED,),
    "return": (S.SUBMITTED, S.UNDER_REVIEW),
    "send": (S.UNDER_REVIEW,),
    "decide": (S.UNDER_REVIEW, S.SENT_TO_COUNCIL),
    "reject": (S.SUBMITTED, S.UNDER_REVIEW, S.SENT_TO_COUNCIL),
}


# --- Rules -----------------------------------------------------------------------------------


def check_actor(actor: Any, nomination: Nomination) -> None:
    if not can_review_nominations(actor, nomination.bloc_year.bloc.province_id):
        raise PermissionDenied


def can_do(nomination: Nomination, step: str) -> bool:
    return nomination.status in STARTS[step]


def steps_for(actor: Any, nomination: Nomination) -> list[str]:
    """What the page offers this user on this nomination."""
    if not can_review_nominations(actor, nomination.bloc_year.bloc.province_id):
        return []
    return [step for step, starts in STARTS.items() if nomination.status in starts]


def last_change(nomination: Nomination) -> Change | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(Nomination), object_id=nomination.pk
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def moved_on(nomination: Nomination) -> ValidationError:
    """The conflict message: what the nomination is now, and who made it so."""
    change = last_change(nomination)
    status = nomination.get_status_display()
    if change is not None and change.actor is not None:
        return ValidationError(
            _(
                "This nomination is now “%(status)s”: %(who)s changed it at %(when)s. Reload the "
                "page to see it."
            )
            % {
                "status": status,
                "who": change.actor.get_full_name() or change.actor.email,
                "when": timezone.localtime(change.at).strftime("%H:%M %d/%m/%Y"),
            },
            code="stale",
        )
    return ValidationError(
        _("This nomination is now “%(status)s”. Reload the page to see it.") % {"status": status},
        code="stale",
    )


def _lock(
    nomination: Nomination, step: str, expected_status: str | None, expected_version: int | None
) -> Nomination:
    """The nomination as it is now, locked; refused when a decision made it final or another
    board officer moved it on since the page was read."""
    current = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("bloc_year__bloc__province", "award_type", "agency")
        .get(pk=nomination.pk)
    )
    if current.status == S.DECIDED:
        decision = Decision.objects.filter(nomination=current).first()
        if decision is not None:
            raise ValidationError(
                _(
                    "This nomination was decided (decision %(number)s of %(date)s): a decided "
                    "nomination never changes."
                )
                % {"number": decision.number, "date": decision.date.strftime("%d/%m/%Y")},
                code="decided",
            )
        raise ValidationError(_("A decided nomination never changes."), code="decided")
    stale = (expected_status is not None and current.status != expected_status) or (
        expected_version is not None and current.version != expected_version
    )
    if stale or current.status not in STARTS[step]:
        raise moved_on(current)
    return current


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message}, code="reason")
    return reason


def _move(
    nomination: Nomination,
    *,
    actor: Any,
    status: str,
    action: ChangeAction,
    reason: str = "",
    after: dict[str, Any] | None = None,
) -> Change:
    before = {"status": nomination.status}
    nomination.status = status
    nomination.status_reason = reason if status in (S.RETURNED, S.REJECTED) else ""
    nomination.version += 1
    Nomination.objects.filter(pk=nomination.pk).update(
        status=status, status_reason=nomination.status_reason, version=nomination.version
    )
    change = history.record(
        actor,
        action,
        nomination,
        province_id=nomination.bloc_year.bloc.province_id,
        bloc_year_id=nomination.bloc_year_id,
        subject=str(nomination),
        before=before,
        after={"status": status, "round": nomination.round, **(after or {})},
        reason=reason,
    )
    transaction.on_commit(lambda: queue_email(change.pk))
    return change


# --- The steps --------------------------------------------------------------------------------


@transaction.atomic
def start_review(
    nomination: Nomination,
    *,
    actor: Any,
    expected_status: str | None = None,
    expected_version: int | None = None,
) -> Nomination:
    check_actor(actor, nomination)
    current = _lock(nomination, "start", expected_status, expected_version)
    _move(current, actor=actor, status=S.UNDER_REVIEW, action=ChangeAction.REVIEW_STARTED)
    return current


@transaction.atomic
def return_nomination(
    nomination: Nomination,
    *,
    actor: Any,
    reason: str,
    expected_status: str | None = None,
    expected_version: int | None = None,
) -> Nomination:
    """Back to the secretariat to correct; it resubmits the same nomination (next round)."""
    check_actor(actor, nomination)
    reason = _reason(
        reason,
        _("Say what the %(secretariat)s must correct.") % nomination.bloc_year.bloc.terms.words(),
    )
    current = _lock(nomination, "return", expected_status, expected_version)
    _move(
        current,
        actor=actor,
        status=S.RETURNED,
        action=ChangeAction.NOMINATION_RETURNED,
        reason=reason,
    )
    return current


@transaction.atomic
def send_to_council(
    nomination: Nomination,
    *,
    actor: Any,
    expected_status: str | None = None,
    expected_version: int | None = None,
) -> Nomination:
    check_actor(actor, nomination)
    current = _lock(nomination, "send", expected_status, expected_version)
    _move(current, actor=actor, status=S.SENT_TO_COUNCIL, action=ChangeAction.SENT_TO_COUNCIL)
    return current


@transaction.atomic
def reject_nomination(
    nomination: Nomination,
    *,
    actor: Any,
    reason: str,
    expected_status: str | None = None,
    expected_version: int | None = None,
) -> Nomination:
    check_actor(actor, nomination)
    reason = _reason(reason, _("Give the reason for the rejection."))
    current = _lock(nomination, "reject", expected_status, expected_version)
    _move(
        current,
        actor=actor,
        status=S.REJECTED,
        action=ChangeAction.NOMINATION_REJECTED,
        reason=reason,
    )
    return current


@dataclass
class DecisionValues:
    number: str
    date: datetime.date
    issuer: str
    award_type: AwardType


def check_decision(nomination: Nomination, values: DecisionValues, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    if not (values.number or "").strip():
        errors["number"] = _("Enter the decision's number.")
    if not (values.issuer or "").strip():
        errors["issuer"] = _("Enter who issued the decision.")
    if values.date is None:
        errors["date"] = _("Enter the decision's date.")
    elif values.date > today:
        errors["date"] = _("The decision's date cannot be in the future.")
    elif values.date.year < nomination.year:
        errors["date"] = _(
            "A decision of %(date)s cannot reward the achievements of %(year)s, a later year."
        ) % {"date": values.date.strftime("%d/%m/%Y"), "year": nomination.year}
    award = values.award_type
    if award is None or award.province_id != nomination.bloc_year.bloc.province_id:
        errors["award_type"] = _("Choose an award of the nominee's province.")
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def decide(
    nomination: Nomination,
    *,
    actor: Any,
    number: str,
    date: datetime.date,
    issuer: str,
    award_type: AwardType | None = None,
    expected_status: str | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Record the decision (the council may give another award than the one proposed) and put
    the award in the nominee's history; the nomination is final."""
    check_actor(actor, nomination)
    values = DecisionValues(
        number=(number or "").strip(),
        date=date,
        issuer=(issuer or "").strip(),
        award_type=award_type or nomination.award_type,
    )
    check_decision(nomination, values, timezone.localdate())
    current = _lock(nomination, "decide", expected_status, expected_version)
    decision = Decision.objects.create(
        nomination=current,
        award_type=values.award_type,
        number=values.number,
        date=values.date,
        issuer=values.issuer,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    award_from_decision(decision, actor=actor)
    _move(
        current,
        actor=actor,
        status=S.DECIDED,
        action=ChangeAction.DECIDED,
        after={
            "number": decision.number,
            "decision_date": decision.date.isoformat(),
            "issuer": decision.issuer,
            "award": values.award_type.name,
        },
    )
    return decision
