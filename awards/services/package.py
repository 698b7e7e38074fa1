"""The national e-dossier package (issue 13 §6).

For a nomination decided at the national level (Cờ thi đua của Chính phủ, Bằng khen của Thủ
tướng: award types of level "national") the board clicks once and the worker builds a .zip for
the national emulation system (Hệ thống thông tin thi đua, khen thưởng): the tờ trình, the
danh sách đề nghị, the minutes of the selection meeting, the ballot result and the báo cáo thành
tích, each as Word (.docx, docxtpl; the template is built in code, `_docx_template`) and as PDF
(the reports engine, decree-30 layout), the nominee's uploaded files as they are, and a
manifest (manifest.json) listing every file with its kind, title and SHA-256.

Names. The national system asks for one folder per dossier with the files numbered in the
order of its checklist and named without diacritics:

    <TINH>_<YEAR>_<AWARD>_<ID>/
        01_ToTrinh.docx, 01_ToTrinh.pdf, 02_DanhSach.docx, …, 05_BaoCaoThanhTich.pdf,
        06_DinhKem_<n>_<original name>, manifest.json

(the convention is ours where the system's documentation is silent; `NAMES` holds it in one
place). The package is kept in the default storage under awards/packages/<nomination id>/; a
decided nomination never changes, so a package built once stays right, and building again
replaces it.
"""

import datetime
import hashlib
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.stored_files import delete_folder
from reports.kinds import Document, Signer
from reports.letterheads import bloc_issuer, board_issuer, board_signer

from ..access import can_review_nominations
from ..models import (
    AwardLevel,
    AwardRecord,
    Decision,
    DossierFile,
    DossierItem,
    Nomination,
    NominationStatus,
)

logger = logging.getLogger(__name__)

FORMAT = 1
# (code in the manifest, file stem): the national checklist's order.
NAMES = (
    (DossierItem.PROPOSAL, "01_ToTrinh"),
    (DossierItem.LIST, "02_DanhSach"),
    (DossierItem.MINUTES, "03_BienBan"),
    (DossierItem.BALLOT_RESULT, "04_KiemPhieu"),
    (DossierItem.ACHIEVEMENT_REPORT, "05_BaoCaoThanhTich"),
)
ATTACHMENTS = "06_DinhKem"
BUILDING_SECONDS = 300


def is_national(decision: Decision) -> bool:
    """Decided at the national level: the Government's flag, the Prime Minister's certificate."""
    return decision.award_type.level == AwardLevel.NATIONAL


def check_can_build(actor: Any, nomination: Nomination) -> Decision:
    if not can_review_nominations(actor, nomination.bloc_year.bloc.province_id):
        raise PermissionDenied
    decision = (
        Decision.objects.filter(nomination=nomination).select_related("award_type").first()
        if nomination.status == NominationStatus.DECIDED
        else None
    )
    if decision is None or not is_national(decision):
        raise ValidationError(
            _("Only a nomination decided at the national level has a national e-dossier."),
            code="not_national",
        )
    return decision


def folder_name(nomination: Nomination) -> str:
    province = nomination.bloc_year.bloc.province
    code = slugify(province.code or province.name).replace("-", "").upper()
    award = slugify(nomination.award_type.key).replace("-", "").upper()
    return f"{code}_{nomination.year}_{award}_{nomination.pk}"


def packages_folder(nomination_id: int) -> str:
    return f"awards/packages/{nomination_id}"


def storage_path(nomination: Nomination) -> str:
    return f"{packages_folder(nomination.pk)}/{folder_name(nomination)}.zip"


def delete_packages(nomination_id: int) -> int:
    """A deleted nomination's packages (AwardsConfig.ready, after commit): its whole folder,
    whatever names a province's code gave its files over time."""
    return delete_folder(default_storage, packages_folder(nomination_id))


def _building_key(nomination_id: int) -> str:
    return f"awards:package-building:{nomination_id}"


def package_state(nomination: Nomination, decision: Decision | None) -> dict[str, Any] | None:
    """What the nomination's page says of the package: ready (its name), being built, or
    none yet."""
    if decision is None or not is_national(decision):
        return None
    path = storage_path(nomination)
    ready = default_storage.exists(path)
    return {
        "ready": ready,
        "building": not ready and bool(cache.get(_building_key(nomination.pk))),
        "name": path.rsplit("/", 1)[-1],
    }


def request_package(nomination: Nomination, *, actor: Any) -> bool:
    """The board's click: the worker builds the package. False when the broker is down."""
    from core.background import send_now

    from ..tasks import build_national_package

    check_can_build(actor, nomination)
    cache.set(_building_key(nomination.pk), 1, BUILDING_SECONDS)
    try:
        send_now(build_national_package, (nomination.pk,))
    except Exception:
        cache.delete(_building_key(nomination.pk))
        logger.warning("package %s could not be queued", nomination.pk, exc_info=True)
        return False
    return True


# --- What each document says ------------------------------------------------------------------


@dataclass
class Part:
    item: str
    stem: str
    doc_type: str
    summary: str
    title: str
    issuer: Any  # reports.letterheads.Issuer
    dated: datetime.date
    number: str = ""
    paragraphs: list[str] = field(default_factory=list)
    headers: tuple[str, str, str] = ("", "", "")
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    signer: Signer | None = None


def _results(nomination: Nomination) -> list[tuple[str, str, str]]:
    from .standings import standings_of

    years = [nomination.year - 1, nomination.year]
    found = standings_of([nomination.agency_id], years)
    rows = []
    for year in years:
        standing = found.get((nomination.agency_id, year))
        if standing is not None:
            rank = str(standing.rank) if standing.rank else "—"
            rows.append((str(year), standing.band or "—", rank))
    return rows


def parts(nomination: Nomination, decision: Decision) -> list[Part]:
    bloc_year = nomination.bloc_year
    year = nomination.year
    bloc = bloc_year.bloc.name_in(year)
    agency = nomination.agency.name_in(year)
    award = nomination.award_type
    meeting = nomination.meeting
    meeting_day = timezone.localtime(meeting.starts_at).date()
    number = ""  # the tờ trình's number is the register's (aw2's dossier); left to fill in
    board = board_issuer(bloc_year.bloc.province, year)
    signer = board_signer(bloc_year.bloc.province, year)
    issuer = bloc_issuer(bloc_year, on=meeting_day)
    ballot_line = nomination.ballot_line
    ballot = ballot_line.ballot if ballot_line is not None else None
    history = [
        (str(r.year), r.award_name, f"{r.decision_number}, {r.decision_date:%d/%m/%Y}")
        for r in AwardRecord.objects.filter(agency_id=nomination.agency_id).order_by("-year")[:10]
    ]
    common = f"{award.name} cho {agency} (thành tích năm {year})"
    # The finalised minutes of the selection meeting, when the system holds them (the latest
    # revision: a correction replaces what it corrects).
    from meetings.models import Minutes

    minutes = (
        Minutes.objects.filter(meeting=meeting, finalised_at__isnull=False)
        .order_by("-revision")
        .first()
    )
    minutes_text = (
        [
            f"Biên bản số {minutes.number.removeprefix('Số: ')}.",
            *(text for text in (minutes.discussion, minutes.conclusions) if text),
        ]
        if minutes is not None
        else []
    )
    result = [
        Part(
            item=DossierItem.PROPOSAL,
            stem=NAMES[0][1],
            doc_type="Tờ trình",
            summary=f"Về việc đề nghị tặng {common}",
            title=f"Tờ trình đề nghị tặng {award.name} - {agency}",
            issuer=board,
            dated=decision.date,
            number=number,
            paragraphs=[
                f"Căn cứ {award.citation}.",
                f"Căn cứ kết quả bình xét tại hội nghị tổng kết năm {year} của {bloc} ngày "
                f"{meeting_day:%d/%m/%Y} và Quyết định {decision.number} ngày "
                f"{decision.date:%d/%m/%Y} của {decision.issuer}.",
                f"Đề nghị {award.decider} xem xét, tặng {common}.",
            ],
            headers=("Đơn vị", "Hình thức", "Năm thành tích"),
            rows=[(agency, award.name, str(year))],
            signer=signer,
        ),
        Part(
            item=DossierItem.LIST,
            stem=NAMES[1][1],
            doc_type="Danh sách",
            summary=f"Tập thể được đề nghị tặng {award.name}",
            title=f"Danh sách đề nghị tặng {award.name} - {agency}",
            issuer=board,
            dated=decision.date,
            paragraphs=[f"(Kèm theo Tờ trình đề nghị tặng {common})"],
            headers=("Tên tập thể", "Khối, cụm thi đua", "Thành tích"),
            rows=[(agency, bloc, f"Năm {year}")],
            signer=signer,
        ),
        Part(
            item=DossierItem.MINUTES,
            stem=NAMES[2][1],
            doc_type="Biên bản",
            summary=f"Hội nghị tổng kết năm {year} của {bloc}",
            title=f"Biên bản hội nghị tổng kết năm {year} - {bloc}",
            issuer=issuer,
            dated=meeting_day,
            paragraphs=[
                f"Thời gian: {timezone.localtime(meeting.starts_at):%H giờ %M, ngày %d/%m/%Y}.",
                f"Địa điểm: {meeting.place}.",
                f"Hội nghị bình xét, bỏ phiếu kín đề nghị tặng {common}.",
                *minutes_text,
            ],
            number=minutes.number if minutes is not None else "",
            headers=("Đơn vị", "Hình thức đề nghị", "Kết quả"),
            rows=[(agency, award.name, "Đề nghị")],
        ),
        Part(
            item=DossierItem.BALLOT_RESULT,
            stem=NAMES[3][1],
            doc_type="Biên bản",
            summary=f"Kiểm phiếu bình xét khen thưởng năm {year} của {bloc}",
            title=f"Biên bản kiểm phiếu - {bloc}",
            issuer=issuer,
            dated=meeting_day,
            number=ballot.number if ballot is not None else "",
            paragraphs=[
                f"Số phiếu phát ra: {ballot.issued}; thu về: {ballot.returned}; hợp lệ: "
                f"{ballot.valid}; số đơn vị thành viên: {ballot.members}."
                if ballot is not None
                else "Kết quả kiểm phiếu theo biên bản của hội nghị (kèm theo).",
            ],
            headers=("Đơn vị", "Hình thức", "Số phiếu đồng ý"),
            rows=[
                (
                    agency,
                    award.name,
                    str(ballot_line.yes_votes)
                    if ballot_line is not None and ballot_line.yes_votes is not None
                    else "—",
                )
            ],
        ),
        Part(
            item=DossierItem.ACHIEVEMENT_REPORT,
            stem=NAMES[4][1],
            doc_type="Báo cáo",
            summary=f"Thành tích đề nghị tặng {award.name} năm {year}",
            title=f"Báo cáo thành tích - {agency}",
            issuer=board,
            dated=decision.date,
            paragraphs=[
                f"Tên đơn vị: {agency}. Thành viên {bloc} năm {year}.",
                "Kết quả xếp hạng thi đua và các hình thức khen thưởng đã nhận (theo hệ thống). "
                "Báo cáo thành tích có chữ ký của thủ trưởng đơn vị được đính kèm.",
            ],
            headers=("Năm", "Xếp loại / hình thức", "Thứ hạng / quyết định"),
            rows=[*_results(nomination), *history],
        ),
    ]
    return result


def document_of(part: Part) -> Document:
    letterhead = part.issuer.letterhead(part.dated)
    if part.number:
        import dataclasses

        letterhead = dataclasses.replace(letterhead, number=part.number)
    return Document(
        letterhead=letterhead,
        doc_type=part.doc_type,
        summary=part.summary,
        title=part.title,
        body={
            "paragraphs": part.paragraphs,
            "headers": list(part.headers),
            "rows": [list(row) for row in part.rows],
        },
        signer=part.signer,
    )


# --- Word ------------------------------------------------------------------------------------


def _docx_template() -> bytes:
    """The Word template every part fills (docxtpl tags), built with python-docx: letterhead,
    type and summary, paragraphs, a three-column table."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "{{ parent }}\n{{ issuer }}\n{{ number }}"
    right.text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"
    )
    for text in ("{{ doc_type|upper }}", "{{ summary }}"):
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p for text in paragraphs %}")
    doc.add_paragraph("{{ text }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("STT", "{{ h0 }}", "{{ h1 }}", "{{ h2 }}"), strict=True
    ):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, text in zip(
        table.rows[2].cells,
        ("{{ loop.index }}", "{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}"),
        strict=True,
    ):
        cell.text = text
    end = table.add_row()
    end.cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{{ signer }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(part: Part, template: bytes) -> bytes:
    from docxtpl import DocxTemplate

    letterhead = part.issuer.letterhead(part.dated)
    docx = DocxTemplate(io.BytesIO(template))
    headers = part.headers
    docx.render(
        {
            "parent": letterhead.parent.upper(),
            "issuer": letterhead.issuer.upper(),
            "number": part.number or "Số:      /",
            "place": letterhead.place,
            "day": f"{part.dated:%d}",
            "month": f"{part.dated:%m}",
            "year": f"{part.dated:%Y}",
            "doc_type": part.doc_type,
            "summary": part.summary,
            "paragraphs": part.paragraphs,
            "h0": headers[0],
            "h1": headers[1],
            "h2": headers[2],
            "rows": part.rows,
            "signer": part.signer.title if part.signer else "",
        }
    )
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


# --- The package ------------------------------------------------------------------------------


def _ascii_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    stem = slugify(stem or name) or "tep"
    return f"{stem}.{slugify(extension)}" if dot else stem


def build_package(nomination_id: int) -> str | None:
    """The worker's part: build the zip, store it, return its storage path."""
    from reports.kinds import get_kind
    from reports.services import render_document

    nomination = (
        Nomination.objects.select_related(
            "bloc_year__bloc__province", "award_type", "agency", "meeting", "ballot_line__ballot"
        )
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        return None
    decision = (
        Decision.objects.filter(nomination=nomination).select_related("award_type").first()
        if nomination.status == NominationStatus.DECIDED
        else None
    )
    if decision is None or not is_national(decision):
        cache.delete(_building_key(nomination_id))
        return None
    folder = folder_name(nomination)
    template = _docx_template()
    kind = get_kind("award_package_part")
    files: list[dict[str, Any]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes, **meta: Any) -> None:
            archive.writestr(f"{folder}/{name}", data)
            files.append(
                {
                    "name": name,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    **meta,
                }
            )

        for part in parts(nomination, decision):
            add(
                f"{part.stem}.docx",
                render_docx(part, template),
                item=part.item,
                title=part.title,
                format="docx",
            )
            add(
                f"{part.stem}.pdf",
                render_document(kind, document_of(part)).content,
                item=part.item,
                title=part.title,
                format="pdf",
            )
        uploads = DossierFile.objects.filter(nomination=nomination).exclude(file="")
        for index, upload in enumerate(uploads.order_by("round", "pk"), start=1):
            try:
                with upload.file.open("rb") as handle:
                    data = handle.read()
            except OSError:
                logger.warning("package %s: dossier file %s missing", nomination.pk, upload.pk)
                continue
            add(
                f"{ATTACHMENTS}_{index:02d}_{_ascii_name(upload.name)}",
                data,
                item=upload.item,
                title=upload.name,
                format=(upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""),
            )
        manifest = {
            "format": FORMAT,
            "folder": folder,
            "built_at": timezone.now().isoformat(),
            "province": nomination.bloc_year.bloc.province.name,
            "nomination": {
                "id": nomination.pk,
                "award": nomination.award_type.name,
                "award_code": nomination.award_type.key,
                "nominee": nomination.agency.name_in(nomination.year),
                "bloc": nomination.bloc_year.bloc.name_in(nomination.year),
                "year": nomination.year,
                "round": nomination.round,
            },
            "decision": {
                "number": decision.number,
                "date": decision.date.isoformat(),
                "issuer": decision.issuer,
                "award": decision.award_type.name,
            },
            "files": files,
        }
        archive.writestr(
            f"{folder}/manifest.json",
            json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
        )
    path = storage_path(nomination)
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(buffer.getvalue()))
    cache.delete(_building_key(nomination_id))
    return saved


def open_package(nomination: Nomination) -> Any:
    path = storage_path(nomination)
    if not default_storage.exists(path):
        return None
    return default_storage.open(path, "rb")
