"""The minutes in a browser (issue 12, "Tests"): after Khối 6's sơ kết of 10/08/2020 (scored and
ranked), the secretariat writes the minutes, finalises them after a confirmation and downloads
the PDF, in which pdftotext finds the date line "Trà Vinh, ngày 10 tháng 8 năm 2020" and the
number "Số: 01/BB-KTĐ6"; every page passes axe-core's checks, nothing is refused by the CSP."""

import pytest

from meetings.models import Attendance, Minutes, Presence
from tests.factories import MeetingFactory, OfficialFactory, scored_round

from .review_steps import download_minutes, finalise_minutes
from .test_meeting_journey import make_bloc

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

    finalise_minutes(page, live_server, meeting, ranked=3, number="Số: 01/BB-KTĐ6")
    assert Minutes.objects.get().number == "Số: 01/BB-KTĐ6"
    text = download_minutes(page)
    assert "BIÊN BẢN" in text
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text
    assert "Số: 01/BB-KTĐ6" in text
    assert "THƯ KÝ" in text
    assert "CHỦ TỌA" in text
    assert "Nguyễn Văn Chủ Trì" in text
    assert "Hội nghị kết thúc vào 11 giờ 30" in text
    assert "PHỤ LỤC: BẢNG TỔNG HỢP ĐIỂM THI ĐUA" in text
    assert console_errors == []
