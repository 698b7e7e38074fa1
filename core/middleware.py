"""Answers for requests that cannot be served: input no page can take, a backing service down."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


def _has_nul(request: HttpRequest) -> bool:
    texts = [request.path, *request.COOKIES.values()]
    texts += [value for key, value in request.META.items() if key.startswith("HTTP_")]
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            texts += [key, *values]
    for _field, uploads in request.FILES.lists():
        texts += [upload.name or "" for upload in uploads]
    return any("\x00" in text for text in texts if isinstance(text, str))


class RefuseNulBytesMiddleware:
    """A NUL byte in the path, a parameter, a form field, a file name, a cookie or a header is
    refused with 400 before any page sees it: PostgreSQL refuses NUL in text, so a search, a save
    or a session cookie with one was a 500, and no user types one. It is the same answer on
    every URL, so it tells nothing about what exists (an outsider's 404 stays a 404 for every
    other value)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            logger.warning("NUL byte refused: %s %r", request.method, request.path)
            return render(request, "400.html", status=400)
        return self.get_response(request)


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
