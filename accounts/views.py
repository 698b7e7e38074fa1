"""User management by board staff (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.typing import AuthenticatedRequest

from .access import require_user_manager
from .models import User


@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    require_user_manager(request.user)
    users = User.objects.visible_to(request.user).select_related("agency")
    return render(request, "accounts/user_list.html", {"nav": "users", "users": users})
