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

Saving cells, submitting and returning are in scoring_cells.py; agreeing and the tie votes in
scoring_agreeing.py. This module opens the round and assigns the checkers.

Locks, in the project's order: pledge → meeting → assessment → score.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Agency, BlocYear
from pledges.models import Pledge, PledgeStatus

from ..access import can_run_meeting
from ..history import ScoringAction, on_meeting
from ..models import (
    Assessment,
    CheckingMode,
    Meeting,
    MeetingKind,
    Period,
    ReviewSettings,
    RotationOrder,
    Score,
    ScoringRound,
)
from .meetings import members
from .minutes import minutes_final
from .ranking import criteria_of

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
