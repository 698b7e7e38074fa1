"""Agencies and officials: lists, detail, create and edit (board staff)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.text import name_key, nfc
from core.typing import AuthenticatedRequest
from core.views import versioned_form_page

from .. import selectors
from ..access import (
    can_create_in_own_province,
    can_manage_province,
    get_agency_for_user,
    get_official_for_user,
    managed_province,
    require_province_manager,
    sees_every_province,
)
from ..forms import AgencyForm, OfficialForm
from ..models import Agency, AgencyKind, Official
from ..terms import terms_for

PAGE_SIZE = 50


@login_required
def agency_list(request: AuthenticatedRequest) -> HttpResponse:
    query = nfc(request.GET.get("q", ""))
    kind = request.GET.get("loai", "")
    # Only what the table shows (the province's row doubled the query's cost, unused).
    agencies = Agency.objects.visible_to(request.user).only(
        "name", "short_name", "kind", "is_active"
    )
    if query:  # on the case-folded keys: SQLite's own case folding stops at ASCII
        typed = name_key(query)
        agencies = agencies.filter(Q(name_key__contains=typed) | Q(short_name_key__contains=typed))
    if kind in AgencyKind.values:
        agencies = agencies.filter(kind=kind)
    show_province = sees_every_province(request.user)
    if show_province:  # an operator sees them all: by province, with its name in the table
        agencies = agencies.select_related("province").only(
            "name", "short_name", "kind", "is_active", "province__name"
        )
    # By province first for an operator; one province's in Vietnamese order.
    agencies = agencies.order_by("province__sort_key", "sort_key")
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("trang"))
    # Typing in the search box swaps only the results (htmx), from the same template partial.
    return render(
        request,
        "blocs/agency_list.html#results" if request.htmx else "blocs/agency_list.html",
        {
            "nav": "agencies",
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": AgencyKind.choices,
            "can_manage": can_create_in_own_province(request.user),
            "show_province": show_province,
        },
    )


@login_required
def agency_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    can_manage = can_manage_province(request.user, agency.province_id)
    memberships = selectors.agency_memberships(request.user, agency)
    return render(
        request,
        "blocs/agency_detail.html",
        {
            "nav": "agencies",
            "agency": agency,
            "memberships": memberships,
            "terms": terms_for(m.bloc_year.bloc for m in memberships),
            "officers": agency.officers.order_by("sort_key", "email") if can_manage else None,
            "can_manage": can_manage,
        },
    )


@login_required
def agency_create(request: AuthenticatedRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, province=managed_province(request.user))
    return versioned_form_page(
        request,
        form,
        title=_("New agency"),
        back=reverse("blocs:agency_list"),
        nav="agencies",
        success=_("The agency has been created."),
    )


@login_required
def agency_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk, write=True)
    form = AgencyForm(request.POST or None, instance=agency, province=agency.province)
    return versioned_form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": agency.name},
        back=agency.get_absolute_url(),
        nav="agencies",
        success=_("The agency has been saved."),
    )


@login_required
def official_list(request: AuthenticatedRequest) -> HttpResponse:
    require_province_manager(request.user)
    officials = (
        Official.objects.visible_to(request.user)
        .select_related("agency", "province")
        .order_by("province__sort_key", "sort_key", "title")
    )
    return render(
        request,
        "blocs/official_list.html",
        {
            "nav": "officials",
            "officials": officials,
            "can_create": can_create_in_own_province(request.user),
            "show_province": sees_every_province(request.user),
        },
    )


@login_required
def official_create(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = OfficialForm(request.POST or None, province=province)
    return versioned_form_page(
        request,
        form,
        title=_("New official"),
        back=reverse("blocs:official_list"),
        nav="officials",
        success=_("The official has been saved."),
    )


@login_required
def official_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    official = get_official_for_user(request.user, pk, write=True)
    form = OfficialForm(request.POST or None, instance=official, province=official.province)
    return versioned_form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": official.full_name},
        back=reverse("blocs:official_list"),
        nav="officials",
        success=_("The official has been saved."),
    )
