"""Documents in the browser: ask for one, watch its status, download it, list one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest

from . import services
from .access import get_report_for_user
from .models import Report, ReportStatus

BROKER_DOWN = gettext_lazy(
    "The background service cannot be reached right now. Your request has been saved and the "
    "document will be created as soon as the service is back."
)


@login_required
@require_POST
def report_request(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """The "Export PDF" button: 404 / 403 from the document's kind for what the user may not
    export; otherwise the document's status (re-used at once if nothing has changed)."""
    try:
        requested = services.request_report(kind, pk, request.POST, request.user)
    except ValidationError as error:
        if request.htmx:
            return render(request, "reports/_error.html", {"error": error.messages[0]})
        messages.error(request, error.messages[0])
        return redirect("reports:mine")
    report = requested.report
    if request.htmx:
        # The status part says itself when the background service cannot be reached.
        return render(request, "reports/report_detail.html#status", {"report": report})
    if not requested.sent:
        messages.warning(request, BROKER_DOWN)
        return redirect("reports:mine")
    if report.status == ReportStatus.DONE:
        messages.success(request, _("The document is ready."))
    else:
        messages.info(request, _("The document is being created; it will appear in this list."))
    return redirect("reports:mine")


@login_required
def report_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The document's page; htmx polls its status part until it is done or has failed."""
    report = get_report_for_user(request.user, pk)
    template = "reports/report_detail.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"report": report, "nav": "documents"})


@login_required
def report_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The PDF, after checking access again (files are never served from a public URL)."""
    report = get_report_for_user(request.user, pk)
    if report.status != ReportStatus.DONE:
        return redirect(report)
    try:
        file = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(file, filename=report.download_name, content_type="application/pdf")


@login_required
def my_reports(request: AuthenticatedRequest) -> HttpResponse:
    reports = Report.objects.visible_to(request.user).filter(requested_by=request.user)
    page = Paginator(reports, 25).get_page(request.GET.get("trang"))
    return render(request, "reports/my_reports.html", {"page": page, "nav": "documents"})
