"""The stages of a bloc's year, as the board dashboard shows them.

Each later app fills in its own stage (pledges: signing; meetings: the six-month and year-end
reviews; awards: nominations) by registering a provider in its AppConfig.ready():

    stages.provide("pledge", pledge_states)  # (bloc_year_ids) -> {bloc_year_id: StageState}
    stages.provide_many(("midyear", "yearend"), review_states)  # -> {key: {id: StageState}}

A provider runs a fixed number of queries for the whole table. A stage without a provider, or a
bloc-year a provider does not mention, reads "not started".
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

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


Provider = Callable[[list[int]], dict[int, StageState]]
# Several stages read in one go (meetings: both reviews in one query): {stage key: states}.
ManyProvider = Callable[[list[int]], dict[str, dict[int, StageState]]]
_PROVIDERS: dict[str, Provider] = {}
_MANY: dict[tuple[str, ...], ManyProvider] = {}


def _check_keys(*keys: str) -> None:
    for key in keys:
        if key not in {stage.key for stage in STAGES}:
            raise ValueError(f"unknown stage {key!r}")


def provide(key: str, provider: Provider) -> None:
    _check_keys(key)
    _PROVIDERS[key] = provider


def provide_many(keys: tuple[str, ...], provider: ManyProvider) -> None:
    """One provider for several stages, asked once for them all."""
    _check_keys(*keys)
    _MANY[keys] = provider


def stage_states(ids: list[int]) -> dict[int, list[tuple[Stage, StageState]]]:
    """For each bloc-year id, every stage with its state, in STAGES order."""
    known = {key: provider(ids) if ids else {} for key, provider in _PROVIDERS.items()}
    for keys, many in _MANY.items():
        found = many(ids) if ids else {}
        known.update({key: found.get(key, {}) for key in keys})
    return {
        pk: [(stage, known.get(stage.key, {}).get(pk, StageState.NOT_STARTED)) for stage in STAGES]
        for pk in ids
    }
