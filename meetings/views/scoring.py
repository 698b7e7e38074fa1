"""Scoring (mb): the round on a meeting, an assessment's grid of criteria (self points with
evidence, checked points), submitting, returning, evidence files and the overseer's comments.
Access first (meetings/access.py), then the parameters, then the service."""

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
    get_meeting_for_user,
)
from ..models import Assessment, Meeting, ScoringRound, checking_choices, checking_label
from ..services import evidence as evidence_services
from ..services import scoring as services
from ..services import scoring_agreeing, scoring_cells
from ..services.ranking import rank_round

NAV = "blocs"
ASSESSMENT = "meetings/scoring_assessment.html"


def _context(meeting: Meeting) -> dict[str, Any]:
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


def _done(request: AuthenticatedRequest, url: str) -> HttpResponse:
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
    context = {**_context(meeting), "scoring": scoring_round, "can_run": can_run}
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
            final=selectors.is_final(meeting.pk),
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


# --- An assessment -----------------------------------------------------------------------------


def _assessment_context(request: AuthenticatedRequest, assessment: Assessment) -> dict[str, Any]:
    meeting = assessment.round.meeting
    return {
        **_context(meeting),
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
    return _done(request, assessment.get_absolute_url())


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
    return _done(request, f"{assessment.get_absolute_url()}#criterion-{item.criterion_id}")


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
            **_context(meeting),
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
            "final": selectors.is_final(meeting.pk),
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
    return _done(request, reverse("meetings:ranking", args=[meeting.pk]))


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
