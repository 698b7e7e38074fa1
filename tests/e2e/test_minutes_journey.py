"""The minutes in a browser (issue 12, "Tests"): after Khối 6's sơ kết of 10/08/2020 (scored and
ranked), the secretariat writes the minutes, finalises them after a confirmation and downloads
the PDF, in which pdftotext finds the date line "Trà Vinh, ngày 10 tháng 8 năm 2020" and the
number "Số: 01/BB-KTĐ6"; every page passes axe-core's checks, nothing is refused by the CSP."""

import pytest
from playwright.sync_api import expect

from meetings.models import Attendance, Minutes, Presence
from tests.factories import MeetingFactory, OfficialFactory, scored_round

from .axe import assert_accessible
from .test_meeting_journey import _pdf_text, make_bloc

pytestmark = pytest.mark.e2e


def test_the_secretariat_finalises_the_minutes_and_downloads_them(
    page, live_server, console_errors, sign_in
):
    bloc_year, head, deputy, member = make_bloc()
    chair = OfficialFactory(
        province=bloc_year.bloc.province,
        full_name="Nguyễn Văn Chủ Trì",
        title="Giám đốc Sở Khoa học và Công nghệ",
        agency=deputy,
    )
    meeting = MeetingFactory(
        bloc_year=bloc_year,
        host=deputy,
        chair=chair,
        secretary_name="Lê Thị Thư",
        secretary_title="Chuyên viên Sở Xây dựng",
        agenda="Báo cáo sơ kết\nChấm điểm thi đua",
    )
    for agency in (head, deputy, member):
        Attendance.objects.create(
            meeting=meeting, agency=agency, presence=Presence.PRESENT, attendee_name="Lãnh đạo"
        )
    scored_round(meeting, [head, deputy, member])
    sign_in("sxd@travinh.gov.vn")

    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#minutes-summary")).to_contain_text("Chưa lập biên bản")
    page.locator("#minutes-link").click()
    expect(page.locator("#minutes-prefilled")).to_contain_text("Nguyễn Văn Chủ Trì")
    expect(page.locator("#minutes-ranking tbody tr")).to_have_count(3)
    assert_accessible(page)

    form = page.locator("#minutes-form")
    form.locator("textarea[name=discussion]").fill("Các đơn vị thống nhất kết quả chấm điểm.")
    form.locator("textarea[name=conclusions]").fill("Chủ tọa kết luận hội nghị.")
    form.locator("textarea[name=tasks]").fill("Phương hướng 6 tháng cuối năm 2020.")
    form.locator("input[name=ended_at]").fill("11:30")
    form.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("#finalise-link")).to_be_visible()
    assert_accessible(page)

    page.locator("#finalise-link").click()
    expect(page.locator("#finalise-warning")).to_contain_text("không thể thay đổi")
    assert_accessible(page)
    page.locator("#confirm-finalise").click()
    expect(page).to_have_url(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#minutes-list")).to_contain_text("Số: 01/BB-KTĐ6")
    assert Minutes.objects.get().number == "Số: 01/BB-KTĐ6"
    assert_accessible(page)

    page.locator("#minutes-summary").get_by_role("button", name="Xuất biên bản (PDF)").click()
    status = page.locator("#minutes-summary .export .report-status")
    expect(status.locator(".badge")).to_have_text("Hoàn tất", timeout=30_000)
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải PDF").click()
    text = _pdf_text(download_info.value)
    assert "BIÊN BẢN" in text
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text
    assert "Số: 01/BB-KTĐ6" in text
    assert "THƯ KÝ" in text
    assert "CHỦ TỌA" in text
    assert "Hội nghị kết thúc vào 11 giờ 30" in text
    assert "PHỤ LỤC: BẢNG TỔNG HỢP ĐIỂM THI ĐUA" in text
    assert console_errors == []
