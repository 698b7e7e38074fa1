from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = _("Blocs")

    def ready(self) -> None:
        from core import changelog

        from .merger import MergerAction
        from .models import Province

        changelog.register_actions(MergerAction.choices)
        changelog.describe(
            Province,
            labels={
                "merged": _("merged province"),
                "effective": _("from"),
                "moved": _("moved"),
                "renamed": _("renamed"),
            },
        )
