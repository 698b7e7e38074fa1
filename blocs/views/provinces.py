"""A province: its names by year and the bodies its documents print (its board edits them), the
provinces merged into it, and the operator's page that records a merger (blocs.merger)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.selectors import changes_of
from core.typing import AuthenticatedRequest
from core.views import versioned_form_page

from .. import merger
from ..access import can_manage_province, get_province_for_user
from ..forms import MergerForm, ProvinceEditForm
from ..models import Province


@login_required
def province_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    province = get_province_for_user(request.user, pk)
    successor = province.successor
    former = [
        {"until": entry["until"], "names": province.in_year(entry["until"])}
        for entry in sorted(province.former_names, key=lambda entry: entry["until"])
    ]
    return render(
        request,
        "blocs/province_detail.html",
        {
            "nav": "province",
            "province": province,
            "names": province.current,
            "former": former,
            "merged_provinces": province.merged_provinces.order_by("merged_on", "sort_key"),
            "can_edit": can_manage_province(request.user, successor.pk),
            "can_merge": merger.can_merge(request.user) and not province.is_merged,
            "changes": changes_of(province, province_id=successor.pk),
        },
    )


@login_required
def province_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    province = get_province_for_user(request.user, pk, write=True)
    form = ProvinceEditForm(request.POST or None, instance=province)
    return versioned_form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": province.name},
        back=province.get_absolute_url(),
        nav="province",
        success=_("The province has been saved."),
    )


def _get_province_to_merge_into(request: AuthenticatedRequest, pk: int) -> Province:
    province = get_province_for_user(request.user, pk)
    if not merger.can_merge(request.user):
        raise PermissionDenied
    return province


@login_required
def province_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An operator records a merger: the form, then what would move and which names clash,
    then (confirmed) the merger itself, all or nothing."""
    into = _get_province_to_merge_into(request, pk)
    form = MergerForm(request.POST or None, into=into)
    plan = None
    if request.method == "POST" and form.is_valid():
        merged, effective = form.cleaned_data["merged"], form.cleaned_data["effective"]
        try:
            merger.check_merger(into, merged, effective)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "confirm" in request.POST:
                try:
                    merger.merge_provinces(
                        into,
                        merged,
                        effective=effective,
                        actor=request.user,
                        rename_clashes=form.cleaned_data["rename_clashes"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("%(merged)s was merged into %(into)s from %(date)s.")
                        % {
                            "merged": merged.name,
                            "into": into.name,
                            "date": f"{effective:%d/%m/%Y}",
                        },
                    )
                    return redirect(into)
            plan = merger.plan_merger(into, merged, effective=effective)
    return render(
        request,
        "blocs/province_merge.html",
        {"nav": "province", "province": into, "form": form, "plan": plan},
    )
