"""The bench's URLconf (bench/settings.py): production's URLs plus the bare view."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

BARE_URL = "/bench/bare/"


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """Through the same middleware (session, user, CSRF, allauth…) as every page, and nothing
    else: the floor a page's latency is measured against."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_URL.strip("/") + "/", bare), *site_urlpatterns]
