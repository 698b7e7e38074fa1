"""What later apps add to a meeting's minutes (biên bản). Meetings cannot import them (the layers:
core ← blocs ← accounts ← reports ← pledges ← meetings ← awards), so each app registers a
provider in its AppConfig.ready():

    minutes_parts.provide(ballot_results)   # (meeting) -> list[Part]

e.g. awards: the tổng kết's biên bản kiểm phiếu (each closed ballot's number, ballots issued,
returned and valid, per candidate and award the yes votes and passed or refused with the reason).

The providers are asked when the minutes are previewed (the minutes page, the confirmation) and
when they are finalised: services/minutes.py freezes the parts into Minutes.content["parts"] as
plain data, so finalised minutes never change whatever happens later to what a part came from;
the minutes page and the PDF (meetings/documents/minutes.html) render them from there. A part
is a title and lines of text, in Vietnamese (a biên bản is always written in Vietnamese: render
any translatable message under `translation.override("vi")`). A provider returns [] for a
meeting it has nothing to say about (a sơ kết without ballots shows nothing).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Meeting


@dataclass(frozen=True)
class Part:
    """A section of the minutes: its title and its lines (paragraphs) of text."""

    title: str
    lines: tuple[str, ...] = ()

    def frozen(self) -> dict[str, Any]:
        return {"title": self.title, "lines": list(self.lines)}


Provider = Callable[[Meeting], list[Part]]
_PROVIDERS: list[Provider] = []


def provide(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def parts(meeting: Meeting) -> list[dict[str, Any]]:
    """Every provider's parts for the meeting, as frozen data: [{"title", "lines"}]."""
    return [part.frozen() for provider in _PROVIDERS for part in provider(meeting)]
