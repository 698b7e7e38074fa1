"""Excel import of a year's memberships: blocs, members, heads and deputies, all or nothing."""

import io
import unicodedata
from functools import partial

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from blocs import services
from blocs.imports import memberships as membership_import
from blocs.models import Bloc, BlocKind, BlocYear, MemberRole, Membership
from core.actors import SYSTEM
from tests import workbooks
from tests.factories import AgencyFactory
from tests.workbooks import errors, outcomes

HEADER = ["Khối", "Đơn vị", "Vai trò"]
BLOC6, BLOC1 = "Khối thi đua số 6", "Khối thi đua số 1"


xlsx = partial(workbooks.xlsx, header=HEADER, name="thanh-vien.xlsx")


def upload(client, file, year=2021):
    return client.post(reverse("blocs:import_memberships"), {"year": year, "file": file})


def confirm(client, response):
    url = reverse("blocs:import_memberships_confirm")
    return client.post(url, {"token": response.context["token"]})


def roles(bloc, year):
    return {
        m.agency.name: m.role
        for m in Membership.objects.filter(bloc_year__bloc=bloc, year=year).select_related("agency")
    }


@pytest.fixture
def agencies(world):
    """Agencies of the province that are in no bloc yet, by name."""
    names = ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Công Thương", "Sở Giáo dục"]
    made = {name: AgencyFactory(province=world.province, name=name) for name in names}
    made["Sở Cũ"] = AgencyFactory(province=world.province, name="Sở Cũ", is_active=False)
    made["Sở Văn hóa"] = AgencyFactory(province=world.province, name="Sở Văn hóa")
    return made


def test_template_lists_the_roles_and_the_provinces_blocs(world, client_for):
    response = client_for("board").get(reverse("blocs:import_memberships_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, guide = workbook.worksheets
    assert [cell.value for cell in data[1]] == HEADER
    assert [cell.value for cell in data[2]] == membership_import.example(world.province)
    assert guide.title == "Hướng dẫn"
    values = {cell.value for row in guide.iter_rows() for cell in row}
    assert {"Trưởng khối", "Khối phó", "Thành viên", BLOC6, "KTĐ6", "Sở Y tế"} <= values
    assert world.foreign_bloc.name not in values
    assert world.foreign_agency.name not in values


def test_upload_page_offers_the_year_from_the_dashboard(world, client_for):
    response = client_for("board").get(reverse("blocs:import_memberships") + "?nam=2022")
    assert response.context["form"]["year"].value() == "2022"
    assert reverse("blocs:import_memberships_template") in response.content.decode()


def test_preview_then_confirm_opens_the_years_and_sets_the_leaders(world, client_for):
    client = client_for("board")
    response = upload(
        client,
        xlsx(
            [
                [BLOC6, "Sở Xây dựng", "Khối phó"],
                ["KTĐ6", "Sở KH&CN", "Trưởng khối"],  # the bloc's symbol, a short name
                ["khối thi đua số 6", "TTr", ""],
                [BLOC1, "Sở Y tế", "Thành viên"],
            ]
        ),
    )
    assert errors(response) == {}
    assert outcomes(response) == {2: "new", 3: "new", 4: "new", 5: "new"}
    assert response.context["preview"].extra_plan == sorted([world.bloc.pk, world.other_bloc.pk])
    assert not BlocYear.objects.filter(year=2021).exists(), "the preview saves nothing"
    assert "Nhập 4 dòng" in response.content.decode()

    response = confirm(client, response)

    assert response.status_code == 302
    assert response.url == reverse("blocs:dashboard") + "?nam=2021"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã nhập thành viên các cụm, khối năm 2021: thêm 4 đơn vị, giao 2 vai trò trưởng, phó, "
        "0 dòng không đổi, mở năm cho 2 cụm, khối."
    ]
    assert roles(world.bloc, 2021) == {
        "Sở Xây dựng": MemberRole.DEPUTY,
        "Sở Khoa học và Công nghệ": MemberRole.HEAD,
        "Thanh tra tỉnh": MemberRole.MEMBER,
    }
    assert roles(world.other_bloc, 2021) == {"Sở Y tế": MemberRole.MEMBER}
    assert roles(world.bloc, 2020)["Sở Xây dựng"] == MemberRole.HEAD, "2020 is untouched"


def test_an_existing_year_gets_new_members_and_its_empty_roles(world, client_for, agencies):
    client = client_for("board")
    response = upload(
        client,
        xlsx(
            [
                [BLOC1, "Sở Tư pháp", "Trưởng khối"],
                [BLOC1, "Sở Y tế", "Khối phó"],
                [BLOC6, "Sở Xây dựng", "Trưởng khối"],
                [BLOC6, "Thanh tra tỉnh", ""],
            ]
        ),
        year=2020,
    )
    assert errors(response) == {}
    assert outcomes(response) == {2: "new", 3: "update", 4: "unchanged", 5: "unchanged"}
    assert response.context["preview"].extra_plan == []

    confirm(client, response)

    assert roles(world.other_bloc, 2020) == {
        "Sở Tư pháp": MemberRole.HEAD,
        "Sở Y tế": MemberRole.DEPUTY,
    }
    assert world.bloc_year.memberships.count() == 3
    assert world.bloc_year.head == world.head


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_saved(
    world, client_for, agencies
):
    def merge(sheet):
        sheet.merge_cells("A14:A15")

    rows = [
        ["Khối không có", "Sở Tư pháp", ""],  # 2
        [BLOC6, world.foreign_agency.name, ""],  # 3: another province's agency
        [BLOC6, "Sở Y tế", ""],  # 4: in bloc 1 in 2020
        [BLOC1, "Sở Tư pháp", ""],  # 5: fine
        [BLOC6, "Sở Tư pháp", ""],  # 6: twice in the file
        [BLOC1, "Sở Nội vụ", "Trưởng khối"],  # 7: fine
        [BLOC1, "Sở Tài chính", "Trưởng khối"],  # 8: a second head
        [BLOC6, "Sở Công Thương", "Trưởng khối"],  # 9: bloc 6 has a head in 2020
        [BLOC6, "Sở KH&CN", "Trưởng khối"],  # 10: the deputy in 2020
        ["", "Sở Giáo dục", ""],  # 11
        [BLOC1, "Sở Giáo dục", "Chủ tịch"],  # 12
        [BLOC1, "#REF!", ""],  # 13
        [BLOC1, "Sở Văn hóa", ""],  # 14, merged with 15
        [None, "Sở Giáo dục", ""],  # 15
        membership_import.example(world.province),  # 16
        [BLOC1, "Sở Nội vụ", "Khối phó"],  # 17: head in row 7
        [BLOC6, "SXD", "Thành viên"],  # 18: the head in 2020
        [BLOC1, "Sở Cũ", ""],  # 19: inactive
        ["Khối Tham mưu - Tổng hợp", "Sở Giáo dục", ""],  # 20: another province's bloc
    ]
    before = Membership.objects.count()
    response = upload(client_for("board"), xlsx(rows, edit=merge), year=2020)
    assert errors(response) == {
        2: ["unknown_bloc"],
        3: ["unknown_agency"],
        4: ["in_other_bloc"],
        6: ["twice_in_file"],
        8: ["two_heads"],
        9: ["head_conflict"],
        10: ["head_is_deputy"],
        11: ["required"],
        12: ["unknown_role"],
        13: ["formula_error"],
        14: ["merged"],
        15: ["merged"],
        16: ["example_row", "twice_in_file"],  # the example names Sở Y tế, as row 4 does
        17: ["head_is_deputy"],
        18: ["role_conflict"],
        19: ["inactive_agency"],
        20: ["unknown_bloc"],
    }
    assert outcomes(response)[5] == outcomes(response)[7] == "new"
    assert response.context["token"] is None
    page = response.content.decode()
    assert reverse("blocs:import_memberships_confirm") not in page
    assert page.count('class="row-error"') == 17
    assert Membership.objects.count() == before


def test_two_deputies_for_one_bloc_in_the_file(world, client_for, agencies):
    response = upload(
        client_for("board"),
        xlsx([[BLOC1, "Sở Tư pháp", "Khối phó"], [BLOC1, "Sở Nội vụ", "khối phó"]]),
    )
    assert errors(response) == {3: ["two_deputies"]}


def test_an_agency_twice_for_one_year_in_two_blocs_of_the_file(world, client_for, agencies):
    response = upload(
        client_for("board"),
        xlsx([[BLOC1, "Sở Tư pháp", ""], [BLOC6, "sở tư pháp", ""], [BLOC1, "Sở Tư pháp", ""]]),
    )
    assert errors(response) == {3: ["twice_in_file"], 4: ["twice_in_file"]}


def test_decomposed_names_match_the_bloc_and_the_agency(world, client_for):
    client = client_for("board")
    nfd = unicodedata.normalize
    response = upload(
        client, xlsx([[nfd("NFD", "KHỐI THI ĐUA SỐ 6"), nfd("NFD", "Sở Xây Dựng"), "Trưởng khối"]])
    )
    assert errors(response) == {}
    confirm(client, response)
    assert roles(world.bloc, 2021) == {"Sở Xây dựng": MemberRole.HEAD}


def test_all_or_nothing_when_the_last_row_fails_at_write_time(world, client_for, monkeypatch):
    client = client_for("board")
    response = upload(
        client,
        xlsx(
            [
                [BLOC6, "Sở Xây dựng", "Trưởng khối"],
                [BLOC6, "Thanh tra tỉnh", ""],
                [BLOC1, "Sở Y tế", ""],
            ]
        ),
    )
    assert errors(response) == {}
    create = services.create_bloc_year

    def refuse_the_last(bloc, year, **kwargs):
        if bloc == world.other_bloc:
            raise IntegrityError("simulated")
        return create(bloc, year, **kwargs)

    monkeypatch.setattr(services, "create_bloc_year", refuse_the_last)
    response = confirm(client, response)

    assert response.status_code == 302
    assert response.url == reverse("blocs:import_memberships")
    assert not BlocYear.objects.filter(year=2021).exists()
    assert not Membership.objects.filter(year=2021).exists()


def test_confirm_checks_the_rows_again(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([[BLOC6, "Sở Y tế", ""], [BLOC6, "TTr", ""]]))
    assert errors(response) == {}
    services.create_bloc_year(world.other_bloc, 2021, members=[world.other_agency], actor=SYSTEM)

    response = confirm(client, response)

    assert response.status_code == 200
    assert errors(response) == {2: ["in_other_bloc"]}
    assert not BlocYear.objects.filter(bloc=world.bloc, year=2021).exists()


def test_a_year_out_of_range_is_refused(world, client_for):
    response = upload(client_for("board"), xlsx([[BLOC6, "SXD", ""]]), year=1990)
    assert "year" in response.context["form"].errors
    assert "preview" not in response.context


def test_a_renamed_csv_is_refused(world, client_for):
    file = SimpleUploadedFile("thanh-vien.xlsx", "Khối,Đơn vị\nKTĐ6,SXD\n".encode())
    response = upload(client_for("board"), file)
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["not_xlsx"]


@pytest.mark.parametrize("role", ["secretariat", "member", "overseer", "no_role", "superuser"])
def test_only_board_staff_of_a_province_may_import(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("blocs:import_memberships")).status_code == 403
    assert client.get(reverse("blocs:import_memberships_template")).status_code == 403
    assert upload(client, xlsx([[BLOC1, "SXD", ""]])).status_code == 403
    url = reverse("blocs:import_memberships_confirm")
    assert client.post(url, {"token": "x"}).status_code == 403
    assert not BlocYear.objects.filter(year=2021).exists()


def test_anonymous_is_sent_to_login(world, client_for):
    client = client_for("anonymous")
    for name in ("import_memberships", "import_memberships_template", "import_memberships_confirm"):
        response = client.get(reverse(f"blocs:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- Choosing the year, the template's example, where the import is offered (issue 10) --------


def test_the_year_is_not_chosen_for_the_user(world, client_for):
    client = client_for("board")
    response = client.get(reverse("blocs:import_memberships"))
    assert response.context["form"]["year"].value() is None
    assert "2020" in response.context["form"].fields["year"].help_text

    response = client.post(
        reverse("blocs:import_memberships"), {"file": xlsx([[BLOC6, "SXD", ""]])}
    )

    assert "year" in response.context["form"].errors
    assert "preview" not in response.context


def test_the_preview_names_the_bloc_years_the_import_opens(world, client_for):
    response = upload(client_for("board"), xlsx([[BLOC1, "Sở Xây dựng", ""]]), year=2020)
    assert response.context["preview"].notes == []
    response = upload(client_for("board"), xlsx([[BLOC6, "Sở Y tế", ""]]), year=2021)
    assert "Năm 2021 sẽ được mở cho: Khối thi đua số 6." in response.content.decode()


def test_the_template_example_comes_from_the_users_own_province(world, client_for):
    response = client_for("foreign_board").get(reverse("blocs:import_memberships_template"))
    data = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    example = [cell.value for cell in data[2]]
    agency = world.foreign_agency
    assert example == [world.foreign_bloc.name, agency.short_name or agency.name, "Thành viên"]
    assert BLOC6 not in {c.value for sheet in data.parent.worksheets for r in sheet for c in r}
    page = client_for("foreign_board").get(reverse("blocs:import_memberships")).content.decode()
    assert f"“{world.foreign_bloc.name}”" in page
    assert "KTĐ6" not in page


def test_a_province_with_no_blocs_gets_a_neutral_example(db):
    from tests.factories import ProvinceFactory

    assert membership_import.example(ProvinceFactory()) == membership_import.NEUTRAL_EXAMPLE


@pytest.mark.parametrize(
    ("url", "link"),
    [
        (lambda w: reverse("blocs:bloc_list"), reverse("blocs:import_memberships")),
        (
            lambda w: w.bloc_year.get_absolute_url(),
            reverse("blocs:import_memberships") + "?nam=2020",
        ),
    ],
)
def test_board_staff_reach_the_import_from_the_blocs_pages(world, client_for, url, link):
    assert link in client_for("board").get(url(world)).content.decode()
    assert (
        reverse("blocs:import_memberships")
        not in client_for("member").get(url(world)).content.decode()
    )


# --- Names as people write them ----------------------------------------------------------------


def test_abbreviated_names_match_the_agencies_of_the_demo(db):
    """Bình Định's agencies as blocs.demo has them, written as its staff write them."""
    from blocs import demo
    from blocs.models import Agency, Province
    from core.excel.base import SourceRow

    demo.seed()
    province = Province.objects.get(name="Bình Định")
    typed = {
        "VP UBND tỉnh": "Văn phòng Ủy ban nhân dân tỉnh",
        "Liên minh các HTX tỉnh": "Liên minh các Hợp tác xã tỉnh",
        "VP HĐND TỈNH": "Văn phòng Hội đồng nhân dân tỉnh",
        unicodedata.normalize("NFD", "Sở TN & MT"): "Sở Tài nguyên và Môi trường",
        "Viện Nghiên cứu phát triển KT-XH": "Viện Nghiên cứu phát triển kinh tế - xã hội",
    }
    rows = [
        SourceRow(number, {"bloc": "Khối Tham mưu – Tổng hợp", "agency": name, "role": ""})
        for number, name in enumerate(typed, start=2)
    ]

    result = membership_import.preview(province, 2019, rows)

    assert [row.issues for row in result.rows] == [[]] * len(typed)
    agencies = {a.pk: a.name for a in Agency.objects.filter(province=province)}
    assert [agencies[row.plan[1]] for row in result.rows] == list(typed.values())


def test_an_unknown_agency_is_answered_with_the_closest_names(world, client_for):
    AgencyFactory(province=world.province, name="Văn phòng Ủy ban nhân dân tỉnh", short_name="")
    response = upload(client_for("board"), xlsx([[BLOC1, "Văn phòng UBND thành phố", ""]]))
    assert errors(response) == {2: ["unknown_agency"]}
    message = response.context["preview"].rows[0].issues[0].message
    assert "Có phải: Văn phòng Ủy ban nhân dân tỉnh?" in message


def test_an_unknown_bloc_is_answered_with_the_closest_names(world, client_for):
    response = upload(client_for("board"), xlsx([["Khối thi đua 6", "SXD", ""]]))
    message = response.context["preview"].rows[0].issues[0].message
    assert "Có phải: Khối thi đua số 6" in message


def test_a_clusters_rows_take_its_own_words_and_are_answered_in_them(world, client_for, agencies):
    """A cụm's head is a Cụm trưởng: the file may say so, and the preview says so too."""
    Bloc.objects.filter(pk=world.other_bloc.pk).update(kind=BlocKind.CLUSTER, name="Cụm số 1")
    client = client_for("board")

    clash = upload(
        client,
        xlsx([["Cụm số 1", "Sở Tư pháp", "Cụm phó"], ["Cụm số 1", "Sở Nội vụ", "cụm phó"]]),
    )
    good = upload(
        client,
        xlsx([["Cụm số 1", "Sở Tư pháp", "Cụm trưởng"], ["Cụm số 1", "Sở Nội vụ", "Phó cụm"]]),
    )

    assert errors(clash) == {3: ["two_deputies"]}
    assert clash.context["preview"].rows[1].issues[0].message == (
        "Tệp đã ghi Cụm phó cho Cụm số 1 ở dòng 2."
    )
    assert errors(good) == {}
    assert [row.detail for row in good.context["preview"].rows] == ["Cụm trưởng", "Cụm phó"]
