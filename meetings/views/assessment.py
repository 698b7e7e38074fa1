"""An assessment's page (mb): its grid of criteria (self points with evidence, checked points),
submitting, returning, the overseer's comments, and its evidence files."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.typing import AuthenticatedRequest
from core.uploads import accept
from core.views import error_text, refuse

from .. import scoring_selectors as selectors
from ..access import (
    can_check,
    can_comment,
    can_run_meeting,
    can_self_score,
    get_assessment_for_user,
    get_evidence_for_user,
)
from ..models import Assessment
from ..services import evidence as evidence_services
from ..services import scoring_cells
from .scoring import after_confirmed_step, scoring_context

ASSESSMENT = "meetings/scoring_assessment.html"


def _assessment_context(request: AuthenticatedRequest, assessment: Assessment) -> dict[str, Any]:
    meeting = assessment.round.meeting
    return {
        **scoring_context(meeting),
        "assessment": assessment,
        "agency_name": assessment.agency.name_in(meeting.bloc_year.year),
        "page": selectors.assessment_page(request.user, assessment),
        # Reversed once for the up to 60 criteria's forms.
        "cell_url": reverse("meetings:assessment_cell", args=[assessment.pk]),
        "upload_url": reverse("meetings:evidence_upload", args=[assessment.pk]),
        "accept": accept(evidence_services.EVIDENCE_KINDS),
        "max_bytes": evidence_services.max_bytes(),
    }


@login_required
@require_safe
def assessment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return render(request, ASSESSMENT, _assessment_context(request, assessment))


def _require_some_write(request: AuthenticatedRequest, assessment: Assessment) -> None:
    """403 before any parameter is read, for those who may change nothing of it."""
    user = request.user
    if not (
        can_self_score(user, assessment)
        or can_check(user, assessment)
        or can_run_meeting(user, assessment.round.meeting)
    ):
        raise PermissionDenied


def save_cell_from(
    request: AuthenticatedRequest, assessment: Assessment
) -> tuple[str, str, ValidationError | None]:
    """Parse and save one cell; the criterion id, the column and the refusal (if any)."""
    criterion = request.POST.get("criterion", "")
    column = request.POST.get("column", "")
    try:
        points = scoring_cells.parse_points(request.POST.get("points"))
        scoring_cells.save_cell(
            assessment,
            criterion,
            column=column,
            points=points,
            note=request.POST["note"][:2000] if "note" in request.POST else None,
            expected_version=scoring_cells.parse_version(request.POST.get("version")),
            actor=request.user,
        )
    except ValidationError as error:
        return criterion, column, error
    return criterion, column, None


@login_required
@require_POST
def assessment_cell(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save one criterion's self or checked points and note; answer the row and the totals."""
    assessment = get_assessment_for_user(request.user, pk)
    _require_some_write(request, assessment)
    criterion, column, error = save_cell_from(request, assessment)
    if not request.htmx:
        if error is not None:
            refuse(request, error)
        return redirect(assessment)
    assessment.refresh_from_db(fields=["status", "version"])
    context = _assessment_context(request, assessment)
    line = next(
        (
            line
            for section in context["page"].sections
            for line in section.lines
            if str(line.ref.id) == criterion
        ),
        None,
    )
    if line is None:  # not a criterion of the snapshot: the message goes to the page's top
        response = HttpResponse(
            render_to_string(
                f"{ASSESSMENT}#cell_error",
                {**context, "error": error_text(error) if error else ""},
                request=request,
            )
        )
        response["HX-Reswap"] = "none"
        return response
    html = render_to_string(
        f"{ASSESSMENT}#line",
        {**context, "line": line, "error": error_text(error) if error else "", "column": column},
        request=request,
    )
    html += render_to_string(f"{ASSESSMENT}#totals", {**context, "oob": True}, request=request)
    return HttpResponse(html)


@login_required
@require_POST
def assessment_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if not can_self_score(request.user, assessment):
        raise PermissionDenied
    try:
        scoring_cells.submit(assessment, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request,
            _("The assessment has been submitted to the %(secretariat)s.")
            % assessment.round.meeting.bloc_year.bloc.terms.words(),
        )
    return after_confirmed_step(request, assessment.get_absolute_url())


@login_required
@require_POST
def assessment_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if not can_run_meeting(request.user, assessment.round.meeting):
        raise PermissionDenied
    try:
        scoring_cells.return_assessment(
            assessment, actor=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The assessment has been returned to the agency."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if not can_comment(request.user, assessment.round.meeting):
        raise PermissionDenied
    try:
        evidence_services.add_comment(
            assessment, actor=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("Your comment has been saved."))
    return redirect(f"{assessment.get_absolute_url()}#comments")


# --- Evidence ----------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if not can_self_score(request.user, assessment):
        raise PermissionDenied
    criterion = request.POST.get("criterion", "")
    try:
        evidence_services.add_evidence(
            assessment, criterion, request.FILES.get("file"), actor=request.user
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The file has been attached."))
    return redirect(f"{assessment.get_absolute_url()}#criterion-{criterion}")


@login_required
@require_safe
def evidence(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """An evidence file, only through the access check (never a public media URL)."""
    item = get_evidence_for_user(request.user, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_evidence_for_user(request.user, pk)
    assessment = get_assessment_for_user(request.user, item.assessment_id)
    if not can_self_score(request.user, assessment):
        raise PermissionDenied
    item.assessment = assessment
    try:
        evidence_services.remove_evidence(item, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The file has been removed."))
    return after_confirmed_step(
        request, f"{assessment.get_absolute_url()}#criterion-{item.criterion_id}"
    )
