from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from .rendering import use_shipped_fonts

        use_shipped_fonts()
        # Each app declares its document kinds in documents.py (see reports/kinds.py).
        autodiscover_modules("documents")

        from blocs import links, merger

        from .documents import bloc_list_actions, bloc_year_actions

        links.provide("bloc_year", bloc_year_actions)
        links.provide("bloc_list", bloc_list_actions)

        from .mergers import REPORTS

        merger.provide(REPORTS)

        # A document's file goes with its row (a province or a user deleted, a queryset's
        # delete, retention.py), unless another request re-used the same render.
        from core.stored_files import delete_with_rows

        from .models import Report

        delete_with_rows(
            Report,
            shared_by=lambda report: Report.objects.filter(
                kind=report.kind, subject_id=report.subject_id
            ),
        )
