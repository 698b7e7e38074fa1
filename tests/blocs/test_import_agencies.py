"""Excel import of the province's agencies: upload, preview, confirm (all or nothing)."""

import io
import os
import unicodedata
import zipfile
from functools import partial

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from blocs.imports import agencies as agency_import
from blocs.models import Agency, AgencyKind
from tests import workbooks
from tests.workbooks import errors, outcomes

HEADER = ["Tên đơn vị", "Tên viết tắt", "Loại"]


xlsx = partial(workbooks.xlsx, header=HEADER, name="don-vi.xlsx")


def upload(client, file):
    return client.post(reverse("blocs:import_agencies"), {"file": file})


def confirm(client, response):
    return client.post(
        reverse("blocs:import_agencies_confirm"), {"token": response.context["token"]}
    )


def file_error_codes(response):
    return [error.code for error in response.context["form"].errors.as_data()["file"]]


def label(kind):
    return str(AgencyKind(kind).label)


def test_template_download_is_a_workbook_with_the_header_row_and_a_guide(client_for):
    response = client_for("board").get(reverse("blocs:import_agencies_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, guide = workbook.worksheets
    assert [cell.value for cell in data[1]] == HEADER
    assert [cell.value for cell in data[2]] == agency_import.example()
    assert guide.title == "Hướng dẫn"
    guide_values = {cell.value for row in guide.iter_rows() for cell in row}
    assert {label(kind) for kind in AgencyKind.values} <= guide_values


def test_upload_page_explains_and_links_to_the_template(client_for):
    response = client_for("board").get(reverse("blocs:import_agencies"))
    assert response.status_code == 200
    assert reverse("blocs:import_agencies_template") in response.content.decode()
    assert 'accept=".xlsx' in response.content.decode()


def test_preview_then_confirm_creates_and_updates_agencies(world, client_for):
    client = client_for("board")
    party = label(AgencyKind.PARTY)
    before = Agency.objects.count()
    response = upload(
        client,
        xlsx(
            [
                ["Sở Tư pháp", "STP", ""],
                ["Thanh tra tỉnh", "TT tỉnh", party],
                ["Sở Xây dựng", "", ""],
            ]
        ),
    )
    assert response.status_code == 200
    assert outcomes(response) == {2: "new", 3: "update", 4: "unchanged"}
    assert errors(response) == {}
    assert Agency.objects.count() == before, "the preview saves nothing"
    assert "Nhập 3 dòng" in response.content.decode()

    response = confirm(client, response)

    assert response.status_code == 302
    assert response.url == reverse("blocs:agency_list")
    created = Agency.objects.get(name="Sở Tư pháp")
    assert (created.province, created.short_name, created.kind) == (
        world.province,
        "STP",
        AgencyKind.DEPARTMENT,
    )
    world.member.refresh_from_db()
    assert (world.member.short_name, world.member.kind) == ("TT tỉnh", AgencyKind.PARTY)
    assert world.member.version == 2, "an update bumps the version (stale forms are refused)"
    assert Agency.objects.count() == before + 1
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã nhập danh sách đơn vị: 1 đơn vị mới, 1 đơn vị cập nhật, 1 đơn vị không đổi."
    ]


def test_name_typed_decomposed_and_in_capitals_matches_the_existing_agency(world, client_for):
    client = client_for("board")
    decomposed = unicodedata.normalize("NFD", "SỞ XÂY DỰNG")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    response = upload(client, xlsx([[decomposed, "Sở XD", ""]]))
    assert outcomes(response) == {2: "update"}
    confirm(client, response)
    world.head.refresh_from_db()
    assert world.head.short_name == "Sở XD"
    assert Agency.objects.filter(province=world.province, name__iexact="sở xây dựng").count() == 1


def test_new_names_are_stored_nfc_with_spaces_tidied(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([[unicodedata.normalize("NFD", "  Sở   Tài chính\n"), "", ""]]))
    confirm(client, response)
    assert Agency.objects.filter(name="Sở Tài chính", province=world.province).exists()


def test_numbers_in_text_cells_are_read_as_text(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Trung tâm 115", 115, ""], ["Ban quản lý 2021", 2021.0, ""]]))
    assert errors(response) == {}
    confirm(client, response)
    assert Agency.objects.get(name="Trung tâm 115").short_name == "115"
    assert Agency.objects.get(name="Ban quản lý 2021").short_name == "2021"


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_saved(world, client_for):
    def merge(sheet):
        sheet.merge_cells("A10:A11")

    rows = [
        ["", "SKH", ""],  # 2
        ["Sở Công Thương", "", "Bộ"],  # 3
        ["x" * 256, "", ""],  # 4
        ["Sở Nội vụ", "SNV", ""],  # 5: fine
        ["sở nội vụ", "", ""],  # 6
        ["Sở Giáo dục", "SNV", ""],  # 7
        ["Sở Y tế mới", "sxd", ""],  # 8: the short name of Sở Xây dựng
        ["Sở Tài chính", "#REF!", ""],  # 9
        ["Sở Du lịch", "SDL", ""],  # 10 merged with 11
        [None, "SDL2", ""],  # 11
        agency_import.example(),  # 12
    ]
    before = Agency.objects.count()
    response = upload(client_for("board"), xlsx(rows, edit=merge))
    assert errors(response) == {
        2: ["required"],
        3: ["unknown_kind"],
        4: ["too_long"],
        6: ["duplicate"],
        7: ["duplicate_short_name"],
        8: ["short_name_taken"],
        9: ["formula_error"],
        10: ["merged"],
        11: ["merged"],
        12: ["example_row"],
    }
    assert outcomes(response)[5] == "new"
    assert response.context["token"] is None, "no confirmation is offered"
    page = response.content.decode()
    assert reverse("blocs:import_agencies_confirm") not in page
    assert 'class="row-error"' in page
    assert "Dòng 9: Ô B9 có lỗi công thức #REF!." in page
    assert Agency.objects.count() == before


def test_empty_rows_are_skipped(world, client_for):
    response = upload(
        client_for("board"),
        xlsx([["Sở Tư pháp", "", ""], [None, None, None], ["  ", "", ""], ["Sở Nội vụ", "", ""]]),
    )
    assert outcomes(response) == {2: "new", 5: "new"}


def test_a_formula_without_a_saved_result_is_an_error(world, client_for):
    def formula(sheet):
        sheet["A2"] = '="Sở "&"Tư pháp"'

    response = upload(client_for("board"), xlsx([[None, "STP", ""]], edit=formula))
    assert errors(response) == {2: ["formula_uncomputed"]}


def test_header_may_sit_under_a_title_with_columns_in_any_order(world, client_for):
    response = upload(
        client_for("board"),
        xlsx(
            [["", "Sở Tư pháp", "STP"]],
            header=["Loại", "Tên đơn vị", "Tên viết tắt"],
            title_rows=[["DANH SÁCH ĐƠN VỊ"], []],
        ),
    )
    assert outcomes(response) == {4: "new"}
    assert [row.cells for row in response.context["preview"].rows] == [["Sở Tư pháp", "STP", ""]]


def test_an_agency_of_another_province_is_never_matched(world, client_for):
    client = client_for("board")
    foreign_name = world.foreign_agency.name
    response = upload(client, xlsx([[foreign_name, "", label(AgencyKind.PARTY)]]))
    assert outcomes(response) == {2: "new"}
    confirm(client, response)
    assert Agency.objects.get(province=world.province, name=foreign_name).kind == AgencyKind.PARTY
    world.foreign_agency.refresh_from_db()
    assert world.foreign_agency.kind == AgencyKind.DEPARTMENT


def _zip_without_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("danh-sach.csv", "Tên đơn vị\nSở Tư pháp\n".encode(), "extension"),
        ("danh-sach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "extension"),
        ("danh-sach.xlsx", "Tên đơn vị,Tên viết tắt\nSở Tư pháp,STP\n".encode(), "not_xlsx"),
        ("ngau-nhien.xlsx", os.urandom(2000), "not_xlsx"),
        ("co-mat-khau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "not_xlsx"),
        ("van-ban.xlsx", _zip_without_workbook(), "not_xlsx"),
        ("rong.xlsx", b"", "empty"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_clearly(
    world, client_for, name, content, code
):
    response = upload(client_for("board"), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    if code == "empty":  # Django's own check: "The submitted file is empty."
        assert response.context["form"].errors["file"]
    else:
        assert file_error_codes(response) == [code]
    assert "preview" not in response.context


def test_a_file_above_the_size_limit_is_refused(world, client_for, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(client_for("board"), xlsx([["Sở Tư pháp", "", ""]]))
    assert file_error_codes(response) == ["too_big"]
    assert filesizeformat(1000) in response.content.decode()


def test_a_sheet_without_the_header_row_is_refused(world, client_for):
    response = upload(client_for("board"), xlsx([["Sở Tư pháp"]], header=["Tên"]))
    assert file_error_codes(response) == ["header"]
    assert "Tên đơn vị" in response.content.decode()


def test_a_header_without_data_is_refused(world, client_for):
    response = upload(client_for("board"), xlsx([]))
    assert file_error_codes(response) == ["no_rows"]


def test_all_or_nothing_when_the_last_row_fails_at_write_time(world, client_for, monkeypatch):
    client = client_for("board")
    response = upload(
        client,
        xlsx([["Sở Tư pháp", "STP", ""], ["Thanh tra tỉnh", "TT tỉnh", ""], ["Sở Nội vụ", "", ""]]),
    )
    assert errors(response) == {}
    before = Agency.objects.count()
    save = Agency.save

    def refuse_the_last(self, *args, **kwargs):
        if self.name == "Sở Nội vụ":
            raise IntegrityError("simulated")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Agency, "save", refuse_the_last)
    response = confirm(client, response)

    assert response.status_code == 302
    assert response.url == reverse("blocs:import_agencies")
    assert Agency.objects.count() == before
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()
    world.member.refresh_from_db()
    assert world.member.short_name == "TTr", "the update of row 3 was rolled back"


def test_confirm_checks_the_rows_again(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Sở Tư pháp", "STP", ""], ["Sở Nội vụ", "SNV", ""]]))
    assert errors(response) == {}
    Agency.objects.create(province=world.province, name="Sở Tài chính", short_name="STP")

    response = confirm(client, response)

    assert response.status_code == 200
    assert errors(response) == {2: ["short_name_taken"]}
    assert response.context["token"] is None
    assert not Agency.objects.filter(name__in=["Sở Tư pháp", "Sở Nội vụ"]).exists()


def test_a_changed_outcome_is_shown_again_before_importing(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Sở Tư pháp", "STP", ""], ["Sở Nội vụ", "", ""]]))
    Agency.objects.create(province=world.province, name="Sở Tư pháp", short_name="STP")

    response = confirm(client, response)

    assert response.status_code == 200
    assert outcomes(response) == {2: "unchanged", 3: "new"}
    assert not Agency.objects.filter(name="Sở Nội vụ").exists()
    response = confirm(client, response)
    assert response.status_code == 302
    assert Agency.objects.filter(name="Sở Nội vụ").exists()


def test_a_confirmation_is_used_once(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Sở Tư pháp", "STP", ""]]))
    token = response.context["token"]
    url = reverse("blocs:import_agencies_confirm")
    assert client.post(url, {"token": token}).status_code == 302
    again = client.post(url, {"token": token})
    assert again.url == reverse("blocs:import_agencies")
    assert Agency.objects.filter(name="Sở Tư pháp").count() == 1


@pytest.mark.parametrize("role", ["secretariat", "member", "overseer", "no_role", "superuser"])
def test_only_board_staff_of_a_province_may_import(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("blocs:import_agencies")).status_code == 403
    assert client.get(reverse("blocs:import_agencies_template")).status_code == 403
    assert upload(client, xlsx([["Sở Tư pháp", "", ""]])).status_code == 403
    confirm_url = reverse("blocs:import_agencies_confirm")
    assert client.post(confirm_url, {"token": "x"}).status_code == 403
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()


def test_anonymous_is_sent_to_login(world, client_for):
    client = client_for("anonymous")
    for url in (
        reverse("blocs:import_agencies"),
        reverse("blocs:import_agencies_template"),
        reverse("blocs:import_agencies_confirm"),
    ):
        response = client.post(url, {"file": xlsx([["Sở Tư pháp", "", ""]])})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()


def test_another_board_cannot_confirm_with_a_token_of_its_session(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Sở Tư pháp", "STP", ""]]))
    token = response.context["token"]
    client = client_for("foreign_board")
    response = client.post(reverse("blocs:import_agencies_confirm"), {"token": token})
    assert response.status_code == 302
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()


def test_a_token_is_bound_to_its_import(world, client_for):
    client = client_for("board")
    response = upload(client, xlsx([["Sở Tư pháp", "STP", ""]]))
    url = reverse("blocs:import_memberships_confirm")

    response = client.post(url, {"token": response.context["token"]})

    assert response.url == reverse("blocs:import_memberships")
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()
