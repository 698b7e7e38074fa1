"""An assessment's cells (services/scoring.py): each column of a score (self, checked, agreed)
saved on its own with its own version, and the assessment submitted and returned."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import decimal_number

from ..access import can_check, can_run_meeting, can_self_score
from ..history import ScoringAction, on_meeting
from ..models import Assessment, AssessmentStatus, Meeting, Score, ScoreColumn
from .ranking import CriterionRef, criteria_of, effective_points
from .rules import check_points, rules_for
from .scoring import check_not_final


def criterion_in(assessment: Assessment, criterion_id: Any) -> CriterionRef:
    """The criterion of the round's snapshot with this id, or a message: a score is only ever
    given for a criterion the pledge froze."""
    try:
        wanted = int(criterion_id)
    except (TypeError, ValueError):
        wanted = -1
    for criterion in criteria_of(assessment.round.pledge.snapshot or {}):
        if criterion.id == wanted:
            return criterion
    raise ValidationError(
        _("This criterion is not among the pledge's criteria."), code="not_in_snapshot"
    )


def parse_points(value: Any) -> Decimal | None:
    """Points as typed ("7,5" or "7.5"); empty is None; anything else a message."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        points = Decimal("NaN")
    if not points.is_finite() or len(text) > 12:
        raise ValidationError(_("Enter a number of points, e.g. 7,5."), code="invalid")
    return points


def parse_version(value: Any) -> int | None:
    try:
        version = int(str(value))
    except (TypeError, ValueError):
        return None
    return version if 0 <= version < 2**31 else None


@dataclass
class Conflict:
    value: Decimal | None
    note: str
    by: str


class CellConflict(ValidationError):
    """The cell was saved by someone else since it was shown: their value and who set it."""

    def __init__(self, conflict: Conflict) -> None:
        value = decimal_number(conflict.value) if conflict.value is not None else _("empty")
        super().__init__(
            _(
                "Someone else saved this cell while you were editing it: it now holds %(value)s, "
                "set by %(who)s. Your value was not saved; enter it again if it should replace "
                "theirs."
            )
            % {"value": value, "who": conflict.by or _("nobody yet")},
            code="conflict",
        )
        self.conflict = conflict


def _who(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user.get_username())


def _lock_cell(assessment: Assessment, criterion: CriterionRef) -> tuple[Assessment, Score]:
    meeting = assessment.round.meeting
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    # What the caller has read of it and never changes: its round (with the meeting, bloc-year
    # and bloc the rules and the log need) and its agency. Five queries fewer per cell saved.
    locked.round = assessment.round
    if Assessment.agency.is_cached(assessment):
        locked.agency = assessment.agency
    score, _created = Score.objects.select_for_update().get_or_create(
        assessment=locked, criterion_id=criterion.id
    )
    return locked, score


COLUMN_FIELDS = {
    ScoreColumn.SELF: ("self_points", "self_note", "self_by", "self_version"),
    ScoreColumn.CHECKED: ("checked_points", "checked_note", "checked_by", "checked_version"),
    ScoreColumn.AGREED: ("agreed_points", "agreed_reason", "agreed_by", "agreed_version"),
}


def check_column_right(actor: Any, assessment: Assessment, column: str) -> None:
    if column == ScoreColumn.SELF:
        allowed = can_self_score(actor, assessment)
    elif column == ScoreColumn.CHECKED:
        allowed = can_check(actor, assessment)
    elif column == ScoreColumn.AGREED:
        allowed = can_run_meeting(actor, assessment.round.meeting)
    else:
        raise ValidationError(_("Unknown column."), code="column")
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def save_cell(
    assessment: Assessment,
    criterion_id: Any,
    *,
    column: str,
    points: Decimal | None,
    note: str | None,
    expected_version: int | None,
    actor: Any,
) -> Score:
    """Save one column of one cell. `expected_version` is the column's version the page showed:
    a newer one is a conflict (CellConflict), never overwritten. A `note` of None keeps the
    note as it is (the grid edits points only)."""
    check_column_right(actor, assessment, column)
    criterion = criterion_in(assessment, criterion_id)
    locked, score = _lock_cell(assessment, criterion)
    points_field, note_field, by_field, version_field = COLUMN_FIELDS[ScoreColumn(column)]
    current_version = getattr(score, version_field)
    if expected_version is None or expected_version != current_version:
        raise CellConflict(
            Conflict(
                getattr(score, points_field),
                getattr(score, note_field),
                _who(getattr(score, by_field)),
            )
        )
    note = getattr(score, note_field) if note is None else note.strip()
    if column == ScoreColumn.SELF and locked.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("The assessment has been submitted: its self scores can no longer be changed."),
            code="submitted",
        )
    if column == ScoreColumn.CHECKED and locked.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("The agency has not submitted its assessment yet: check it once it is submitted."),
            code="not_submitted",
        )
    if points is not None:
        rules = rules_for(locked.round.meeting.bloc_year.bloc.province_id)
        check_points(criterion, points, rules.point_step)
    if column == ScoreColumn.AGREED:
        proposed = effective_points(score.self_points, score.checked_points, None)
        if points != proposed and not note:
            raise ValidationError(
                _("Give the reason for agreed points that differ from the checked points."),
                code="reason",
            )
    before = {"points": _plain(getattr(score, points_field)), "note": getattr(score, note_field)}
    setattr(score, points_field, points)
    setattr(score, note_field, note)
    setattr(score, by_field, actor if getattr(actor, "pk", None) else None)
    setattr(score, version_field, current_version + 1)
    score.save(update_fields=[points_field, note_field, by_field, version_field, "updated_at"])
    after = {"points": _plain(points), "note": note}
    if before != after:
        on_meeting(
            actor,
            SCORE_ACTIONS[ScoreColumn(column)],
            locked.round.meeting,
            obj=locked,
            subject=f"{locked.agency} – {criterion_label(assessment, criterion.id)}",
            before=before,
            after=after,
            reason=note if column == ScoreColumn.AGREED else "",
        )
    return score


SCORE_ACTIONS = {
    ScoreColumn.SELF: ScoringAction.SELF_SCORED,
    ScoreColumn.CHECKED: ScoringAction.CHECKED,
    ScoreColumn.AGREED: ScoringAction.AGREED,
}


def _plain(points: Decimal | None) -> str:
    return "" if points is None else decimal_number(points)


def criterion_label(assessment: Assessment, criterion_id: int) -> str:
    for section in (assessment.round.pledge.snapshot or {}).get("sections", []):
        for criterion in section["criteria"]:
            if int(criterion["id"]) == criterion_id:
                return f"{section.get('number', '')}.{criterion.get('number', '')}".strip(".")
    return str(criterion_id)


# --- Submitting and returning ------------------------------------------------------------------


@transaction.atomic
def submit(assessment: Assessment, *, actor: Any) -> Assessment:
    """The agency hands in its self scores: they lock until the secretariat returns them."""
    if not can_self_score(actor, assessment):
        raise PermissionDenied
    meeting = assessment.round.meeting
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(_("The assessment has already been submitted."), code="submitted")
    missing = locked.scores.filter(self_points__isnull=True).count()
    if missing:
        raise ValidationError(
            _("Enter points for every criterion before submitting (%(count)s still empty).")
            % {"count": missing},
            code="incomplete",
        )
    before = locked.status
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "submitted_at", "version"])
    on_meeting(
        actor,
        ScoringAction.SUBMITTED,
        meeting,
        obj=locked,
        subject=str(locked.agency),
        before={"status": before},
        after={"status": locked.status},
    )
    return locked


@transaction.atomic
def return_assessment(assessment: Assessment, *, actor: Any, reason: str) -> Assessment:
    """The secretariat sends a submitted assessment back to its agency, saying why."""
    meeting = assessment.round.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the assessment is returned.")})
    if locked.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted assessment can be returned."), code="not_submitted"
        )
    locked.status = AssessmentStatus.RETURNED
    locked.returned_reason = reason
    locked.version += 1
    locked.save(update_fields=["status", "returned_reason", "version"])
    on_meeting(
        actor,
        ScoringAction.RETURNED,
        meeting,
        obj=locked,
        subject=str(locked.agency),
        before={"status": AssessmentStatus.SUBMITTED},
        after={"status": locked.status},
        reason=reason,
    )
    return locked
