"""Documents list names in Vietnamese alphabetical order (domain.md, "Vietnamese order"): the
roster's members and the province's blocs, read back from the PDF."""

import re

import pytest

from core.versioning import save_versioned
from reports.models import ReportStatus
from tests.blocs.test_vietnamese_order import a_province
from tests.factories import BlocYearFactory, BoardStaffFactory, MembershipFactory
from tests.vietnamese_names import (
    BINH_DINH,
    BINH_DINH_HEAD,
    BLOCS,
    QUANG_BINH,
    QUANG_BINH_HEAD,
    shuffled,
)

from .conftest import pdftotext, words

pytestmark = pytest.mark.django_db


def printed_order(text: str, names: list[str]) -> list[str]:
    """`names` in the order the text prints them ("số 1" is not found inside "số 10")."""
    where = {}
    for name in names:
        found = re.search(re.escape(name) + r"(?!\d)", text)
        assert found, f"{name} is not printed"
        where[name] = found.start()
    return sorted(names, key=where.__getitem__)


@pytest.mark.parametrize(
    ("province", "members", "head", "bloc", "year"),
    [
        ("Bình Định", BINH_DINH, BINH_DINH_HEAD, "Khối Tham mưu - Tổng hợp", 2018),
        ("Quảng Bình", QUANG_BINH, QUANG_BINH_HEAD, "Khối thi đua các ban Đảng", 2016),
    ],
)
def test_roster_prints_the_head_then_the_members_in_vietnamese_order(
    export, province, members, head, bloc, year
):
    bloc_year = a_province(province, f"order-{year}", members, head, bloc, year)
    board = BoardStaffFactory(province=bloc_year.bloc.province)

    report = export("bloc_roster", bloc_year.pk, board)

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    table = text[text.index("STT") :]
    assert printed_order(table, members) == [head, *(name for name in members if name != head)]


def test_province_list_prints_its_blocs_with_numbers_in_natural_order(export):
    bloc_year = a_province(
        "Bình Định", "binh-dinh", BINH_DINH, BINH_DINH_HEAD, "Khối Tham mưu - Tổng hợp", 2018
    )
    province = bloc_year.bloc.province
    for name in shuffled(BLOCS):
        MembershipFactory(
            bloc_year=BlocYearFactory(bloc__province=province, bloc__name=name, year=2018)
        )

    report = export("province_blocs", province.pk, BoardStaffFactory(province=province), year=2018)

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    expected = ["Khối Tham mưu - Tổng hợp", *BLOCS]
    assert printed_order(text, expected) == expected
    table = text[text.index("STT") : text.index(BLOCS[0])]  # the first bloc's members
    assert printed_order(table, BINH_DINH) == [
        BINH_DINH_HEAD, *(name for name in BINH_DINH if name != BINH_DINH_HEAD)
    ]  # fmt: skip


def test_province_list_orders_blocs_by_the_names_they_had_that_year(export):
    """A bloc renamed in 2020 is listed under, and sorted by, its 2018 name in 2018's list."""
    bloc_year = a_province(
        "Bình Định", "binh-dinh", BINH_DINH, BINH_DINH_HEAD, "Khối thi đua số 2", 2018
    )
    province = bloc_year.bloc.province
    MembershipFactory(
        bloc_year=BlocYearFactory(
            bloc__province=province, bloc__name="Khối thi đua số 10", year=2018
        )
    )
    bloc = bloc_year.bloc
    bloc.name = "Khối thi đua số 12"
    save_versioned(bloc, bloc.version, renamed_from=2020)

    report = export("province_blocs", province.pk, BoardStaffFactory(province=province), year=2018)

    text = words(pdftotext(report))
    assert "Khối thi đua số 12" not in text
    expected = ["Khối thi đua số 2", "Khối thi đua số 10"]
    assert printed_order(text, expected) == expected
