"""What waits for a user, as their dashboard lists it ("What to do in 2020").

Later apps register a provider in their AppConfig.ready() (pledges: a pledge the agency has not
signed; meetings: scores to enter…):

    todo.provide(pledges_to_sign)  # (user) -> list[Todo]

Blocs does not import those apps: they come to it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    action: str  # the link's label, e.g. "Read and sign"


_PROVIDERS: list[Callable[[Any], list[Todo]]] = []


def provide(provider: Callable[[Any], list[Todo]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def for_user(user: Any) -> list[Todo]:
    return [item for provider in _PROVIDERS for item in provider(user)]
