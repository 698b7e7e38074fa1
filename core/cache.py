"""Results kept in the shared cache (Redis in production) for as long as what they were made
from is unchanged: the caller names a key and a `state` (a digest of its inputs, read from the
database on every request), and a kept result is used only when it was made for that state, so
no write anywhere can leave a stale one, and nothing has to invalidate. The cache being down
costs the computation, never an error (the page does not answer 503 for it)."""

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
SECONDS = 60 * 60


def digest(*parts: Any) -> str:
    """A state from the values a result is made of (their repr: ints, strings, Decimals...)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def kept_for_state(key: str, state: str, make: Callable[[], Any], seconds: int = SECONDS) -> Any:
    """The result kept under `key` if it was made for `state`, else `make()`, kept for the next
    reader."""
    try:
        kept = cache.get(key)
    except UNREACHABLE as error:
        logger.warning("Cache unreachable, %s made without it: %s", key, error)
        return make()
    if kept is not None and kept[0] == state:
        return kept[1]
    result = make()
    try:
        cache.set(key, (state, result), seconds)
    except UNREACHABLE as error:
        logger.warning("Cache unreachable, %s not kept: %s", key, error)
    return result
