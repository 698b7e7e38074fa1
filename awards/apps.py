from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from blocs import links
        from blocs.models import Province

        from . import history
        from .selectors import agency_buttons, agency_section
        from .services.award_types import ensure_award_types

        history.register()
        # aw3: the statistics PDF's kind (reports' registry).
        from .statistics_documents import register_kinds

        register_kinds()
        from .board_selectors import board_buttons, trend_button

        links.provide("agency", trend_button)
        links.provide("bloc_list", board_buttons)
        links.provide("agency", agency_buttons)
        links.provide("agency_sections", agency_section)
        # aw2: the bloc-year page's selection, ballots and nominations.
        from blocs import todo

        from .selectors import ballots_to_vote, bloc_year_awards_section

        links.provide("bloc_year_sections", bloc_year_awards_section)
        todo.provide(ballots_to_vote)

        # f2: the closed ballots' results in the tổng kết minutes (meetings' registry).
        from meetings import minutes_parts

        from .ballot_minutes import ballot_results

        minutes_parts.provide(ballot_results)

        # A province merger moves the nominations and records with their blocs and agencies.
        from blocs import merger

        from .mergers import NOMINATIONS

        merger.provide(NOMINATIONS)

        # Blocs does not know about awards: a new province gets the seeded award types.
        def seed_award_types(sender: type, instance: Province, created: bool, **kwargs: object):
            if created and not kwargs.get("raw"):
                ensure_award_types(instance)

        post_save.connect(
            seed_award_types,
            sender=Province,
            weak=False,
            dispatch_uid="awards.seed_award_types",
        )

        # Uploaded dossier files go with their rows (a generated one is a Report: reports' own
        # rule), and a nomination's national packages with the nomination, after commit.
        from django.db import transaction
        from django.db.models.signals import post_delete

        from core.stored_files import delete_with_rows

        from .models import DossierFile, Nomination
        from .services.package import delete_packages

        delete_with_rows(DossierFile)

        def packages_go(sender: type, instance: Nomination, using: str, **kwargs: object):
            nomination_id = instance.pk
            transaction.on_commit(lambda: delete_packages(nomination_id), using=using)

        post_delete.connect(
            packages_go,
            sender=Nomination,
            weak=False,
            dispatch_uid="awards.packages_go",
        )
