"""Signing: the status board, the confirmation screen where an officer signs for their agency,
the secretariat's record of a paper signature, and the scanned page."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.access import can_run_bloc_year
from blocs.models import Agency
from core.client_address import client_ip
from core.views import error_text, refuse

from .. import selectors
from ..access import get_pledge_for_user, get_pledge_to_sign
from ..forms import PaperSignatureForm, SignForm
from ..models import Pledge, Signature
from ..services import signatures


@login_required
def status_board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk)
    if pledge.is_draft:
        messages.info(request, _("The pledge is still a draft: nobody can sign it yet."))
        return redirect(pledge)
    can_run = can_run_bloc_year(request.user, pledge.bloc_year)
    return render(
        request,
        "pledges/status_board.html",
        {
            "nav": "blocs",
            "pledge": pledge,
            "bloc_name": pledge.bloc_year.bloc.name_in(pledge.bloc_year.year),
            "board": selectors.status_board(pledge),
            "voided": list(selectors.voided_signatures(pledge)),
            "can_run": can_run,
            # IP addresses are for those who answer for the record, not for every reader.
            "show_ip": can_run,
        },
    )


@login_required
def sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation screen: exactly what is signed, the hash, the title and the password."""
    pledge = get_pledge_to_sign(request.user, pk)
    try:
        # get_pledge_to_sign has checked that the user signs for a member agency.
        signatures.check_open(pledge, cast(Agency, request.user.agency))
    except ValidationError as error:
        refusal = error_text(error)
        if error.code == "already_signed":  # said to the agency's own officer
            refusal = _("Your agency has already signed this pledge.")
        messages.error(request, refusal)
        return redirect(pledge)
    form = SignForm(
        request.POST or None,
        initial={"sha256": pledge.snapshot_sha256, "signer_title": request.user.job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signatures.sign_online(
                pledge,
                actor=request.user,
                password=form.cleaned_data["password"],
                signer_title=form.cleaned_data["signer_title"],
                seen_sha256=form.cleaned_data["sha256"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            pledge.refresh_from_db()
            if pledge.is_in_force:
                messages.success(
                    request,
                    _("Your agency has signed. Every member has signed: the pledge is in force."),
                )
            else:
                messages.success(request, _("Your agency has signed the pledge."))
            return redirect(pledge)
    return render(
        request,
        "pledges/sign.html",
        {
            "nav": "blocs",
            "pledge": pledge,
            "text": selectors.pledge_text(pledge),
            "form": form,
            "agency": request.user.agency,
            "back": pledge.get_absolute_url(),
        },
    )


@login_required
def paper_signature(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk, write=True)
    try:
        signatures.check_signable(pledge)
    except ValidationError as error:
        refuse(request, error)
        return redirect(pledge)
    board = selectors.status_board(pledge)
    opened_on = timezone.localtime(pledge.opened_at).date() if pledge.opened_at else None
    today = timezone.localdate()
    form = PaperSignatureForm(
        request.POST or None,
        request.FILES or None,
        bloc_year=pledge.bloc_year,
        unsigned=[row.membership.agency_id for row in board.unsigned],
        allowed_dates=(opened_on, today),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signatures.record_paper_signature(
                pledge,
                actor=request.user,
                agency=data["agency"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                signed_on=data["signed_on"],
                scan=data["scan"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The paper signature of %(agency)s has been recorded.")
                % {"agency": data["agency"].name},
            )
            return redirect("pledges:status_board", pk=pledge.pk)
    return render(
        request,
        "form.html",
        {
            "nav": "blocs",
            "form": form,
            "multipart": True,
            "title": _("Record a signature given on paper"),
            # Which pledge, and which dates of signing are accepted.
            "intro": _(
                "Pledge: “%(title)s” (revision %(revision)s). Signatures given on paper from "
                "%(opened)s, when it was opened for signing, to today can be recorded."
            )
            % {
                "title": pledge.title,
                "revision": pledge.revision,
                "opened": opened_on.strftime("%d/%m/%Y") if opened_on else "—",
            },
            "back": pledge.get_absolute_url(),
        },
    )


@login_required
def signature_scan(request: AuthenticatedRequest, pk: int) -> FileResponse:
    signature = get_object_or_404(
        Signature.objects.filter(pledge__in=Pledge.objects.visible_to(request.user)), pk=pk
    )
    if not signature.scan:
        raise Http404
    extension = (signature.scan.name or "").rsplit(".", 1)[-1]
    try:
        handle = signature.scan.open("rb")
    except FileNotFoundError:  # gone from the storage: not a 500
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=False,
        filename=f"chu-ky-{signature.pledge_id}-{signature.agency_id}.{extension}",
    )
