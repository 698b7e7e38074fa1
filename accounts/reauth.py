"""Re-authentication: a signed-in user types their password again to sign a pledge (and, later, to
cast a secret ballot).

A session left open must not become a way to guess the password: TRIES tries, then a pause of
PAUSE seconds counted from the lock-out (the login form has allauth's own limits). Every try is
counted with one atomic increment *before* the password is checked, so requests sent in parallel
cannot check more than TRIES passwords between them.

The count lives in the cache (Redis in production). When it cannot be reached the error
propagates: no password is checked uncounted, and core.middleware answers 503.
"""

import math
import time
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TRIES, PAUSE = 5, 15 * 60


def _keys(user: Any) -> tuple[str, str]:
    # One count per user, whatever the password is typed for: signing and voting share it.
    return f"accounts:reauth:{user.pk}:tries", f"accounts:reauth:{user.pk}:locked-until"


def check_password(user: Any, password: str) -> None:
    """Returns if `password` is the user's; raises ValidationError on the "password" field
    otherwise (code "password"), or without checking it during a pause (code "too_many_tries")."""
    tries_key, locked_key = _keys(user)
    tries = _count_try(tries_key)
    if tries > TRIES:
        raise _error(_pause_message(cache.get(locked_key)), "too_many_tries")
    if user.check_password(password):
        cache.delete_many([tries_key, locked_key])
        return
    if tries == TRIES:
        # The lock-out: the pause starts now, and the count lives exactly as long.
        cache.set(locked_key, time.time() + PAUSE, PAUSE)
        cache.touch(tries_key, PAUSE)
    raise _error(_("The password is not correct."), "password")


def _count_try(key: str) -> int:
    cache.add(key, 0, PAUSE)
    try:
        tries = cache.incr(key)
    except ValueError:  # the count expired between add and incr: start again
        cache.add(key, 0, PAUSE)
        tries = cache.incr(key)
    if tries == 1:
        # Django's Redis incr is EXISTS then INCR: a key expiring in between is created again
        # by INCR without an expiry. A first try always sets one.
        cache.touch(key, PAUSE)
    return tries


def _pause_message(locked_until: float | None) -> str:
    left = PAUSE if locked_until is None else max(locked_until - time.time(), 1)
    minutes = math.ceil(left / 60)
    return ngettext(
        "Too many wrong passwords. Wait %(minutes)s minute, then try again.",
        "Too many wrong passwords. Wait %(minutes)s minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}


def _error(message: str, code: str) -> ValidationError:
    return ValidationError({"password": ValidationError(message, code=code)})
