"""The selection at a tổng kết (bình xét): the candidates from the ranking with their
eligibility for each award, the secretariat's picks becoming a ballot. Thin: access through
awards/access.py and meetings/access.py, writes through services/selection.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from core.views import error_text
from meetings.access import get_meeting_for_user

from ..models import BallotKind
from ..services import selection

NAV = "blocs"


def _picks(values: list[str]) -> list[tuple[int, int]]:
    """ "agency:award" pairs from the form; anything else is dropped (and the service then
    finds nothing picked, or a pick it refuses)."""
    picks = []
    for value in values[:500]:
        agency, _sep, award = value.partition(":")
        if agency.isdigit() and award.isdigit() and len(agency) < 18 and len(award) < 18:
            picks.append((int(agency), int(award)))
    return picks


@login_required
def selection_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    selection.check_can_prepare(request.user, meeting)
    bloc_year = meeting.bloc_year
    error = ""
    picked: list[tuple[int, int]] = []
    kind = BallotKind.PAPER.value
    if request.method == "POST":
        picked = _picks(request.POST.getlist("pick"))
        kind = request.POST.get("kind", "")
        try:
            ballot = selection.create_ballot(meeting, actor=request.user, kind=kind, picks=picked)
        except ValidationError as refusal:
            error = error_text(refusal)
        else:
            messages.success(request, _("The ballot has been prepared."))
            return redirect(reverse("awards:ballot", args=[ballot.pk]))
    try:
        selection.check_yearend(meeting)
    except ValidationError as refusal:
        wrong_meeting = error_text(refusal)
    else:
        wrong_meeting = ""
    rows = selection.candidates(meeting, picked=picked) if not wrong_meeting else []
    return render(
        request,
        "awards/selection.html",
        {
            "nav": NAV,
            "meeting": meeting,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
            "rows": rows,
            "award_types": [cell.award_type for cell in rows[0].cells] if rows else [],
            "ballots": list(meeting.ballots.order_by("sequence")),
            "kinds": BallotKind.choices,
            "kind": kind,
            "error": error,
            "wrong_meeting": wrong_meeting,
        },
    )
