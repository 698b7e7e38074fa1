"""Blocs and bloc-years: list, detail by year, create and edit (board staff), members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.typing import AuthenticatedRequest
from core.views import confirm_page, refuse, versioned_form_page

from .. import selectors, services
from ..access import (
    can_create_in_own_province,
    can_manage_province,
    get_bloc_for_user,
    get_bloc_year_for_user,
    get_membership_for_user,
    managed_province,
    sees_every_province,
)
from ..forms import AddMembersForm, BlocForm, BlocYearCreateForm, BlocYearForm, StartYearForm
from ..models import BlocYear
from ..terms import terms_for


@login_required
def bloc_list(request: AuthenticatedRequest) -> HttpResponse:
    years = selectors.visible_years(request.user)
    year = selectors.selected_year(request.GET.get("nam"), years)
    rows = selectors.blocs_in_year(
        request.user, year, with_province=sees_every_province(request.user)
    )
    return render(
        request,
        "blocs/bloc_list.html",
        {
            "nav": "blocs",
            "year": year,
            "years": years,
            "rows": rows,
            "terms": terms_for(row.bloc for row in rows),
            "can_manage": can_create_in_own_province(request.user),
            "show_province": sees_every_province(request.user),
        },
    )


@login_required
def bloc_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The bloc's latest year the user may see; a bloc with no year yet shows what to do."""
    bloc = get_bloc_for_user(request.user, pk)
    latest = BlocYear.objects.visible_to(request.user).filter(bloc=bloc).order_by("-year").first()
    if latest is not None:
        return redirect(latest)
    return render(
        request,
        "blocs/bloc_year_detail.html",
        {
            "nav": "blocs",
            "bloc": bloc,
            "terms": bloc.terms,
            "bloc_year": None,
            "history": [],
            "can_manage": can_manage_province(request.user, bloc.province_id),
        },
    )


@login_required
def bloc_year_detail(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    can_manage = can_manage_province(request.user, bloc_year.bloc.province_id)
    members = selectors.bloc_year_members(bloc_year)
    # The head and deputy are among the members: bloc_year.head and .deputy read them there.
    bloc_year.leaders = [m for m in members if m.is_leader]  # type: ignore[attr-defined]
    return render(
        request,
        "blocs/bloc_year_detail.html",
        {
            "nav": "blocs",
            "bloc": bloc_year.bloc,
            "terms": bloc_year.bloc.terms,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
            "former_province": selectors.former_province(bloc_year),
            "members": members,
            "history": selectors.bloc_history(request.user, bloc_year.bloc),
            "can_manage": can_manage,
            # The import writes in the user's own province: board staff, not operators.
            "can_import": can_manage and can_create_in_own_province(request.user),
        },
    )


@login_required
def bloc_create(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = BlocForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        form.save_versioned()
        bloc = form.instance
        messages.success(
            request,
            _("%(name)s has been created. Now open its first year.") % {"name": bloc.name},
        )
        return redirect("blocs:bloc_year_create", pk=bloc.pk)
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "title": _("New bloc"),
            "back": reverse("blocs:bloc_list"),
        },
    )


@login_required
def bloc_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc = get_bloc_for_user(request.user, pk, write=True)
    form = BlocForm(request.POST or None, instance=bloc, province=bloc.province)
    return versioned_form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": bloc.name},
        back=bloc.get_absolute_url(),
        nav="blocs",
        success=_("The %(noun)s has been saved.") % bloc.terms.words(),
    )


@login_required
def bloc_year_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc = get_bloc_for_user(request.user, pk, write=True)
    form = BlocYearCreateForm(request.POST or None, bloc=bloc)
    if request.method == "POST" and form.is_valid():
        try:
            bloc_year = services.create_bloc_year(
                bloc,
                form.cleaned_data["year"],
                actor=request.user,
                overseer=form.cleaned_data["overseer"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Year %(year)s is open. Add its members.") % {"year": bloc_year.year}
            )
            return redirect(bloc_year)
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "back": bloc.get_absolute_url(),
            "title": _("Open a year for %(name)s") % {"name": bloc.name},
        },
    )


@login_required
def bloc_year_edit(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year, write=True)
    form = BlocYearForm(request.POST or None, instance=bloc_year, actor=request.user)
    return versioned_form_page(
        request,
        form,
        title=_("%(bloc)s in %(year)s: %(head)s, %(deputy)s, overseer")
        % bloc_year.bloc.terms.words(bloc=bloc_year.bloc.name, year=bloc_year.year),
        back=bloc_year.get_absolute_url(),
        nav="blocs",
        success=_("The year has been saved."),
    )


@login_required
def start_new_year(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST opens next year with last year's members."""
    bloc = get_bloc_for_user(request.user, pk, write=True)
    latest = bloc.years.order_by("-year").first()
    if latest is None:
        return redirect("blocs:bloc_year_create", pk=bloc.pk)
    if request.method == "POST":
        try:
            result = services.start_new_year(bloc, actor=request.user)
        except ValidationError as error:
            refuse(request, error)
            return redirect(latest)
        messages.success(
            request,
            _("Year %(year)s is open with %(count)s members copied from %(previous)s.")
            % {"year": result.bloc_year.year, "count": len(result.copied), "previous": latest.year},
        )
        for agency in result.skipped:
            messages.warning(
                request,
                _("%(agency)s was not copied: it is already in another bloc in %(year)s.")
                % {"agency": agency.name, "year": result.bloc_year.year},
            )
        return redirect(result.bloc_year)
    return confirm_page(
        request,
        nav="blocs",
        back=latest.get_absolute_url(),
        title=_("Start %(year)s for %(bloc)s") % {"year": latest.year + 1, "bloc": bloc.name},
        message=_(
            "The members of %(previous)s will be copied into %(year)s, with the same "
            "%(head)s, %(deputy)s and overseer. You can change them afterwards."
        )
        % bloc.terms.words(previous=latest.year, year=latest.year + 1),
        confirm_label=_("Start %(year)s") % {"year": latest.year + 1},
    )


@login_required
@require_POST
def start_year_for_province(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = StartYearForm(request.POST)
    if not form.is_valid():
        refuse(request, ValidationError(list(form.errors["year"])))
        return redirect("blocs:dashboard")
    year = form.cleaned_data["year"]
    try:
        results = services.start_year_for_province(province, year, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
        return redirect(f"{reverse('blocs:dashboard')}?nam={year}")
    messages.success(
        request,
        _("Year %(year)s was opened for %(count)s blocs.") % {"year": year, "count": len(results)},
    )
    return redirect(f"{reverse('blocs:dashboard')}?nam={year}")


@login_required
def members_add(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year, write=True)
    form = AddMembersForm(request.POST or None, bloc_year=bloc_year)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_members(
                bloc_year, form.cleaned_data["agencies"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("agencies", error)
        else:
            messages.success(request, _("%(count)s agencies were added.") % {"count": len(added)})
            return redirect(bloc_year)
    if request.htmx and request.method == "GET":
        # Opening "Add members" on the bloc-year page loads the form into it.
        return render(
            request,
            "blocs/bloc_year_detail.html#add_members",
            {"add_form": form, "bloc": bloc_year.bloc, "bloc_year": bloc_year},
        )
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "back": bloc_year.get_absolute_url(),
            "title": _("Add members to %(bloc)s in %(year)s")
            % {"bloc": bloc_year.bloc.name, "year": bloc_year.year},
        },
    )


@login_required
def member_remove(request: AuthenticatedRequest, membership_pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, membership_pk, write=True)
    bloc_year = membership.bloc_year
    cluster = bloc_year.bloc.is_cluster
    names = {"agency": membership.agency.name, "bloc": bloc_year.bloc.name, "year": bloc_year.year}
    # The membership goes, not the agency: "Gỡ … khỏi khối", never "Xóa …".
    if request.method == "POST":
        services.remove_member(membership, actor=request.user)
        removed = (
            _("%(agency)s was removed from the cluster in %(year)s.")
            if cluster
            else _("%(agency)s was removed from the bloc in %(year)s.")
        )
        messages.success(request, removed % names)
        return redirect(bloc_year)
    return confirm_page(
        request,
        nav="blocs",
        back=bloc_year.get_absolute_url(),
        title=(
            _("Remove %(agency)s from the cluster")
            if cluster
            else _("Remove %(agency)s from the bloc")
        )
        % names,
        message=_(
            "%(agency)s will no longer be a member of %(bloc)s in %(year)s. The agency itself "
            "and its other years are kept."
        )
        % names,
        confirm_label=_("Remove from the cluster") if cluster else _("Remove from the bloc"),
        danger=True,
    )
