"""What later apps put on blocs' pages: a link ("Giao ước thi đua") or a small partial (the
"Xuất PDF" button) among a page's actions. Blocs names no URL of a later app; each app registers
its actions in AppConfig.ready():

    links.provide("bloc_year", pledge_link)   # (user, bloc_year) -> list[Action]
    links.provide("bloc_list", export_button) # (user, year) -> list[Action]
    links.provide("agency", flag_link)        # (user, agency) -> list[Action]: buttons
    links.provide("agency_sections", history) # (user, agency) -> list[Action]: sections

A page's buttons render with `{% page_actions page subject %}`; its sections (an Action with a
template, e.g. an agency's award history) with `{% page_sections page subject %}` further down.

Sections also go below the bloc-year's members ("bloc_year_sections", subject: the bloc-year,
e.g. its meetings) and on a council overseer's dashboard ("overseer_dashboard", subject: the
list of bloc-years shown).

A provider decides from what it is given (no query per row of a list): return [] to offer
nothing to this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PAGES = (
    "bloc_year",
    "bloc_list",
    "agency",
    "agency_sections",
    "bloc_year_sections",
    "overseer_dashboard",
)


@dataclass(frozen=True)
class Action:
    """A link (label and url), or a partial template rendered with `context`."""

    label: str = ""
    url: str = ""
    id: str = ""  # the element's id, for tests and in-page anchors
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, Any], list[Action]]
_PROVIDERS: dict[str, list[Provider]] = {page: [] for page in PAGES}


def provide(page: str, provider: Provider) -> None:
    if page not in _PROVIDERS:
        raise ValueError(f"unknown page {page!r}")
    if provider not in _PROVIDERS[page]:
        _PROVIDERS[page].append(provider)


def actions(page: str, user: Any, subject: Any) -> list[Action]:
    return [action for provider in _PROVIDERS[page] for action in provider(user, subject)]
