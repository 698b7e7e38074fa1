"""The operators' pages: the provinces, a new province with its first board officer, and more
board staff for a province. Everything else in a province is its board staff's to do."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.forms import ProvinceForm
from blocs.models import Province

from . import selectors, services
from .access import require_operator
from .forms import BoardOfficerForm
from .models import Role, User


def _base_url(request: AuthenticatedRequest) -> str:
    return request.build_absolute_uri("/")


def _invited(request: AuthenticatedRequest, officer: User) -> None:
    messages.success(
        request,
        _("%(name)s's account was created; an invitation was sent to %(email)s.")
        % {"name": officer.full_name, "email": officer.email},
    )


def _route_errors(error: ValidationError, *forms) -> None:
    """A service's refusal, on the form that has the field it names (else the first form)."""
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        owner = next((form for form in forms if field in form.fields), forms[0])
        owner.add_error(field if field in owner.fields else None, field_errors)


@login_required
def province_list(request: AuthenticatedRequest) -> HttpResponse:
    require_operator(request.user)
    return render(
        request,
        "accounts/province_list.html",
        {"nav": "provinces", "provinces": selectors.province_rows()},
    )


@login_required
def province_create(request: AuthenticatedRequest) -> HttpResponse:
    require_operator(request.user)
    data = request.POST or None
    province_form = ProvinceForm(data, prefix="province")
    officer_form = BoardOfficerForm(data, prefix="officer")
    if request.method == "POST" and province_form.is_valid() and officer_form.is_valid():
        try:
            province, officer = services.create_province(
                actor=request.user,
                province=province_form.service_kwargs,
                **officer_form.service_kwargs,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            _route_errors(error, province_form, officer_form)
        else:
            messages.success(request, _("The province %(name)s was created.") % {"name": province})
            _invited(request, officer)
            return redirect("accounts:province_list")
    return render(
        request,
        "accounts/province_form.html",
        {
            "nav": "provinces",
            "title": _("New province"),
            "forms": [
                (None, province_form),
                (_("Its first emulation board officer"), officer_form),
            ],
            "invitation_days": settings.INVITATION_VALID_DAYS,
        },
    )


@login_required
def province_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_operator(request.user)
    province = get_object_or_404(Province, pk=pk)
    form = BoardOfficerForm(request.POST or None, prefix="officer")
    if request.method == "POST" and form.is_valid():
        try:
            officer = services.invite_user(
                actor=request.user,
                province=province,
                role=Role.BOARD,
                **form.service_kwargs,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            _route_errors(error, form)
        else:
            _invited(request, officer)
            return redirect("accounts:province_list")
    return render(
        request,
        "accounts/province_form.html",
        {
            "nav": "provinces",
            "title": _("Invite emulation board staff of %(province)s") % {"province": province},
            "forms": [(None, form)],
            "invitation_days": settings.INVITATION_VALID_DAYS,
        },
    )
