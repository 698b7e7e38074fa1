"""Planning a bloc-year's meetings: the sơ kết, the tổng kết and other meetings, with their time,
place, host, chair, secretary, agenda and guests.

The secretariat (the head and deputy agencies' officers) or the province's board plans them.
Past dates are allowed: a meeting held before the system was used (the demo's 2020 sơ kết) is
recorded as it happened. Once the meeting's minutes are finalised (meetings' minutes part) its
facts, guests and attendance are what the minutes say, and no longer change.

Locks: the bloc-year (creating) or the meeting (editing, guests), in the order province →
bloc-year → pledge → meeting → assessment.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Agency, BlocYear, MemberRole, Official
from core.ordering import vn_sort_key
from core.versioning import StaleEdit

from ..access import can_run_meeting
from ..history import MeetingAction, on_meeting
from ..models import Guest, Meeting, MeetingKind

FIELDS = (
    "kind",
    "title",
    "starts_at",
    "place",
    "host",
    "chair",
    "secretary_name",
    "secretary_title",
    "agenda",
)


@dataclass(frozen=True)
class NewChair:
    """A chair not yet among the province's officials, added with the meeting."""

    full_name: str
    title: str
    agency: Agency | None


# --- Rights and rules ------------------------------------------------------------------------


def check_can_plan(actor: Any, bloc_year: BlocYear) -> None:
    from blocs.access import can_run_bloc_year

    if not can_run_bloc_year(actor, bloc_year):
        raise PermissionDenied


def check_can_run(actor: Any, meeting: Meeting) -> None:
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied


def check_not_final(meeting: Meeting) -> None:
    """Finalised minutes record the meeting as it was: its facts stay as they say."""
    if meeting.minutes.filter(finalised_at__isnull=False).exists():
        raise ValidationError(
            _(
                "The minutes of this meeting are finalised: its time, place, guests and "
                "attendance are recorded in them and can no longer be changed."
            ),
            code="final",
        )


def members(bloc_year: BlocYear) -> list[Agency]:
    """The bloc-year's member agencies, head and deputy first, then in Vietnamese order."""
    order = {MemberRole.HEAD: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2}
    memberships = bloc_year.memberships.select_related("agency")
    return [
        m.agency
        for m in sorted(
            memberships,
            key=lambda m: (order[MemberRole(m.role)], vn_sort_key(m.agency.name_in(m.year))),
        )
    ]


def chair_choices(bloc_year: BlocYear) -> list[Official]:
    """Who may chair: the officials of the member agencies (the head's first) and the council
    member overseeing the bloc."""
    agencies = members(bloc_year)
    rank = {agency.pk: i for i, agency in enumerate(agencies)}
    officials = list(Official.objects.filter(agency__in=agencies).select_related("agency"))
    officials.sort(key=lambda o: (rank.get(o.agency_id or 0, 99), o.sort_key, o.pk))
    if bloc_year.overseer_id and all(o.pk != bloc_year.overseer_id for o in officials):
        officials.append(bloc_year.overseer)  # type: ignore[arg-type]
    return officials


def default_chair(bloc_year: BlocYear) -> Official | None:
    """The head agency's leader: its official, when the province recorded one (the first in
    Vietnamese order when several)."""
    head = bloc_year.head
    if head is None:
        return None
    return Official.objects.filter(agency=head).order_by("sort_key", "pk").first()


def _check_facts(bloc_year: BlocYear, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    starts_at = values["starts_at"]
    year = timezone.localtime(starts_at).year
    # A tổng kết is often held in January of the next year (domain.md, "Annual cycle").
    if year not in (bloc_year.year, bloc_year.year + 1):
        errors["starts_at"] = _("A meeting of %(year)s takes place in %(year)s or in %(next)s.") % {
            "year": bloc_year.year,
            "next": bloc_year.year + 1,
        }
    if values["kind"] == MeetingKind.OTHER and not values.get("title"):
        errors["title"] = _("Name the meeting, e.g. “Họp bàn tổ chức hội thao”.")
    host = values.get("host")
    if host is not None and not bloc_year.memberships.filter(agency=host).exists():
        errors["host"] = (
            _("The host must be a member agency of the %(noun)s this year.")
            % bloc_year.bloc.terms.words()
        )
    chair = values.get("chair")
    if chair is not None and chair.province_id != bloc_year.bloc.province_id:
        errors["chair"] = _("Choose an official of the province.")
    if values["kind"] != MeetingKind.OTHER:
        same = Meeting.objects.filter(bloc_year=bloc_year, kind=values["kind"])
        if values.get("pk"):
            same = same.exclude(pk=values["pk"])
        if same.exists():
            errors["kind"] = (
                _("This year the %(noun)s already has a meeting of this kind.")
                % bloc_year.bloc.terms.words()
            )
    if errors:
        raise ValidationError(errors)


def _add_chair(actor: Any, bloc_year: BlocYear, new: NewChair) -> Official:
    """The official, found by name and title in the province, or added to it."""
    if new.agency is not None and not bloc_year.memberships.filter(agency=new.agency).exists():
        raise ValidationError(
            {
                "new_chair_agency": _("Choose a member agency of the %(noun)s.")
                % bloc_year.bloc.terms.words()
            }
        )
    official, created = Official.objects.get_or_create(
        province_id=bloc_year.bloc.province_id,
        full_name=new.full_name,
        title=new.title,
        defaults={"agency": new.agency},
    )
    if created:
        from core import changelog

        changelog.record(
            actor,
            MeetingAction.CHAIR_ADDED,
            official,
            province_id=bloc_year.bloc.province_id,
            bloc_year_id=bloc_year.pk,
            subject=str(official),
            after={"name": official.full_name, "title": official.title},
        )
    return official


def facts(meeting: Meeting) -> dict[str, Any]:
    """The meeting's facts as the change log keeps them (JSON values, as people read them)."""
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": f"{timezone.localtime(meeting.starts_at):%d/%m/%Y %H:%M}",
        "place": meeting.place,
        "host": meeting.host.name if meeting.host else "",
        "chair": str(meeting.chair) if meeting.chair else "",
        "secretary_name": meeting.secretary_name,
        "secretary_title": meeting.secretary_title,
        "agenda": meeting.agenda_items,
    }


# --- Planning --------------------------------------------------------------------------------


@transaction.atomic
def plan_meeting(
    bloc_year: BlocYear,
    *,
    actor: Any,
    new_chair: NewChair | None = None,
    **values: Any,
) -> Meeting:
    """A new meeting of the bloc-year. `values` are the model's FIELDS; `new_chair` adds the
    chair to the province's officials first."""
    check_can_plan(actor, bloc_year)
    BlocYear.objects.select_for_update().filter(pk=bloc_year.pk).first()
    if new_chair is not None:
        values["chair"] = _add_chair(actor, bloc_year, new_chair)
    _check_facts(bloc_year, values)
    meeting = Meeting(bloc_year=bloc_year, **{k: values.get(k) or _blank(k) for k in FIELDS})
    meeting.full_clean(exclude=["bloc_year"], validate_constraints=False)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # the same kind planned at the same moment by someone else
        raise ValidationError(
            {
                "kind": _("This year the %(noun)s already has a meeting of this kind.")
                % bloc_year.bloc.terms.words()
            }
        ) from None
    on_meeting(actor, MeetingAction.PLANNED, meeting, after=facts(meeting))
    return meeting


def _blank(field: str) -> Any:
    return None if field in ("host", "chair", "starts_at") else ""


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row locked and its version re-read as committed now."""
    current = (
        Meeting.objects.select_for_update()
        .filter(pk=meeting.pk)
        .values("version", "attendance_version")
    )
    row = current.first()
    if row is None:
        raise ValidationError(_("This meeting no longer exists."), code="gone")
    meeting.version = row["version"]
    meeting.attendance_version = row["attendance_version"]
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    expected_version: int | None,
    *,
    actor: Any,
    new_chair: NewChair | None = None,
    **values: Any,
) -> Meeting:
    """Change the meeting's facts, if nobody saved it since `expected_version` was read."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    if expected_version is None or meeting.version != expected_version:
        raise StaleEdit
    # As committed now (the caller's copy may be older than the lock).
    before = facts(Meeting.objects.select_related("host", "chair").get(pk=meeting.pk))
    check_not_final(meeting)
    if new_chair is not None:
        values["chair"] = _add_chair(actor, meeting.bloc_year, new_chair)
    for field in FIELDS:
        if field in values:
            setattr(meeting, field, values[field] if values[field] is not None else _blank(field))
    _check_facts(meeting.bloc_year, {**{f: getattr(meeting, f) for f in FIELDS}, "pk": meeting.pk})
    meeting.full_clean(exclude=["bloc_year"], validate_constraints=False)
    meeting.version += 1
    meeting.save()
    old, new = _changed(before, facts(meeting))
    if new:
        on_meeting(actor, MeetingAction.EDITED, meeting, before=old, after=new)
    return meeting


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def is_past(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return meeting.starts_at <= (now or timezone.now())


# --- Guests ----------------------------------------------------------------------------------


def _guest_line(guest: Guest) -> str:
    return ", ".join(part for part in (guest.name, guest.title, guest.organisation) if part)


@transaction.atomic
def add_guest(
    meeting: Meeting, *, actor: Any, name: str, title: str = "", organisation: str = ""
) -> Guest:
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    check_not_final(meeting)
    last = meeting.guests.aggregate(last=Max("position"))["last"]
    guest = Guest(
        meeting=meeting,
        name=name,
        title=title,
        organisation=organisation,
        position=(last or 0) + 1,
    )
    guest.full_clean()
    guest.save()
    on_meeting(
        actor,
        MeetingAction.GUEST_ADDED,
        meeting,
        subject=f"{meeting} – {guest.name}",
        after={"name": guest.name, "title": guest.title, "organisation": guest.organisation},
    )
    return guest


@transaction.atomic
def remove_guest(guest: Guest, *, actor: Any) -> None:
    meeting = guest.meeting
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    check_not_final(meeting)
    deleted, _rows = Guest.objects.filter(pk=guest.pk).delete()
    if not deleted:
        return  # removed by someone else a moment ago: nothing more to do
    on_meeting(
        actor,
        MeetingAction.GUEST_REMOVED,
        meeting,
        subject=f"{meeting} – {guest.name}",
        before={"name": guest.name, "title": guest.title, "organisation": guest.organisation},
    )


@transaction.atomic
def move_guest(guest: Guest, *, actor: Any, up: bool) -> None:
    """One place up or down the list (the order guests are named in the invitation and the
    minutes)."""
    meeting = guest.meeting
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    check_not_final(meeting)
    guests = list(meeting.guests.order_by("position", "pk"))
    index = next((i for i, g in enumerate(guests) if g.pk == guest.pk), None)
    if index is None:
        return
    other = index - 1 if up else index + 1
    if not 0 <= other < len(guests):
        return
    before = [g.name for g in guests]
    guests[index], guests[other] = guests[other], guests[index]
    for position, item in enumerate(guests, start=1):
        item.position = position
    Guest.objects.bulk_update(guests, ["position"])
    on_meeting(
        actor,
        MeetingAction.GUESTS_REORDERED,
        meeting,
        before={"guests": before},
        after={"guests": [g.name for g in guests]},
    )
