"""The six-month review in a browser, its first part (issue 12, "Tests"): the secretariat plans
Khối 6's sơ kết of 10/08/2020, adds and orders its guests in place (htmx), records the
attendance (3/3 agencies), records the invitation of 03/08/2020 and downloads its PDF, which
pdftotext reads back; every meetings page passes axe-core's WCAG A/AA checks and nothing is
refused by the Content Security Policy.

Scoring, the grid, the ranking and the minutes are the other parts' (they extend this journey
once they are in main).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from blocs.models import MemberRole
from meetings.models import Attendance, Invitation
from tests.factories import (
    AgencyOfficerFactory,
    BlocFactory,
    BlocYearFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    OverseerFactory,
    ProvinceFactory,
)

from .axe import assert_accessible
from .review_steps import pdf_text, plan_midyear

pytestmark = pytest.mark.e2e


def make_bloc():
    """Trà Vinh's Khối 6 in 2020: Sở Xây dựng heads it (its director chairs), Sở KH&CN is the
    deputy and hosts, Thanh tra tỉnh is a member; Phạm Khải Trung oversees it."""
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    overseer = OfficialFactory(
        province=province,
        full_name="Phạm Khải Trung",
        title="Chánh Thanh tra tỉnh, Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh",
    )
    bloc_year = BlocYearFactory(
        bloc=BlocFactory(province=province, name="Khối thi đua số 6", code="KTĐ6"),
        year=2020,
        overseer=overseer,
    )
    head = MembershipFactory(
        bloc_year=bloc_year, role=MemberRole.HEAD, agency__name="Sở Xây dựng"
    ).agency
    deputy = MembershipFactory(
        bloc_year=bloc_year, role=MemberRole.DEPUTY, agency__name="Sở Khoa học và Công nghệ"
    ).agency
    member = MembershipFactory(bloc_year=bloc_year, agency__name="Thanh tra tỉnh").agency
    OfficialFactory(
        province=province, full_name="Trần Văn Xây", title="Giám đốc Sở Xây dựng", agency=head
    )
    AgencyOfficerFactory(agency=head, email="sxd@travinh.gov.vn", full_name="Lê Thị Thư")
    AgencyOfficerFactory(agency=member, email="thanhtra@travinh.gov.vn")
    OverseerFactory(official=overseer, email="pktrung@travinh.gov.vn")
    return bloc_year, head, deputy, member


def test_the_secretariat_plans_the_six_month_review(page, live_server, console_errors, sign_in):
    bloc_year, head, deputy, member = make_bloc()
    sign_in("sxd@travinh.gov.vn")

    # From the bloc-year page to its meetings, then the planning form.
    page.goto(live_server.url + bloc_year.get_absolute_url())
    expect(page.locator("#meetings-section")).to_contain_text("Năm này chưa có hội nghị nào")
    assert_accessible(page)
    meeting = plan_midyear(page, live_server, bloc_year, deputy)
    expect(page.locator("#meeting-facts")).to_contain_text("Trần Văn Xây")
    expect(page.locator("#agenda li")).to_have_count(3)
    assert_accessible(page)

    # Guests, added and reordered in place: the page is not reloaded.
    page.locator("#manage-guests").click()
    guests_url = page.url
    guest_form = page.locator("#guest-form")
    for name, title in (
        ("Đại diện Công đoàn Viên chức tỉnh", "Chủ tịch Công đoàn Viên chức tỉnh"),
        (
            "Đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh",
            "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
        ),
    ):
        guest_form = page.locator("#guest-form")
        guest_form.locator("input[name=name]").fill(name)
        guest_form.locator("input[name=title]").fill(title)
        guest_form.get_by_role("button", name="Thêm").click()
        expect(page.locator("#guest-table")).to_contain_text(name)
    rows = page.locator("#guest-table tbody tr")
    expect(rows).to_have_count(2)
    # The board's representative goes first, as protocol wants.
    rows.nth(1).get_by_role("button", name="Chuyển Đại diện lãnh đạo Ban Thi đua").click()
    expect(rows.first).to_contain_text("Ban Thi đua - Khen thưởng")
    assert page.url == guests_url
    assert_accessible(page)

    # Attendance: everyone came; one guest did not.
    page.goto(live_server.url + meeting.get_absolute_url())
    page.locator("#record-attendance").click()
    attendance = page.locator("#attendance-form")
    assert_accessible(page)
    for agency, name in (
        (head, "Trần Văn Xây"),
        (deputy, "Nguyễn Văn Khoa"),
        (member, "Lê Văn Tra"),
    ):
        attendance.locator(f"select[name=presence_{agency.pk}]").select_option("present")
        attendance.locator(f"input[name=name_{agency.pk}]").fill(name)
    # Forgetting a name is answered next to the line, and nothing is saved.
    attendance.locator(f"input[name=name_{member.pk}]").fill("")
    attendance.get_by_role("button", name="Lưu thành phần tham dự").click()
    expect(page.locator("tr.row-error")).to_have_count(1)
    assert Attendance.objects.count() == 0
    assert_accessible(page)
    attendance = page.locator("#attendance-form")
    attendance.locator(f"input[name=name_{member.pk}]").fill("Lê Văn Tra")
    attendance.get_by_label("Đại diện Công đoàn Viên chức tỉnh").uncheck()
    attendance.get_by_role("button", name="Lưu thành phần tham dự").click()
    expect(page).to_have_url(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#headcount")).to_have_text("3/3 đơn vị")
    expect(page.locator("#guest-summary")).to_contain_text("vắng mặt")

    # The invitation of a meeting already held: recorded with its number, not e-mailed.
    page.locator("#invitation-link").click()
    expect(page.locator("#recipients-note")).to_contain_text("không gửi email")
    assert_accessible(page)
    page.locator("input[name=dated]").fill("03/08/2020")
    page.locator("#invitation-form").get_by_role("button").first.click()
    expect(page.locator("#invitation-status")).to_contain_text("Số: 01/GM-KTĐ6")
    invitation = Invitation.objects.get(meeting=meeting)
    assert invitation.emailed is False

    # Its PDF, as the member agencies would print it.
    page.get_by_role("button", name="Xuất giấy mời (PDF)").click()
    status = page.locator(".export .report-status")
    expect(status.locator(".badge")).to_have_text("Hoàn tất")
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải PDF").click()
    text = pdf_text(download_info.value)
    assert "GIẤY MỜI" in text
    assert "Số: 01/GM-KTĐ6" in text
    assert "Trà Vinh, ngày 03 tháng 8 năm 2020" in text
    assert "Thời gian: 08 giờ 00, thứ Hai, ngày 10 tháng 8 năm 2020." in text
    assert text.index("Ban Thi đua - Khen thưởng tỉnh") < text.index("Công đoàn Viên chức")
    assert "TM. KHỐI THI ĐUA SỐ 6" in text

    # The overseer reads it all on their dashboard: the review is under way.
    page.context.clear_cookies()
    sign_in("pktrung@travinh.gov.vn")
    expect(page.locator("#overseen-meeting-list")).to_contain_text("3/3 đơn vị")
    assert_accessible(page)
    page.locator("#overseen-meeting-list").get_by_role("link", name="Sơ kết 6 tháng").click()
    expect(page.locator("#invitation-status")).to_contain_text("Số: 01/GM-KTĐ6")
    expect(page.locator("#edit-meeting")).to_have_count(0)  # the overseer reads, nothing more
    assert console_errors == []


def test_a_member_is_told_of_a_coming_meeting(page, live_server, console_errors, sign_in):
    bloc_year, _head, _deputy, _member = make_bloc()
    meeting = MeetingFactory(
        bloc_year=bloc_year,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Phòng họp số 1, Sở Xây dựng",
    )
    sign_in("thanhtra@travinh.gov.vn")
    page.goto(f"{live_server.url}{reverse('blocs:dashboard')}?nam=2020")
    todo = page.locator(f'#todo a[href="{meeting.get_absolute_url()}"]')
    expect(todo).to_be_visible()
    expect(page.locator("#todo")).to_contain_text("Phòng họp số 1, Sở Xây dựng")
    todo.click()
    expect(page.locator("#meeting-facts")).to_contain_text("Phòng họp số 1")
    expect(page.locator("#invitation-link")).to_have_count(0)
    assert_accessible(page)
    assert console_errors == []
