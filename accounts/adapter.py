from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from core.client_address import client_ip

# allauth's message templates (not passwords).
CHANGED_MESSAGE = "account/messages/password_changed.txt"
SET_MESSAGE = "account/messages/password_set.txt"


def email_subject(subject: str) -> str:
    """Every e-mail of the site starts with its name (allauth would put the host name there)."""
    site = _("Emulation blocs")
    return f"[{site}] {force_str(subject)}"


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: board staff invite users (accounts.services.invite_user)."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        return email_subject(subject)

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        # An invited user chooses a first password through the reset link: remember it for the
        # message below, which allauth would word as a change.
        request = context.request
        if request is not None and not user.has_usable_password():
            request.first_password = True
        super().set_password(user, password)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template == CHANGED_MESSAGE and getattr(request, "first_password", False):
            message_template = SET_MESSAGE  # "Đã đặt mật khẩu.", not "Đã đổi mật khẩu."
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth keys its rate limits on this address: the same trusted one the site records
        # (core.client_address, TRUSTED_PROXY_COUNT), so that clients behind our proxy are told
        # apart.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
