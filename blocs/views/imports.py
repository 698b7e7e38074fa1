"""Excel import of agencies and of a year's memberships (board staff of a province).

Upload -> preview (every row, its outcome or its errors) -> confirm. The rows of a clean preview
wait in the user's session under a random token; confirming checks them again inside the import's
transaction (blocs.imports), so what is written is what the preview showed, or nothing at all.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.excel import pending
from core.excel.base import (
    XLSX_CONTENT_TYPE,
    ImportChanged,
    Preview,
    SourceRow,
    Spec,
    rows_from_json,
    rows_to_json,
)
from core.excel.forms import UploadForm
from core.typing import AuthenticatedRequest
from core.views import error_text

from ..access import managed_province
from ..imports import agencies as agency_import
from ..imports import memberships as membership_import
from ..imports.forms import MembershipUploadForm
from ..models import Province

logger = logging.getLogger(__name__)

SESSION_KEY = "blocs_imports"


@dataclass(frozen=True)
class _Page:
    spec: Spec
    nav: str
    upload: str  # url names
    confirm: str
    template: str
    filename: str


AGENCIES = _Page(
    agency_import.SPEC,
    "agencies",
    "blocs:import_agencies",
    "blocs:import_agencies_confirm",
    "blocs:import_agencies_template",
    "mau-nhap-don-vi.xlsx",
)
MEMBERSHIPS = _Page(
    membership_import.SPEC,
    "dashboard",
    "blocs:import_memberships",
    "blocs:import_memberships_confirm",
    "blocs:import_memberships_template",
    "mau-nhap-thanh-vien-khoi.xlsx",
)


# --- Agencies --------------------------------------------------------------------------------


@login_required
def import_agencies(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, spec=AGENCIES.spec)
    if request.method == "POST" and form.is_valid():
        preview = agency_import.preview(province, form.rows)
        return _preview_page(request, AGENCIES, preview, form.rows, province)
    return render(
        request,
        "blocs/import_agencies.html",
        {**_page_context(AGENCIES), "form": form, "back": reverse("blocs:agency_list")},
    )


@login_required
def import_agencies_template(request: AuthenticatedRequest) -> HttpResponse:
    managed_province(request.user)
    return _xlsx(agency_import.template(), AGENCIES.filename)


@login_required
@require_POST
def import_agencies_confirm(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    entry = _take(request, AGENCIES, province)
    if entry is None:
        return _expired(request, AGENCIES)
    rows = rows_from_json(AGENCIES.spec, entry["rows"])
    try:
        result = agency_import.run(province, rows, entry["signature"], actor=request.user)
    except ImportChanged as changed:
        return _preview_page(request, AGENCIES, changed.preview, rows, province, changed=True)
    except (ValidationError, DatabaseError) as error:
        return _failed(request, AGENCIES, error)
    counts = result.counts
    messages.success(
        request,
        _("Agencies imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged.") % counts,
    )
    return redirect("blocs:agency_list")


# --- Memberships -----------------------------------------------------------------------------


@login_required
def import_memberships(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    initial = {"year": request.GET["nam"]} if request.GET.get("nam", "").isdigit() else {}
    form = MembershipUploadForm(
        request.POST or None, request.FILES or None, spec=MEMBERSHIPS.spec, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        preview = membership_import.preview(province, year, form.rows)
        return _preview_page(request, MEMBERSHIPS, preview, form.rows, province, year=year)
    return render(
        request,
        "blocs/import_memberships.html",
        {**_page_context(MEMBERSHIPS), "form": form, "back": reverse("blocs:dashboard")},
    )


@login_required
def import_memberships_template(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    return _xlsx(membership_import.template(province), MEMBERSHIPS.filename)


@login_required
@require_POST
def import_memberships_confirm(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    entry = _take(request, MEMBERSHIPS, province)
    if entry is None:
        return _expired(request, MEMBERSHIPS)
    rows = rows_from_json(MEMBERSHIPS.spec, entry["rows"])
    year = int(entry["year"])
    try:
        result = membership_import.run(province, year, rows, entry["signature"], actor=request.user)
    except ImportChanged as changed:
        return _preview_page(
            request, MEMBERSHIPS, changed.preview, rows, province, year=year, changed=True
        )
    except (ValidationError, DatabaseError) as error:
        return _failed(request, MEMBERSHIPS, error)
    messages.success(
        request,
        _(
            "Memberships of %(year)s imported: %(added)s agencies added, %(roles)s heads or "
            "deputies set, %(unchanged)s rows unchanged, %(opened)s bloc-years opened."
        )
        % {**membership_import.summary(result), "year": year},
    )
    return redirect(f"{reverse('blocs:dashboard')}?nam={year}")


# --- Shared steps ----------------------------------------------------------------------------

TITLES = {
    "agencies": gettext_lazy("Import agencies from Excel"),
    "memberships": gettext_lazy("Import the members of the blocs from Excel"),
}


def _page_context(page: _Page) -> dict[str, Any]:
    return {
        "nav": page.nav,
        "title": TITLES[page.spec.kind],
        "spec": page.spec,
        "template_url": reverse(page.template),
        "max_size": settings.IMPORT_MAX_UPLOAD_BYTES,
    }


def _preview_page(
    request: AuthenticatedRequest,
    page: _Page,
    preview: Preview,
    rows: list[SourceRow],
    province: Province,
    *,
    year: int | None = None,
    changed: bool = False,
) -> HttpResponse:
    token = _stash(request, page, preview, rows, province, year)
    if changed:
        messages.warning(
            request,
            _(
                "The data changed since the preview (someone else may have edited it), so "
                "nothing was imported. Check the new preview below."
            ),
        )
    upload = reverse(page.upload) + (f"?nam={year}" if year else "")
    return render(
        request,
        "blocs/import_preview.html",
        {
            **_page_context(page),
            "preview": preview,
            "token": token,
            "year": year,
            "confirm_url": reverse(page.confirm),
            "back": upload,
        },
    )


def _stash(
    request: AuthenticatedRequest,
    page: _Page,
    preview: Preview,
    rows: list[SourceRow],
    province: Province,
    year: int | None,
) -> str | None:
    """Keep the rows of a clean preview for the confirmation; a preview with errors is not kept:
    the user fixes the file and uploads it again."""
    if preview.has_errors:
        return None
    entry = {
        "kind": page.spec.kind,
        "province": province.pk,
        "year": year,
        "signature": preview.signature,
        "rows": rows_to_json(page.spec, rows),
    }
    return pending.stash(request.session, SESSION_KEY, entry)


def _take(request: AuthenticatedRequest, page: _Page, province: Province) -> dict | None:
    """The pending import of this token, removed from the session (a token is used once)."""
    token = request.POST.get("token", "")
    return pending.take(
        request.session, SESSION_KEY, token, kind=page.spec.kind, province=province.pk
    )


def _expired(request: AuthenticatedRequest, page: _Page) -> HttpResponse:
    messages.error(
        request,
        _("This import has already been done or has expired. Upload the file again."),
    )
    return redirect(page.upload)


def _failed(request: AuthenticatedRequest, page: _Page, error: Exception) -> HttpResponse:
    if isinstance(error, ValidationError):
        reason = error_text(error)
    else:
        logger.exception("Excel import failed while writing")
        reason = _("the database refused a row (another user may have changed the same data).")
    messages.error(
        request, _("Nothing was imported: %(reason)s Upload the file again.") % {"reason": reason}
    )
    return redirect(page.upload)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
