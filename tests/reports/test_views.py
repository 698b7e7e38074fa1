"""Documents in the browser: the "Xuất PDF" button by role, the status that polls until the
PDF is ready, the download kept to its requester, and "Tài liệu của tôi"."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.models import Report, ReportStatus

from .conftest import make_report

HTMX = {"HX-Request": "true"}
BROKER_DOWN = "Hiện không liên lạc được với dịch vụ xử lý nền"
POLLS = 'hx-trigger="every 2s"'


def _roster_url(world) -> str:
    return reverse("reports:request", args=["bloc_roster", world.bloc_year.pk])


def _province_url(world) -> str:
    return reverse("reports:request", args=["province_blocs", world.province.pk])


def _member_document(world) -> Report:
    return services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report


# --- Asking for a document -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("board", 200),
        ("secretariat", 200),
        ("member", 200),
        ("overseer", 200),
        ("superuser", 200),
        ("other_bloc_member", 404),
        ("foreign_board", 404),
        ("no_role", 404),
    ],
)
def test_roster_can_be_exported_by_whoever_sees_the_bloc_year(world, client_for, role, expected):
    response = client_for(role).post(_roster_url(world), headers=HTMX)

    assert response.status_code == expected
    mine = Report.objects.filter(requested_by=world.users[role])
    if expected == 200:
        report = mine.get()
        assert report.status == ReportStatus.DONE
        assert reverse("reports:download", args=[report.pk]) in response.text
        assert "Tải PDF" in response.text
    else:
        assert not mine.exists()


def test_roster_export_without_htmx_goes_to_my_documents(world, client_for):
    response = client_for("member").post(_roster_url(world), follow=True)

    assert response.redirect_chain == [(reverse("reports:mine"), 302)]
    assert "Tài liệu đã sẵn sàng." in response.text
    assert "Danh sách thành viên Khối thi đua số 6 năm 2020" in response.text


def test_anonymous_export_goes_to_sign_in(world, client):
    response = client.post(_roster_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("board", 200),
        ("superuser", 200),
        ("secretariat", 403),
        ("member", 403),
        ("other_bloc_member", 403),
        ("overseer", 403),
        ("foreign_board", 404),
        ("no_role", 404),
    ],
)
def test_province_list_is_exported_by_its_board_only(world, client_for, role, expected):
    response = client_for(role).post(_province_url(world), {"year": "2020"}, headers=HTMX)

    assert response.status_code == expected
    assert Report.objects.filter(requested_by=world.users[role]).exists() == (expected == 200)


def test_province_list_with_a_wrong_year_says_so(world, client_for):
    client = client_for("board")

    partial = client.post(_province_url(world), {"year": "hai nghìn"}, headers=HTMX)
    page = client.post(_province_url(world), {"year": ""}, follow=True)

    assert partial.status_code == 200
    assert "Hãy chọn một năm từ 2000 đến 2100." in partial.text
    assert "Hãy chọn một năm từ 2000 đến 2100." in page.text
    assert not Report.objects.exists()


def test_export_button_cannot_be_used_with_get(world, client_for):
    assert client_for("member").get(_roster_url(world)).status_code == 405
    assert not Report.objects.exists()


def test_export_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])

    response = client.post(_roster_url(world), headers=HTMX)

    assert response.status_code == 403
    assert not Report.objects.exists()


# --- Status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "label"), [(ReportStatus.QUEUED, "Đang chờ"), (ReportStatus.RENDERING, "Đang tạo")]
)
def test_status_polls_while_the_document_is_being_made(world, client_for, status, label):
    report = make_report(world.users["member"], world.bloc_year, status=status)

    response = client_for("member").get(reverse("reports:status", args=[report.pk]), headers=HTMX)

    assert response.status_code == 200
    assert POLLS in response.text
    assert label in response.text
    assert "Tải PDF" not in response.text
    assert "<html" not in response.text  # the partial only


def test_status_stops_polling_once_the_document_is_ready(world, client_for):
    report = make_report(world.users["member"], world.bloc_year, page_count=2)

    response = client_for("member").get(reverse("reports:status", args=[report.pk]), headers=HTMX)

    assert POLLS not in response.text
    assert "Hoàn tất" in response.text
    assert "Tải PDF" in response.text
    assert "2 trang" in response.text


def test_failed_document_offers_to_try_again(world, client_for):
    report = make_report(world.users["member"], world.bloc_year, status=ReportStatus.FAILED)
    client = client_for("member")

    partial = client.get(reverse("reports:status", args=[report.pk]), headers=HTMX)
    page = client.get(reverse("reports:status", args=[report.pk]))

    for response in (partial, page):
        assert response.status_code == 200
        assert POLLS not in response.text
        assert "Lỗi" in response.text
        assert "Không tạo được tài liệu. Hãy thử lại" in response.text
        assert "Thử lại" in response.text
        assert _roster_url(world) in response.text

    retried = client.post(_roster_url(world), headers=HTMX)
    assert retried.status_code == 200
    assert "Tải PDF" in retried.text
    new = Report.objects.exclude(pk=report.pk).get()
    assert new.status == ReportStatus.DONE


def test_status_page_shows_the_checksum_of_a_ready_document(world, client_for):
    report = _member_document(world)

    response = client_for("member").get(reverse("reports:status", args=[report.pk]))

    assert response.status_code == 200
    assert "Danh sách thành viên Khối thi đua số 6 năm 2020" in response.text
    assert report.sha256 in response.text


def test_broker_down_tells_the_user_the_request_is_kept(world, client_for, broker_down):
    client = client_for("member")

    partial = client.post(_roster_url(world), headers=HTMX)
    page = client.post(_roster_url(world), follow=True)

    assert partial.status_code == page.status_code == 200
    assert BROKER_DOWN in partial.text
    assert POLLS in partial.text
    assert BROKER_DOWN in page.text
    report = Report.objects.get()
    assert (report.status, report.dispatched_at) == (ReportStatus.QUEUED, None)


# --- Download --------------------------------------------------------------------------------


def test_requester_downloads_the_pdf_under_its_vietnamese_name(world, client_for):
    report = _member_document(world)

    response = client_for("member").get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert len(content) == report.size
    file_name = quote("Danh sách thành viên Khối thi đua số 6 năm 2020.pdf")
    assert f"filename*=utf-8''{file_name}" in response["Content-Disposition"]


def test_document_not_ready_yet_downloads_as_its_status_page(world, client_for):
    report = make_report(world.users["member"], world.bloc_year, status=ReportStatus.QUEUED)

    response = client_for("member").get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:status", args=[report.pk])


@pytest.mark.parametrize("role", ["board", "secretariat", "foreign_board", "no_role"])
def test_others_cannot_see_or_download_someone_elses_document(world, client_for, role):
    """Even the board of the same province, who may export the same roster themselves."""
    report = _member_document(world)
    client = client_for(role)

    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:mine")).text.count(report.title) == 0


def test_requester_who_left_the_bloc_can_no_longer_download(world, client_for):
    report = _member_document(world)
    world.membership.delete()
    client = client_for("member")

    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 404


def test_board_member_moved_to_another_role_cannot_download_the_province_list(world, client_for):
    board = world.users["board"]
    report = services.request_report(
        "province_blocs", world.province.pk, {"year": 2020}, board
    ).report
    board.role = world.users["member"].role
    board.agency = world.member
    board.save()

    response = client_for("board").get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 403


# --- My documents ----------------------------------------------------------------------------


def test_my_documents_lists_only_my_own(world, client_for):
    make_report(world.users["member"], world.bloc_year, title="Danh sách của Thanh tra tỉnh")
    make_report(world.users["secretariat"], world.bloc_year, title="Danh sách của Sở Xây dựng")

    response = client_for("member").get(reverse("reports:mine"))

    assert response.status_code == 200
    assert "Tài liệu của tôi" in response.text
    assert "Danh sách của Thanh tra tỉnh" in response.text
    assert "Danh sách của Sở Xây dựng" not in response.text


def test_my_documents_says_how_to_export_when_empty(world, client_for):
    make_report(world.users["secretariat"], world.bloc_year)

    response = client_for("member").get(reverse("reports:mine"))

    assert "Bạn chưa xuất tài liệu nào" in response.text
    assert "<table" not in response.text


def test_my_documents_pages_are_newest_first(world, client_for):
    for number in range(30):
        make_report(world.users["member"], world.bloc_year, title=f"Tài liệu số {number:02d}")
    client = client_for("member")

    first = client.get(reverse("reports:mine")).text
    second = client.get(reverse("reports:mine"), {"trang": 2}).text

    assert "Tài liệu số 29" in first
    assert "Tài liệu số 04" not in first
    assert "Tài liệu số 04" in second
    assert "Tài liệu số 29" not in second
    assert "Trang 2/2" in second


def test_my_documents_query_count_does_not_grow_with_the_list(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("member")
    for _ in range(3):
        make_report(world.users["member"], world.bloc_year)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("reports:mine")).status_code == 200

    for _ in range(27):
        make_report(world.users["member"], world.bloc_year, status=ReportStatus.QUEUED)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:mine"))
    assert response.text.count(POLLS) == 25  # a full page of the newest (pending) rows
