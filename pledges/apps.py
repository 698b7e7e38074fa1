from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self) -> None:
        from blocs import links, merger, stages, todo

        from .selectors import pledge_link, pledge_stage_states, pledges_to_sign
        from .services import history

        history.register()
        stages.provide("pledge", pledge_stage_states)
        todo.provide(pledges_to_sign)
        links.provide("bloc_year", pledge_link)
        from .mergers import CRITERIA_SETS

        merger.provide(CRITERIA_SETS)

        # Blocs does not know about pledges: a member leaving may complete an open round.
        from django.db.models.signals import post_delete

        from blocs.models import Membership

        from .services.signatures import member_left

        post_delete.connect(
            lambda sender, instance, **kwargs: member_left(instance.bloc_year_id),
            sender=Membership,
            weak=False,
            dispatch_uid="pledges.member_left",
        )

        # A paper signature's scan goes with its row, after commit.
        from core.stored_files import delete_with_rows

        from .models import Signature

        delete_with_rows(Signature, "scan")
