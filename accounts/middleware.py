"""Board staff must enrol a TOTP authenticator before they use the site (setting
REQUIRE_BOARD_STAFF_2FA, on in production, off in the demo)."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a board officer without TOTP may still open: the account pages (to enrol, log out,
# change password), static files and the health check.
ALLOWED_PREFIXES = ("/tai-khoan/", "/static/", "/healthz", "/admin/")


class BoardStaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_BOARD_STAFF_2FA
            and user is not None
            and user.is_authenticated
            and user.is_board_staff
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
