"""Why a pledge may no longer be withdrawn: later apps say so. Withdrawing voids every signature
and starts a new revision, which must not happen under what was built on the pledge (a scoring
round already scored against its criteria). Pledges does not know those apps; each registers a
blocker in its AppConfig.ready():

    blockers.provide(scoring_started)  # (pledge) -> str | None: the reason, or None

signing.check_withdrawable (asked by the withdraw page, and by the withdraw service under the
pledge's row lock) refuses with every reason given. A blocker reads; it never writes. A service
that starts what a blocker reports should lock the pledge's row first (lock order: bloc-year →
pledge → meeting), so that it and a withdrawal never interleave.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Pledge

Blocker = Callable[["Pledge"], str | None]

_BLOCKERS: list[Blocker] = []


def provide(blocker: Blocker) -> None:
    if blocker not in _BLOCKERS:
        _BLOCKERS.append(blocker)


def reasons(pledge: "Pledge") -> list[str]:
    """Every registered blocker's reason why `pledge` may not be withdrawn (empty: it may)."""
    return [str(reason) for blocker in _BLOCKERS if (reason := blocker(pledge))]
