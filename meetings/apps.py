from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from blocs import links, stages, todo

        from . import history
        from .selectors import (
            meetings_link,
            meetings_section,
            meetings_to_attend,
            overseer_section,
            review_states,
        )

        history.register()
        # mb: scoring
        from pledges import blockers

        from .services.scoring import scoring_started

        blockers.provide(scoring_started)
        from .scoring_selectors import assessments_to_do

        todo.provide(assessments_to_do)
        stages.provide_many(("midyear", "yearend"), review_states)
        todo.provide(meetings_to_attend)
        links.provide("bloc_year", meetings_link)
        links.provide("bloc_year_sections", meetings_section)
        links.provide("overseer_dashboard", overseer_section)

        # Evidence removed, or deleted with its assessment: its file goes after commit.
        from core.stored_files import delete_with_rows

        from .models import Evidence

        delete_with_rows(Evidence)
