"""User management by board staff: list, invite, edit, deactivate, reactivate, re-invite."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest
from blocs.access import is_operator, managed_province, sees_every_province
from core.views import confirm_page, refuse

from . import selectors, services
from .access import can_invite_users, get_user_for_manager, require_user_manager
from .forms import UserForm
from .models import Role

PAGE_SIZE = 50


def _base_url(request: AuthenticatedRequest) -> str:
    """The site's address as the board officer reached it: the invitation link points there."""
    return request.build_absolute_uri("/")


@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    require_user_manager(request.user)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("vai-tro", "")
    status = request.GET.get("trang-thai", "")
    users = selectors.user_rows(request.user, query=query, role=role, status=status)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "nav": "users",
            "page": page,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "status": status,
            "statuses": selectors.STATUSES.items(),
            "filtered": bool(query or role in Role.values or status in selectors.STATUSES),
            "can_invite": can_invite_users(request.user),
            "can_manage_provinces": is_operator(request.user),
            "show_province": sees_every_province(request.user),
        },
    )


@login_required
def user_invite(request: AuthenticatedRequest) -> HttpResponse:
    # Invitations create accounts in the inviter's province (operators use the admin).
    province = managed_province(request.user)
    form = UserForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(
                actor=request.user, **form.service_kwargs(), base_url=_base_url(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s's account was created; an invitation was sent to %(email)s.")
                % {"name": user.full_name, "email": user.email},
            )
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "nav": "users",
            "form": form,
            "title": _("Invite a user"),
            "target": None,
            "invitation_days": settings.INVITATION_VALID_DAYS,
        },
    )


@login_required
def user_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = get_user_for_manager(request.user, pk)
    form = UserForm(
        request.POST or None,
        province=target.province,
        instance=target,
        lock_role=target.pk == request.user.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(
                target,
                actor=request.user,
                **form.service_kwargs(),
                expected_marker=form.cleaned_data.get("marker") or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "nav": "users",
            "form": form,
            "title": _("Edit %(name)s") % {"name": target.full_name or target.email},
            "target": target,
            "is_self": target.pk == request.user.pk,
        },
    )


@login_required
def user_deactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates (accounts are never deleted)."""
    target = get_user_for_manager(request.user, pk)
    edit_url = reverse("accounts:user_edit", args=[target.pk])
    if target.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
        return redirect(edit_url)
    if not target.is_active:
        messages.info(request, _("This account is already deactivated."))
        return redirect(edit_url)
    if request.method == "POST":
        try:
            services.deactivate_user(target, actor=request.user)
        except ValidationError as error:
            refuse(request, error)
            return redirect(edit_url)
        messages.success(request, _("%(name)s can no longer sign in.") % {"name": target.full_name})
        return redirect("accounts:user_list")
    return confirm_page(
        request,
        nav="users",
        back=edit_url,
        title=_("Deactivate %(name)s") % {"name": target.full_name},
        message=_(
            "%(name)s (%(email)s) will no longer be able to sign in. Their signatures, "
            "scores and other records are kept. You can reactivate the account later."
        )
        % {"name": target.full_name, "email": target.email},
        confirm_label=_("Deactivate"),
        danger=True,
    )


@login_required
@require_POST
def user_reactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = get_user_for_manager(request.user, pk)
    services.reactivate_user(target, actor=request.user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": target.full_name})
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_POST
def user_resend_invitation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = get_user_for_manager(request.user, pk)
    try:
        services.resend_invitation(target, actor=request.user, base_url=_base_url(request))
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s; earlier links no longer work.")
            % {"email": target.email},
        )
    return redirect("accounts:user_edit", pk=target.pk)
