"""The signed pledge as an official document (bản giao ước thi đua), and the signature list it
shares with the public verification page.

The text and criteria come from the pledge's snapshot, never from the live criteria set: the
snapshot is what every signature covers (its SHA-256 is printed on every page, with a QR code
opening the verification page). Signatures are listed in roster order; those of a withdrawn
revision are printed as voided, and the document says it was withdrawn. Anyone who can see the
pledge may export it; a draft has no document.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import qrcode
import qrcode.constants
from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.selectors import in_roster_order
from core.numbers import decimal_number
from reports.kinds import Document, DocumentKind, register
from reports.models import Report, ReportStatus

from .models import CriterionKind, Pledge, PledgeStatus, SectionKind, Signature, SignatureMethod
from .selectors import sections_with_totals
from .services.signing import default_title
from .services.snapshot import frozen_issuer

KIND = "pledge"

# Loaded with the pledge, by the web (get_subject) and by the worker (load).
PLEDGE_RELATED = ("bloc_year__bloc__province", "bloc_year__province", "number")

# --- The signature list (the PDF and the verification page) ----------------------------------


@dataclass(frozen=True)
class SignatureRow:
    """A member agency of the year (or an agency that signed and has since left the bloc), with
    its signature if it gave one."""

    agency: str
    signer_name: str = ""
    signer_title: str = ""
    signed_at: datetime.datetime | None = None
    on_paper: bool = False
    voided_at: datetime.datetime | None = None

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def valid(self) -> bool:
        return self.signed and self.voided_at is None


def _row(agency: str, signature: Signature | None) -> SignatureRow:
    if signature is None:
        return SignatureRow(agency)
    return SignatureRow(
        agency=agency,
        signer_name=signature.signer_name,
        signer_title=signature.signer_title,
        signed_at=signature.signed_at,
        on_paper=signature.method == SignatureMethod.PAPER,
        voided_at=signature.voided_at,
    )


def signature_rows(pledge: Pledge) -> list[SignatureRow]:
    """Every member agency of the year in roster order (head, deputy, others by name), under its
    name of that year, with its signature (voided ones too); then any signature of an agency no
    longer a member, since it was given all the same. Two queries."""
    bloc_year = pledge.bloc_year
    signatures = {s.agency_id: s for s in pledge.signatures.select_related("agency")}
    rows = []
    for membership in in_roster_order(bloc_year.memberships.select_related("agency")):
        name = membership.names["name"]  # type: ignore[attr-defined]
        rows.append(_row(name, signatures.pop(membership.agency_id, None)))
    for signature in sorted(signatures.values(), key=lambda s: (s.signed_at, s.pk)):
        rows.append(_row(signature.agency.name_in(bloc_year.year), signature))
    return rows


def newest_revision(pledge: Pledge) -> int:
    """The bloc-year's latest revision (a withdrawn pledge points readers to it)."""
    latest = pledge.bloc_year.pledges.aggregate(latest=Max("revision"))["latest"]
    return int(latest or pledge.revision)


def produced_pdf(pledge: Pledge, sha256: str) -> Report | None:
    """The first PDF of this pledge that this system produced with exactly these bytes (the
    same file may be shared by several requests: the earliest says since when it exists)."""
    return (
        Report.objects.filter(
            kind=KIND, subject_id=pledge.pk, status=ReportStatus.DONE, sha256=sha256
        )
        .order_by("finished_at", "pk")
        .first()
    )


def verify_url(sha256: str) -> str:
    """The absolute address of the public verification page (what the QR code holds)."""
    return settings.SITE_URL.rstrip("/") + reverse("pledges:verify", args=[sha256])


# --- Formatting, in Vietnamese ---------------------------------------------------------------


def day(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}" if moment else ""


def day_and_time(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else ""


def qr_svg(data: str, size_mm: int = 17) -> str:
    """A QR code as an inline <svg> element (no file to fetch, no font), `size_mm` wide.

    Each run of dark modules in a row is one rectangle: about half the path of qrcode's own
    SvgPathImage (a square per module), which WeasyPrint draws again on every page's footer."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,  # the page's white margin around it is the quiet zone
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    path = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            path.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" '
        f'viewBox="0 0 {size} {size}"><path d="{"".join(path)}" fill="#000"/></svg>'
    )


# --- The document ----------------------------------------------------------------------------

KIND_LABELS = {CriterionKind.BONUS: "Điểm thưởng", CriterionKind.DEDUCTION: "Điểm trừ"}


def _sections(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    sections = []
    for section in sections_with_totals(snapshot):
        totals = section["totals"]
        criteria = [
            {
                "number": criterion["number"],
                "text": criterion["text"],
                "guidance": criterion.get("guidance", ""),
                "points": decimal_number(criterion["max_points"]),
                "kind": KIND_LABELS.get(criterion["kind"], ""),
            }
            for criterion in section["criteria"]
        ]
        sections.append(
            {
                "number": section["number"],
                "title": section["title"],
                "adjustment": section["kind"] == SectionKind.ADJUSTMENT,
                "standard": decimal_number(totals.standard),
                "bonus": decimal_number(totals.bonus) if totals.bonus else "",
                "deduction": decimal_number(totals.deduction) if totals.deduction else "",
                "criteria": criteria,
            }
        )
    return sections


def _signature_lines(rows: list[SignatureRow]) -> list[dict[str, Any]]:
    lines = []
    for row in rows:
        if row.signed_at is None:
            when = "Chưa ký"
        else:
            when = (
                f"Ký trên giấy ngày {day(row.signed_at)}"
                if row.on_paper
                else day_and_time(row.signed_at)
            )
            if row.voided_at is not None:
                when += f" (đã hủy ngày {day(row.voided_at)})"
        lines.append(
            {
                "agency": row.agency,
                "name": row.signer_name,
                "title": row.signer_title,
                "when": when,
                "voided": row.voided_at is not None,
            }
        )
    return lines


def _status(pledge: Pledge, rows: list[SignatureRow]) -> tuple[str, str]:
    """(the notice at the top, if any; the status line under the signatures)."""
    valid = sum(1 for row in rows if row.valid)
    if pledge.status == PledgeStatus.WITHDRAWN:
        withdrawn = day(pledge.withdrawn_at)
        return (
            f"Phiên bản này đã bị rút ngày {withdrawn} và không còn giá trị.",
            f"Phiên bản này đã bị rút ngày {withdrawn}; các chữ ký trên đã bị hủy. "
            f"Phiên bản mới nhất là phiên bản {newest_revision(pledge)}.",
        )
    if pledge.status == PledgeStatus.IN_FORCE:
        return (
            "",
            f"Giao ước có hiệu lực từ ngày {day(pledge.in_force_at)}, khi đủ "
            f"{valid}/{len(rows)} đơn vị thành viên đã ký.",
        )
    return (
        "Bản đang lấy chữ ký, chưa có hiệu lực.",
        f"Giao ước đang mở để ký từ ngày {day(pledge.opened_at)}: "
        f"đã có {valid}/{len(rows)} đơn vị thành viên ký.",
    )


def pledge_subject(user: Any, pk: int, params: Mapping[str, int]) -> Pledge:
    pledge = get_object_or_404(
        Pledge.objects.visible_to(user).select_related(*PLEDGE_RELATED), pk=pk
    )
    if pledge.is_draft or not pledge.snapshot:
        raise Http404  # nothing is frozen yet: there is no signed text to print
    return pledge


def load_pledge(pk: int) -> Pledge:
    return Pledge.objects.select_related(*PLEDGE_RELATED).get(pk=pk)


def build_pledge(pledge: Pledge, params: Mapping[str, int]) -> Document:
    snapshot = pledge.snapshot
    if pledge.is_draft or not snapshot:
        raise Http404
    year, revision, sha256 = snapshot["year"], snapshot["revision"], pledge.snapshot_sha256
    # Dated by the event it records: the day it came into force (its last signature), else the
    # day it opened (never empty once opened); numbered once in force. The letterhead is the
    # one frozen when it opened.
    dated = pledge.in_force_at or pledge.opened_at or timezone.now()
    rows = signature_rows(pledge)
    notice, status = _status(pledge, rows)
    # A title the secretariat wrote themselves is the summary; the default one (signing.
    # default_title) would only repeat the letterhead and the type.
    standard_title = snapshot["title"] == default_title(pledge.bloc_year)
    totals = snapshot["totals"]
    url = verify_url(sha256)
    return Document(
        letterhead=frozen_issuer(pledge).letterhead(
            timezone.localtime(dated).date(), pledge.number
        ),
        doc_type="Bản giao ước thi đua",
        summary=f"Năm {year}" if standard_title else snapshot["title"],
        title=f"{snapshot['title']} (phiên bản {revision})"[:500],
        body={
            "notice": notice,
            "bloc": snapshot["bloc"],
            "year": year,
            "preamble": [
                line.strip() for line in snapshot["preamble"].splitlines() if line.strip()
            ],
            "commitments": snapshot["commitments"],
            "criteria_set": snapshot["criteria_set"],
            "sections": _sections(snapshot),
            "totals": {
                "standard": decimal_number(totals["standard"]),
                "bonus": decimal_number(totals["bonus"]) if Decimal(totals["bonus"]) else "",
                "deduction": decimal_number(totals["deduction"])
                if Decimal(totals["deduction"])
                else "",
            },
            "signatures": _signature_lines(rows),
            "status": status,
            "revision": revision,
            "sha256": sha256,
            "verify_url": url,
            "qr_svg": qr_svg(url),
        },
    )


register(
    DocumentKind(
        key=KIND,
        label=_("Pledge agreement"),
        template="pledges/documents/pledge.html",
        get_subject=pledge_subject,
        build=build_pledge,
        province_of=lambda pledge: pledge.bloc_year.bloc.province_id,
        load=load_pledge,
    )
)
