from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.encoding import force_str
from django.utils.translation import gettext as _


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
