"""Reads for the meetings pages, the dashboards and the bloc-year page: each runs a fixed number
of queries whatever the number of rows."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs import links
from blocs.models import Agency, BlocYear, Membership
from blocs.stages import StageState
from blocs.terms import terms_for
from blocs.todo import Todo
from core.models import Change
from core.selectors import changes_of

from .models import (
    Assessment,
    AssessmentStatus,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    Minutes,
    Presence,
)
from .services.meetings import members
from .services.minutes import has_final_minutes

CAME = (Presence.PRESENT, Presence.REPRESENTED)


@dataclass
class Headcount:
    """ "5/5 đơn vị": member agencies present or represented, of the year's members."""

    came: int
    members: int
    recorded: bool

    def __str__(self) -> str:
        return f"{self.came}/{self.members}"


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("host", "chair").annotate(
        came=Count("attendance", filter=Q(attendance__presence__in=CAME), distinct=True),
        recorded=Count("attendance", distinct=True),
        final_minutes=has_final_minutes(),
        # A join on the round's unique meeting: an EXISTS here was planned as a hash of
        # every province's rounds.
        has_scoring=Q(scoring__isnull=False),
        # mb: scoring progress (assessments submitted of those in the round), as subqueries so
        # that they never multiply the attendance rows counted above.
        assessed=_assessment_count(),
        submitted=_assessment_count(status=AssessmentStatus.SUBMITTED),
    )


def _assessment_count(**filters: Any) -> Any:
    counted = (
        Assessment.objects.filter(round__meeting=OuterRef("pk"), **filters)
        .order_by()
        .values("round__meeting")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def headcount(meeting: Meeting, member_count: int) -> Headcount:
    return Headcount(
        came=getattr(meeting, "came", 0),
        members=member_count,
        recorded=bool(getattr(meeting, "recorded", 0)),
    )


# --- The bloc-year's meetings ------------------------------------------------------------------


@dataclass
class MeetingRow:
    meeting: Meeting
    headcount: Headcount


def bloc_year_meetings(bloc_year: BlocYear) -> list[MeetingRow]:
    """The bloc-year's meetings in date order, with their headcounts (two queries; one when
    none is planned yet)."""
    meetings = list(_with_counts(bloc_year.meetings.all()).order_by("starts_at", "pk"))
    member_count = bloc_year.memberships.count() if meetings else 0
    return [MeetingRow(meeting, headcount(meeting, member_count)) for meeting in meetings]


# --- One meeting -----------------------------------------------------------------------------


@dataclass
class AttendanceLine:
    agency: Agency
    name: str  # the agency's name that year
    attendance: Attendance | None


@dataclass
class InvitationState:
    invitation: Invitation
    sent: int  # e-mails sent so far

    @property
    def complete(self) -> bool:
        return not self.invitation.emailed or self.sent >= self.invitation.recipient_count


@dataclass
class MeetingPage:
    meeting: Meeting
    guests: list[Any]
    lines: list[AttendanceLine]
    headcount: Headcount
    invitations: list[InvitationState]
    changes: list[Change] = field(default_factory=list)

    @property
    def invitation(self) -> InvitationState | None:
        return self.invitations[-1] if self.invitations else None


def attendance_lines(meeting: Meeting) -> list[AttendanceLine]:
    """Every member agency of the year (head, deputy, then by name) with its attendance, then
    any attendance of an agency that has since left the bloc."""
    year = meeting.bloc_year.year
    rows = {row.agency_id: row for row in meeting.attendance.select_related("agency")}
    lines = [
        AttendanceLine(agency, agency.name_in(year), rows.pop(agency.pk, None))
        for agency in members(meeting.bloc_year)
    ]
    lines += [AttendanceLine(r.agency, r.agency.name_in(year), r) for r in rows.values()]
    return lines


def meeting_page(meeting: Meeting) -> MeetingPage:
    lines = attendance_lines(meeting)
    came = sum(1 for line in lines if line.attendance and line.attendance.presence in CAME)
    invitations = [
        InvitationState(invitation, invitation.sent)
        for invitation in meeting.invitations.annotate(sent=Count("emails")).order_by(
            "issued_at", "pk"
        )
    ]
    return MeetingPage(
        meeting=meeting,
        guests=list(meeting.guests.all()),
        lines=lines,
        headcount=Headcount(
            came=came,
            members=meeting.bloc_year.memberships.count(),
            recorded=any(line.attendance for line in lines),
        ),
        invitations=invitations,
        changes=meeting_changes(meeting),
    )


def meeting_changes(meeting: Meeting) -> list[Change]:
    """The meeting's history: planning, guests, attendance and invitations (one query)."""
    return changes_of(meeting, province_id=meeting.bloc_year.bloc.province_id)


# --- Dashboards ------------------------------------------------------------------------------


REVIEW_STAGES: dict[str, str] = {MeetingKind.MIDYEAR: "midyear", MeetingKind.YEAREND: "yearend"}


def review_states(bloc_year_ids: list[int]) -> dict[str, dict[int, StageState]]:
    """Both reviews' stages (blocs.stages "midyear" and "yearend"): not started without a
    meeting of its kind; in progress once it is planned (and while its scoring is open); done
    when its minutes are finalised. One query for both."""
    rows = (
        Meeting.objects.filter(bloc_year_id__in=bloc_year_ids, kind__in=list(REVIEW_STAGES))
        .annotate(done=has_final_minutes())
        .values_list("kind", "bloc_year_id", "done")
        # Without Meeting's ordering, which joins every province's bloc-years and blocs.
        .order_by()
    )
    states: dict[str, dict[int, StageState]] = {stage: {} for stage in REVIEW_STAGES.values()}
    for kind, bloc_year_id, done in rows:
        states[REVIEW_STAGES[kind]][bloc_year_id] = (
            StageState.DONE if done else StageState.IN_PROGRESS
        )
    return states


def midyear_states(bloc_year_ids: list[int]) -> dict[int, StageState]:
    return review_states(bloc_year_ids)["midyear"]


def yearend_states(bloc_year_ids: list[int]) -> dict[int, StageState]:
    return review_states(bloc_year_ids)["yearend"]


def meetings_to_attend(user: Any) -> list[Todo]:
    """An agency officer's to-do: every meeting still to come of the blocs their agency is in
    (one query)."""
    if not (user.is_authenticated and user.is_agency_officer and user.agency_id):
        return []
    coming = (
        Meeting.objects.filter(
            bloc_year__memberships__agency_id=user.agency_id, starts_at__gt=timezone.now()
        )
        .select_related("bloc_year__bloc")
        .order_by("starts_at", "pk")
    )
    return [
        Todo(
            text=_("%(bloc)s: %(meeting)s at %(when)s, %(place)s.")
            % {
                "bloc": meeting.bloc_year.bloc.name_in(meeting.bloc_year.year),
                "meeting": meeting.name,
                "when": f"{timezone.localtime(meeting.starts_at):%H:%M %d/%m/%Y}",
                "place": meeting.place,
            },
            url=meeting.get_absolute_url(),
            action=_("See the meeting"),
        )
        for meeting in coming
    ]


@dataclass
class OverseenMeeting:
    meeting: Meeting
    bloc_name: str
    headcount: Headcount


def overseen_meetings(bloc_years: list[BlocYear]) -> list[OverseenMeeting]:
    """The meetings of the overseer's bloc-years, latest first, with headcounts (two
    queries)."""
    ids = [bloc_year.pk for bloc_year in bloc_years]
    member_counts = dict(
        # No ordering: Membership's would join every bloc-year, bloc and agency of the country.
        Membership.objects.filter(bloc_year_id__in=ids)
        .order_by()
        .values("bloc_year_id")
        .annotate(n=Count("pk"))
        .values_list("bloc_year_id", "n")
    )
    by_id = {bloc_year.pk: bloc_year for bloc_year in bloc_years}
    meetings = _with_counts(Meeting.objects.filter(bloc_year_id__in=ids)).order_by(
        "-starts_at", "-pk"
    )
    rows = []
    for meeting in meetings:
        bloc_year = by_id[meeting.bloc_year_id]
        meeting.bloc_year = bloc_year  # already loaded with its bloc: no query per row
        rows.append(
            OverseenMeeting(
                meeting,
                bloc_year.bloc.name_in(bloc_year.year),
                headcount(meeting, member_counts.get(bloc_year.pk, 0)),
            )
        )
    return rows


# --- On blocs' pages (blocs.links) -----------------------------------------------------------


def meetings_link(user: Any, bloc_year: BlocYear) -> list[links.Action]:
    """ "Hội nghị" among the actions of the bloc-year page."""
    url = reverse("meetings:bloc_year_meetings", args=[bloc_year.bloc_id, bloc_year.year])
    return [links.Action(label=str(_("Meetings")), url=url, id="meetings-link")]


def meetings_section(user: Any, bloc_year: BlocYear) -> list[links.Action]:
    """The bloc-year page's section listing its meetings (two queries)."""
    return [
        links.Action(
            template="meetings/_bloc_year_section.html",
            context={
                "bloc_year": bloc_year,
                "rows": bloc_year_meetings(bloc_year),
                "can_plan": can_plan(user, bloc_year),
            },
        )
    ]


def overseer_section(user: Any, bloc_years: list[BlocYear]) -> list[links.Action]:
    """The overseer's dashboard: the meetings of the blocs they direct."""
    return [
        links.Action(
            template="meetings/_overseer_meetings.html",
            context={
                "rows": overseen_meetings(bloc_years),
                "now": timezone.now(),
                "terms": terms_for(bloc_year.bloc for bloc_year in bloc_years),
            },
        )
    ]


def can_plan(user: Any, bloc_year: BlocYear) -> bool:
    """Whether to offer planning a meeting (the rule is the planning service's)."""
    from .services.meetings import check_can_plan

    try:
        check_can_plan(user, bloc_year)
    except PermissionDenied:
        return False
    return True


# --- mc: the minutes' history ------------------------------------------------------------------


def minutes_changes(meeting: Meeting) -> list[Change]:
    """The history of the meeting's minutes, review report and election, newest first (a fixed
    number of queries)."""
    from django.contrib.contenttypes.models import ContentType

    from core.selectors import LIMIT

    from .models import Election, ReviewReport

    kinds = ContentType.objects.get_for_models(Minutes, ReviewReport, Election)
    ids = {
        Minutes: list(meeting.minutes.values_list("pk", flat=True)),
        ReviewReport: list(
            ReviewReport.objects.filter(meeting=meeting).values_list("pk", flat=True)
        ),
        Election: list(Election.objects.filter(meeting=meeting).values_list("pk", flat=True)),
    }
    condition = Q(pk__in=[])
    for model, pks in ids.items():
        if pks:
            condition |= Q(content_type=kinds[model], object_id__in=pks)
    return list(
        Change.objects.filter(condition, province_id=meeting.bloc_year.bloc.province_id)
        .select_related("actor")
        .order_by("-at", "-pk")[:LIMIT]
    )
