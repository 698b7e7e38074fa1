"""Who came to a meeting: each member agency present (by whom), represented, or absent with a
reason; and which guests came. Saved from one page, all or nothing, against the attendance's own
version (Meeting.attendance_version): two secretaries saving at the same time never silently
overwrite each other.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import StaleEdit

from ..history import MeetingAction, on_meeting
from ..models import Attendance, Guest, Meeting, Presence
from .meetings import check_can_run, check_not_final, lock_meeting, members


@dataclass(frozen=True)
class Mark:
    """One member agency's line of the attendance form; presence "" = not recorded."""

    agency_id: int
    presence: str = ""
    attendee_name: str = ""
    attendee_title: str = ""
    reason: str = ""


class IncompleteAttendance(ValidationError):
    """Lines of the form that cannot be saved: `lines` maps an agency id to its problems by
    field."""

    def __init__(self, lines: dict[int, dict[str, str]]) -> None:
        super().__init__(
            _("Some lines are incomplete: see the messages in the table. Nothing was saved."),
            code="incomplete",
        )
        self.lines = lines


def check_mark(mark: Mark) -> dict[str, str]:
    """The mark's problems by field (empty when it is fine)."""
    errors: dict[str, str] = {}
    if mark.presence and mark.presence not in Presence.values:
        errors["presence"] = _("Choose present, represented or absent.")
    if mark.presence in (Presence.PRESENT, Presence.REPRESENTED) and not mark.attendee_name:
        errors["attendee_name"] = _("Name the person who attended.")
    if mark.presence == Presence.ABSENT and not mark.reason:
        errors["reason"] = _("Give the reason for the absence.")
    return errors


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    expected_version: int | None,
    *,
    actor: Any,
    marks: list[Mark],
    guests_present: set[int],
) -> Meeting:
    """Replace the meeting's attendance with `marks` (one per member agency at most; an agency
    without a presence has no line) and the guests' presence. Raises ValidationError with every
    problem, keyed by agency id, and saves nothing then."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    if expected_version is None or meeting.attendance_version != expected_version:
        raise StaleEdit
    check_not_final(meeting)
    agencies = {agency.pk: agency for agency in members(meeting.bloc_year)}
    errors: dict[int, dict[str, str]] = {}
    seen: set[int] = set()
    for mark in marks:
        if mark.agency_id not in agencies or mark.agency_id in seen:
            raise ValidationError(
                _("The form lists an agency that is not a %(member)s.")
                % meeting.bloc_year.bloc.terms.words(),
                code="agency",
            )
        seen.add(mark.agency_id)
        problems = check_mark(mark)
        if problems:
            errors[mark.agency_id] = problems
    if errors:
        raise IncompleteAttendance(errors)
    before = summary_lines(meeting)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                agency_id=mark.agency_id,
                presence=mark.presence,
                # A name is kept only for those who came; a reason only for absences.
                attendee_name=mark.attendee_name if mark.presence != Presence.ABSENT else "",
                attendee_title=mark.attendee_title if mark.presence != Presence.ABSENT else "",
                reason=mark.reason if mark.presence == Presence.ABSENT else "",
            )
            for mark in marks
            if mark.presence
        ]
    )
    guests = list(meeting.guests.all())
    for guest in guests:
        guest.present = guest.pk in guests_present
    Guest.objects.bulk_update(guests, ["present"])
    meeting.attendance_version += 1
    Meeting.objects.filter(pk=meeting.pk).update(attendance_version=meeting.attendance_version)
    after = summary_lines(meeting)
    if before != after:
        on_meeting(
            actor,
            MeetingAction.ATTENDANCE,
            meeting,
            before={"attendance": before} if before else None,
            after={"attendance": after},
        )
    return meeting


def summary_lines(meeting: Meeting) -> list[str]:
    """The attendance as the history shows it: one line per agency, then the guests present."""
    lines = []
    for row in meeting.attendance.select_related("agency").order_by("agency__sort_key"):
        text = f"{row.agency.name}: {row.get_presence_display()}"
        if row.attendee_name:
            text += f" ({', '.join(p for p in (row.attendee_name, row.attendee_title) if p)})"
        if row.reason:
            text += f" ({row.reason})"
        lines.append(text)
    guests = [g.name for g in meeting.guests.all() if g.present]
    if guests:
        lines.append(_("Guests present: %(names)s") % {"names": ", ".join(guests)})
    return lines
