"""A pledge's life: the secretariat drafts it, opens it for signing (its text and criteria are
frozen and hashed), every member agency signs (online, or on paper recorded by the secretariat),
and it is in force once all have signed: it then gets its number (GƯ) from the bloc's register.
Withdrawing a round voids its signatures, keeps them as history and starts the next revision as
a draft. This module drafts, opens and withdraws; the signatures and coming into force:
signatures.py.

Dates tell the truth (issue 11, §5): a pledge signed on paper at a conference years ago is
recorded with the day it was opened and the days it was signed, and it came into force on the
day of its last signature, not on the day someone typed it in.

Every write locks the pledge's row first: two agencies signing in the same second are serialised,
both signatures count and the pledge comes into force exactly once.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.access import can_run_bloc_year
from blocs.models import BlocYear
from core.versioning import save_versioned

from .. import blockers
from ..models import ChangeAction, CriteriaSet, Pledge, PledgeStatus
from . import history
from .snapshot import build_snapshot, snapshot_hash

PLEDGE_FIELDS = ("title", "preamble", "commitments")


def default_title(bloc_year: BlocYear) -> str:
    return f"Giao ước thi đua năm {bloc_year.year} - {bloc_year.bloc.name_in(bloc_year.year)}"


def _pledge_data(pledge: Pledge) -> dict[str, Any]:
    return {
        **{name: getattr(pledge, name) for name in PLEDGE_FIELDS},
        "criteria_set": pledge.criteria_set.title if pledge.criteria_set else "",
    }


def lock_pledge(pledge: Pledge) -> Pledge:
    """The pledge's row locked and re-read as committed now: another request may have edited,
    opened, signed or withdrawn it since this one loaded it."""
    Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
    pledge.refresh_from_db(
        fields=[f.attname for f in Pledge._meta.concrete_fields if f.attname != "id"]
    )
    return pledge


def require_runner(actor: Any, bloc_year: BlocYear) -> None:
    if not can_run_bloc_year(actor, bloc_year):
        raise PermissionDenied


# --- Drafting --------------------------------------------------------------------------------


def check_draft(pledge: Pledge) -> None:
    """Only a draft's text can change: once opened, it is what the signatures cover."""
    if not pledge.is_draft:
        raise ValidationError(
            _(
                "The pledge is no longer a draft: its text was frozen when it opened for "
                "signing. To change it, withdraw the signing round."
            ),
            code="not_draft",
        )


def check_withdrawable(pledge: Pledge) -> None:
    """An open or in-force round may be withdrawn unless a later app's blocker says why not
    (pledges.blockers). Raises ValidationError with code status, or blocked with every reason."""
    if pledge.status not in (PledgeStatus.OPEN, PledgeStatus.IN_FORCE):
        raise ValidationError(
            _("Only a pledge open for signing or in force can be withdrawn."), code="status"
        )
    reasons = blockers.reasons(pledge)
    if reasons:
        raise ValidationError([ValidationError(reason, code="blocked") for reason in reasons])


def is_blocked(error: ValidationError) -> bool:
    """The refusal of check_withdrawable comes from blockers (the page explains, offers no form)."""
    return all(e.code == "blocked" for e in error.error_list)


def _check_criteria_set(bloc_year: BlocYear, criteria_set: CriteriaSet | None) -> None:
    if criteria_set is not None and criteria_set.bloc_year_id != bloc_year.pk:
        raise ValidationError(
            {
                "criteria_set": _("Choose the criteria set of %(bloc)s for %(year)s.")
                % {"bloc": bloc_year.bloc.name, "year": bloc_year.year}
            },
            code="set",
        )


@transaction.atomic
def create_draft(
    bloc_year: BlocYear,
    *,
    actor: Any,
    title: str = "",
    preamble: str = "",
    commitments: str = "",
    criteria_set: CriteriaSet | None = None,
) -> Pledge:
    require_runner(actor, bloc_year)
    BlocYear.objects.select_for_update().filter(pk=bloc_year.pk).first()
    if bloc_year.pledges.exclude(status=PledgeStatus.WITHDRAWN).exists():
        raise ValidationError(
            _("%(bloc)s already has a pledge for %(year)s.")
            % {"bloc": bloc_year.bloc.name, "year": bloc_year.year},
            code="exists",
        )
    _check_criteria_set(bloc_year, criteria_set)
    if criteria_set is None:
        criteria_set = bloc_year.criteria_sets.first()
    last = bloc_year.pledges.aggregate(last=Max("revision"))["last"] or 0
    pledge = Pledge.objects.create(
        bloc_year=bloc_year,
        revision=last + 1,
        title=title or default_title(bloc_year),
        preamble=preamble,
        commitments=commitments,
        criteria_set=criteria_set,
    )
    history.on_pledge(actor, ChangeAction.CREATED, pledge, pledge.title, after=_pledge_data(pledge))
    return pledge


@transaction.atomic
def update_draft(
    pledge: Pledge, expected_version: int | None, *, actor: Any, **values: Any
) -> Pledge:
    require_runner(actor, pledge.bloc_year)
    before = _pledge_data(Pledge.objects.get(pk=pledge.pk))
    lock_pledge(pledge)
    check_draft(pledge)
    _check_criteria_set(pledge.bloc_year, values.get("criteria_set", pledge.criteria_set))
    for name, value in values.items():
        setattr(pledge, name, value)
    save_versioned(pledge, expected_version)
    old, new = history.changed_fields(before, _pledge_data(pledge))
    if new:
        history.on_pledge(actor, ChangeAction.EDITED, pledge, pledge.title, before=old, after=new)
    return pledge


# --- Opening: the frozen text ----------------------------------------------------------------


def check_opening_date(pledge: Pledge, opened_on: datetime.date) -> None:
    """The day a pledge opened for signing: today, or an earlier day when the round is recorded
    after the fact (signed on paper at a conference); never in the future, and not before the
    year before its own (a typo guard: pledges are signed from the previous year-end
    conference on, domain.md "Annual cycle")."""
    if opened_on > timezone.localdate():
        raise ValidationError(
            {"opened_on": _("The opening date cannot be in the future.")}, code="future"
        )
    earliest = datetime.date(pledge.bloc_year.year - 1, 1, 1)
    if opened_on < earliest:
        raise ValidationError(
            {
                "opened_on": _("The pledge of %(year)s cannot have opened before %(earliest)s.")
                % {"year": pledge.bloc_year.year, "earliest": f"{earliest:%d/%m/%Y}"}
            },
            code="too_early",
        )


def start_of(day: datetime.date) -> datetime.datetime:
    """A day given without a time (a paper signature, an earlier opening), as the moment it
    began in the server's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@transaction.atomic
def open_for_signing(
    pledge: Pledge, *, actor: Any, opened_on: datetime.date | None = None
) -> Pledge:
    """Freeze the text and open it for signing, today or, for a round recorded after the fact,
    on `opened_on` (check_opening_date)."""
    require_runner(actor, pledge.bloc_year)
    if opened_on is not None:
        check_opening_date(pledge, opened_on)
    lock_pledge(pledge)
    if not pledge.is_draft:
        raise ValidationError(_("Only a draft can be opened for signing."), code="not_draft")
    if pledge.criteria_set is None:
        raise ValidationError(_("Choose a criteria set before opening the pledge."))
    CriteriaSet.objects.select_for_update().filter(pk=pledge.criteria_set.pk).first()
    snapshot = build_snapshot(pledge, opened_on or timezone.localdate())
    if not any(s["criteria"] for s in snapshot["sections"]):
        raise ValidationError(_("The criteria set has no criteria yet."), code="empty")
    if not pledge.bloc_year.memberships.exists():
        bloc_year = pledge.bloc_year
        raise ValidationError(
            _("%(bloc)s has no members in %(year)s: nobody could sign.")
            % {"bloc": bloc_year.bloc.name, "year": bloc_year.year}
        )
    pledge.snapshot = snapshot
    pledge.snapshot_sha256 = snapshot_hash(snapshot)
    pledge.status = PledgeStatus.OPEN
    after = {"sha256": pledge.snapshot_sha256, "revision": pledge.revision}
    if opened_on is not None and opened_on < timezone.localdate():
        pledge.opened_at = start_of(opened_on)
        after["opened_on"] = f"{opened_on:%d/%m/%Y}"
    else:
        pledge.opened_at = timezone.now()
    pledge.version += 1
    pledge.save()
    history.on_pledge(actor, ChangeAction.OPENED, pledge, pledge.title, after=after)
    return pledge


# --- Withdrawal ------------------------------------------------------------------------------


@transaction.atomic
def withdraw(pledge: Pledge, *, actor: Any, reason: str) -> Pledge:
    """Withdraw an open or in-force round: its signatures are voided (kept, marked void) and the
    next revision starts as a draft with the same text and criteria set. Returns the draft.
    Refused while a later app's blocker gives a reason (check_withdrawable)."""
    require_runner(actor, pledge.bloc_year)
    lock_pledge(pledge)
    check_withdrawable(pledge)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the round is withdrawn.")})
    now, previous = timezone.now(), pledge.status
    voided = pledge.signatures.filter(voided_at__isnull=True).update(voided_at=now)
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.withdrawn_at = now
    pledge.withdrawal_reason = reason.strip()
    pledge.version += 1
    pledge.save()
    history.on_pledge(
        actor,
        ChangeAction.WITHDRAWN,
        pledge,
        pledge.title,
        before={"status": previous, "signatures": voided},
        after={"status": PledgeStatus.WITHDRAWN},
        reason=pledge.withdrawal_reason,
    )
    return create_draft(
        pledge.bloc_year,
        actor=actor,
        title=pledge.title,
        preamble=pledge.preamble,
        commitments=pledge.commitments,
        criteria_set=pledge.criteria_set,
    )
