"""Previews waiting for their confirmation, in the user's session.

The rows of a clean preview are kept under a random token; confirming takes them back (a token is
used once) and checks them again inside the import's transaction. A few previews are kept per
session; the oldest is dropped, and so is any preview older than IMPORT_PREVIEW_TTL seconds
whenever the session's previews are read (the session itself expires, and beat clears expired
sessions every night: reports/housekeeping.py).
"""

import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

MAX_PENDING = 3
# Where an entry keeps the time it was stashed (seconds since the epoch).
STASHED_AT = "stashed_at"


def _fresh(session: SessionBase, key: str) -> dict[str, Any]:
    """The session's previews, without those past IMPORT_PREVIEW_TTL (and without entries of an
    older format that carry no time)."""
    oldest = time.time() - settings.IMPORT_PREVIEW_TTL
    pending: dict[str, Any] = session.get(key, {})
    return {
        token: entry
        for token, entry in pending.items()
        if isinstance(entry.get(STASHED_AT), (int, float)) and entry[STASHED_AT] >= oldest
    }


def stash(session: SessionBase, key: str, entry: dict[str, Any]) -> str:
    pending = _fresh(session, key)
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    token = secrets.token_urlsafe(16)
    pending[token] = {**entry, STASHED_AT: time.time()}
    session[key] = pending
    return token


def take(session: SessionBase, key: str, token: str, **expected: Any) -> dict[str, Any] | None:
    """The entry of `token`, removed from the session; None if there is none, it has expired,
    or it was made for something else (`expected` values differ)."""
    pending = _fresh(session, key)
    entry = pending.pop(token, None)
    session[key] = pending
    if entry is None or any(entry.get(name) != value for name, value in expected.items()):
        return None
    return entry
