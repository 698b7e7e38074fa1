"""The province's award types and their rules: read by the province's users, edited by the board;
and the nomination deadlines per year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.access import managed_province
from blocs.models import FIRST_YEAR, LAST_YEAR
from core.selectors import changes_of

from .. import selectors
from ..access import can_manage_awards, get_award_type_for_user
from ..forms import AwardTypeForm, DeadlineForm, EligibilityYearForm
from ..services import award_types, deadlines
from ..services.thresholds import Threshold


@login_required
def award_type_list(request: AuthenticatedRequest) -> HttpResponse:
    province = selectors.province_of(request.user)
    if province is not None:
        award_types.award_types_of(province)  # a province older than the awards app
    types = selectors.award_types_for(request.user)
    return render(
        request,
        "awards/award_type_list.html",
        {
            "nav": "awards",
            "types": [(t, Threshold.of(t).describe()) for t in types],
            "show_province": request.user.is_superuser,
            "can_manage": can_manage_awards(request.user, request.user.province_id),
        },
    )


@login_required
def award_type_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    award_type = get_award_type_for_user(request.user, pk)
    can_manage = can_manage_awards(request.user, award_type.province_id)
    return render(
        request,
        "awards/award_type_detail.html",
        {
            "nav": "awards",
            "award_type": award_type,
            "threshold": Threshold.of(award_type).describe(),
            "can_manage": can_manage,
            "changes": changes_of(award_type, province_id=award_type.province_id)
            if can_manage
            else None,
        },
    )


@login_required
def award_type_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    award_type = get_award_type_for_user(request.user, pk, write=True)
    form = AwardTypeForm(request.POST if request.method == "POST" else None, award_type=award_type)
    if request.method == "POST" and form.is_valid():
        try:
            award_types.update_award_type(
                award_type,
                form.cleaned_data["expected_version"],
                actor=request.user,
                **form.values,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The award's rules have been saved."))
            return redirect(award_type)
    return render(
        request,
        "form.html",
        {
            "nav": "awards",
            "form": form,
            "title": _("Rules of %(award)s") % {"award": award_type.name},
            "back": award_type.get_absolute_url(),
        },
    )


# --- Deadlines --------------------------------------------------------------------------------


@login_required
def deadline_list(request: AuthenticatedRequest) -> HttpResponse:
    can_manage = bool(
        request.user.province_id and can_manage_awards(request.user, request.user.province_id)
    )
    year = EligibilityYearForm(request.GET)
    if can_manage and "nam" in request.GET and year.is_valid() and year.cleaned_data["nam"]:
        return redirect("awards:deadline_edit", year=year.cleaned_data["nam"])
    return render(
        request,
        "awards/deadline_list.html",
        {
            "nav": "awards",
            "deadlines": selectors.deadlines_for(request.user),
            "show_province": request.user.is_superuser,
            "can_manage": can_manage,
            "this_year": timezone.localdate().year,
        },
    )


@login_required
def deadline_edit(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """Set or change the deadline of `year` (the board of the user's own province)."""
    province = managed_province(request.user)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    if not can_manage_awards(request.user, province.pk):
        raise PermissionDenied
    existing = deadlines.deadline_of(province, year)
    form = DeadlineForm(request.POST if request.method == "POST" else None, deadline=existing)
    if request.method == "POST" and form.is_valid():
        try:
            deadlines.set_deadline(
                province,
                actor=request.user,
                year=year,
                deadline=form.cleaned_data["deadline"],
                late_allowed=form.cleaned_data["late_allowed"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deadline has been saved."))
            return redirect("awards:deadlines")
    return render(
        request,
        "form.html",
        {
            "nav": "awards",
            "form": form,
            "title": _("Nomination deadline for the achievements of %(year)s") % {"year": year},
            "back": reverse("awards:deadlines"),
        },
    )
