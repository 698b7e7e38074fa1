from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: board staff invite users (accounts.services.invite_user)."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False
