"""Previews waiting for their confirmation, in the user's session.

The rows of a clean preview are kept under a random token; confirming takes them back (a token is
used once) and checks them again inside the import's transaction. A few previews are kept per
session; the oldest is dropped.
"""

import secrets
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

MAX_PENDING = 3


def stash(session: SessionBase, key: str, entry: dict[str, Any]) -> str:
    pending: dict[str, Any] = session.get(key, {})
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    token = secrets.token_urlsafe(16)
    pending[token] = entry
    session[key] = pending
    return token


def take(session: SessionBase, key: str, token: str, **expected: Any) -> dict[str, Any] | None:
    """The entry of `token`, removed from the session; None if there is none or it was made for
    something else (`expected` values differ)."""
    pending: dict[str, Any] = session.get(key, {})
    entry = pending.pop(token, None)
    session[key] = pending
    if entry is None or any(entry.get(name) != value for name, value in expected.items()):
        return None
    return entry
