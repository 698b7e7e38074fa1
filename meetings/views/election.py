"""The year-end handover: the bloc's rotation order and the election of next year's head and
deputy at the tổng kết. Thin: access through meetings/access.py and blocs.access, writes through
services/election.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.access import get_bloc_year_for_user
from blocs.models import Agency

from ..access import get_meeting_for_user
from ..minutes_forms import ElectionForm, RotationForm
from ..models import Election, ElectionMethod, MeetingKind
from ..services import election as services
from ..services.meetings import check_can_plan

NAV = "blocs"


def _posted(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def election(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record next year's head and deputy (rotation or acclamation) at the tổng kết."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    bloc_year = meeting.bloc_year
    year = bloc_year.year
    order = services.rotation_order(bloc_year)
    agencies = [(agency.pk, agency.name_in(year)) for agency in order]
    recorded = Election.objects.filter(meeting=meeting).select_related("head", "deputy").first()
    suggested_head, suggested_deputy = services.next_by_rotation(bloc_year)
    if recorded is not None:
        votes = recorded.votes or {}
        initial = {
            "method": recorded.method,
            "head": recorded.head_id,
            "deputy": recorded.deputy_id,
            "voters": votes.get("voters"),
            "head_votes": next(iter((votes.get("head") or {}).values()), None),
            "deputy_votes": next(iter((votes.get("deputy") or {}).values()), None),
        }
    else:
        initial = {
            "method": ElectionMethod.ROTATION,
            "head": suggested_head.pk if suggested_head else None,
            "deputy": suggested_deputy.pk if suggested_deputy else None,
        }
    form = ElectionForm(
        _posted(request), agencies=agencies, initial=initial, terms=meeting.bloc_year.bloc.terms
    )
    refused = ""
    try:
        services.check_can_elect(meeting)
    except ValidationError as error:
        refused = " ".join(error.messages)
    if request.method == "POST" and not refused and form.is_valid():
        data = form.cleaned_data
        by_id = {a.pk: a for a in Agency.objects.filter(pk__in=[data["head"], data["deputy"]])}
        try:
            services.record_election(
                meeting,
                actor=request.user,
                method=data["method"],
                head=by_id[data["head"]],
                deputy=by_id[data["deputy"]],
                votes=services.Votes(
                    data.get("voters"), data.get("head_votes"), data.get("deputy_votes")
                ),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Next year's %(head)s and %(deputy)s have been recorded; %(year)s has been "
                    "prepared."
                )
                % meeting.bloc_year.bloc.terms.words(year=year + 1),
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/election.html",
        {
            "nav": NAV,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(year),
            "meeting": meeting,
            "form": form,
            "recorded": recorded,
            "refused": refused,
            "is_yearend": meeting.kind == MeetingKind.YEAREND,
            "order": agencies,
            "next_year": year + 1,
        },
    )


@login_required
def rotation(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    """The bloc's rotation order, kept with the members of the year."""
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    check_can_plan(request.user, bloc_year)
    agencies = [(agency.pk, agency.name_in(year)) for agency in services.rotation_order(bloc_year)]
    form = RotationForm(_posted(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rotation(bloc_year, form.order, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rotation order has been saved."))
            return redirect("meetings:rotation", pk=pk, year=year)
    return render(
        request,
        "meetings/rotation.html",
        {
            "nav": NAV,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(year),
            "form": form,
            "next": services.next_by_rotation(bloc_year),
        },
    )
