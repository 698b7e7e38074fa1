"""A nomination's dossier: its checklist and files, the generated proposal letter, uploads,
submission to the board; a bloc-year's nominations. Files are served only here, after the
access check. Thin: access through awards/access.py, writes through services/dossiers.py."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest
from blocs.access import get_bloc_year_for_user
from core.changelog import action_label
from core.models import Change
from core.uploads import accept
from core.views import refuse
from reports.models import ReportStatus

from .. import selectors
from ..access import (
    can_prepare_nominations,
    get_dossier_file_for_user,
    get_nomination_for_user,
)
from ..models import Nomination
from ..services import deadlines, dossiers

NAV = "blocs"
SAFE = ["GET", "HEAD"]


class UploadForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("Checklist item"))
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args: Any, nomination: Nomination, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = [
            (str(i.get("key", "")), str(i.get("label", "")))
            for i in nomination.award_type.checklist_items
            if i.get("key") not in dossiers.GENERATED
        ]
        item_field = self.fields["item"]
        if isinstance(item_field, forms.ChoiceField):
            item_field.choices = items
        self.fields["file"].widget.attrs["accept"] = accept(dossiers.UPLOAD_KINDS)


def _back(nomination: Nomination) -> HttpResponse:
    return redirect(reverse("awards:nomination", args=[nomination.pk]))


def _history(nomination: Nomination) -> list[dict[str, Any]]:
    from django.contrib.contenttypes.models import ContentType

    changes = (
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(Nomination), object_id=nomination.pk
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [{"change": c, "label": action_label(c.action)} for c in changes]


@login_required
def nomination_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk)
    if request.method not in SAFE:  # after the access check: 404 / 403 first
        return HttpResponseNotAllowed(SAFE)
    bloc_year = nomination.bloc_year
    can_prepare = can_prepare_nominations(request.user, bloc_year)
    editable = nomination.status in dossiers.EDITABLE
    rows = dossiers.checklist(nomination)
    return render(
        request,
        "awards/dossier.html",
        {
            "nav": NAV,
            "nomination": nomination,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
            "meeting": nomination.meeting,
            "rows": rows,
            "missing_required": [r for r in rows if r.required and not r.done],
            "can_prepare": can_prepare and editable,
            "working_round": dossiers.working_round(nomination),
            "proposal_issued": any(
                f.round == dossiers.working_round(nomination)
                for r in rows
                if r.key == "to_trinh"
                for f in r.files
            ),
            "deadline": deadlines.check_deadline(bloc_year.bloc.province_id, bloc_year.year),
            "upload_form": UploadForm(nomination=nomination) if can_prepare and editable else None,
            "history": _history(nomination),
        },
    )


@login_required
@require_POST
def dossier_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk, write=True)
    try:
        number = dossiers.generate_documents(nomination, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(
            request,
            _("The proposal letter no. %(number)s and its annex are being prepared.")
            % {"number": number.sequence},
        )
    return _back(nomination)


@login_required
def dossier_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk, write=True)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        nomination=nomination,
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossiers.add_file(
                nomination,
                actor=request.user,
                item=form.cleaned_data["item"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("file", error)
        else:
            messages.success(request, _("The file has been added to the dossier."))
            return _back(nomination)
    return render(
        request,
        "form.html",
        {
            "nav": NAV,
            "form": form,
            "title": _("Add a file to the dossier: %(nomination)s") % {"nomination": nomination},
            "back": reverse("awards:nomination", args=[nomination.pk]),
        },
    )


@login_required
@require_POST
def nomination_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request.user, pk, write=True)
    try:
        dossiers.submit(nomination, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The dossier has been submitted to the board."))
    return _back(nomination)


@login_required
def dossier_file(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """A dossier's file, to whoever may see the nomination (never a public media URL)."""
    item = get_dossier_file_for_user(request.user, pk)
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    if item.report_id is not None:
        report = item.report
        if report is None or report.status != ReportStatus.DONE or not report.file:
            raise Http404(_("This document is still being prepared."))
        stored, name = report.file, f"{report.title}.pdf"
    else:
        stored, name = item.file, item.name
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def dossier_file_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_dossier_file_for_user(request.user, pk, write=True)
    try:
        dossiers.remove_file(item, actor=request.user)
    except ValidationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("The file has been removed."))
    return _back(item.nomination)


@login_required
def bloc_year_nominations(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk, year)
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    return render(
        request,
        "awards/dossier_list.html",
        {
            "nav": NAV,
            "bloc_year": bloc_year,
            "bloc_name": bloc_year.bloc.name_in(bloc_year.year),
            "ballots": selectors.bloc_year_ballots(bloc_year),
            "nominations": selectors.bloc_year_nominations(bloc_year),
        },
    )
