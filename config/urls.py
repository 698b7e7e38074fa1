from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from .health import healthz, healthz_web


def email_page_disabled(request: HttpRequest) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/web", healthz_web, name="healthz_web"),
    path("admin/", admin.site.urls),
    # allauth's e-mail page would let users add addresses; board staff manage them instead.
    path("tai-khoan/email/", email_page_disabled),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("tai-lieu/", include("reports.urls")),
    path("", include("awards.urls")),
    path("", include("meetings.urls")),
    path("", include("pledges.urls")),
    path("", include("blocs.urls")),
]
