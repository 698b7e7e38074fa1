"""Excel export and import of a criteria set: round trip, preview, all or nothing, rights."""

import io
from decimal import Decimal
from functools import partial

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.excel.base import XLSX_CONTENT_TYPE
from pledges.models import ChangeAction, CriterionKind, SectionKind
from pledges.services import criteria as services
from pledges.services import criteria_sets
from tests import workbooks
from tests.workbooks import errors

HEADER = ["Phần", "Tiêu chí", "Điểm tối đa", "Loại", "Hướng dẫn minh chứng"]
TASKS = "Thực hiện nhiệm vụ chính trị"
EXTRA = "Điểm thưởng, điểm trừ"


xlsx = partial(workbooks.xlsx, header=HEADER, name="tieu-chi.xlsx")


def good_rows(count=3):
    return [[TASKS, f"Tiêu chí số {n}", n, "", ""] for n in range(1, count + 1)]


def upload(client, criteria_set, file):
    return client.post(reverse("pledges:criteria_import", args=[criteria_set.pk]), {"file": file})


def confirm(client, criteria_set, response):
    url = reverse("pledges:criteria_import_confirm", args=[criteria_set.pk])
    return client.post(url, {"token": response.context["token"]})


def contents(criteria_set):
    """The set as the import sees it: sections in order, each with its criteria in order."""
    return [
        (
            section.title,
            section.kind,
            [(c.text, c.max_points, c.kind, c.guidance) for c in section.criteria.all()],
        )
        for section in criteria_set.sections.prefetch_related("criteria")
    ]


def read(content):
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.fixture
def rich_set(world, criteria_set):
    """The fixture's set with guidance, decimals and a third section, to show off the round trip."""
    board = world.users["board"]
    first = criteria_set.sections.first().criteria.first()
    services.update_criterion(
        first,
        first.version,
        actor=board,
        guidance="Báo cáo tổng kết năm",
        max_points=Decimal("5.5"),
    )
    last = services.add_section(criteria_set, actor=board, title="Công tác khác", kind="standard")
    services.add_criterion(
        last, actor=board, text="Tham gia phong trào", max_points=Decimal("0.25")
    )
    services.add_criterion(
        last,
        actor=board,
        text="Công tác dân vận:\n- tiếp dân\n- đối thoại",
        max_points=Decimal(1),
        guidance="Sổ tiếp dân\nBiên bản đối thoại",
    )
    return criteria_set


@pytest.fixture
def empty_template(world):
    return criteria_sets.create_criteria_set(
        actor=world.users["board"], province=world.province, year=2021
    )


# --- Export ----------------------------------------------------------------------------------


def test_export_writes_one_row_per_criterion_with_a_guide(world, client_for, rich_set):
    response = client_for("member").get(reverse("pledges:criteria_export", args=[rich_set.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = read(response.content)
    data, guide = workbook.worksheets
    assert (data.title, guide.title) == ("Tiêu chí", "Hướng dẫn")
    assert [cell.value for cell in data[1]] == HEADER
    assert all(cell.font.b for cell in data[1])
    assert data.column_dimensions["B"].width > data.column_dimensions["C"].width
    assert [[cell.value for cell in row] for row in data.iter_rows(min_row=2)] == [
        [TASKS, "Hoàn thành kế hoạch năm", 5.5, "Chuẩn", "Báo cáo tổng kết năm"],
        [TASKS, "Cải cách hành chính", 4, "Chuẩn", None],
        [EXTRA, "Tổ chức hội nghị khối", 2, "Điểm thưởng", None],
        [EXTRA, "Nộp báo cáo trễ", 3, "Điểm trừ", None],
        ["Công tác khác", "Tham gia phong trào", 0.25, "Chuẩn", None],
        [
            "Công tác khác",
            "Công tác dân vận:\n- tiếp dân\n- đối thoại",
            1,
            "Chuẩn",
            "Sổ tiếp dân\nBiên bản đối thoại",
        ],
    ]
    guide_values = {cell.value for row in guide.iter_rows() for cell in row}
    assert {"Chuẩn", "Điểm thưởng", "Điểm trừ", *HEADER} <= guide_values
    assert data.data_validations.dataValidation, "the kind column offers a drop-down list"


def test_an_empty_set_exports_the_header_to_fill_in(world, client_for, empty_template):
    client = client_for("board")
    exported = client.get(reverse("pledges:criteria_export", args=[empty_template.pk])).content
    data = read(exported).worksheets[0]
    assert [[cell.value for cell in row] for row in data.iter_rows()] == [HEADER]
    response = upload(client, empty_template, SimpleUploadedFile("bo.xlsx", exported))
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["no_rows"]


def test_export_then_import_gives_back_the_same_set(world, client_for, rich_set, empty_template):
    client = client_for("board")
    exported = client.get(reverse("pledges:criteria_export", args=[rich_set.pk])).content
    expected = contents(rich_set)

    response = upload(client, empty_template, SimpleUploadedFile("bo.xlsx", exported))
    assert errors(response) == {}
    confirm(client, empty_template, response)
    assert contents(empty_template) == expected

    # Importing a set's own export into it changes nothing but the ids.
    response = upload(client, rich_set, SimpleUploadedFile("bo.xlsx", exported))
    confirm(client, rich_set, response)
    assert contents(rich_set) == expected
    assert [s.kind for s in rich_set.sections.all()] == [
        SectionKind.STANDARD,
        SectionKind.ADJUSTMENT,
        SectionKind.STANDARD,
    ]


# --- Import ----------------------------------------------------------------------------------


def test_preview_lists_every_row_then_confirm_replaces_the_whole_set(
    world, client_for, criteria_set
):
    client = client_for("secretariat")
    before = contents(criteria_set)
    rows = [
        ["Phần I. Nhiệm vụ chuyên môn", "Hoàn thành chỉ tiêu", "2,5", "", "Báo cáo"],
        ["Phần I. Nhiệm vụ chuyên môn", "Chấp hành chế độ báo cáo", 7.5, "chuẩn", ""],
        ["Phần II. Điểm thưởng, điểm trừ", "Đăng cai hội nghị", "1", "Điểm thưởng", ""],
        ["Phần II. Điểm thưởng, điểm trừ", "Vi phạm kỷ luật", "2", "Điểm trừ", ""],
    ]

    response = upload(client, criteria_set, xlsx(rows))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [row.number for row in preview.rows] == [2, 3, 4, 5]
    assert errors(response) == {}
    assert (len(preview.sections), preview.criteria_count) == (2, 4)
    assert (preview.current_sections, preview.current_criteria) == (2, 4)
    assert contents(criteria_set) == before, "the preview saves nothing"

    response = confirm(client, criteria_set, response)

    assert response.status_code == 302
    assert response.url == criteria_set.get_absolute_url()
    assert contents(criteria_set) == [
        (
            "Phần I. Nhiệm vụ chuyên môn",
            SectionKind.STANDARD,
            [
                ("Hoàn thành chỉ tiêu", Decimal("2.5"), CriterionKind.STANDARD, "Báo cáo"),
                ("Chấp hành chế độ báo cáo", Decimal("7.5"), CriterionKind.STANDARD, ""),
            ],
        ),
        (
            "Phần II. Điểm thưởng, điểm trừ",
            SectionKind.ADJUSTMENT,
            [
                ("Đăng cai hội nghị", Decimal(1), CriterionKind.BONUS, ""),
                ("Vi phạm kỷ luật", Decimal(2), CriterionKind.DEDUCTION, ""),
            ],
        ),
    ]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    change = criteria_set.changes.latest("pk")
    assert (change.action, change.actor) == (ChangeAction.IMPORTED, world.users["secretariat"])
    assert "tieu-chi.xlsx" in change.subject


def test_bad_rows_are_each_listed_with_their_number_and_nothing_changes(
    world, client_for, criteria_set
):
    def merge(sheet):
        sheet.merge_cells("A12:A13")

    rows = [
        [TASKS, "Đúng", 5, "", ""],  # 2: fine
        [TASKS, "Chữ trong cột điểm", "mười", "", ""],  # 3
        [TASKS, "Điểm âm", -1, "", ""],  # 4
        [TASKS, "Điểm bằng không", 0, "", ""],  # 5
        [TASKS, "Loại lạ", 1, "Khác", ""],  # 6
        [TASKS, "Thưởng trong phần chuẩn", 1, "Điểm thưởng", ""],  # 7
        ["", "Không có phần", 1, "", ""],  # 8
        [TASKS, "", 1, "", ""],  # 9
        ["Phần khác", "Đúng", 1, "", ""],  # 10: fine
        [TASKS.upper(), "Phần tách đôi", 1, "", ""],  # 11
        ["Phần gộp ô", "Gộp", 1, "", ""],  # 12, merged with 13
        [None, "Gộp", 1, "", ""],  # 13
        [EXTRA, "Chuẩn trong phần thưởng", 1, "Điểm thưởng", ""],  # 14: fine
        [EXTRA, "Chuẩn trong phần thưởng", 1, "", ""],  # 15
    ]
    before = contents(criteria_set)

    response = upload(client_for("board"), criteria_set, xlsx(rows, edit=merge))

    assert errors(response) == {
        3: ["not_number"],
        4: ["not_positive"],
        5: ["not_positive"],
        6: ["unknown_kind"],
        7: ["kind_not_in_section"],
        8: ["required"],
        9: ["required"],
        11: ["section_split"],
        12: ["merged"],
        13: ["merged"],
        15: ["kind_not_in_section"],
    }
    assert response.context["token"] is None, "no confirmation is offered"
    page = response.content.decode()
    assert reverse("pledges:criteria_import_confirm", args=[criteria_set.pk]) not in page
    assert page.count('class="row-error"') == 11
    split = response.context["preview"].rows[9].issues[0].message
    assert TASKS.upper() in split
    assert " 2" in split, "names the row where the section began"
    assert contents(criteria_set) == before


def test_empty_rows_are_skipped_not_errors(world, client_for, criteria_set):
    client = client_for("board")
    rows = [good_rows(1)[0], [None] * 5, ["  ", "", None, "", ""], good_rows(2)[1]]
    response = upload(client, criteria_set, xlsx(rows))
    assert errors(response) == {}
    assert [row.number for row in response.context["preview"].rows] == [2, 5]
    confirm(client, criteria_set, response)
    assert [c[0] for c in contents(criteria_set)[0][2]] == ["Tiêu chí số 1", "Tiêu chí số 2"]


def test_one_bad_row_in_ten_imports_nothing(world, client_for, criteria_set):
    rows = good_rows(10)
    rows[6][2] = "không điểm"  # row 8
    before = contents(criteria_set)
    response = upload(client_for("board"), criteria_set, xlsx(rows))
    assert errors(response) == {8: ["not_number"]}
    assert response.context["token"] is None
    assert contents(criteria_set) == before


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tieu-chi.csv", "Phần,Tiêu chí\nA,B\n".encode(), "extension"),
        ("tieu-chi.xlsx", "Phần,Tiêu chí,Điểm tối đa\nA,B,1\n".encode(), "not_xlsx"),
        ("tieu-chi.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "extension"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(world, client_for, criteria_set, name, content, code):
    before = contents(criteria_set)
    response = upload(client_for("board"), criteria_set, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert "preview" not in response.context
    assert contents(criteria_set) == before


def test_a_file_above_the_size_limit_is_refused(world, client_for, criteria_set, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    before = contents(criteria_set)
    response = upload(client_for("board"), criteria_set, xlsx(good_rows()))
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["too_big"]
    assert contents(criteria_set) == before


def test_a_locked_set_offers_no_upload_and_refuses_one(world, client_for, open_pledge):
    criteria_set = open_pledge.criteria_set
    client = client_for("board")
    before = contents(criteria_set)
    url = reverse("pledges:criteria_import", args=[criteria_set.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert 'id="import-locked"' in page.content.decode()
    assert 'id="import-form"' not in page.content.decode()

    response = upload(client, criteria_set, xlsx(good_rows()))
    assert "preview" not in response.context
    assert 'id="import-locked"' in response.content.decode()
    assert contents(criteria_set) == before


def test_a_set_locked_between_preview_and_confirm_is_not_replaced(world, client_for, draft_pledge):
    from pledges.services import signing

    criteria_set = draft_pledge.criteria_set
    client = client_for("board")
    before = contents(criteria_set)
    response = upload(client, criteria_set, xlsx(good_rows()))
    assert errors(response) == {}
    signing.open_for_signing(draft_pledge, actor=world.users["secretariat"])

    response = confirm(client, criteria_set, response)

    assert response.status_code == 302
    assert response.url == reverse("pledges:criteria_import", args=[criteria_set.pk])
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert contents(criteria_set) == before


def test_an_edit_since_the_preview_shows_a_new_preview(world, client_for, criteria_set):
    client = client_for("board")
    response = upload(client, criteria_set, xlsx(good_rows()))
    services.add_section(
        criteria_set, actor=world.users["board"], title="Mới thêm", kind="standard"
    )
    after_edit = contents(criteria_set)

    response = confirm(client, criteria_set, response)

    assert response.status_code == 200
    assert response.context["preview"].current_sections == 3
    assert contents(criteria_set) == after_edit
    response = confirm(client, criteria_set, response)
    assert response.status_code == 302
    assert [s[0] for s in contents(criteria_set)] == [TASKS]


def test_a_confirmation_is_used_once_and_only_for_its_set(
    world, client_for, criteria_set, empty_template
):
    client = client_for("board")
    response = upload(client, criteria_set, xlsx(good_rows()))
    other = confirm(client, empty_template, response)
    assert other.status_code == 302
    assert other.url == reverse("pledges:criteria_import", args=[empty_template.pk])
    assert contents(empty_template) == []
    again = confirm(client, criteria_set, response)
    assert again.url == reverse("pledges:criteria_import", args=[criteria_set.pk])
    assert len(contents(criteria_set)) == 2, "the token was spent by the wrong set's attempt"


def test_five_hundred_rows_in_eight_sections_import(world, client_for, criteria_set):
    client = client_for("board")
    rows = [[f"Phần {n // 63 + 1}", f"Tiêu chí {n}", "1,25", "", "Minh chứng"] for n in range(500)]
    response = upload(client, criteria_set, xlsx(rows))
    assert errors(response) == {}
    response = confirm(client, criteria_set, response)
    assert response.status_code == 302
    imported = contents(criteria_set)
    assert len(imported) == 8
    assert sum(len(s[2]) for s in imported) == 500
    assert imported[-1][2][-1] == ("Tiêu chí 499", Decimal("1.25"), "standard", "Minh chứng")


# --- Rights ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "export", "write"),
    [
        ("board", 200, 200),
        ("secretariat", 200, 200),
        ("superuser", 200, 200),
        ("member", 200, 403),
        ("overseer", 200, 403),
        ("other_bloc_member", 404, 404),
        ("foreign_board", 404, 404),
        ("no_role", 404, 404),
    ],
)
def test_rights_per_role(world, client_for, criteria_set, role, export, write):
    client = client_for(role)
    before = contents(criteria_set)
    pk = criteria_set.pk
    assert client.get(reverse("pledges:criteria_export", args=[pk])).status_code == export
    assert client.get(reverse("pledges:criteria_import", args=[pk])).status_code == write
    assert upload(client, criteria_set, xlsx(good_rows())).status_code == write
    confirm_url = reverse("pledges:criteria_import_confirm", args=[pk])
    assert client.post(confirm_url, {"token": "x"}).status_code == (302 if write == 200 else write)
    assert contents(criteria_set) == before


def test_anonymous_is_sent_to_login(world, client_for, criteria_set):
    client = client_for("anonymous")
    for name in ("criteria_export", "criteria_import", "criteria_import_confirm"):
        response = client.post(reverse(f"pledges:{name}", args=[criteria_set.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_a_province_template_is_imported_by_board_staff_only(world, client_for, empty_template):
    url = reverse("pledges:criteria_import", args=[empty_template.pk])
    assert client_for("secretariat").get(url).status_code == 403
    client = client_for("board")
    response = confirm(client, empty_template, upload(client, empty_template, xlsx(good_rows())))
    assert response.url == empty_template.get_absolute_url()
    assert len(contents(empty_template)[0][2]) == 3
