"""One check for every uploaded file that is kept and shown to others (scans of signed pages,
evidence): its name, its size, and its content, parsed, not only its first bytes.

`%PDF-1.4` followed by HTML, or a PNG signature followed by SVG, start like the real thing: a PDF
must parse (pypdf) with at least one page, an image must decode (Pillow), a Word or Excel file
must be a zip with the parts of its kind and no macros. Everything is bounded before it is read:
pages, pixels (a small PNG can declare 100,000 × 100,000 pixels), entries and unpacked bytes.
"""

import logging
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 500
# A scanned A4 page at 600 dpi is 35 million pixels; decoding one this size takes ~150 MB.
MAX_IMAGE_PIXELS = 50_000_000
# Word and Excel files are zips: bounded before anything is unpacked (see also core/excel/read.py).
MAX_ZIP_ENTRIES = 5_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100  # unpacked / packed size of one part, for parts over a megabyte
CONTENT_TYPES_PART = "[Content_Types].xml"


class _Refused(Exception):
    """The content is of the right kind but not acceptable (a password, too many pages…)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_pdf(stream: IO[bytes]) -> None:
    reader = PdfReader(stream, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise _Refused(_("The PDF is protected by a password: save it again without one."))
    # The page tree's own count, before walking a tree that might be huge.
    catalog: Any = reader.root_object
    declared = catalog["/Pages"].get_object().get("/Count", 0)
    if not isinstance(declared, int) or declared < 1:
        raise ValueError("no pages")
    if declared > MAX_PDF_PAGES:
        raise _Refused(
            _("The PDF has %(count)s pages; at most %(limit)s are accepted.")
            % {"count": declared, "limit": MAX_PDF_PAGES}
        )
    if not reader.pages:
        raise ValueError("no pages")
    for page in reader.pages:  # every page must be readable and have a size
        if page.mediabox.width <= 0 or page.mediabox.height <= 0:
            raise ValueError("a page without a size")


def _too_many_pixels() -> _Refused:
    return _Refused(
        _(
            "The image has more than %(limit)s million pixels: scan it at a lower resolution "
            "(300 dpi is enough for a page)."
        )
        % {"limit": MAX_IMAGE_PIXELS // 1_000_000}
    )


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """WeasyPrint, imported by the documents' code, tells Pillow to pad a truncated image
    silently, for every caller in the process; a truncated scan must be refused. Documents are
    rendered by the worker, not while a web request checks an upload."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _image_check(formats: tuple[str, ...]) -> Callable[[IO[bytes]], None]:
    def check(stream: IO[bytes]) -> None:
        # Pillow's own guard (twice its MAX_IMAGE_PIXELS) is an error; below it only a warning.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(stream, formats=formats) as image:
                    if image.width * image.height > MAX_IMAGE_PIXELS:
                        raise _too_many_pixels()
                    image.verify()
                stream.seek(0)
                with Image.open(stream, formats=formats) as image, _truncated_images_refused():
                    if image.format in ("JPEG", "MPO"):
                        # Decoded at 1/8 scale: every byte is still read, in 1/64 of the memory.
                        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _too_many_pixels() from None

    return check


def _office_check(main_part: str, content_type: bytes) -> Callable[[IO[bytes]], None]:
    """A Word or Excel file: a zip of bounded size with its main part declared as `content_type`
    (a macro-enabled file declares another type)."""

    def check(stream: IO[bytes]) -> None:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            unzipped = sum(part.file_size for part in parts)
            bomb = any(
                part.file_size > 1024 * 1024
                and part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1)
                for part in parts
            )
            if len(parts) > MAX_ZIP_ENTRIES or unzipped > MAX_UNZIPPED_BYTES or bomb:
                raise _Refused(
                    _("The file unpacks to too much data (over %(limit)s); it is not accepted.")
                    % {"limit": filesizeformat(MAX_UNZIPPED_BYTES)}
                )
            names = {part.filename for part in parts}
            if CONTENT_TYPES_PART not in names or main_part not in names:
                raise ValueError("not this kind of document")
            declared = archive.read(CONTENT_TYPES_PART)
            if b"macroEnabled" in declared or any(
                name.lower().endswith("vbaproject.bin") for name in names
            ):
                raise _Refused(
                    _(
                        "Files with macros are not accepted: save it as a plain document "
                        "(.docx) or workbook (.xlsx)."
                    )
                )
            if content_type not in declared:
                raise ValueError("main part of another kind")
            # Every part unpacks and matches its checksum (reading at most the sizes above).
            if archive.testzip() is not None:
                raise ValueError("damaged part")

    return check


@dataclass(frozen=True)
class FileKind:
    label: str  # as users know it, in messages
    extensions: tuple[str, ...]
    magic: bytes  # how such a file starts
    check: Callable[[IO[bytes]], None]  # parses it; raises on anything else


ZIP_MAGIC = b"PK\x03\x04"
KINDS = {
    "pdf": FileKind("PDF", ("pdf",), b"%PDF-", _check_pdf),
    "jpeg": FileKind("JPEG", ("jpg", "jpeg"), b"\xff\xd8\xff", _image_check(("JPEG",))),
    "png": FileKind("PNG", ("png",), b"\x89PNG\r\n\x1a\n", _image_check(("PNG",))),
    "docx": FileKind(
        "Word (.docx)",
        ("docx",),
        ZIP_MAGIC,
        _office_check(
            "word/document.xml",
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
    ),
    "xlsx": FileKind(
        "Excel (.xlsx)",
        ("xlsx",),
        ZIP_MAGIC,
        _office_check(
            "xl/workbook.xml",
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
    ),
}
SCAN_KINDS = ("pdf", "jpeg", "png")


def _labels(kinds: Iterable[str]) -> str:
    return ", ".join(KINDS[kind].label for kind in kinds)


def check_upload(
    upload: UploadedFile,
    *,
    kinds: Iterable[str] = SCAN_KINDS,
    max_bytes: int,
    by_name: bool = True,
    parse: bool = True,
) -> str:
    """The kind of `upload` among `kinds`, or a ValidationError saying what is wrong with it:
    its name (when `by_name`), its size, its content. `parse=False` checks the first bytes only,
    for a file that is hashed and never kept (the public check of a signed PDF)."""
    kinds = tuple(kinds)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    by_extension = [kind for kind in kinds if extension in KINDS[kind].extensions]
    if by_name and not by_extension:
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s (“%(name)s” is not one).")
            % {"types": _labels(kinds), "name": name},
            code="extension",
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files up to %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    candidates = by_extension if by_name else list(kinds)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matching = [kind for kind in candidates if head.startswith(KINDS[kind].magic)]
    if not matching:
        raise ValidationError(
            _("The file's content does not match its type (allowed: %(types)s).")
            % {"types": _labels(candidates)},
            code="type",
        )
    kind = matching[0]
    if parse:
        _parse(upload, kind)
    return kind


def _parse(upload: UploadedFile, kind: str) -> None:
    try:
        KINDS[kind].check(upload)
    except _Refused as refused:
        raise ValidationError(refused.message, code="refused") from None
    except Exception as error:  # a hostile file can make a parser raise anything
        logger.info("Upload %r refused as a damaged %s: %r", upload.name, kind, error)
        raise ValidationError(
            _(
                "The file “%(name)s” is damaged or is not really a %(type)s file. Open it on "
                "your computer, then save or scan it again."
            )
            % {"name": upload.name, "type": KINDS[kind].label},
            code="damaged",
        ) from None
    finally:
        upload.seek(0)


def accept(kinds: Iterable[str]) -> str:
    """The file input's accept= for these kinds: ".pdf,.jpg,.jpeg,.png"."""
    return ",".join(f".{ext}" for kind in kinds for ext in KINDS[kind].extensions)
