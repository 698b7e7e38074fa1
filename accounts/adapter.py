from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from core.http import client_ip


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

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth keys its rate limits on this address: the same trusted one the site records
        # (core.http, TRUSTED_PROXY_COUNT), so that clients behind our proxy are told apart.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
