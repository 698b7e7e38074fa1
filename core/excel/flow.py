"""The pages of every Excel import: upload -> preview of every row -> confirm.

The app reads the upload (UploadForm) and computes its preview; a clean preview's rows wait in the
user's session under a random token (core.excel.pending), bound to the import and to what the app
names in `scope` (its province, its criteria set); confirming takes them back, once, and hands
them to the app's `run`, which checks them again inside its transaction and writes all or nothing.
The pages are core/excel/upload.html and core/excel/preview.html; an app's page may extend them.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.views import error_text

from . import pending
from .base import (
    XLSX_CONTENT_TYPE,
    ImportChanged,
    Preview,
    SourceRow,
    Spec,
    rows_from_json,
    rows_to_json,
)
from .forms import UploadForm

logger = logging.getLogger(__name__)

SESSION_KEY = "excel_imports"


@dataclass(frozen=True)
class ImportPage:
    """Where one import's pages sit: their title and links."""

    title: str | Promise
    upload_url: str  # where a failed or spent confirmation sends the user back
    confirm_url: str
    back_url: str  # the breadcrumb and "Cancel"
    back_label: str = ""  # the breadcrumb's text ("Back" when empty)
    subtitle: str = ""
    nav: str = ""  # the menu entry shown as current
    retry_url: str = ""  # "Upload a corrected file" (upload_url when empty)

    def context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "upload_url": self.upload_url,
            "confirm_url": self.confirm_url,
            "back_url": self.back_url,
            "back_label": self.back_label,
            "retry_url": self.retry_url or self.upload_url,
            "nav": self.nav,
        }


@dataclass(frozen=True)
class Pending:
    """A confirmed preview's rows, taken back from the session."""

    rows: list[SourceRow]
    signature: str
    scope: dict[str, Any]
    kept: dict[str, Any] = field(default_factory=dict)  # what the view kept with them


@dataclass(frozen=True)
class ImportFlow:
    spec: Spec
    # Said above the new preview when the data changed between the preview and the confirmation.
    changed_message: str | Promise
    upload_template: str = "core/excel/upload.html"
    preview_template: str = "core/excel/preview.html"

    def upload_page(
        self,
        request: HttpRequest,
        page: ImportPage,
        form: UploadForm | None,
        *,
        descriptions: dict[str, str],
        **context: Any,
    ) -> HttpResponse:
        """The page that explains the file's columns and takes the upload (no form: the
        import cannot run now, and `locked` says why)."""
        columns = [(column, descriptions[column.key]) for column in self.spec.columns]
        return render(
            request,
            self.upload_template,
            {
                **page.context(),
                "spec": self.spec,
                "columns": columns,
                "form": form,
                "max_size": settings.IMPORT_MAX_UPLOAD_BYTES,
                **context,
            },
        )

    def preview_page(
        self,
        request: HttpRequest,
        page: ImportPage,
        preview: Preview,
        rows: list[SourceRow],
        *,
        scope: dict[str, Any],
        keep: dict[str, Any] | None = None,
        changed: bool = False,
    ) -> HttpResponse:
        """Every row and what will happen to it; a clean preview's rows are kept for the
        confirmation, with `keep`. A preview with errors is not kept: the user fixes the file
        and uploads it again."""
        token = None
        if not preview.has_errors:
            entry = {
                **scope,
                "kind": self.spec.kind,
                "signature": preview.signature,
                "rows": rows_to_json(self.spec, rows),
                "kept": keep or {},
            }
            token = pending.stash(request.session, SESSION_KEY, entry)
        if changed:
            messages.warning(request, str(self.changed_message))
        return render(
            request,
            self.preview_template,
            {**page.context(), "spec": self.spec, "preview": preview, "token": token},
        )

    def take(self, request: HttpRequest, scope: dict[str, Any]) -> Pending | None:
        """The rows of the preview whose token the user posted, removed from the session (a
        token is used once); None if there are none for this import and `scope`."""
        token = request.POST.get("token", "")
        entry = pending.take(request.session, SESSION_KEY, token, kind=self.spec.kind, **scope)
        if entry is None:
            return None
        rows = rows_from_json(self.spec, entry["rows"])
        return Pending(rows, entry["signature"], scope, entry["kept"])

    def confirm(
        self,
        request: HttpRequest,
        page: ImportPage,
        confirmed: Pending | None,
        run: Callable[[Pending], Preview],
    ) -> Preview | HttpResponse:
        """What `run` returns for the confirmed rows, or the page to answer instead: the upload
        page when there are no rows to confirm or the write failed (then nothing is written),
        the new preview when the data changed since the one the user confirmed."""
        if confirmed is None:
            messages.error(
                request,
                _("This import has already been done or has expired. Upload the file again."),
            )
            return redirect(page.upload_url)
        try:
            return run(confirmed)
        except ImportChanged as changed:
            return self.preview_page(
                request,
                page,
                changed.preview,
                confirmed.rows,
                scope=confirmed.scope,
                keep=confirmed.kept,
                changed=True,
            )
        except (ValidationError, DatabaseError) as error:
            if isinstance(error, ValidationError):
                reason = error_text(error)
            else:
                logger.exception("Excel import %s failed while writing", self.spec.kind)
                reason = _(
                    "the database refused a row (another user may have changed the same data)."
                )
            messages.error(
                request,
                _("Nothing was imported: %(reason)s Upload the file again.") % {"reason": reason},
            )
            return redirect(page.upload_url)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook to download."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
