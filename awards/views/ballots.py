"""A ballot's page, its paper count, opening and closing an online ballot, and a member
agency's vote. Thin: access through awards/access.py, writes through services/ballots.py
and services/ballots_online.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest
from core.views import error_text, refuse

from ..access import can_prepare_nominations, get_ballot_for_user
from ..models import Ballot, BallotKind, BallotStatus
from ..services import ballots, ballots_online, selection

NAV = "blocs"
SAFE = ["GET", "HEAD"]


def _context(ballot: Ballot, **extra: Any) -> dict[str, Any]:
    bloc_year = ballot.meeting.bloc_year
    return {
        "nav": NAV,
        "ballot": ballot,
        "meeting": ballot.meeting,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
        **extra,
    }


def _back(ballot: Ballot) -> HttpResponse:
    return redirect(reverse("awards:ballot", args=[ballot.pk]))


@login_required
def ballot_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk)
    if request.method not in SAFE:  # after the access check: 404 / 403 first
        return HttpResponseNotAllowed(SAFE)
    lines = list(ballot.lines.select_related("agency", "award_type", "nomination"))
    user = request.user
    can_vote = (
        ballot.kind == BallotKind.ONLINE
        and ballot.status == BallotStatus.OPEN
        and bool(getattr(user, "agency_id", None))
    )
    try:
        ballots_online.check_can_vote(user, ballot)
    except PermissionDenied:
        can_vote = False
    return render(
        request,
        "awards/ballot.html",
        _context(
            ballot,
            lines=lines,
            results=ballots.results(ballot),
            votes_cast=ballots_online.votes_cast(ballot) if ballot.is_open else None,
            can_run=can_prepare_nominations(user, ballot.meeting.bloc_year),
            can_vote=can_vote,
            voted=can_vote and ballots_online.has_voted(user, ballot),
        ),
    )


@login_required
@require_POST
def ballot_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    try:
        ballots_online.open_ballot(ballot, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The ballot is open: member agencies can vote."))
    return _back(ballot)


@login_required
@require_POST
def ballot_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    try:
        ballots_online.close_ballot(ballot, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The ballot is closed and counted."))
    return _back(ballot)


@login_required
@require_POST
def ballot_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, pk, write=True)
    meeting_pk = ballot.meeting_id
    try:
        selection.delete_draft_ballot(ballot, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
        return _back(ballot)
    messages.success(request, _("The ballot has been deleted."))
    return redirect(reverse("awards:selection", args=[meeting_pk]))


@login_required
def ballot_count(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The paper ballot's count (biên bản kiểm phiếu): entering it closes the ballot."""
    ballot = get_ballot_for_user(request.user, pk, write=True)
    lines = list(ballot.lines.select_related("agency", "award_type"))
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "")[:20] for key in ("issued", "returned", "valid")}
        yes = {line.pk: request.POST.get(f"yes_{line.pk}", "")[:20] for line in lines}
        values.update({f"yes_{pk}": value for pk, value in yes.items()})
        try:
            ballots.record_paper_count(
                ballot,
                actor=request.user,
                issued=values["issued"],
                returned=values["returned"],
                valid=values["valid"],
                yes=yes,
            )
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            messages.success(request, _("The count has been recorded and the ballot closed."))
            return _back(ballot)
    rows = [
        {
            "line": line,
            "name": f"yes_{line.pk}",
            "value": values.get(f"yes_{line.pk}", ""),
            "errors": errors.get(f"yes_{line.pk}", []),
        }
        for line in lines
    ]
    fields = [
        {"name": key, "label": label, "value": values.get(key, ""), "errors": errors.get(key, [])}
        for key, label in (
            ("issued", _("Ballots issued")),
            ("returned", _("Ballots returned")),
            ("valid", _("Valid ballots")),
        )
    ]
    return render(
        request,
        "awards/ballot_count.html",
        _context(
            ballot,
            rows=rows,
            fields=fields,
            general=errors.get("__all__", []),
            members=ballot.meeting.bloc_year.memberships.count(),
        ),
    )


@login_required
def ballot_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A member agency's secret vote, cast by its signer after typing their password."""
    ballot = get_ballot_for_user(request.user, pk)
    ballots_online.check_can_vote(request.user, ballot)
    lines = list(ballot.lines.select_related("agency", "award_type"))
    error = ""
    password_error = ""
    chosen: dict[int, str] = {}
    if request.method == "POST":
        for line in lines:
            value = request.POST.get(f"line_{line.pk}", ballots_online.BLANK)
            chosen[line.pk] = value if value in ballots_online.CHOICES else ""
        try:
            if "" in chosen.values():
                raise ValidationError(_("The vote does not match the ballot: reload the page."))
            ballots_online.cast_vote(
                ballot,
                actor=request.user,
                password=request.POST.get("password", "")[:200],
                choices=chosen,
            )
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict") and "password" in refusal.error_dict:
                password_error = error_text(refusal)
            else:
                error = error_text(refusal)
        else:
            messages.success(request, _("Your agency's vote has been recorded. Thank you."))
            return _back(ballot)
    year = ballot.meeting.bloc_year.year
    return render(
        request,
        "awards/ballot_vote.html",
        _context(
            ballot,
            rows=[
                {
                    "line": line,
                    "name": line.agency.name_in(year),
                    "choice": chosen.get(line.pk, ballots_online.BLANK),
                }
                for line in lines
            ],
            choices=[
                (ballots_online.YES, _("Agree")),
                (ballots_online.NO, _("Disagree")),
                (ballots_online.BLANK, _("Leave blank")),
            ],
            error=error,
            password_error=password_error,
            voted=ballots_online.has_voted(request.user, ballot),
        ),
    )
