"""A bloc-year's meetings: the list, a meeting's page, planning, guests, attendance and the
invitation. Views are thin: access through meetings/access.py, writes through the services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.typing import AuthenticatedRequest
from blocs.access import get_bloc_year_for_user
from core.views import error_text, refuse

from .. import ics, selectors
from ..access import (
    can_comment,
    can_run_meeting,
    get_guest_for_user,
    get_meeting_for_user,
)
from ..forms import AttendanceForm, GuestForm, InvitationForm, MeetingForm
from ..models import Meeting, ScoringRound
from ..services import attendance as attendance_services
from ..services import invitations as invitation_services
from ..services import meetings as services

NAV = "blocs"


def _posted(request: AuthenticatedRequest) -> Any:
    """The form's data on a POST, even an empty one (an empty POST is bound, and invalid)."""
    return request.POST if request.method == "POST" else None


def _bloc_year_context(bloc_year: Any) -> dict[str, Any]:
    return {
        "nav": NAV,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
    }


def _final_reason(meeting: Meeting) -> str:
    try:
        services.check_not_final(meeting)
    except ValidationError as error:
        return error_text(error)
    return ""


# --- The bloc-year's meetings ------------------------------------------------------------------


@login_required
@require_safe
def bloc_year_meetings(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    return render(
        request,
        "meetings/bloc_year_meetings.html",
        {
            **_bloc_year_context(bloc_year),
            "rows": selectors.bloc_year_meetings(bloc_year),
            "can_plan": selectors.can_plan(request.user, bloc_year),
        },
    )


@login_required
def meeting_create(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    services.check_can_plan(request.user, bloc_year)
    form = MeetingForm(_posted(request), bloc_year=bloc_year)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(
                bloc_year, actor=request.user, new_chair=form.new_chair, **form.values
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            **_bloc_year_context(bloc_year),
            "form": form,
            "title": _("Plan a meeting"),
            "back": reverse("meetings:bloc_year_meetings", args=[pk, year]),
        },
    )


# --- One meeting -------------------------------------------------------------------------------


@login_required
@require_safe
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    page = selectors.meeting_page(meeting)
    can_run = can_run_meeting(request.user, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            **_bloc_year_context(meeting.bloc_year),
            "meeting": meeting,
            "page": page,
            "can_run": can_run,
            "final": _final_reason(meeting),
            # For the scoring part's summary (meetings/_scoring_summary.html).
            "scoring": ScoringRound.objects.filter(meeting=meeting).first(),
            "ranking": None,
            "changes": page.changes,
            # f1: the overseer reads the minutes and comments on them
            "can_comment": can_comment(request.user, meeting),
        },
    )


@login_required
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    final = _final_reason(meeting)
    if final:
        messages.error(request, final)
        return redirect(meeting)
    form = MeetingForm(_posted(request), bloc_year=meeting.bloc_year, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                meeting,
                form.cleaned_data.get("expected_version"),
                actor=request.user,
                new_chair=form.new_chair,
                **form.values,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting has been saved."))
            if meeting.invitations.exists():
                messages.info(
                    request,
                    _(
                        "The invitation already sent still says what it said. If the time or "
                        "the place changed, send the invitation again."
                    ),
                )
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            **_bloc_year_context(meeting.bloc_year),
            "meeting": meeting,
            "form": form,
            "title": _("Edit the meeting"),
            "back": meeting.get_absolute_url(),
        },
    )


# --- Guests ------------------------------------------------------------------------------------

GUESTS = "meetings/guests.html"


def _guests_context(meeting: Meeting, form: GuestForm | None = None) -> dict[str, Any]:
    return {
        **_bloc_year_context(meeting.bloc_year),
        "meeting": meeting,
        "guests": list(meeting.guests.all()),
        "form": form or GuestForm(),
        "final": _final_reason(meeting),
    }


def _guests_response(
    request: AuthenticatedRequest, meeting: Meeting, form: GuestForm | None = None
) -> HttpResponse:
    if not request.htmx:
        if form is not None and form.errors:
            return render(request, GUESTS, _guests_context(meeting, form))
        return redirect("meetings:guests", pk=meeting.pk)
    html = render_to_string(f"{GUESTS}#guest_list", _guests_context(meeting, form), request=request)
    return HttpResponse(html)


@login_required
def guests(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's guests: the list in invitation order, and a form to add one."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return render(request, GUESTS, _guests_context(meeting))
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            services.add_guest(meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return _guests_response(request, meeting, form)
        if not request.htmx:
            messages.success(request, _("The guest has been added."))
        return _guests_response(request, meeting)
    return _guests_response(request, meeting, form)


@login_required
@require_POST
def guest_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    guest = get_guest_for_user(request.user, pk, write=True)
    try:
        services.remove_guest(guest, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    return _guests_response(request, guest.meeting)


@login_required
@require_POST
def guest_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    guest = get_guest_for_user(request.user, pk, write=True)
    try:
        services.move_guest(guest, actor=request.user, up=request.POST.get("direction") != "down")
    except ValidationError as error:
        refuse(request, error)
    return _guests_response(request, guest.meeting)


# --- Attendance --------------------------------------------------------------------------------


@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every member agency's presence and the guests', on one page, saved all or nothing."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    final = _final_reason(meeting)
    if final:
        messages.error(request, final)
        return redirect(meeting)
    lines = selectors.attendance_lines(meeting)
    form = AttendanceForm(_posted(request), meeting=meeting, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.record_attendance(
                meeting,
                form.cleaned_data.get("expected_version"),
                actor=request.user,
                marks=form.marks,
                guests_present=form.guests_present,
            )
        except attendance_services.IncompleteAttendance as error:
            form.add_line_errors(error.lines)
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {**_bloc_year_context(meeting.bloc_year), "meeting": meeting, "form": form},
    )


# --- The invitation ----------------------------------------------------------------------------


@login_required
def invitation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Issue the invitation (numbered PDF, e-mails with a calendar file), send it again after a
    change, or send the e-mails that could not be queued."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    latest = invitation_services.latest(meeting)
    if request.method == "POST" and request.POST.get("action") == "resume" and latest:
        try:
            queued = invitation_services.resume_emails(latest, actor=request.user)
        except ValidationError as error:
            refuse(request, error)
        else:
            _tell_queued(request, queued)
        return redirect(meeting)
    form = InvitationForm(
        _posted(request),
        initial={"dated": invitation_services.default_date(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = invitation_services.issue_invitation(
                meeting,
                actor=request.user,
                dated=form.cleaned_data["dated"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if issued.emailed:
                messages.success(
                    request,
                    _(
                        "Invitation %(number)s issued; the e-mails are being sent to %(count)s "
                        "recipients."
                    )
                    % {"number": issued.number, "count": issued.recipient_count},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Invitation %(number)s recorded. The meeting has already taken place, "
                        "so no e-mail was sent."
                    )
                    % {"number": issued.number},
                )
            return redirect(meeting)
    return render(
        request,
        "meetings/invitation.html",
        {
            **_bloc_year_context(meeting.bloc_year),
            "meeting": meeting,
            "form": form,
            "latest": latest,
            "will_email": invitation_services.will_email(meeting),
            "recipients": invitation_services.recipients(meeting),
            "final": _final_reason(meeting),
        },
    )


def _tell_queued(request: AuthenticatedRequest, queued: bool) -> None:
    if queued:
        messages.success(request, _("The remaining e-mails are being sent."))
    else:
        messages.error(
            request,
            _("The e-mails cannot be sent at the moment. Try again in a few minutes."),
        )


@login_required
@require_safe
def meeting_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The latest invitation's calendar file (.ics), as attached to its e-mail."""
    meeting = get_meeting_for_user(request.user, pk)
    latest = invitation_services.latest(meeting)
    if latest is None:
        raise Http404
    data = ics.calendar_file(invitation_services.calendar_event(latest))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoi-nghi-{meeting.pk}.ics"'
    return response
