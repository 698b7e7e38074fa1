"""Scoring rounds: opening one from a meeting, the checkers, self scores, checked and agreed points,
submitting and returning an assessment (domain.md, "Scoring").

- A round is opened at the sơ kết (the first half, when the bloc-year scores it) or at the tổng
  kết (the whole year), over the bloc-year's pledge in force and its frozen criteria. It creates
  one Assessment per member agency and one Score row per agency and criterion, so that every
  later save locks an existing row. While a round exists the pledge cannot be withdrawn
  (pledges.blockers: `scoring_started`).
- Checkers: in secretariat mode the head checks every agency and the deputy checks the head; in
  cross mode each agency is checked by the next one in the bloc's rotation order (never itself);
  the secretariat can change an assignment.
- Each column of a score (self, checked, agreed) saves on its own with its own version: a save
  over a newer value is refused with that value and who set it.
- Nothing changes once the meeting's minutes are finalised.

Locks, in the project's order: pledge → meeting → assessment → score.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Agency, BlocYear
from core.numbers import decimal_number
from pledges.models import Pledge, PledgeStatus

from ..access import can_check, can_run_meeting, can_self_score
from ..history import ScoringAction, on_meeting
from ..models import (
    Assessment,
    AssessmentStatus,
    CheckingMode,
    Meeting,
    MeetingKind,
    Period,
    ReviewSettings,
    RotationOrder,
    Score,
    ScoreColumn,
    ScoringRound,
)
from .meetings import members
from .minutes import minutes_final
from .ranking import CriterionRef, criteria_of, effective_points
from .rules import check_points, rules_for

# --- The pledge and the round ----------------------------------------------------------------


def pledge_in_force(bloc_year: BlocYear) -> Pledge | None:
    return (
        Pledge.objects.filter(bloc_year=bloc_year, status=PledgeStatus.IN_FORCE)
        .order_by("-revision")
        .first()
    )


def review_settings(bloc_year: BlocYear) -> ReviewSettings:
    found = ReviewSettings.objects.filter(bloc_year=bloc_year).first()
    return found if found is not None else ReviewSettings(bloc_year=bloc_year)


@transaction.atomic
def save_review_settings(
    bloc_year: BlocYear, *, actor: Any, score_first_half: bool, checking: str
) -> ReviewSettings:
    """The bloc-year's choices: whether the sơ kết scores the first half, and who checks.
    They apply to rounds opened afterwards; an open round keeps its checking mode."""
    from blocs.access import can_run_bloc_year

    if not can_run_bloc_year(actor, bloc_year):
        raise PermissionDenied
    if checking not in CheckingMode.values:
        raise ValidationError({"checking": _("Choose how the assessments are checked.")})
    BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    found = review_settings(bloc_year)
    before = {"score_first_half": found.score_first_half, "checking": str(found.checking)}
    found.score_first_half, found.checking = score_first_half, checking
    found.save()
    after = {"score_first_half": score_first_half, "checking": checking}
    if before != after:
        from core import changelog

        changelog.record(
            actor,
            ScoringAction.SETTINGS,
            found,
            province_id=bloc_year.bloc.province_id,
            bloc_year_id=bloc_year.pk,
            subject=str(bloc_year),
            before=before,
            after=after,
        )
    return found


def period_for(meeting: Meeting) -> str:
    """The period a meeting scores, or a ValidationError saying why it scores none."""
    if meeting.kind == MeetingKind.YEAREND:
        return Period.FULL_YEAR
    if meeting.kind == MeetingKind.MIDYEAR:
        if review_settings(meeting.bloc_year).score_first_half:
            return Period.FIRST_HALF
        raise ValidationError(
            _(
                "This year the %(noun)s does not score the first half at the six-month review. "
                "The %(secretariat)s can turn it on in the scoring settings on this page; "
                "otherwise the scoring takes place at the year-end review."
            )
            % meeting.bloc_year.bloc.terms.words(),
            code="no_first_half",
        )
    raise ValidationError(
        _("Only the six-month and the year-end reviews score the agencies."), code="kind"
    )


def check_can_open(actor: Any, meeting: Meeting) -> Pledge:
    """The pledge a round of `meeting` would score, or why it cannot be opened."""
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    if ScoringRound.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Scoring is already open for this meeting."), code="open")
    check_not_final(meeting)
    period_for(meeting)
    pledge = pledge_in_force(meeting.bloc_year)
    if pledge is None:
        raise ValidationError(
            _(
                "The %(noun)s has no pledge in force this year, so there are no criteria to "
                "score. Open the pledge for signing on the %(noun)s's pledge page; scoring can "
                "start once every member has signed and it is in force."
            )
            % meeting.bloc_year.bloc.terms.words(),
            code="no_pledge",
        )
    if not criteria_of(pledge.snapshot or {}):
        raise ValidationError(_("The pledge in force has no criteria to score."), code="empty")
    return pledge


def check_not_final(meeting: Meeting) -> None:
    """Once the minutes are finalised the scores and the ranking are what they say (asked
    after the meeting's row is locked: finalising takes the same lock)."""
    if minutes_final(meeting):
        raise ValidationError(
            _(
                "The minutes of this meeting are finalised: the scores and the ranking are "
                "recorded in them and can no longer be changed."
            ),
            code="final",
        )


def assign_checkers(
    agencies: list[Agency], *, mode: str, head: Agency | None, deputy: Agency | None, order: list
) -> dict[int, int | None]:
    """Who checks whom: {agency id: checking agency id or None}."""
    ids = [agency.pk for agency in agencies]
    if mode == CheckingMode.SECRETARIAT:
        # The head checks all and the deputy the head; a bloc without a head (the report
        # named only the deputy): the deputy checks all but itself, which the runners check.
        first = head or deputy
        result: dict[int, int | None] = {
            pk: (first.pk if first and first.pk != pk else None) for pk in ids
        }
        if head is not None:
            result[head.pk] = deputy.pk if deputy is not None else None
        return result
    # Cross-scoring: the rotation order first (those of it who are members), then the rest.
    ordered = [pk for pk in order if pk in ids] + [pk for pk in ids if pk not in order]
    if len(ordered) < 2:
        return {pk: None for pk in ordered}
    return {pk: ordered[(i + 1) % len(ordered)] for i, pk in enumerate(ordered)}


@transaction.atomic
def open_round(meeting: Meeting, *, actor: Any) -> ScoringRound:
    """Open the meeting's scoring round over the pledge in force: an assessment per member
    agency with its checker, and an empty score per criterion."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    pledge = check_can_open(actor, meeting)
    # Lock the pledge, so that a withdrawal and the opening never interleave (pledges.blockers).
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.IN_FORCE:
        raise ValidationError(_("The pledge is no longer in force."), code="no_pledge")
    bloc_year = meeting.bloc_year
    mode = review_settings(bloc_year).checking
    rotation = RotationOrder.objects.filter(bloc_id=bloc_year.bloc_id).first()
    agencies = members(bloc_year)
    checkers = assign_checkers(
        agencies,
        mode=mode,
        head=bloc_year.head,
        deputy=bloc_year.deputy,
        order=list(rotation.agency_ids) if rotation else [],
    )
    scoring = ScoringRound.objects.create(
        meeting=meeting,
        pledge=pledge,
        period=period_for(meeting),
        checking=mode,
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(round=scoring, agency=agency, checker_id=checkers.get(agency.pk))
        for agency in agencies
    )
    criteria = criteria_of(pledge.snapshot or {})
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion_id=criterion.id)
        for assessment in assessments
        for criterion in criteria
    )
    on_meeting(
        actor,
        ScoringAction.ROUND_OPENED,
        meeting,
        obj=scoring,
        after={
            "period": str(scoring.period),
            "checking": str(mode),
            "pledge": str(pledge),
            "agencies": len(assessments),
        },
    )
    return scoring


def scoring_started(pledge: Pledge) -> str | None:
    """pledges.blockers: a pledge scored in a round is not withdrawn under it."""
    scoring = (
        ScoringRound.objects.filter(pledge=pledge).select_related("meeting").order_by("pk").first()
    )
    if scoring is None:
        return None
    return _("Scoring against this pledge has started (%(meeting)s on %(date)s).") % {
        "meeting": scoring.meeting.name,
        "date": f"{timezone.localtime(scoring.meeting.starts_at):%d/%m/%Y}",
    }


@transaction.atomic
def set_checker(assessment: Assessment, checker: Agency | None, *, actor: Any) -> Assessment:
    """The secretariat changes who checks an assessment (cross-scoring's rotation adjusted)."""
    meeting = assessment.round.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if checker is not None:
        if checker.pk == locked.agency_id:
            raise ValidationError(
                {"checker": _("An agency never checks its own assessment.")}, code="self"
            )
        if not meeting.bloc_year.memberships.filter(agency=checker).exists():
            raise ValidationError(
                {
                    "checker": _("Choose a member agency of the %(noun)s this year.")
                    % meeting.bloc_year.bloc.terms.words()
                },
                code="member",
            )
    before = locked.checker.name if locked.checker else ""
    locked.checker = checker
    locked.version += 1
    locked.save(update_fields=["checker", "version"])
    on_meeting(
        actor,
        ScoringAction.CHECKER_SET,
        meeting,
        obj=locked,
        subject=str(locked.agency),
        before={"checker": before},
        after={"checker": checker.name if checker else ""},
    )
    return locked


# --- Cells -------------------------------------------------------------------------------------


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


# --- Agreeing --------------------------------------------------------------------------------


@transaction.atomic
def agree_all(scoring: ScoringRound, *, actor: Any) -> int:
    """At the meeting: every cell without agreed points takes the checked points, else the self
    points. Returns how many cells were filled."""
    meeting = scoring.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    filled = 0
    by = actor if getattr(actor, "pk", None) else None
    scores = list(
        Score.objects.select_for_update()
        .filter(assessment__round=scoring, agreed_points__isnull=True)
        .order_by("assessment_id", "criterion_id")
    )
    for score in scores:
        value = effective_points(score.self_points, score.checked_points, None)
        if value is None:
            continue
        score.agreed_points, score.agreed_by = value, by
        score.agreed_version += 1
        filled += 1
    Score.objects.bulk_update(
        [s for s in scores if s.agreed_points is not None],
        ["agreed_points", "agreed_by", "agreed_version"],
    )
    ScoringRound.objects.filter(pk=scoring.pk).update(agreed_at=timezone.now())
    on_meeting(actor, ScoringAction.AGREED_ALL, meeting, obj=scoring, after={"cells": filled})
    return filled


@transaction.atomic
def record_tie_votes(scoring: ScoringRound, votes: dict[int, int], *, actor: Any) -> ScoringRound:
    """The votes the meeting cast between tied agencies (the VOTE tie-break): {agency id:
    votes}, for agencies of the round, each 0..999."""
    meeting = scoring.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = ScoringRound.objects.select_for_update().get(pk=scoring.pk)
    agencies = set(locked.assessments.values_list("agency_id", flat=True))
    if any(agency not in agencies or not 0 <= n <= 999 for agency, n in votes.items()):
        raise ValidationError(
            _("Enter a number of votes from 0 to 999 for agencies of this round."), code="votes"
        )
    before = dict(locked.tie_votes or {})
    locked.tie_votes = {str(agency): n for agency, n in sorted(votes.items()) if n}
    locked.save(update_fields=["tie_votes"])
    on_meeting(
        actor,
        ScoringAction.TIE_VOTES,
        meeting,
        obj=locked,
        before={"votes": before},
        after={"votes": locked.tie_votes},
    )
    return locked
