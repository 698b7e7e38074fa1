"""Who may see and change meetings, assessments, scores and evidence: the one place for these rules.

- A meeting (its attendance, guests, minutes, report, election, ranking) is read by whoever can
  see its bloc-year (blocs.access) and run by the bloc-year's runners: the province's board staff
  and the year's secretariat (officers of the head and deputy agencies).
- An assessment (self scores, notes, evidence) is read by its runners, its overseer, the agency
  itself and the agency that checks it; other members see the agreed scores once the meeting has
  agreed them (the score table), not each other's work in progress.
- Self scores are entered by the agency's own officers; checked points by the checking agency's
  officers, or by the runners in their grid; agreed points by the runners only.
- The overseer reads everything of their blocs and may comment; nothing else.

Outsiders get 404, readers 403 (design.md, "People and what they may do").
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404

from blocs.access import can_run_bloc_year
from blocs.models import BlocYear

if TYPE_CHECKING:
    from .models import Assessment, Evidence, Guest, Invitation, Meeting, Minutes, ScoringRound


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "MeetingQuerySet":
        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user))


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "AssessmentQuerySet":
        """Runners and the overseer see every assessment of the bloc-years they see; an agency
        officer sees its own agency's and those its agency checks."""
        visible = self.filter(round__meeting__bloc_year__in=BlocYear.objects.visible_to(user))
        if not _active(user) or user.is_superuser or user.is_board_staff or user.is_overseer:
            return visible
        own = Q(agency_id=user.agency_id) | Q(checker_id=user.agency_id)
        runs = Q(round__meeting__bloc_year__in=_secretariat_bloc_years(user))
        return visible.filter(own | runs)


def _secretariat_bloc_years(user: Any) -> models.QuerySet:
    from blocs.models import MemberRole

    return BlocYear.objects.filter(
        memberships__agency_id=user.agency_id,
        memberships__role__in=[MemberRole.HEAD, MemberRole.DEPUTY],
    )


# --- Rights -----------------------------------------------------------------------------------


def can_run_meeting(user: Any, meeting: "Meeting") -> bool:
    return can_run_bloc_year(user, meeting.bloc_year)


def can_self_score(user: Any, assessment: "Assessment") -> bool:
    """The agency's own officers enter its self scores and evidence."""
    return bool(_active(user) and user.is_agency_officer and user.agency_id == assessment.agency_id)


def can_check(user: Any, assessment: "Assessment") -> bool:
    """The checking agency's officers, or the runners in their grid."""
    if can_run_bloc_year(user, assessment.round.meeting.bloc_year):
        return True
    return bool(
        _active(user)
        and user.is_agency_officer
        and assessment.checker_id is not None
        and user.agency_id == assessment.checker_id
    )


def can_comment(user: Any, meeting: "Meeting") -> bool:
    """The council member who oversees the bloc-year."""
    return bool(
        _active(user)
        and user.is_overseer
        and meeting.bloc_year.overseer_id is not None
        and user.official_id == meeting.bloc_year.overseer_id
    )


# --- Object helpers: the object, or 404 / 403 ------------------------------------------------


MEETING_RELATED = ("bloc_year__bloc__province", "bloc_year__overseer", "host", "chair")


def get_meeting_for_user(user: Any, pk: int, *, write: bool = False) -> "Meeting":
    """`write`: plan, record attendance, open scoring, agree, write and finalise the minutes."""
    from .models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related(*MEETING_RELATED), pk=pk
    )
    if write and not can_run_meeting(user, meeting):
        raise PermissionDenied
    return meeting


def get_guest_for_user(user: Any, pk: int, *, write: bool = False) -> "Guest":
    """A meeting's guest: 404 outside the meeting's readers, 403 for those who cannot run it."""
    from .models import Guest

    guest = get_object_or_404(
        Guest.objects.filter(meeting__in=_visible_meetings(user)).select_related(
            *(f"meeting__{name}" for name in MEETING_RELATED), "meeting"
        ),
        pk=pk,
    )
    if write and not can_run_meeting(user, guest.meeting):
        raise PermissionDenied
    return guest


def get_invitation_for_user(user: Any, pk: int) -> "Invitation":
    from .models import Invitation

    return get_object_or_404(
        Invitation.objects.filter(meeting__in=_visible_meetings(user)).select_related(
            *(f"meeting__{name}" for name in MEETING_RELATED), "meeting"
        ),
        pk=pk,
    )


def _visible_meetings(user: Any) -> models.QuerySet:
    from .models import Meeting

    return Meeting.objects.visible_to(user)


ASSESSMENT_RELATED = (
    "agency",
    "checker",
    "round__pledge",
    "round__meeting__bloc_year__bloc__province",
    "round__meeting__bloc_year__overseer",
)


def get_assessment_for_user(user: Any, pk: int) -> "Assessment":
    """The assessment as far as the user may read it; what they may change is asked of
    can_self_score / can_check / can_run_meeting."""
    from .models import Assessment

    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related(*ASSESSMENT_RELATED), pk=pk
    )


def get_evidence_for_user(user: Any, pk: int) -> "Evidence":
    from .models import Assessment, Evidence

    return get_object_or_404(
        Evidence.objects.filter(assessment__in=Assessment.objects.visible_to(user)), pk=pk
    )


# --- mc: minutes ---------------------------------------------------------------------------


def get_minutes_for_user(user: Any, pk: int, *, write: bool = False) -> "Minutes":
    """Minutes (a draft or finalised): 404 outside the meeting's readers, 403 for those who
    cannot run the meeting when `write`."""
    from .models import Minutes

    minutes = get_object_or_404(
        Minutes.objects.filter(meeting__in=_visible_meetings(user)).select_related(
            *(f"meeting__{name}" for name in MEETING_RELATED), "meeting"
        ),
        pk=pk,
    )
    if write and not can_run_meeting(user, minutes.meeting):
        raise PermissionDenied
    return minutes


def can_read_score_table(user: Any, scoring: "ScoringRound") -> bool:
    """Everyone's points side by side: the runners and the overseer at any time; the other
    readers of the meeting once the meeting has agreed them (or the minutes froze them), never
    each other's work in progress."""
    meeting = scoring.meeting
    if can_run_meeting(user, meeting) or can_comment(user, meeting):
        return True
    return (
        scoring.agreed_at is not None or meeting.minutes.filter(finalised_at__isnull=False).exists()
    )


# --- end mc --------------------------------------------------------------------------------
