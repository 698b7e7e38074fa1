from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # Not "Accounts": allauth's app of sign-in e-mail addresses is called that.
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from blocs import merger

        from .mergers import USERS

        merger.provide(USERS)
