"""Board staff and operators must enrol a TOTP authenticator before they use the site or the
Django admin (setting REQUIRE_2FA, on in production, off in the demo)."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a user without TOTP may still open: the account pages (to enrol, log out, change
# password), static files and the health check. Not the admin: an operator reads every province.
ALLOWED_PREFIXES = ("/tai-khoan/", "/static/", "/healthz")


def must_enrol_totp(user) -> bool:
    """Board staff manage a province; operators (superusers, and anyone the admin lets in) manage
    all of them: both need a second factor."""
    return user.is_active and (user.is_board_staff or user.is_superuser or user.is_staff)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and must_enrol_totp(user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
