"""The PDF a user downloads, read back with poppler: Vietnamese text as printed, the shipped
fonts only, A4 pages numbered from page 2, the decree 30/2020 date line, long names wrapped
inside the page, and no resource fetched from outside the static files."""

import dataclasses
import datetime
import unicodedata

import pytest
import weasyprint
from django.db import connection
from django.template.loader import render_to_string
from weasyprint.formatting_structure import boxes

from blocs.models import Agency, MemberRole
from reports import rendering, vietnamese
from reports.documents import build_roster
from reports.kinds import get_kind
from reports.models import ReportStatus
from reports.rendering import DocumentResourceError, render_pdf
from tests.factories import BlocYearFactory, MembershipFactory

from .conftest import pdffonts, pdfinfo, pdftotext, words

# The top margin of a decree 30 page is 20 mm: the page number is printed there.
TOP_MARGIN_POINTS = 20 / 25.4 * 72


@pytest.fixture
def roster(world):
    """Khối thi đua số 6 in 2020 with two more members, as in Trà Vinh's real bloc."""
    for name in ("Ủy ban Kiểm tra Tỉnh ủy", "Liên minh các Hợp tác xã tỉnh"):
        MembershipFactory(bloc_year=world.bloc_year, agency__name=name)
    return world.bloc_year


def test_roster_prints_the_letterhead_the_bloc_and_its_members(world, roster, export):
    report = export("bloc_roster", roster.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    for printed in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH TRÀ VINH",
        "KHỐI THI ĐUA SỐ 6",
        "DANH SÁCH",
        "Trưởng khối: Sở Xây dựng.",
        "Khối phó: Sở Khoa học và Công nghệ.",
        "Chỉ đạo khối: Phạm Khải Trung, Chánh Thanh tra tỉnh.",
        "Sở Khoa học và Công nghệ",
        "Thanh tra tỉnh",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Liên minh các Hợp tác xã tỉnh",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. KHỐI THI ĐUA SỐ 6",
    ):
        assert printed in text


def test_province_list_prints_only_the_provinces_blocs_of_the_year(world, export):
    report = export("province_blocs", world.province.pk, world.users["board"], year=2020)

    text = words(pdftotext(report))
    assert "BAN THI ĐUA - KHEN THƯỞNG" in text
    assert "Các khối thi đua và đơn vị thành viên năm 2020" in text
    assert "Khối thi đua số 6" in text
    assert "Khối thi đua số 1" in text
    assert "Sở Y tế" in text
    assert "Khối Tham mưu - Tổng hợp" not in text  # Bình Định's bloc


def test_name_stored_decomposed_prints_as_precomposed_text(world, export):
    composed = "Sở Khoa học và Công nghệ"
    decomposed = unicodedata.normalize("NFD", composed)
    # Raw SQL gets past the NFC fields, as old imported rows or another program would.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Agency._meta.db_table} SET name = %s WHERE id = %s",  # noqa: S608
            [decomposed, world.deputy.pk],
        )
    assert Agency.objects.get(pk=world.deputy.pk).name == decomposed != composed

    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    text = pdftotext(report)
    assert composed in text
    assert "\u031b" not in text  # no loose combining horn: the precomposed "ở" was printed


def test_pdf_embeds_only_the_shipped_liberation_serif_fonts(world, roster, export):
    report = export("bloc_roster", roster.pk, world.users["member"])

    fonts = pdffonts(report)
    # Regular, bold (letterhead), italic (date line), bold italic ("Nơi nhận:").
    assert {f["name"] for f in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert all(f["emb"] == "yes" for f in fonts)


def test_character_missing_from_the_font_never_pulls_in_a_host_font(world, export):
    # The host has DejaVu Sans, which has ☃ and ✓; Liberation Serif has neither, nor 中 or 😀.
    MembershipFactory(bloc_year=world.bloc_year, agency__name="Hội Doanh nhân trẻ ☃ ✓ 中文 😀")

    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    fonts = pdffonts(report)
    assert fonts
    assert all(f["name"].startswith("Liberation-Serif") for f in fonts), fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert "Hội Doanh nhân trẻ" in pdftotext(report)


def test_pages_are_a4_portrait(world, export):
    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    info = pdfinfo(report)
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert info["Pages"] == str(report.page_count) == "1"


def test_pages_are_numbered_from_the_second_page(world, export):
    for number in range(45):
        MembershipFactory(bloc_year=world.bloc_year, agency__name=f"Ủy ban nhân dân xã số {number}")

    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert report.page_count >= 2
    assert pdfinfo(report)["Pages"] == str(report.page_count)
    assert pdftotext(report, page=1, top_points=TOP_MARGIN_POINTS).strip() == ""
    assert pdftotext(report, page=2, top_points=TOP_MARGIN_POINTS).strip() == "2"
    assert "Ủy ban nhân dân xã số 44" in words(pdftotext(report))


def test_date_line_follows_decree_30(world, export, document_day):
    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert "Trà Vinh, ngày 05 tháng 02 năm 2021" in words(pdftotext(report))


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (datetime.date(2021, 2, 5), "ngày 05 tháng 02 năm 2021"),
        (datetime.date(2016, 7, 1), "ngày 01 tháng 7 năm 2016"),
        (datetime.date(2021, 1, 11), "ngày 11 tháng 01 năm 2021"),
        (datetime.date(2020, 12, 31), "ngày 31 tháng 12 năm 2020"),
        (datetime.date(2020, 3, 9), "ngày 09 tháng 3 năm 2020"),
    ],
)
def test_document_date_has_leading_zeros_for_days_and_the_first_two_months(day, written):
    assert vietnamese.document_date(day) == written
    assert vietnamese.place_and_date("Trà Vinh", day) == f"Trà Vinh, {written}"


def test_recipients_end_with_a_semicolon_and_the_last_with_a_full_stop():
    assert vietnamese.recipient_lines(
        ["Ban Thi đua - Khen thưởng;", "  ", "Các đơn vị thành viên khối", "Lưu: VT."]
    ) == ["- Ban Thi đua - Khen thưởng;", "- Các đơn vị thành viên khối;", "- Lưu: VT."]
    assert vietnamese.recipient_lines(["Như trên"]) == ["- Như trên."]
    assert vietnamese.recipient_lines([]) == []


# --- Long names ------------------------------------------------------------------------------

UNBROKEN = "Đ" + "ư" * 119  # one 120-character word: no place to break a line
LONG_NAME = (
    "Trung tâm Nghiên cứu, Ứng dụng và Chuyển giao Tiến bộ Khoa học và Công nghệ " * 3
    + UNBROKEN
    + " tỉnh Trà Vinh"
)


def _roster_html_with_long_names(world) -> str:
    """The real roster of the world's bloc-year, with the long name wherever a name is printed:
    letterhead, body, member table, "Nơi nhận" and signature. (Names this long do not fit the
    database's columns, so the document is built here.)"""
    kind = get_kind("bloc_roster")
    document = build_roster(world.bloc_year, {})
    members = [*document.body["members"], {"name": LONG_NAME, "short_name": "", "role": ""}]
    document = dataclasses.replace(
        document,
        letterhead=dataclasses.replace(document.letterhead, parent=LONG_NAME, issuer=LONG_NAME),
        body={**document.body, "head": LONG_NAME, "members": members},
        signer=dataclasses.replace(document.signer, authority=f"TM. {LONG_NAME}", name=LONG_NAME),
        recipients=(LONG_NAME, "Lưu: VT"),
    )
    return render_to_string(kind.template, {"doc": document})


def test_long_agency_name_wraps_inside_the_page(world):
    assert len(LONG_NAME) > 300
    html = _roster_html_with_long_names(world)

    laid_out = weasyprint.HTML(
        string=html, url_fetcher=rendering._url_fetcher(), base_url=rendering.STATIC_PREFIX
    ).render()

    long_boxes = 0
    for page in laid_out.pages:
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        for box in page_box.descendants():
            if isinstance(box, boxes.TextBox) and box.text.strip():
                assert box.position_x >= left - 0.01, box.text
                assert box.position_x + box.width <= right + 0.01, box.text
                long_boxes += "ưưư" in box.text.lower()
    assert long_boxes >= 6 * 2  # six places, each wrapped over at least two lines


def test_long_agency_name_is_printed_in_full(world):
    pdf = render_pdf(_roster_html_with_long_names(world))

    # Lines may break anywhere inside the 120-character word: compare without white space.
    text = "".join(pdftotext(pdf.content).split())
    assert "".join(LONG_NAME.split()) in text
    assert "".join(LONG_NAME.upper().split()) in text  # the letterhead's capitals


# --- Empty documents -------------------------------------------------------------------------


def test_roster_of_a_bloc_year_without_members_says_so(world, export):
    empty = BlocYearFactory(bloc=world.bloc, year=2021)

    report = export("bloc_roster", empty.pk, world.users["board"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    assert "Khối thi đua số 6 chưa có đơn vị thành viên nào trong năm 2021." in text
    assert "Trưởng khối: chưa có." in text
    assert "TRƯỞNG KHỐI" not in text  # nobody to sign


def test_province_list_of_a_year_without_blocs_says_so(world, export):
    report = export("province_blocs", world.province.pk, world.users["board"], year=2031)

    assert report.status == ReportStatus.DONE, report.error
    assert "Năm 2031 chưa có khối thi đua nào." in words(pdftotext(report))


def test_head_and_deputy_come_first_in_the_member_table(world, export):
    MembershipFactory(bloc_year=world.bloc_year, agency__name="An ninh tỉnh")
    assert world.bloc_year.memberships.get(role=MemberRole.HEAD).agency == world.head

    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    text = words(pdftotext(report))
    table = text[text.index("STT") :]
    order = [table.index(name) for name in ("Sở Xây dựng", "Sở Khoa học và Công nghệ")]
    order += [table.index(name) for name in ("An ninh tỉnh", "Thanh tra tỉnh")]
    assert order == sorted(order)


# --- Resources from outside ------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://example.com/logo.png">',
        '<img src="static:///../../../../etc/passwd">',
        '<img src="static:///fonts/no-such-logo.png">',
        '<link rel="stylesheet" href="https://example.com/style.css">',
        "<style>@font-face { font-family: X; src: url(file:///usr/share/fonts/truetype/dejavu/"
        "DejaVuSans.ttf); } p { font-family: X; }</style><p>x</p>",
    ],
)
def test_rendering_refuses_anything_but_the_static_files(html):
    with pytest.raises(DocumentResourceError) as refused:  # stops the render: nothing left out
        render_pdf(f"<!doctype html><html><body>{html}</body></html>")
    assert "Error fetching" in str(refused.value)


def test_rendering_loads_the_static_files():
    pdf = render_pdf(
        "<style>@font-face { font-family: S; src: url(static:///fonts/LiberationSerif-Bold.ttf);"
        " } p { font-family: S; }</style><p>Sở Nội vụ</p>"
    )

    assert pdf.content.startswith(b"%PDF")
    assert pdf.page_count == 1
    assert pdffonts(pdf.content) == [{"name": "S-Bold", "emb": "yes"}]
