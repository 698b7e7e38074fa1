"""An agency's award history (AwardRecord) and the results of years before the system
(YearResult).

An award joins the history in two ways: a Decision on a nomination (`award_from_decision`,
called by the service that records the decision, in its transaction), or the board enters it
with the decision's number, date and issuer (awards decided outside the bloc process, e.g. a
flag presented at a sơ kết). Only entered awards are corrected or removed here; an award from a
decision changes with its decision. The database refuses the same award twice for one year's
achievement (Luật 06/2022 Art. 5); these services say so in words first.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import FIRST_YEAR, LAST_YEAR, Agency
from core.text import name_key
from core.versioning import save_versioned

from .. import history
from ..access import can_manage_awards
from ..models import AwardRecord, AwardType, ChangeAction, Decision, RecordSource, YearResult


def _check_actor(actor: Any, agency: Agency) -> None:
    if not can_manage_awards(actor, agency.province_id):
        raise PermissionDenied


def _lock_agency(agency: Agency) -> None:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year",
        )


def record_data(record: AwardRecord) -> dict[str, Any]:
    return {
        "award": record.award_name,
        "year": record.year,
        "decision_number": record.decision_number,
        "decision_date": record.decision_date.isoformat(),
        "issuer": record.issuer,
        "source": record.source,
        "note": record.note,
    }


def _check_award(record: AwardRecord, *, today: datetime.date) -> None:
    """What a record must say, in words before the database's constraints."""
    agency = record.agency
    if record.award_type is not None:
        if record.award_type.province_id != agency.province_id:
            raise ValidationError(_("Choose an award of the agency's province."), code="province")
        record.award_name = record.award_type.name
    if not (record.award_name or "").strip():
        raise ValidationError(_("Choose the award or write its name."), code="award")
    for value, message in (
        (record.decision_number, _("Enter the decision's number.")),
        (record.issuer, _("Enter who issued the decision.")),
    ):
        if not (value or "").strip():
            raise ValidationError(message, code="missing")
    _check_year(record.year)
    if record.decision_date > today:
        raise ValidationError(_("The decision's date cannot be in the future."), code="future")
    if record.decision_date.year < record.year:
        raise ValidationError(
            _("A decision of %(date)s cannot reward the achievements of %(year)s, a later year.")
            % {"date": record.decision_date.strftime("%d/%m/%Y"), "year": record.year},
            code="before_achievement",
        )
    duplicate = AwardRecord.objects.filter(
        agency_id=agency.pk, year=record.year, award_key=name_key(record.award_name)
    )
    if record.award_type is not None:
        duplicate = duplicate | AwardRecord.objects.filter(
            agency_id=agency.pk, year=record.year, award_type=record.award_type
        )
    if duplicate.exclude(pk=record.pk).exists():
        raise ValidationError(
            _(
                "%(agency)s already has %(award)s for the achievements of %(year)s: one "
                "achievement is rewarded once."
            )
            % {"agency": agency.name, "award": record.award_name, "year": record.year},
            code="once",
        )


def _save(record: AwardRecord, expected_version: int | None) -> None:
    try:
        with transaction.atomic():
            save_versioned(record, expected_version)
    except IntegrityError:  # another request entered the same award meanwhile
        raise ValidationError(
            _("This agency already has this award for that year's achievement."), code="once"
        ) from None


@transaction.atomic
def enter_award(
    agency: Agency,
    *,
    actor: Any,
    award_type: AwardType | None,
    award_name: str = "",
    year: int,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    note: str = "",
) -> AwardRecord:
    """The board enters an award decided outside the bloc process."""
    _check_actor(actor, agency)
    _lock_agency(agency)
    record = AwardRecord(
        agency=agency,
        award_type=award_type,
        award_name=award_name,
        year=year,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        note=note,
        source=RecordSource.BOARD,
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    _check_award(record, today=timezone.localdate())
    _save(record, None)
    history.record(
        actor,
        ChangeAction.AWARD_ENTERED,
        record,
        province_id=agency.province_id,
        subject=agency.name,
        after=record_data(record),
    )
    return record


def check_editable(record: AwardRecord) -> None:
    if record.source != RecordSource.BOARD:
        raise ValidationError(
            _(
                "This award comes from a decision on a nomination: it changes only with that "
                "decision."
            ),
            code="from_decision",
        )


EDITABLE = (
    "award_type",
    "award_name",
    "year",
    "decision_number",
    "decision_date",
    "issuer",
    "note",
)


@transaction.atomic
def update_award(
    record: AwardRecord, expected_version: int | None, *, actor: Any, **values: Any
) -> AwardRecord:
    agency = record.agency
    _check_actor(actor, agency)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not an editable field of an award record: {sorted(unknown)}")
    _lock_agency(agency)
    check_editable(record)
    before = record_data(AwardRecord.objects.get(pk=record.pk))
    for name, value in values.items():
        setattr(record, name, value)
    _check_award(record, today=timezone.localdate())
    _save(record, expected_version)
    old, new = history.changed_fields(before, record_data(record))
    if new:
        history.record(
            actor,
            ChangeAction.EDITED,
            record,
            province_id=agency.province_id,
            subject=agency.name,
            before=old,
            after=new,
        )
    return record


@transaction.atomic
def delete_award(record: AwardRecord, *, actor: Any, reason: str) -> None:
    """An award entered by mistake; the change log keeps what it said and why it went."""
    agency = record.agency
    _check_actor(actor, agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for removing this award."), code="reason")
    _lock_agency(agency)
    check_editable(record)
    history.record(
        actor,
        ChangeAction.DELETED,
        record,
        province_id=agency.province_id,
        subject=agency.name,
        before=record_data(record),
        reason=reason,
    )
    record.delete()


def award_from_decision(decision: Decision, *, actor: Any) -> AwardRecord:
    """The award a decision gives joins the nominee's history. Called inside the transaction
    that records the decision (which checks the actor and locks the nomination)."""
    nomination = decision.nomination
    agency = nomination.agency
    if not can_manage_awards(actor, agency.province_id):
        raise PermissionDenied
    record = AwardRecord(
        agency=agency,
        award_type=decision.award_type,
        award_name=decision.award_type.name,
        year=nomination.year,
        decision_number=decision.number,
        decision_date=decision.date,
        issuer=decision.issuer,
        source=RecordSource.DECISION,
        decision=decision,
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    _check_award(record, today=timezone.localdate())
    _save(record, None)
    return record


# --- Results of years before the system -------------------------------------------------------


@transaction.atomic
def enter_result(
    agency: Agency,
    *,
    actor: Any,
    year: int,
    band: str,
    rank: int | None = None,
    source: str,
) -> YearResult:
    _check_actor(actor, agency)
    _check_year(year)
    band, source = (band or "").strip(), (source or "").strip()
    if not band:
        raise ValidationError(_("Choose the band."), code="band")
    if not source:
        raise ValidationError(_("Say where the result comes from."), code="source")
    if rank is not None and rank < 1:
        raise ValidationError(_("A rank starts at 1."), code="rank")
    _lock_agency(agency)
    if YearResult.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(
            _("This agency already has a result for %(year)s: remove it first.") % {"year": year},
            code="exists",
        )
    result = YearResult.objects.create(
        agency=agency,
        year=year,
        band=band,
        rank=rank,
        source=source,
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    history.record(
        actor,
        ChangeAction.RESULT_ENTERED,
        result,
        province_id=agency.province_id,
        subject=agency.name,
        after={"year": year, "band": band, "rank": rank, "source": source},
    )
    return result


@transaction.atomic
def delete_result(result: YearResult, *, actor: Any, reason: str) -> None:
    agency = result.agency
    _check_actor(actor, agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for removing this result."), code="reason")
    _lock_agency(agency)
    history.record(
        actor,
        ChangeAction.DELETED,
        result,
        province_id=agency.province_id,
        subject=agency.name,
        before={
            "year": result.year,
            "band": result.band,
            "rank": result.rank,
            "source": result.source,
        },
        reason=reason,
    )
    result.delete()
