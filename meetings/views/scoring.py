"""Scoring (mb): the round on a meeting with its checkers, the ranking with the agreed points and
the tie votes, and the review settings (an assessment's page and evidence: views/assessment.py).
Access first (meetings/access.py), then the parameters, then the service."""

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
from core.views import error_text, refuse

from .. import scoring_selectors as selectors
from ..access import (
    can_run_meeting,
    get_assessment_for_user,
    get_meeting_for_user,
)
from ..models import Assessment, Meeting, ScoringRound, checking_choices, checking_label
from ..services import scoring as services
from ..services import scoring_agreeing, scoring_cells
from ..services.minutes import minutes_final
from ..services.ranking import rank_round

NAV = "blocs"


def scoring_context(meeting: Meeting) -> dict[str, Any]:
    bloc_year = meeting.bloc_year
    return {
        "nav": NAV,
        "meeting": meeting,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
    }


def _round(meeting: Meeting) -> ScoringRound:
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    if scoring is None:
        raise Http404
    scoring.meeting = meeting
    return scoring


def after_confirmed_step(request: AuthenticatedRequest, url: str) -> HttpResponse:
    """After a confirmed step: htmx (which asked for the confirmation) goes to the page as a
    whole; without JavaScript, a plain redirect."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- The round ---------------------------------------------------------------------------------


@login_required
@require_safe
def scoring(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's round: its assessments, their state and checkers; or how to open it."""
    meeting = get_meeting_for_user(request.user, pk)
    can_run = can_run_meeting(request.user, meeting)
    scoring_round = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    context = {**scoring_context(meeting), "scoring": scoring_round, "can_run": can_run}
    if scoring_round is None:
        context["settings"] = services.review_settings(meeting.bloc_year)
        context["checking_modes"] = checking_choices(meeting.bloc_year.bloc.terms)
        try:
            services.check_can_open(request.user, meeting)
            context["cannot_open"] = ""
        except PermissionDenied:
            context["cannot_open"] = None
        except ValidationError as error:
            context["cannot_open"] = error_text(error)
    else:
        scoring_round.meeting = meeting
        context["checking_label"] = checking_label(
            scoring_round.checking, meeting.bloc_year.bloc.terms
        )
        rows = selectors.round_rows(scoring_round)
        context.update(
            rows=[
                (row, request.user.is_authenticated and _may_open(request.user, row.assessment))
                for row in rows
            ],
            submitted=selectors.submitted_count(rows),
            final=minutes_final(meeting.pk),
            members=list(meeting.bloc_year.memberships.select_related("agency")),
        )
    return render(request, "meetings/scoring_round.html", context)


def _may_open(user: Any, assessment: Assessment) -> bool:
    """Whether the round's list links to an assessment (the rule of AssessmentQuerySet)."""
    if user.is_superuser or user.is_board_staff or user.is_overseer:
        return True
    return user.agency_id in (assessment.agency_id, assessment.checker_id) or can_run_meeting(
        user, assessment.round.meeting
    )


@login_required
@require_POST
def scoring_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.open_round(meeting, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("Scoring is open: each member agency can enter its points."))
    return redirect("meetings:scoring", pk=meeting.pk)


@login_required
@require_POST
def assessment_checker(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The secretariat changes who checks an assessment."""
    assessment = get_assessment_for_user(request.user, pk)
    meeting = assessment.round.meeting
    if not can_run_meeting(request.user, meeting):
        raise PermissionDenied
    raw = request.POST.get("checker", "")
    checker = None
    if raw:
        checker_id = scoring_cells.parse_version(raw)
        membership = (
            meeting.bloc_year.memberships.select_related("agency").filter(agency_id=checker_id)
            if checker_id is not None
            else None
        )
        found = membership.first() if membership is not None else None
        if found is None:
            messages.error(
                request,
                _("Choose a member agency of the %(noun)s this year.")
                % meeting.bloc_year.bloc.terms.words(),
            )
            return redirect("meetings:scoring", pk=meeting.pk)
        checker = found.agency
    try:
        services.set_checker(assessment, checker, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The checker has been changed."))
    return redirect("meetings:scoring", pk=meeting.pk)


# --- Ranking -------------------------------------------------------------------------------------


@login_required
@require_safe
def ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The round's ranking: totals, đồng hạng, tie-breaks, bands, the leading unit."""
    meeting = get_meeting_for_user(request.user, pk)
    scoring_round = _round(meeting)
    result = rank_round(scoring_round)
    votes = {int(k): v for k, v in (scoring_round.tie_votes or {}).items()}
    year = meeting.bloc_year.year
    agencies = {
        assessment.agency_id: assessment.agency.name_in(year)
        for assessment in scoring_round.assessments.select_related("agency")
    }
    return render(
        request,
        "meetings/scoring_ranking.html",
        {
            **scoring_context(meeting),
            "scoring": scoring_round,
            "ranking": result,
            "rows": [(row, agencies.get(row.totals.agency_id, "")) for row in result.rows],
            "tied": [
                (row, agencies.get(row.totals.agency_id, ""), votes.get(row.totals.agency_id, ""))
                for row in result.rows
                if row.tied
            ],
            "votes_used": "vote" in result.tie_breaks,
            "leading": agencies.get(result.leading or 0, ""),
            "can_run": can_run_meeting(request.user, meeting),
            "final": minutes_final(meeting.pk),
            "back": reverse("meetings:scoring", args=[meeting.pk]),
        },
    )


@login_required
@require_POST
def scoring_agree(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm the agreed points: checked where present, else self."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    scoring_round = _round(meeting)
    try:
        filled = scoring_agreeing.agree_all(scoring_round, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request, _("Agreed points confirmed for %(count)s cells.") % {"count": filled}
        )
    return after_confirmed_step(request, reverse("meetings:ranking", args=[meeting.pk]))


@login_required
@require_POST
def tie_votes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The votes cast at the meeting between tied agencies (fields vote_<agency id>)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    scoring_round = _round(meeting)
    votes: dict[int, int] = {}
    for key in request.POST:
        value = str(request.POST.get(key, ""))
        if key.startswith("vote_") and value.strip():
            agency = scoring_cells.parse_version(key.removeprefix("vote_"))
            count = scoring_cells.parse_version(value.strip())
            if agency is None or count is None:
                messages.error(request, _("Enter whole numbers of votes."))
                return redirect("meetings:ranking", pk=meeting.pk)
            votes[agency] = count
    try:
        scoring_agreeing.record_tie_votes(scoring_round, votes, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The votes have been recorded."))
    return redirect("meetings:ranking", pk=meeting.pk)


@login_required
@require_POST
def review_settings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The bloc-year's scoring choices, from the scoring page of one of its meetings."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.save_review_settings(
            meeting.bloc_year,
            actor=request.user,
            score_first_half=request.POST.get("score_first_half") == "on",
            checking=request.POST.get("checking", ""),
        )
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The review settings have been saved."))
    return redirect("meetings:scoring", pk=meeting.pk)
