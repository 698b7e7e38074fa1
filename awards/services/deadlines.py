"""The province's deadline for bloc nominations, per year of the achievements (domain.md: e.g.
Bắc Ninh, before 10 December): the board sets it; a submission after it is received only if the
board allows late submissions. The submission service (AW2) asks `check_deadline`."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import FIRST_YEAR, LAST_YEAR, Province
from core.versioning import save_versioned

from .. import history
from ..access import can_manage_awards
from ..models import ChangeAction, NominationDeadline


@dataclass(frozen=True)
class DeadlineCheck:
    """A submission at a moment: `allowed` to submit, and whether it is `late`."""

    deadline: datetime.date | None
    late: bool
    allowed: bool
    message: str


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def deadline_of(province: Province | int, year: int) -> NominationDeadline | None:
    province_id = province if isinstance(province, int) else province.pk
    return NominationDeadline.objects.filter(province_id=province_id, year=year).first()


def evaluate(deadline: NominationDeadline | None, now: datetime.datetime) -> DeadlineCheck:
    """The rule on plain data: on time through the whole last day (in the site's time zone);
    later only when the board allows it; no deadline set, no limit."""
    if deadline is None:
        return DeadlineCheck(None, late=False, allowed=True, message="")
    day = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    if day <= deadline.deadline:
        return DeadlineCheck(
            deadline.deadline,
            late=False,
            allowed=True,
            message=_("Nominations are due by %(date)s.") % {"date": _day(deadline.deadline)},
        )
    if deadline.late_allowed:
        return DeadlineCheck(
            deadline.deadline,
            late=True,
            allowed=True,
            message=_(
                "The deadline was %(date)s; the board receives late nominations, marked as late."
            )
            % {"date": _day(deadline.deadline)},
        )
    return DeadlineCheck(
        deadline.deadline,
        late=True,
        allowed=False,
        message=_(
            "The deadline for nominations was %(date)s. Ask the board to accept late nominations."
        )
        % {"date": _day(deadline.deadline)},
    )


def check_deadline(
    province: Province | int, year: int, now: datetime.datetime | None = None
) -> DeadlineCheck:
    """May a bloc of the province submit a nomination for `year`'s achievements at `now`?"""
    return evaluate(deadline_of(province, year), now or timezone.now())


def deadline_data(deadline: NominationDeadline) -> dict[str, Any]:
    return {
        "year": deadline.year,
        "deadline": deadline.deadline.isoformat(),
        "late_allowed": deadline.late_allowed,
        "note": deadline.note,
    }


@transaction.atomic
def set_deadline(
    province: Province,
    *,
    actor: Any,
    year: int,
    deadline: datetime.date,
    late_allowed: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> NominationDeadline:
    """Create or change the deadline of `year`: a change needs the version the form showed."""
    if not can_manage_awards(actor, province.pk):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year",
        )
    if deadline.year < year:
        raise ValidationError(
            _("The deadline for the achievements of %(year)s cannot be before that year.")
            % {"year": year},
            code="before_year",
        )
    Province.objects.select_for_update().filter(pk=province.pk).first()
    existing = NominationDeadline.objects.filter(province=province, year=year).first()
    before = deadline_data(existing) if existing else None
    record = existing or NominationDeadline(province=province, year=year)
    record.deadline, record.late_allowed, record.note = deadline, late_allowed, note
    try:
        with transaction.atomic():
            save_versioned(record, expected_version if existing else None)
    except IntegrityError:
        raise ValidationError(
            _("Someone else set this year's deadline meanwhile: reload the page."), code="taken"
        ) from None
    old, new = history.changed_fields(before or {}, deadline_data(record))
    if new:
        history.record(
            actor,
            ChangeAction.DEADLINE_SET,
            record,
            province_id=province.pk,
            subject=_("Nomination deadline %(year)s") % {"year": year},
            before=old if before else None,
            after=new,
        )
    return record
