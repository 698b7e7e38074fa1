"""The signed pledge as a PDF (bản giao ước thi đua), read back with poppler: the text and
criteria as frozen when it opened, every member with its signature, and on every page the
snapshot's SHA-256, the revision and a QR code for the verification page."""

import datetime
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import qrcode
import qrcode.constants
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.numbers import decimal_number
from pledges.documents import qr_svg, verify_url
from pledges.models import Criterion, Pledge, PledgeStatus, Section
from pledges.services import criteria, signing
from reports import services
from reports.kinds import get_kind
from reports.models import Report, ReportStatus
from tests.reports import conftest as reports_conftest
from tests.reports.conftest import pdffonts, pdftotext, words

from .signatures import SIGNER_IP, sign_on_paper, sign_online

# A4 is 842 points high; the pledge's bottom margin, where the footer goes, is 25 mm.
PAGE_POINTS = 842
FOOTER_POINTS = 25 / 25.4 * 72


export = reports_conftest.export  # the fixture: ask for a document as a user would


def _band(report: Report, page: int, top: float, height: float) -> str:
    """The words printed on `page` between `top` and `top + height` points from its top."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "band.txt"
        subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-r", "72", "-x", "0",
             "-y", str(int(top)), "-W", "596", "-H", str(int(height)), report.file.path, out],
            check=True,
        )  # fmt: skip
        return words(out.read_text())


def _footer(sha256: str, revision: int = 1) -> str:
    return (
        f"Mã xác thực (SHA-256): {sha256} Phiên bản {revision}. "
        "Quét mã QR để đối chiếu văn bản này với bản gốc đã ký."
    )


def test_points_are_written_the_vietnamese_way():
    assert decimal_number("2.50") == "2,5"
    assert decimal_number("10.00") == "10"
    assert decimal_number(Decimal("0.25")) == "0,25"
    assert decimal_number("1000") == "1.000"
    assert decimal_number(Decimal(10), grouping=False) == "10"  # in a form field
    assert decimal_number(Decimal("1234.5"), grouping=False) == "1234,5"


def test_pledge_prints_its_text_criteria_and_every_member_with_its_signature(
    world, open_pledge, export
):
    online = sign_online(open_pledge, world.users["secretariat"])
    paper = sign_on_paper(
        open_pledge,
        world,
        world.deputy,
        signer_name="Nguyễn Văn Phó",
        signer_title="Phó Giám đốc phụ trách",
    )

    report = export("pledge", open_pledge.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    opened = timezone.localtime(open_pledge.opened_at)
    for printed in (
        "UBND TỈNH TRÀ VINH",
        "KHỐI THI ĐUA SỐ 6",
        f"Trà Vinh, ngày {opened:%d} tháng",
        "BẢN GIAO ƯỚC THI ĐUA Năm 2020",
        "Bản đang lấy chữ ký, chưa có hiệu lực.",
        "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        "1. Thực hiện tốt nhiệm vụ chính trị",
        "2. Tham gia đầy đủ hoạt động của khối",
        # Section rows with their totals, criteria numbered with their maximum.
        "I Thực hiện nhiệm vụ chính trị 10",
        "1 Hoàn thành kế hoạch năm 6",
        "2 Cải cách hành chính 4",
        "II Điểm thưởng, điểm trừ",
        "Thưởng: 2 Trừ: 3",
        "1 Điểm thưởng: Tổ chức hội nghị khối 2",
        "2 Điểm trừ: Nộp báo cáo trễ 3",
        "Tổng điểm các tiêu chí chấm điểm 10",
        "Điểm thưởng tối đa 2",
        "Điểm trừ tối đa 3",
        # Signatures, in roster order: head, deputy, member.
        online.signer_name,
        "Giám đốc",
        f"{timezone.localtime(online.signed_at):%d/%m/%Y %H:%M}",
        paper.signer_name,
        "Phó Giám đốc phụ trách",
        f"Ký trên giấy ngày {timezone.localdate():%d/%m/%Y}",
        "Chưa ký",
        "đã có 2/3 đơn vị thành viên ký.",
        "Phiên bản số 1",
        _footer(open_pledge.snapshot_sha256),
    ):
        assert printed in text
    roster = [text.index(name) for name in ("Sở Xây dựng", "Sở Khoa học và Công", "Thanh tra")]
    assert roster == sorted(roster)
    assert SIGNER_IP not in text
    assert world.users["secretariat"].email not in text


def test_long_pledge_has_the_hash_and_revision_in_the_footer_of_every_page(
    world, criteria_set, draft_pledge, export
):
    section = criteria_set.sections.get(title="Thực hiện nhiệm vụ chính trị")
    Criterion.objects.bulk_create(
        Criterion(
            section=section,
            position=10 + n,
            text=f"Tiêu chí bổ sung số {n}: thực hiện đúng và đủ kế hoạch được giao trong năm",
            max_points=Decimal("2.5"),
        )
        for n in range(1, 61)
    )
    pledge = signing.open_for_signing(draft_pledge, actor=world.users["secretariat"])

    report = export("pledge", pledge.pk, world.users["board"])

    assert report.status == ReportStatus.DONE, report.error
    assert report.page_count >= 2
    text = words(pdftotext(report))
    assert "I Thực hiện nhiệm vụ chính trị 160" in text  # 6 + 4 + 60 × 2,5
    assert "thực hiện đúng và đủ kế hoạch được giao trong năm 2,5" in text
    body_height = PAGE_POINTS - FOOTER_POINTS
    for page in range(1, report.page_count + 1):
        # The footer is alone in the bottom margin, and nothing of it spills into the text.
        assert _band(report, page, body_height, FOOTER_POINTS) == _footer(pledge.snapshot_sha256)
        assert "Mã xác thực" not in _band(report, page, 0, body_height)
    fonts = pdffonts(report)
    assert fonts
    assert all(f["name"].startswith("Liberation-Serif") for f in fonts), fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts


def test_pdf_prints_the_signed_snapshot_not_the_live_criteria(world, open_pledge, export):
    criteria_set = open_pledge.criteria_set
    # Changed behind the services' back: the document must not follow.
    Criterion.objects.filter(section__criteria_set=criteria_set).update(
        text="Tiêu chí đã bị sửa", max_points=99
    )
    Section.objects.filter(criteria_set=criteria_set).update(title="Phần đã bị sửa")
    Pledge.objects.filter(pk=open_pledge.pk).update(preamble="Lời mở đầu đã bị sửa")

    report = export("pledge", open_pledge.pk, world.users["member"])

    text = words(pdftotext(report))
    assert "Hoàn thành kế hoạch năm 6" in text
    assert "I Thực hiện nhiệm vụ chính trị 10" in text
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in text
    for changed in ("Tiêu chí đã bị sửa", "Phần đã bị sửa", "Lời mở đầu đã bị sửa"):
        assert changed not in text
    assert not re.search(r"\b99\b", text)


def test_withdrawn_pledge_says_so_and_prints_its_signatures_as_voided(world, open_pledge, export):
    signature = sign_online(open_pledge, world.users["secretariat"])
    draft = signing.withdraw(open_pledge, actor=world.users["secretariat"], reason="Sửa tiêu chí 1")
    open_pledge.refresh_from_db()
    # The next revision's criteria change: the withdrawn one still prints what was signed.
    first = Criterion.objects.get(text="Hoàn thành kế hoạch năm")
    criteria.update_criterion(
        first, first.version, actor=world.users["secretariat"], text="Hoàn thành 100% kế hoạch năm"
    )

    report = export("pledge", open_pledge.pk, world.users["member"])

    text = words(pdftotext(report))
    withdrawn = f"{timezone.localtime(open_pledge.withdrawn_at):%d/%m/%Y}"
    assert f"Phiên bản này đã bị rút ngày {withdrawn} và không còn giá trị." in text
    assert f"Phiên bản mới nhất là phiên bản {draft.revision}." in text
    assert f"{signature.signer_name}" in text
    assert f"(đã hủy ngày {withdrawn})" in text
    assert "Hoàn thành kế hoạch năm 6" in text
    assert "Hoàn thành 100%" not in text
    assert "có hiệu lực từ" not in text
    assert "Bản đang lấy chữ ký" not in text


def test_pledge_in_force_is_dated_the_day_it_came_into_force(world, open_pledge, export):
    sign_online(open_pledge, world.users["secretariat"])
    sign_on_paper(
        open_pledge, world, world.deputy, signer_name="Nguyễn Văn Phó", signer_title="Phó Giám đốc"
    )
    sign_on_paper(
        open_pledge, world, world.member, signer_name="Lê Thị Thanh", signer_title="Chánh Thanh tra"
    )
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    in_force = timezone.make_aware(datetime.datetime(2020, 2, 5, 9, 30))
    Pledge.objects.filter(pk=open_pledge.pk).update(in_force_at=in_force)

    report = export("pledge", open_pledge.pk, world.users["overseer"])

    text = words(pdftotext(report))
    assert "Trà Vinh, ngày 05 tháng 02 năm 2020" in text
    assert "Giao ước có hiệu lực từ ngày 05/02/2020, khi đủ 3/3 đơn vị thành viên đã ký." in text
    assert "Chưa ký" not in text
    assert "Bản đang lấy chữ ký" not in text


def test_document_holds_the_verification_address_of_its_snapshot(world, open_pledge, settings):
    settings.SITE_URL = "https://thidua.travinh.gov.vn/"
    document = get_kind("pledge").build(open_pledge, {})

    sha256 = open_pledge.snapshot_sha256
    url = f"https://thidua.travinh.gov.vn/xac-minh/{sha256}/"
    assert verify_url(sha256) == url
    assert document.body["verify_url"] == url
    assert document.body["qr_svg"].startswith("<svg")
    assert 'width="17mm"' in document.body["qr_svg"]


def test_qr_code_draws_exactly_the_modules_of_the_verification_address():
    url = verify_url("ab" * 32)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    expected = {
        (x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark
    }

    svg = qr_svg(url)

    drawn = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        drawn |= {(int(x) + dx, int(y)) for dx in range(int(width))}
    assert drawn == expected
    assert 'width="17mm" height="17mm"' in svg


def test_draft_has_no_document(world, draft_pledge):
    with pytest.raises(Http404):
        services.request_report("pledge", draft_pledge.pk, {}, world.users["secretariat"])
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["foreign_board", "no_role", "anonymous"])
def test_outsiders_cannot_export_the_pledge(world, open_pledge, role):
    user = AnonymousUser() if role == "anonymous" else world.users[role]
    with pytest.raises(Http404):
        services.request_report("pledge", open_pledge.pk, {}, user)


def test_export_button_of_another_province_is_not_found(world, open_pledge, client_for):
    response = client_for("foreign_board").post(
        reverse("reports:request", args=["pledge", open_pledge.pk])
    )

    assert response.status_code == 404
    assert not Report.objects.exists()
