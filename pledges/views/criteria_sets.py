"""Starting a bloc-year's criteria set, and the province-wide templates (board staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.access import (
    can_create_in_own_province,
    can_run_bloc_year,
    get_bloc_year_for_user,
    managed_province,
    sees_every_province,
)

from ..forms import StartCriteriaSetForm, TemplateForm
from ..models import CriteriaSet
from ..services import criteria_sets


@login_required
def criteria_set_start(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    """A bloc-year's set: opens it if it exists; otherwise (board, secretariat) starts one from
    last year's set, the province's template, or nothing."""
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    existing = bloc_year.criteria_sets.first()
    if existing is not None:
        return redirect(existing)
    if not can_run_bloc_year(request.user, bloc_year):
        raise PermissionDenied
    province = bloc_year.bloc.province
    form = StartCriteriaSetForm(
        request.POST or None,
        previous=criteria_sets.previous_set(bloc_year),
        template=criteria_sets.template_for(province.pk, year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set = criteria_sets.create_criteria_set(
                actor=request.user,
                province=province,
                year=year,
                bloc_year=bloc_year,
                copy_from=form.copy_from,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criteria set has been created."))
            return redirect(criteria_set)
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "title": _("Criteria set of %(bloc)s in %(year)s")
            % {"bloc": bloc_year.bloc.name_in(year), "year": year},
            "back": reverse("pledges:bloc_year_pledge", args=[pk, year]),
        },
    )


@login_required
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    templates = (
        CriteriaSet.objects.visible_to(request.user)
        .filter(bloc_year__isnull=True)
        .select_related("province")
        .order_by("province__sort_key", "-year")
    )
    return render(
        request,
        "pledges/template_list.html",
        {
            "nav": "templates",
            "templates": templates,
            "can_manage": can_create_in_own_province(request.user),
            "show_province": sees_every_province(request.user),
            # The province's board by its name ("Phòng Thi đua, Khen thưởng – Sở Nội vụ").
            "office": getattr(request.user.province, "emulation_office", ""),
        },
    )


@login_required
def template_create(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        source = criteria_sets.template_for(province.pk, year - 1)
        try:
            criteria_set = criteria_sets.create_criteria_set(
                actor=request.user,
                province=province,
                year=year,
                title=form.cleaned_data["title"],
                copy_from=source if form.cleaned_data["copy_previous"] else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The template has been created."))
            return redirect(criteria_set)
    return render(
        request,
        "form.html",
        {
            "nav": "templates",
            "form": form,
            "title": _("New province-wide criteria template"),
            "back": reverse("pledges:template_list"),
        },
    )
