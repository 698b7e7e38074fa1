"""A URLconf with one failing view, for the 500 page test."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("lỗi thử nghiệm")


urlpatterns = [
    path("hong/", broken),
    path("", include("config.urls")),
]
