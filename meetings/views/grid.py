"""The secretariat's grid (mb): agencies × criteria with self and checked points; the checked
cells are edited in place (htmx), each saved on its own with its version."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest
from core.views import error_text

from .. import grid_cache, grid_selectors
from ..access import get_meeting_for_user
from ..models import Assessment, Meeting, ScoringRound
from ..services import scoring_cells
from ..services.minutes import minutes_final
from ..templatetags import score_grid
from .assessment import save_cell_from
from .scoring import NAV

GRID = "meetings/scoring_grid.html"


def _round(meeting: Meeting) -> ScoringRound:
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    if scoring is None:
        raise Http404
    scoring.meeting = meeting
    return scoring


def _context(meeting: Meeting, scoring: ScoringRound) -> dict[str, Any]:
    bloc_year = meeting.bloc_year
    return {
        "nav": NAV,
        "meeting": meeting,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
        "scoring": scoring,
        # Computed once for the up to 900 cells of the grid.
        "cell_url": reverse("meetings:grid_cell", args=[meeting.pk]),
    }


@login_required
def grid(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method not in ("GET", "HEAD"):  # after the access check: outsiders get 404
        return HttpResponseNotAllowed(["GET", "HEAD"])
    scoring = _round(meeting)
    context = _context(meeting, scoring)
    assessments = grid_selectors.grid_assessments(scoring)
    final = minutes_final(meeting.pk)

    def render_table() -> str:
        grid = grid_selectors.grid(scoring, assessments, final)
        # No request: nothing of the user goes into a table that every reader is served.
        return render_to_string(f"{GRID}#table", {**context, "grid": grid})

    table = score_grid.with_token(
        grid_cache.table(scoring, assessments, final, render_table), get_token(request)
    )
    return render(request, GRID, {**context, "final": final, "table": table})


@login_required
@require_POST
def grid_cell(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save one agency's checked points for one criterion; answer the cell and the column's
    totals."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    scoring = _round(meeting)
    assessment_id = scoring_cells.parse_version(request.POST.get("assessment"))
    assessment = (
        Assessment.objects.filter(round=scoring, pk=assessment_id).select_related("agency").first()
        if assessment_id is not None
        else None
    )
    if assessment is None:
        raise Http404
    assessment.round = scoring
    criterion, _column, error = save_cell_from(request, assessment)
    if not request.htmx:
        if error is not None:
            messages.error(request, error_text(error))
        return redirect("meetings:grid", pk=meeting.pk)
    assessment.refresh_from_db(fields=["status", "version"])
    found = grid_selectors.grid_cell(scoring, assessment, criterion)
    context = {
        **_context(meeting, scoring),
        "error": error_text(error) if error else "",
        "token": get_token(request),
    }
    if found is None:
        response = HttpResponse(render_to_string(f"{GRID}#grid_error", context, request=request))
        response["HX-Reswap"] = "none"
        return response
    cell, column = found
    html = render_to_string(f"{GRID}#cell", {**context, "c": cell}, request=request)
    html += render_to_string(
        f"{GRID}#column_total", {**context, "column": column, "oob": True}, request=request
    )
    return HttpResponse(html)
