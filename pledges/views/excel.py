"""Excel export and import of a criteria set (pledges.excel).

Export: anyone who can read the set. Import: those who can change it (404 outsiders, 403
readers), in three steps through core.excel.flow, as the blocs' imports: upload -> preview of
every row -> confirm, which checks the rows again inside the transaction, so what is written is
what the preview showed.
"""

import re
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.typing import AuthenticatedRequest
from core.excel.base import Preview
from core.excel.flow import ImportFlow, ImportPage, Pending, xlsx_response
from core.excel.forms import UploadForm

from .. import excel
from ..access import get_criteria_set_for_user
from ..models import CriteriaSet
from ..services import criteria as services

UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')
FLOW = ImportFlow(
    excel.SPEC,
    gettext_lazy(
        "The criteria set changed since the preview (someone else may have edited it), so "
        "nothing was imported. Check the new preview below."
    ),
    upload_template="pledges/criteria_import.html",
    preview_template="pledges/criteria_import_preview.html",
)


def _page(criteria_set: CriteriaSet) -> ImportPage:
    return ImportPage(
        title=gettext_lazy("Import criteria from Excel"),
        subtitle=criteria_set.title,
        upload_url=reverse("pledges:criteria_import", args=[criteria_set.pk]),
        confirm_url=reverse("pledges:criteria_import_confirm", args=[criteria_set.pk]),
        back_url=criteria_set.get_absolute_url(),
        back_label=criteria_set.title,
        nav="blocs",
    )


def _scope(criteria_set: CriteriaSet) -> dict[str, int]:
    """What a pending import is bound to: it cannot be confirmed into another set."""
    return {"criteria_set": criteria_set.pk}


@login_required
@require_GET
def criteria_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk)
    return xlsx_response(excel.export(criteria_set), _filename(criteria_set))


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
            return FLOW.preview_page(
                request,
                _page(criteria_set),
                preview,
                form.rows,
                scope=_scope(criteria_set),
                keep={"filename": name[:200]},
            )
    return FLOW.upload_page(
        request,
        _page(criteria_set),
        form,
        descriptions=excel.descriptions(),
        locked=locked,
        export_url=reverse("pledges:criteria_export", args=[criteria_set.pk]),
    )


@login_required
@require_POST
def criteria_import_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk, write=True)

    def run(confirmed: Pending) -> Preview:
        source = _("Excel file “%(name)s”") % {"name": confirmed.kept["filename"]}
        return excel.run(
            criteria_set, confirmed.rows, confirmed.signature, actor=request.user, source=source
        )

    confirmed = FLOW.take(request, _scope(criteria_set))
    result = FLOW.confirm(request, _page(criteria_set), confirmed, run)
    if isinstance(result, HttpResponse):
        return result
    imported = cast(excel.CriteriaPreview, result)
    messages.success(
        request,
        _("Criteria imported: %(sections)s sections, %(criteria)s criteria.")
        % {"sections": len(imported.sections), "criteria": imported.criteria_count},
    )
    return redirect(criteria_set.get_absolute_url())


def _filename(criteria_set: CriteriaSet) -> str:
    title = UNSAFE_IN_FILENAME.sub(" ", criteria_set.title).strip()[:120] or "bo-tieu-chi"
    return f"{title}.xlsx"
