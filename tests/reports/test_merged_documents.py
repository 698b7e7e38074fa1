"""Documents after a merger: the years before it keep the merged province's name and letterhead
(Quảng Bình's Party committee, its board), the years after print the new province; a pledge
frozen with its letterhead never changes; a pledge opened after the merger day is headed by the
new province."""

import datetime

import pytest

from blocs import merger
from blocs.models import BlocYear, MemberRole, Membership
from core.actors import SYSTEM
from reports.documents import build_province_blocs
from reports.models import ReportStatus

from ..mergers import EFFECTIVE, open_pledge, provinces_to_merge
from .conftest import pdftotext, words


@pytest.fixture
def m(db):
    return provinces_to_merge()


def _merge(m):
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)
    m.new_board.refresh_from_db()
    m.old_board.refresh_from_db()


def test_a_roster_of_a_year_before_the_merger_prints_the_merged_province(m, export, document_day):
    _merge(m)

    report = export("bloc_roster", m.year_2016.pk, m.new_board)

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    assert "ĐẢNG BỘ TỈNH QUẢNG BÌNH KHỐI THI ĐUA CÁC BAN ĐẢNG *" in text
    assert "Quảng Bình, ngày 05 tháng 02 năm 2021" in text
    assert "QUẢNG TRỊ" not in text.upper()
    # Its agency renamed by the merger keeps its name of 2016.
    assert "Sở Nội vụ" in text
    assert "(Quảng Bình)" not in text


def test_a_roster_of_a_year_after_the_merger_prints_the_new_province(m, export):
    _merge(m)

    text = words(pdftotext(export("bloc_roster", m.year_2026.pk, m.old_board)))

    assert "ĐẢNG BỘ TỈNH QUẢNG TRỊ KHỐI THI ĐUA CÁC BAN ĐẢNG *" in text
    assert "Quảng Trị, ngày" in text


def test_the_merged_provinces_list_of_its_years_is_under_its_own_board(m, export):
    """Quảng Bình's blocs of 2016 are listed under Quảng Bình's board; Quảng Trị's list of 2016
    has only its own blocs, under its own board."""
    _merge(m)

    merged_list = words(pdftotext(export("province_blocs", m.merged.pk, m.new_board, year=2016)))
    own_list = words(pdftotext(export("province_blocs", m.into.pk, m.new_board, year=2016)))

    assert "Khối thi đua các ban Đảng" in merged_list
    assert "Khối thi đua số 1" not in merged_list
    assert "BAN THI ĐUA - KHEN THƯỞNG" in merged_list
    assert "Quảng Bình, ngày" in merged_list
    assert "Khối thi đua số 1" in own_list
    assert "Khối thi đua các ban Đảng" not in own_list
    assert "PHÒNG THI ĐUA, KHEN THƯỞNG – SỞ NỘI VỤ" in own_list
    assert "Quảng Trị, ngày" in own_list


def test_a_pledge_frozen_before_the_merger_prints_as_signed(m, export):
    pledge = open_pledge(m.year_2016, m.old_board, datetime.date(2016, 1, 20))
    frozen = (pledge.snapshot, pledge.snapshot_sha256)
    before = words(pdftotext(export("pledge", pledge.pk, m.old_board)))

    _merge(m)
    pledge.refresh_from_db()
    after = words(pdftotext(export("pledge", pledge.pk, m.new_board)))

    assert (pledge.snapshot, pledge.snapshot_sha256) == frozen
    assert "ĐẢNG BỘ TỈNH QUẢNG BÌNH" in after
    assert "Quảng Bình, ngày 20 tháng 01 năm 2016" in after
    assert after == before


def test_a_pledge_opened_after_the_merger_day_is_headed_by_the_new_province(m):
    """Quảng Bình's bloc opened its 2025 year before the merger; the pledge was opened on
    01/08/2025, after it: Quảng Trị's Party committee heads it."""
    year_2025 = BlocYear.objects.create(bloc=m.bloc, year=2025)
    Membership.objects.create(bloc_year=year_2025, agency=m.head, role=MemberRole.HEAD)
    _merge(m)
    year_2025.refresh_from_db()
    assert year_2025.province == m.merged

    pledge = open_pledge(year_2025, m.new_board, datetime.date(2025, 8, 1))

    letterhead = pledge.snapshot["letterhead"]
    assert letterhead["parent"] == "Đảng bộ tỉnh Quảng Trị"
    assert letterhead["place"] == "Quảng Trị"
    assert pledge.snapshot["province"] == "Quảng Trị"


def test_the_bloc_list_offers_one_list_per_province_of_that_year(m, client):
    _merge(m)
    client.force_login(m.new_board)

    page = client.get("/khoi/?nam=2016").text

    assert "Xuất PDF: Quảng Bình" in page
    assert "Xuất PDF: Quảng Trị" in page
    assert 'former-province">(Quảng Bình)' in page
    later = client.get("/khoi/?nam=2026").text
    assert "Xuất PDF:" not in later
    assert "former-province" not in later


def test_the_merged_province_names_its_blocs_years_on_their_pages(m, client):
    _merge(m)
    client.force_login(m.new_board)

    page = client.get(f"/khoi/{m.bloc.pk}/2016/").text

    assert "Quảng Bình (nay thuộc Quảng Trị)" in page


def test_list_of_a_merged_province_counts_only_its_years_blocs(m):
    _merge(m)

    document = build_province_blocs(m.merged, {"year": 2026})

    assert document.body["blocs"] == []
