"""The national e-dossier package: built by the worker for a nomination decided at the national
level; the zip opened, its .docx read with python-docx and its PDFs with pdftotext, the
manifest checked against the files."""

import datetime
import hashlib
import io
import json
import subprocess
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.services import package, review
from tests.awards.conftest import add_dossier_file, submitted_nomination
from tests.factories import FinalMinutesFactory


def decided_national_nomination(world, *, build=True):
    """Khối 6 proposed its head for the Government's flag; the Prime Minister decided."""
    nomination = submitted_nomination(world.bloc_year, world.head, "co-thi-dua-chinh-phu")
    add_dossier_file(
        nomination, "bao_cao_thanh_tich", world.users["secretariat"], name="Báo cáo thành tích.pdf"
    )
    board = world.users["board"]
    review.start_review(nomination, actor=board)
    review.send_to_council(nomination, actor=board)
    review.decide(
        nomination,
        actor=board,
        number="Số 45/QĐ-TTg",
        date=datetime.date(2021, 4, 2),
        issuer="Thủ tướng Chính phủ",
    )
    if build:
        package.build_package(nomination.pk)
    return nomination


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "part.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_the_package_holds_docx_pdf_uploads_and_a_manifest(world, client_for, tmp_path):
    nomination = decided_national_nomination(world, build=False)
    FinalMinutesFactory(
        meeting=nomination.meeting, conclusions="Hội nghị thống nhất đề nghị Cờ thi đua."
    )
    client = client_for("board")
    response = client.post(reverse("awards:package_build", args=[nomination.pk]))
    assert response.status_code == 302
    response = client.get(reverse("awards:package_download", args=[nomination.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    folder = package.folder_name(nomination)
    assert folder.startswith("TRAVINH_2020_COTHIDUACHINHPHU_")
    assert all(name.startswith(f"{folder}/") for name in names)
    stems = [name.split("/", 1)[1] for name in names]
    for stem in ("01_ToTrinh", "02_DanhSach", "03_BienBan", "04_KiemPhieu", "05_BaoCaoThanhTich"):
        assert f"{stem}.docx" in stems
        assert f"{stem}.pdf" in stems
    assert any(s.startswith("06_DinhKem_01_bao-cao-thanh-tich") for s in stems)

    manifest = json.loads(archive.read(f"{folder}/manifest.json"))
    assert manifest["decision"]["number"] == "Số 45/QĐ-TTg"
    assert manifest["nomination"]["nominee"] == "Sở Xây dựng"
    for entry in manifest["files"]:
        assert (
            hashlib.sha256(archive.read(f"{folder}/{entry['name']}")).hexdigest() == entry["sha256"]
        )

    word = docx.Document(io.BytesIO(archive.read(f"{folder}/01_ToTrinh.docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "TỜ TRÌNH" in text
    assert "Cờ thi đua của Chính phủ" in text
    assert "Sở Xây dựng" in cells
    assert "{{" not in text + cells
    assert "{%" not in text + cells

    minutes = docx.Document(io.BytesIO(archive.read(f"{folder}/03_BienBan.docx")))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "Hội nghị thống nhất đề nghị Cờ thi đua." in text
    assert "01/BB-KTĐ6" in text

    pdf = _pdf_text(archive.read(f"{folder}/01_ToTrinh.pdf"), tmp_path)
    assert "TỜ TRÌNH" in pdf
    assert "Sở Xây dựng" in pdf


def test_the_page_offers_the_package(world, client_for):
    nomination = decided_national_nomination(world)
    html = (
        client_for("board")
        .get(reverse("awards:board_nomination", args=[nomination.pk]))
        .content.decode()
    )
    assert 'id="package-download"' in html
    assert 'id="package-build"' in html


def test_a_provincial_award_has_no_package(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    board = world.users["board"]
    review.start_review(nomination, actor=board)
    review.decide(
        nomination,
        actor=board,
        number="Số 1/QĐ-UBND",
        date=datetime.date(2021, 2, 1),
        issuer="Chủ tịch UBND tỉnh Trà Vinh",
    )
    with pytest.raises(ValidationError):
        package.request_package(nomination, actor=board)
    client = client_for("board")
    assert client.post(reverse("awards:package_build", args=[nomination.pk])).status_code == 302
    assert client.get(reverse("awards:package_download", args=[nomination.pk])).status_code == 404
    assert package.build_package(nomination.pk) is None


def test_an_undecided_nomination_has_no_package(world):
    nomination = submitted_nomination(world.bloc_year, world.head, "co-thi-dua-chinh-phu")
    with pytest.raises(ValidationError):
        package.request_package(nomination, actor=world.users["board"])
