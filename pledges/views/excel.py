"""Excel export and import of a criteria set (pledges.excel).

Export: anyone who can read the set. Import: those who can change it (404 outsiders, 403
readers), in three steps as the blocs' imports: upload -> preview of every row -> confirm. The
rows of a clean preview wait in the user's session under a random token, used once; confirming
checks them again inside the transaction, so what is written is what the preview showed.
"""

import logging
import re
from typing import Any, cast

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
from django.views.decorators.http import require_GET, require_POST

from accounts.typing import AuthenticatedRequest
from core.excel import pending
from core.excel.base import (
    XLSX_CONTENT_TYPE,
    ImportChanged,
    SourceRow,
    rows_from_json,
    rows_to_json,
)
from core.excel.forms import UploadForm
from core.views import error_text

from .. import excel
from ..access import get_criteria_set_for_user
from ..models import CriteriaSet
from ..services import criteria as services

logger = logging.getLogger(__name__)

SESSION_KEY = "pledges_criteria_imports"
UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


@login_required
@require_GET
def criteria_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk)
    response = HttpResponse(excel.export(criteria_set), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _filename(criteria_set))
    return response


@login_required
def criteria_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk, write=True)
    locked = services.locked_reason(criteria_set)
    form = None
    if not locked:
        form = UploadForm(request.POST or None, request.FILES or None, spec=excel.SPEC)
        if request.method == "POST" and form.is_valid():
            preview = excel.preview(criteria_set, form.rows)
            name = form.cleaned_data["file"].name or ""
            return _preview_page(request, criteria_set, preview, form.rows, name)
    return render(
        request,
        "pledges/criteria_import.html",
        {**_context(criteria_set), "form": form, "locked": locked},
    )


@login_required
@require_POST
def criteria_import_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk, write=True)
    entry = _take(request, criteria_set)
    upload_url = reverse("pledges:criteria_import", args=[criteria_set.pk])
    if entry is None:
        messages.error(
            request, _("This import has already been done or has expired. Upload the file again.")
        )
        return redirect(upload_url)
    rows = rows_from_json(excel.SPEC, entry["rows"])
    source = _("Excel file “%(name)s”") % {"name": entry["filename"]}
    try:
        result = excel.run(
            criteria_set, rows, entry["signature"], actor=request.user, source=source
        )
    except ImportChanged as changed:
        preview = cast(excel.CriteriaPreview, changed.preview)
        return _preview_page(request, criteria_set, preview, rows, entry["filename"], changed=True)
    except (ValidationError, DatabaseError) as error:
        if isinstance(error, ValidationError):
            reason = error_text(error)
        else:
            logger.exception("Criteria import failed while writing")
            reason = _("the database refused a row (another user may have changed the set).")
        messages.error(
            request,
            _("Nothing was imported: %(reason)s Upload the file again.") % {"reason": reason},
        )
        return redirect(upload_url)
    messages.success(
        request,
        _("Criteria imported: %(sections)s sections, %(criteria)s criteria.")
        % {"sections": len(result.sections), "criteria": result.criteria_count},
    )
    return redirect(criteria_set.get_absolute_url())


# --- Steps -----------------------------------------------------------------------------------


def _context(criteria_set: CriteriaSet) -> dict[str, Any]:
    return {
        "nav": "blocs",
        "title": _("Import criteria from Excel"),
        "criteria_set": criteria_set,
        "spec": excel.SPEC,
        "kind_words": list(excel.KIND_WORDS.values()),
        "export_url": reverse("pledges:criteria_export", args=[criteria_set.pk]),
        "back": criteria_set.get_absolute_url(),
        "max_size": settings.IMPORT_MAX_UPLOAD_BYTES,
    }


def _preview_page(
    request: AuthenticatedRequest,
    criteria_set: CriteriaSet,
    preview: excel.CriteriaPreview,
    rows: list[SourceRow],
    filename: str,
    *,
    changed: bool = False,
) -> HttpResponse:
    token = _stash(request, criteria_set, preview, rows, filename)
    if changed:
        messages.warning(
            request,
            _(
                "The criteria set changed since the preview (someone else may have edited it), "
                "so nothing was imported. Check the new preview below."
            ),
        )
    return render(
        request,
        "pledges/criteria_import_preview.html",
        {
            **_context(criteria_set),
            "preview": preview,
            "token": token,
            "confirm_url": reverse("pledges:criteria_import_confirm", args=[criteria_set.pk]),
            "upload_url": reverse("pledges:criteria_import", args=[criteria_set.pk]),
        },
    )


def _stash(
    request: AuthenticatedRequest,
    criteria_set: CriteriaSet,
    preview: excel.CriteriaPreview,
    rows: list[SourceRow],
    filename: str,
) -> str | None:
    """Keep the rows of a clean preview for the confirmation; a preview with errors is not kept:
    the user fixes the file and uploads it again."""
    if preview.has_errors:
        return None
    entry = {
        "criteria_set": criteria_set.pk,
        "signature": preview.signature,
        "filename": filename[:200],
        "rows": rows_to_json(excel.SPEC, rows),
    }
    return pending.stash(request.session, SESSION_KEY, entry)


def _take(request: AuthenticatedRequest, criteria_set: CriteriaSet) -> dict[str, Any] | None:
    """The pending import of this token, removed from the session (a token is used once)."""
    token = request.POST.get("token", "")
    return pending.take(request.session, SESSION_KEY, token, criteria_set=criteria_set.pk)


def _filename(criteria_set: CriteriaSet) -> str:
    title = UNSAFE_IN_FILENAME.sub(" ", criteria_set.title).strip()[:120] or "bo-tieu-chi"
    return f"{title}.xlsx"
