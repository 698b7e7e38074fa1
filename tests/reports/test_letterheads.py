"""Who a document comes from, as its top and bottom print it: the bloc in the state's layout or,
for a bloc of Party agencies, the Party's; the province's board under its own name and
signer; a city called a city; the blocs of a list in natural order."""

from django.urls import reverse

from blocs.models import Bloc, ProvinceKind
from core.models import LetterheadStyle
from reports.documents import build_roster
from reports.models import ReportStatus
from tests.factories import BlocFactory, BlocYearFactory, MembershipFactory, OfficialFactory

from .conftest import pdftotext, words


def test_party_bloc_prints_the_partys_letterhead(world, export, document_day):
    Bloc.objects.filter(pk=world.bloc.pk).update(letterhead=LetterheadStyle.PARTY)

    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    assert "ĐẢNG BỘ TỈNH TRÀ VINH KHỐI THI ĐUA SỐ 6 *" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM Trà Vinh, ngày 05 tháng 02 năm 2021" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Độc lập - Tự do - Hạnh phúc" not in text
    assert "UBND" not in text


def test_state_bloc_prints_the_national_name_under_the_peoples_committee(world, export):
    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    text = words(pdftotext(report))
    assert "UBND TỈNH TRÀ VINH KHỐI THI ĐUA SỐ 6" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "*" not in text


def test_party_committee_named_by_the_province_is_printed(world):
    world.province.party_committee = "Tỉnh ủy Trà Vinh"
    world.province.save()
    Bloc.objects.filter(pk=world.bloc.pk).update(letterhead=LetterheadStyle.PARTY)
    world.bloc_year.refresh_from_db()

    assert build_roster(world.bloc_year, {}).letterhead.parent == "Tỉnh ủy Trà Vinh"


def test_a_city_is_called_a_city(world, export, document_day):
    province = world.province
    province.name, province.kind = "Thành phố Hồ Chí Minh", ProvinceKind.CITY
    province.save()

    roster = words(pdftotext(export("bloc_roster", world.bloc_year.pk, world.users["member"])))
    blocs = pdftotext(export("province_blocs", province.pk, world.users["board"], year=2020))

    assert "UBND THÀNH PHỐ HỒ CHÍ MINH" in roster
    assert "Năm 2020, thành phố có 2 khối thi đua" in words(blocs)
    assert "- Thường trực Hội đồng Thi đua - Khen thưởng thành phố;" in words(blocs)
    assert "tỉnh có" not in words(blocs)
    # The long place name never pushes the date onto a second line.
    assert "Thành phố Hồ Chí Minh, ngày 05 tháng 02 năm 2021" in blocs.splitlines()


def test_bloc_list_comes_from_the_board_named_by_the_province_and_is_signed(world, export):
    province = world.province
    province.emulation_office = "Phòng Thi đua, Khen thưởng"
    province.emulation_office_parent = "Sở Nội vụ"
    province.emulation_office_signer = "Trưởng phòng"
    province.emulation_office_signer_name = "Nguyễn Thị Hoa"
    province.save()

    report = export("province_blocs", province.pk, world.users["board"], year=2020)

    text = words(pdftotext(report))
    assert "SỞ NỘI VỤ PHÒNG THI ĐUA, KHEN THƯỞNG" in text
    assert "TRƯỞNG PHÒNG" in text
    assert "Nguyễn Thị Hoa" in text.split("TRƯỞNG PHÒNG")[1]
    assert "BAN THI ĐUA" not in text


def test_bloc_list_without_a_signers_name_leaves_a_line_for_it(world, export):
    report = export("province_blocs", world.province.pk, world.users["board"], year=2020)

    text = words(pdftotext(report))
    assert "TRƯỞNG BAN" in text
    assert "……" in text.split("TRƯỞNG BAN")[1]


def test_roster_is_signed_by_the_head_agencys_official_when_the_province_knows_one(world):
    OfficialFactory(
        province=world.province, full_name="Lê Văn Tâm", title="Giám đốc", agency=world.head
    )

    signer = build_roster(world.bloc_year, {}).signer

    assert (signer.authority, signer.title, signer.name) == (
        "TM. Khối thi đua số 6",
        "Trưởng khối",
        "Lê Văn Tâm",
    )


def test_roster_leaves_the_name_blank_rather_than_guess_between_two_officials(world, export):
    for name in ("Lê Văn Tâm", "Trần Thị Mai"):
        OfficialFactory(province=world.province, full_name=name, agency=world.head)

    assert build_roster(world.bloc_year, {}).signer.name == ""
    text = words(pdftotext(export("bloc_roster", world.bloc_year.pk, world.users["member"])))
    assert "TRƯỞNG KHỐI" in text
    assert "……" in text.split("TRƯỞNG KHỐI")[1]


def test_roster_without_a_head_is_signed_for_by_the_deputy(world):
    world.bloc_year.memberships.filter(agency=world.head).delete()
    OfficialFactory(province=world.province, full_name="Võ Minh Phó", agency=world.deputy)

    signer = build_roster(world.bloc_year, {}).signer

    assert (signer.title, signer.name) == ("Khối phó", "Võ Minh Phó")


def test_blocs_are_listed_in_natural_order(world, export):
    for number in (10, 2, 11):
        bloc = BlocFactory(province=world.province, name=f"Khối thi đua số {number}")
        MembershipFactory(bloc_year=BlocYearFactory(bloc=bloc, year=2020))

    report = export("province_blocs", world.province.pk, world.users["board"], year=2020)

    text = words(pdftotext(report))
    headings = [
        text.index(f"{position}. Khối thi đua số {number}")
        for position, number in enumerate((1, 2, 6, 10, 11), start=1)
    ]
    assert headings == sorted(headings)


def test_board_chooses_the_partys_letterhead_for_a_bloc(world, client_for):
    bloc = world.bloc
    response = client_for("board").post(
        reverse("blocs:bloc_edit", args=[bloc.pk]),
        {
            "name": bloc.name,
            "code": bloc.code,
            "kind": bloc.kind,
            "letterhead": LetterheadStyle.PARTY,
            "description": "",
            "is_active": "on",
            "expected_version": bloc.version,
            "renamed_from": "",
        },
    )

    assert response.status_code == 302
    bloc.refresh_from_db()
    assert bloc.letterhead == LetterheadStyle.PARTY
