"""Uploaded files are checked by their content, parsed, not by their first bytes (core/uploads.py):
`%PDF-1.4` followed by HTML, or a PNG signature followed by SVG, were accepted as scans."""

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile
from pypdf import PdfWriter

from core import uploads
from core.uploads import check_upload
from pledges.models import Signature
from tests.pledges.pages import minimal_pdf
from tests.pledges.signatures import sign_on_paper
from tests.pledges.test_signing_pages import paper_data

MB = 1024 * 1024
EVERY_KIND = ("pdf", "jpeg", "png", "docx", "xlsx")


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _check(name: str, content: bytes, **options) -> str:
    options.setdefault("kinds", EVERY_KIND)
    options.setdefault("max_bytes", 10 * MB)
    return check_upload(_upload(name, content), **options)


def _refusal(name: str, content: bytes, **options) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _check(name, content, **options)
    return refused.value


def _image(fmt: str, size: tuple[int, int] = (620, 877)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "white").save(output, fmt)
    return output.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes that declare a huge image (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def _blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACROS = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def _docx(content_type: bytes = WORD_MAIN, extra: tuple = ()) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
            b'ContentType="' + content_type + b'"/></Types>',
        )
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return output.getvalue()


def _xlsx() -> bytes:
    output = io.BytesIO()
    openpyxl.Workbook().save(output)
    return output.getvalue()


# --- Real files are accepted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bien-ban.pdf", minimal_pdf(), "pdf"),
        ("ban-quet.pdf", _blank_pdf(3), "pdf"),
        ("anh.pdf", _image("PDF"), "pdf"),  # an image saved as PDF, as scanner apps do
        ("ban-quet.jpg", _image("JPEG"), "jpeg"),
        ("BAN-QUET.JPEG", _image("JPEG"), "jpeg"),
        ("ban-quet.png", _image("PNG"), "png"),
        ("minh-chung.docx", _docx(), "docx"),
        ("so-lieu.xlsx", _xlsx(), "xlsx"),
    ],
)
def test_real_files_are_accepted(name, content, kind):
    upload = _upload(name, content)

    assert check_upload(upload, kinds=EVERY_KIND, max_bytes=10 * MB) == kind
    assert upload.read() == content  # left at its start, to be saved


# --- What starts like one but is not ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"),
        ("ban-quet.png", b"\x89PNG\r\n\x1a\n<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("ban-quet.jpg", b"\xff\xd8\xff<svg onload='x()'/>"),
        ("cat-doi.pdf", minimal_pdf()[: len(minimal_pdf()) // 2]),  # truncated
        ("thieu-cuoi.pdf", _blank_pdf()[:-40]),
        ("cat-doi.png", _image("PNG")[:-30]),
        ("cat-doi.jpg", _image("JPEG")[: len(_image("JPEG")) // 2]),
        ("khong-trang.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>"),
        ("bang-tinh.docx", _xlsx()),  # a workbook named as a Word document
        ("cat-doi.docx", _docx()[:-30]),
    ],
)
def test_a_disguised_or_damaged_file_is_refused(name, content, monkeypatch):
    # As in a process that imported WeasyPrint, which pads truncated images for everyone.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    refused = _refusal(name, content)

    assert refused.code == "damaged"
    assert name in refused.messages[0]


def test_the_issues_files_are_refused_as_scans_of_a_paper_signature(world, open_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:paper_signature", args=[open_pledge.pk])
    for name, content in [
        ("bien-ban.pdf", b"%PDF-1.4\n<html><body>Gi\xe1\xba\xa3 m\xe1\xba\xa1o</body></html>"),
        ("ban-quet.png", b"\x89PNG\r\n\x1a\n<svg onload='alert(1)'></svg>"),
    ]:
        response = client.post(url, paper_data(world, _upload(name, content)))

        assert response.status_code == 200
        assert "bị hỏng" in response.context["form"].errors["scan"][0]
    assert not Signature.objects.exists()


def test_the_signing_service_checks_the_scan_too(world, open_pledge):
    """Whoever calls it (a page, a command, a later import): the rule lives in the service."""
    fake = _upload("bien-ban.pdf", b"%PDF-1.4\n<html></html>")

    with pytest.raises(ValidationError) as refused:
        sign_on_paper(open_pledge, world, world.member, scan=fake)

    assert "scan" in refused.value.message_dict
    assert not Signature.objects.exists()


# --- Bombs and limits --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(100_000, 100_000), (8_000, 8_000)])
def test_an_image_declaring_too_many_pixels_is_refused_before_it_is_decoded(size):
    content = _png_claiming(*size)
    assert len(content) < 200

    refused = _refusal("ban-quet.png", content)

    assert refused.code == "refused"
    assert "50" in refused.messages[0]


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_PAGES", 2)

    refused = _refusal("ban-quet.pdf", _blank_pdf(3))

    assert refused.code == "refused"
    assert _check("ban-quet.pdf", _blank_pdf(2)) == "pdf"


def test_a_zip_that_unpacks_to_too_much_is_refused_without_unpacking_it():
    bomb = _docx(extra=[("word/media/anh.bin", b"\0" * (120 * MB))])
    assert len(bomb) < MB

    refused = _refusal("minh-chung.docx", bomb)

    assert refused.code == "refused"


def test_a_word_file_with_macros_is_refused():
    for content in (
        _docx(WORD_MACROS),
        _docx(extra=[("word/vbaProject.bin", b"macro")]),
    ):
        assert _refusal("minh-chung.docx", content).code == "refused"


def test_a_pdf_with_a_password_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)

    refused = _refusal("ban-quet.pdf", output.getvalue())

    assert refused.code == "refused"


# --- Name, size, kind ---------------------------------------------------------------------------


def test_name_size_and_kind():
    assert _refusal("ban-quet.exe", minimal_pdf()).code == "extension"
    assert _refusal("ban-quet.pdf", b"").code == "empty"
    assert _refusal("ban-quet.pdf", minimal_pdf(), max_bytes=100).code == "too_big"
    # A PNG named .jpg: its content is not what its name says.
    assert _refusal("ban-quet.jpg", _image("PNG")).code == "type"
    # Only the kinds asked for: a Word file is not a scan.
    assert _refusal("minh-chung.docx", _docx(), kinds=uploads.SCAN_KINDS).code == "extension"


def test_without_checking_the_name_the_content_decides():
    assert _check("khong-ten", _image("PNG"), by_name=False) == "png"
    assert _refusal("giao-uoc.pdf", _image("PNG"), kinds=("pdf",), by_name=False).code == "type"
