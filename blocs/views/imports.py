"""Excel import of agencies and of a year's memberships (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def import_agencies(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_required
def import_memberships(request: HttpRequest) -> HttpResponse:
    raise Http404
