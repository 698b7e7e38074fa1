"""The bench's URLconf (bench/settings.py): production's URLs plus two yardsticks."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

BARE_URL = "/bench/bare/"
LAYOUT_URL = "/bench/layout/"


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """Through the same middleware (session, user, CSRF, allauth…) as every page, and nothing
    else: the floor a page's latency is measured against."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The site's layout (base.html: menu, messages) around an empty page: what every page
    costs before its own content."""
    return render(request, "base.html", {})


urlpatterns = [
    path(BARE_URL.strip("/") + "/", bare),
    path(LAYOUT_URL.strip("/") + "/", layout),
    *site_urlpatterns,
]
