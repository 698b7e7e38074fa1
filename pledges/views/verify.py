"""The public verification page a signed pledge's QR code opens: no login needed.

It shows what the PDF itself prints (the bloc, year, title, revision, status and signatures,
never an IP address or an e-mail), and checks an uploaded PDF: is it, byte for byte, a document
this system produced for this pledge?
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.uploads import check_upload
from reports.models import Report

from ..documents import newest_revision, produced_pdf, signature_rows
from ..models import Pledge, PledgeStatus

SHA256 = re.compile(r"[0-9a-f]{64}")


class CheckPdfForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file of the pledge"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self) -> UploadedFile:
        """A PDF by its first bytes (the name proves nothing), not empty, not too big. It is
        hashed, never kept nor parsed: anyone may upload here, and the hash decides."""
        check_upload(
            self.cleaned_data["file"],
            kinds=("pdf",),
            max_bytes=settings.SCAN_MAX_UPLOAD_BYTES,
            by_name=False,
            parse=False,
        )
        return self.cleaned_data["file"]


@dataclass(frozen=True)
class CheckResult:
    sha256: str  # the uploaded file's
    report: Report | None  # the document it is, if this system produced it for this pledge

    @property
    def matches(self) -> bool:
        return self.report is not None


def file_sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, sha256: str) -> HttpResponse:
    if not SHA256.fullmatch(sha256):
        raise Http404
    pledge = (
        Pledge.objects.filter(snapshot_sha256=sha256)
        .exclude(status=PledgeStatus.DRAFT)
        .select_related("bloc_year__bloc")
        .order_by("pk")
        .first()
    )
    if pledge is None or not pledge.snapshot:
        raise Http404
    form = CheckPdfForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        digest = file_sha256(form.cleaned_data["file"])
        result = CheckResult(digest, produced_pdf(pledge, digest))
    rows = signature_rows(pledge)
    context: dict[str, Any] = {
        "pledge": pledge,
        "snapshot": pledge.snapshot,
        "rows": rows,
        "signed": sum(1 for row in rows if row.valid),
        "voided": sum(1 for row in rows if row.voided_at is not None),
        "newest_revision": newest_revision(pledge),
        "form": form,
        "result": result,
    }
    response = render(request, "pledges/verify.html", context)
    # Reached by QR code, not by search: keep the page out of search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
