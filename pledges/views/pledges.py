"""A bloc-year's pledge: the page, drafting, opening for signing and withdrawing a round."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest
from blocs.access import can_run_bloc_year, get_bloc_year_for_user
from core.views import refuse

from .. import selectors
from ..access import can_sign_for, get_pledge_for_user
from ..forms import OpenForm, PledgeForm, WithdrawForm
from ..models import Pledge
from ..services import signing
from ..services.snapshot import frozen_issuer


@login_required
def bloc_year_pledge(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    """The bloc-year's current pledge; without one, what to do first."""
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    current = selectors.current_pledge(bloc_year)
    if current is not None:
        return redirect(current)
    return render(
        request,
        "pledges/no_pledge.html",
        {
            "nav": "blocs",
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(year),
            "criteria_set": bloc_year.criteria_sets.first(),
            "withdrawn": list(selectors.pledge_history(bloc_year)),
            "can_run": can_run_bloc_year(request.user, bloc_year),
        },
    )


@login_required
@require_POST
def pledge_create(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    if not can_run_bloc_year(request.user, bloc_year):
        raise PermissionDenied
    try:
        pledge = signing.create_draft(bloc_year, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
        return redirect("pledges:bloc_year_pledge", pk=pk, year=year)
    messages.success(request, _("The draft pledge has been created. Write its text."))
    return redirect("pledges:pledge_edit", pk=pledge.pk)


def _pledge_context(request: AuthenticatedRequest, pledge: Pledge) -> dict[str, Any]:
    user = request.user
    bloc_year = pledge.bloc_year
    can_run = can_run_bloc_year(user, bloc_year)
    board = selectors.status_board(pledge) if not pledge.is_draft else None
    own = None
    if board and user.agency_id:
        own = next((row for row in board.rows if row.membership.agency_id == user.agency_id), None)
    return {
        "nav": "blocs",
        "pledge": pledge,
        "bloc_year": bloc_year,
        "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
        "text": selectors.pledge_text(pledge),
        "board": board,
        "own_row": own,
        "can_run": can_run,
        "can_sign": pledge.is_open
        and own is not None
        and own.signature is None
        and can_sign_for(user, bloc_year),
        # "Số: 01/GƯ-KTĐ6", given when it came into force, in its frozen letterhead's style.
        "number": pledge.number.printed(frozen_issuer(pledge).style) if pledge.number else "",
        "revisions": list(selectors.pledge_history(bloc_year)),
        "changes": selectors.pledge_changes(pledge),
    }


@login_required
def pledge_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk)
    return render(request, "pledges/pledge_detail.html", _pledge_context(request, pledge))


@login_required
def pledge_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk, write=True)
    try:
        signing.check_draft(pledge)
    except ValidationError as error:
        refuse(request, error)
        return redirect(pledge)
    form = PledgeForm.for_pledge(pledge, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signing.update_draft(
                pledge, form.cleaned_data["expected_version"], actor=request.user, **form.values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(pledge)
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "title": _("Draft pledge: %(title)s") % {"title": pledge.title},
            "back": pledge.get_absolute_url(),
        },
    )


@login_required
def pledge_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk, write=True)
    data = request.POST if request.method == "POST" else None
    form = OpenForm(data, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            signing.open_for_signing(
                pledge, actor=request.user, opened_on=form.cleaned_data["opened_on"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                refuse(request, error)
                return redirect(pledge)
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The pledge is open for signing. Member agencies can now sign it.")
            )
            return redirect(pledge)
    return render(
        request,
        "pledges/open.html",
        {
            "nav": "blocs",
            "form": form,
            "pledge": pledge,
            "title": _("Open “%(title)s” for signing") % {"title": pledge.title},
            "back": pledge.get_absolute_url(),
        },
    )


@login_required
def pledge_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk, write=True)
    context = {
        "nav": "blocs",
        "pledge": pledge,
        "back": pledge.get_absolute_url(),
        "status_url": reverse("pledges:status_board", args=[pledge.pk]),
    }
    try:
        signing.check_withdrawable(pledge)
    except ValidationError as error:
        if not signing.is_blocked(error):
            refuse(request, error)
            return redirect(pledge)
        # What was built on the pledge (e.g. scoring) keeps it: say why, offer no form.
        return render(request, "pledges/withdraw.html", {**context, "blocked": error.messages})
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = signing.withdraw(pledge, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Revision %(old)s was withdrawn and its signatures voided. Revision %(new)s "
                    "is a draft: change it, then open it for signing again."
                )
                % {"old": pledge.revision, "new": draft.revision},
            )
            return redirect(draft)
    signed = pledge.signatures.filter(voided_at__isnull=True).count()
    return render(request, "pledges/withdraw.html", {**context, "form": form, "signed": signed})
