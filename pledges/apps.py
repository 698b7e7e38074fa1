from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self) -> None:
        from blocs import stages, todo

        from .selectors import pledge_stage_states, pledges_to_sign

        stages.provide("pledge", pledge_stage_states)
        todo.provide(pledges_to_sign)
