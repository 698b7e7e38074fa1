"""Who may see and manage user accounts. Board staff manage the users of their province."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

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


def can_manage_users(user: Any) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_board_staff)


def require_user_manager(user: Any) -> None:
    """The user list and invitations: board staff only; anyone else signed in gets 403."""
    if not can_manage_users(user):
        raise PermissionDenied


def get_user_for_manager(user: Any, pk: int) -> "User":
    """A user account the board may edit: 404 outside the province, 403 for non-board users."""
    from .models import User

    target = get_object_or_404(User.objects.visible_to(user), pk=pk)
    require_user_manager(user)
    return target
