"""Answers for requests that cannot be served because a backing service is down."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class CacheUnavailableMiddleware:
    """With the cache's Redis unreachable, sign-in (allauth's rate limits, used TOTP codes) and
    re-authentication (accounts.reauth) cannot count attempts. Rather than let them go uncounted,
    the request is refused with 503 and a Vietnamese page saying to try again shortly, not a 500;
    the view's transaction has rolled back. Pages that do not use the cache keep working."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RedisConnectionError | RedisTimeoutError):
            return None
        logger.error(
            "Cache unreachable, %s %s answered 503: %s", request.method, request.path, exception
        )
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response
