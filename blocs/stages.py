"""The stages of a bloc's year, as the board dashboard shows them.

Each later app fills in its own stage (pledges: signing; meetings: the six-month and year-end
reviews; awards: nominations) in `stage_states`, with a fixed number of queries for the whole
table. Until an app exists, its stage reads "not started".
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import BlocYear

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StageState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


@dataclass(frozen=True)
class Stage:
    key: str
    label: "StrOrPromise"


STAGES = (
    Stage("pledge", _("Pledge")),
    Stage("midyear", _("Six-month review")),
    Stage("yearend", _("Year-end review")),
    Stage("awards", _("Award nominations")),
)


def stage_states(bloc_years: list[BlocYear]) -> dict[int, list[tuple[Stage, StageState]]]:
    """For each bloc-year id, every stage with its state, in STAGES order."""
    return {
        bloc_year.pk: [(stage, StageState.NOT_STARTED) for stage in STAGES]
        for bloc_year in bloc_years
    }
