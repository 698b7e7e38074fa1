"""The board's flags on an agency: under discipline, under investigation, or a complaint being
verified, for a period (NĐ 152/2025 and Luật 06/2022's principles: nothing is rewarded while
such a matter stands). Setting and ending a flag are recorded in the change log with the
reason; the agency's row is locked so that two board staff cannot set the same flag twice."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Agency
from core.versioning import save_versioned

from .. import history
from ..access import can_manage_awards
from ..models import ChangeAction, EligibilityFlag, FlagKind


def _check_actor(actor: Any, agency: Agency) -> None:
    if not can_manage_awards(actor, agency.province_id):
        raise PermissionDenied


def _lock_agency(agency: Agency) -> None:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()


def _check_period(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            _("A flag cannot end before it starts (%(start)s).")
            % {"start": starts_on.strftime("%d/%m/%Y")},
            code="ends_before_start",
        )


def flag_data(flag: EligibilityFlag) -> dict[str, Any]:
    return {
        "kind": flag.kind,
        "starts_on": flag.starts_on.isoformat(),
        "ends_on": flag.ends_on.isoformat() if flag.ends_on else None,
    }


@transaction.atomic
def set_flag(
    agency: Agency,
    *,
    actor: Any,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    reason: str,
) -> EligibilityFlag:
    _check_actor(actor, agency)
    if kind not in FlagKind.values:
        raise ValidationError(_("Choose the kind of flag."), code="kind")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the flag."), code="reason")
    _check_period(starts_on, ends_on)
    _lock_agency(agency)
    overlapping = EligibilityFlag.objects.filter(agency=agency, kind=kind).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            _(
                "This agency already has a flag of this kind for part of that period: end or "
                "change that one instead."
            ),
            code="overlap",
        )
    flag = EligibilityFlag.objects.create(
        agency=agency,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        set_by=actor if getattr(actor, "pk", None) else None,
    )
    history.record(
        actor,
        ChangeAction.FLAG_SET,
        flag,
        province_id=agency.province_id,
        subject=agency.name,
        after=flag_data(flag),
        reason=reason,
    )
    return flag


def check_can_end(flag: EligibilityFlag) -> None:
    if flag.end_reason:
        raise ValidationError(_("This flag has already been ended."), code="ended")


@transaction.atomic
def end_flag(
    flag: EligibilityFlag,
    expected_version: int | None,
    *,
    actor: Any,
    ends_on: datetime.date | None = None,
    reason: str,
) -> EligibilityFlag:
    """The matter is closed: the flag ends on `ends_on` (today by default), with the reason."""
    agency = flag.agency
    _check_actor(actor, agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for ending the flag."), code="reason")
    _lock_agency(agency)
    current = EligibilityFlag.objects.get(pk=flag.pk)
    check_can_end(current)
    ends_on = ends_on or timezone.localdate()
    _check_period(flag.starts_on, ends_on)
    if current.ends_on is not None and ends_on > current.ends_on:
        raise ValidationError(
            _("The flag already ends on %(end)s: it can only end earlier.")
            % {"end": current.ends_on.strftime("%d/%m/%Y")},
            code="later",
        )
    before = flag_data(current)
    flag.ends_on = ends_on
    flag.end_reason = reason
    flag.ended_by = actor if getattr(actor, "pk", None) else None
    save_versioned(flag, expected_version)
    history.record(
        actor,
        ChangeAction.FLAG_ENDED,
        flag,
        province_id=agency.province_id,
        subject=agency.name,
        before={"ends_on": before["ends_on"]},
        after={"ends_on": ends_on.isoformat()},
        reason=reason,
    )
    return flag
