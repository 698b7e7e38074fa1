"""Who may see and manage user accounts. Board staff manage the users of their province."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from blocs.access import can_create_in_own_province, is_operator

if TYPE_CHECKING:
    from .models import User


class UserQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "UserQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff:
            return self.filter(province_id=user.province_id)
        return self.filter(pk=user.pk)

    def pending_invitation(self) -> "UserQuerySet":
        """Invited users who have not chosen a password yet (their password is unusable)."""
        return self.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)

    def with_password(self) -> "UserQuerySet":
        return self.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)


def can_manage_users(user: Any) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.is_board_staff)
    )


def can_invite_users(user: Any) -> bool:
    """The invitation page creates accounts in the inviter's province: board staff. Operators
    invite a province's board staff from the provinces page."""
    return can_create_in_own_province(user)


def require_operator(user: Any) -> None:
    """The provinces pages: operators only, 403 for anyone else signed in."""
    if not is_operator(user):
        raise PermissionDenied


def require_user_manager(user: Any) -> None:
    """The user pages: board staff only; anyone else signed in gets 403 on every one of them,
    whatever the account asked for (so the answer tells them nothing about other accounts)."""
    if not can_manage_users(user):
        raise PermissionDenied


def get_user_for_manager(user: Any, pk: int) -> "User":
    """A user account the board may edit: 403 for non-board users, 404 outside the province.

    Board staff never manage an operator's (superuser's) account: that is done in the admin.
    """
    from .models import User

    require_user_manager(user)
    target = get_object_or_404(
        User.objects.visible_to(user).select_related("province", "agency", "official"), pk=pk
    )
    if target.is_superuser and not user.is_superuser:
        raise PermissionDenied
    return target
