"""The minutes (write, finalise after a confirmation, correct), the review report and the score
table's .xlsx export. Views are thin: access through meetings/access.py, writes through the
services (services/minutes.py, services/report.py, services/score_table.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.typing import AuthenticatedRequest
from core.excel.flow import xlsx_response
from core.views import error_text, refuse

from .. import selectors
from ..access import (
    can_comment,
    can_read_score_table,
    can_run_meeting,
    get_meeting_for_user,
    get_minutes_for_user,
)
from ..minutes_forms import ConfirmVersionForm, MinutesForm, ReportForm
from ..models import Comment, Meeting, Minutes, ScoringRound
from ..services import evidence as evidence_services
from ..services import minutes as services
from ..services import minutes_content, score_table
from ..services import report as report_services

NAV = "blocs"


def _posted(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _context(meeting: Meeting) -> dict[str, Any]:
    bloc_year = meeting.bloc_year
    return {
        "nav": NAV,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
        "meeting": meeting,
    }


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _reason(check: Any, *args: Any) -> str:
    try:
        check(*args)
    except ValidationError as error:
        return error_text(error)
    return ""


# --- The minutes --------------------------------------------------------------------------------


@login_required
def minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The draft: what the meeting pre-fills, and the sections the secretariat writes. The
    overseer reads it (f1) and leaves comments on it; only runners write."""
    meeting = get_meeting_for_user(request.user, pk)
    can_run = can_run_meeting(request.user, meeting)
    if not can_run and (request.method == "POST" or not can_comment(request.user, meeting)):
        raise PermissionDenied
    current = services.draft(meeting)
    finals = list(meeting.minutes.filter(finalised_at__isnull=False).order_by("-revision"))
    shown = current or Minutes(meeting=meeting, revision=1)
    initial = {
        "expected_version": shown.version,
        "discussion": shown.discussion,
        "conclusions": shown.conclusions,
        "tasks": shown.tasks,
        "ended_at": shown.ended_at,
    }
    form = MinutesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is None:
                current = services.start_minutes(meeting, actor=request.user)
            services.update_minutes(
                current,
                data.get("expected_version"),
                actor=request.user,
                discussion=data["discussion"],
                conclusions=data["conclusions"],
                tasks=data["tasks"],
                ended_at=data["ended_at"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("meetings:minutes", pk=meeting.pk)
    editable = current is not None or not finals
    return render(
        request,
        "meetings/minutes.html",
        {
            **_context(meeting),
            "form": form,
            "draft": current,
            "finals": finals,
            "editable": editable,
            "preview": minutes_content.preview(shown) if editable else None,
            "cannot_finalise": (
                _reason(services.check_can_finalise, current) if current is not None else ""
            ),
            "changes": selectors.minutes_changes(meeting),
            # f1: the overseer's comments on the minutes
            "can_run": can_run,
            "may_comment": can_comment(request.user, meeting),
            "comments": _minutes_comments(meeting),
        },
    )


# --- f1: the overseer's comments on the minutes ------------------------------------------------


def _minutes_comments(meeting: Meeting) -> list[Comment]:
    return list(
        Comment.objects.filter(meeting=meeting, assessment__isnull=True).select_related("author")
    )


@login_required
@require_POST
def minutes_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The overseer's comment on the minutes: kept and shown; nothing else changes."""
    meeting = get_meeting_for_user(request.user, pk)
    if not can_comment(request.user, meeting):
        raise PermissionDenied
    try:
        evidence_services.add_minutes_comment(
            meeting, actor=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("Your comment has been saved."))
    return redirect(f"{reverse('meetings:minutes', kwargs={'pk': meeting.pk})}#minutes-comments")


# --- end f1 ------------------------------------------------------------------------------------


@login_required
def minutes_finalise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask before finalising (it cannot be undone), then number, freeze and render."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    current = services.draft(meeting)
    if current is None:
        messages.error(request, _("There is no draft of the minutes to finalise."))
        return redirect("meetings:minutes", pk=meeting.pk)
    form = ConfirmVersionForm(_posted(request), initial={"expected_version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            final = services.finalise_minutes(
                current, form.cleaned_data.get("expected_version"), actor=request.user
            )
        except ValidationError as error:
            refuse(request, error)
            return redirect("meetings:minutes", pk=meeting.pk)
        messages.success(
            request,
            _("The minutes have been finalised as %(number)s; the PDF is being prepared.")
            % {"number": final.number},
        )
        return redirect(meeting)
    return render(
        request,
        "meetings/minutes_finalise.html",
        {
            **_context(meeting),
            "form": form,
            "draft": current,
            "preview": minutes_content.preview(current),
            "cannot_finalise": _reason(services.check_can_finalise, current),
        },
    )


@login_required
@require_POST
def minutes_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start a correction of finalised minutes: a new draft revision pointing at them."""
    final = get_minutes_for_user(request.user, pk, write=True)
    try:
        services.start_correction(final, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request,
            _("A correction of %(number)s has been started: edit it, then finalise it.")
            % {"number": final.number},
        )
    return redirect("meetings:minutes", pk=final.meeting_id)


# --- The score table's workbook ---------------------------------------------------------------


@login_required
@require_safe
def score_table_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The score table as an .xlsx (every reader of the meeting): the finalised minutes' figures
    once finalised, else the scores as they stand."""
    meeting = get_meeting_for_user(request.user, pk)
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    if scoring is None:
        raise Http404
    if not can_read_score_table(request.user, scoring):
        raise PermissionDenied
    table, number = score_table.frozen_or_live(scoring)
    title = f"Bảng tổng hợp điểm - {meeting.bloc_year.bloc.name_in(meeting.bloc_year.year)}"
    if number:
        title += f" (kèm theo Biên bản {number})"
    content = score_table.workbook(table, title=title)
    return xlsx_response(content, f"bang-tong-hop-diem-{meeting.pk}.xlsx")


# --- The review report --------------------------------------------------------------------------


@login_required
def review_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The báo cáo sơ kết / tổng kết: its figures from the scores and attendance, its texts."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    report = report_services.current(meeting)
    form = ReportForm(
        _posted(request),
        initial={
            "expected_version": report.version if report else 0,
            "results": report.results if report else "",
            "shortcomings": report.shortcomings if report else "",
            "tasks": report.tasks if report else "",
        },
        terms=meeting.bloc_year.bloc.terms,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_services.save_report(
                meeting,
                data.get("expected_version"),
                actor=request.user,
                results=data["results"],
                shortcomings=data["shortcomings"],
                tasks=data["tasks"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The review report has been saved."))
            return redirect("meetings:review_report", pk=meeting.pk)
    return render(
        request,
        "meetings/review_report.html",
        {
            **_context(meeting),
            "form": form,
            "report": report,
            "figures": report_services.figures(meeting),
            "cannot_issue": _reason(report_services.check_can_issue, meeting, report),
        },
    )


@login_required
def review_report_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask before issuing (a number from the register; the report then no longer changes)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    report = report_services.current(meeting)
    reason = _reason(report_services.check_can_issue, meeting, report)
    form = ConfirmVersionForm(
        _posted(request), initial={"expected_version": report.version if report else 0}
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = report_services.issue_report(
                meeting, form.cleaned_data.get("expected_version"), actor=request.user
            )
        except ValidationError as error:
            refuse(request, error)
            return redirect("meetings:review_report", pk=meeting.pk)
        messages.success(
            request,
            _("The review report has been issued as %(number)s.") % {"number": issued.number},
        )
        return redirect(meeting)
    return render(
        request,
        "meetings/review_report_issue.html",
        {**_context(meeting), "form": form, "report": report, "cannot_issue": reason},
    )
