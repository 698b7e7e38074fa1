"""The national e-dossier package (issue 13 §6).

For a nomination decided at the national level (Cờ thi đua của Chính phủ, Bằng khen của Thủ
tướng: award types of level "national") the board clicks once and the worker builds a .zip for
the national emulation system (Hệ thống thông tin thi đua, khen thưởng): the tờ trình, the
danh sách đề nghị, the minutes of the selection meeting, the ballot result and the báo cáo thành
tích, each as Word (.docx, docxtpl; the template is built in code, `package_docx`) and as PDF
(the reports engine, decree-30 layout), the nominee's uploaded files as they are, and a
manifest (manifest.json) listing every file with its kind, title and SHA-256.

Names. The national system asks for one folder per dossier with the files numbered in the
order of its checklist and named without diacritics:

    <TINH>_<YEAR>_<AWARD>_<ID>/
        01_ToTrinh.docx, 01_ToTrinh.pdf, 02_DanhSach.docx, …, 05_BaoCaoThanhTich.pdf,
        06_DinhKem_<n>_<original name>, manifest.json

(the convention is ours where the system's documentation is silent; `package_parts.NAMES` holds
it in one place). The package is kept in the default storage under awards/packages/<nomination
id>/; a decided nomination never changes, so a package built once stays right, and building
again replaces it.

This module holds the board's request, the worker's build of the zip and its storage; what each
document says is in package_parts.py, its Word rendering in package_docx.py.
"""

import hashlib
import io
import json
import logging
import zipfile
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.stored_files import delete_folder

from ..access import can_review_nominations
from ..models import (
    AwardLevel,
    Decision,
    DossierFile,
    Nomination,
    NominationStatus,
)
from .package_docx import docx_template, render_docx
from .package_parts import document_of, parts

logger = logging.getLogger(__name__)

FORMAT = 1
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
    template = docx_template()
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
