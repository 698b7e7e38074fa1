"""The whole review in a browser (mb, f1; issue 12, "Tests"): the secretariat plans Khối 6's sơ kết
of 10/08/2020 and opens scoring, two agencies self-score cell by cell (htmx: the totals follow)
with an evidence file and submit, the secretariat checks a cell in the grid in place, the ranking
shows, the secretariat writes and finalises the minutes and downloads their PDF (pdftotext finds
"Trà Vinh, ngày 10 tháng 8 năm 2020" and "Số: 01/BB-KTĐ6"), and the overseer comments on the
minutes; every page passes axe-core's WCAG A/AA checks and nothing is refused by the Content
Security Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import AssessmentStatus, Comment, Evidence, Minutes, Score, ScoringRound
from tests.factories import AgencyOfficerFactory
from tests.meetings.scoring_setup import midyear, pledge_in_force
from tests.pledges.pages import minimal_pdf

from .axe import assert_accessible
from .navigation import follow
from .review_steps import download_minutes, finalise_minutes, plan_midyear, self_score
from .test_meeting_journey import make_bloc

pytestmark = pytest.mark.e2e


def test_two_agencies_self_score_the_secretariat_checks_and_the_ranking_shows(
    page, live_server, console_errors, sign_in, tmp_path
):
    bloc_year, _head, deputy, member = make_bloc()
    pledge_in_force(bloc_year, sections=1, per_section=2)
    AgencyOfficerFactory(agency=deputy, email="khcn@travinh.gov.vn")
    evidence_path = tmp_path / "bao-cao.pdf"
    evidence_path.write_bytes(minimal_pdf())

    # The secretariat plans the sơ kết, then opens scoring from the meeting's page.
    sign_in("sxd@travinh.gov.vn")
    meeting = plan_midyear(page, live_server, bloc_year, deputy)
    assert midyear(bloc_year) == meeting  # the review settings: score the first half
    follow(page, page.locator("#scoring-link"))
    assert_accessible(page)
    page.locator("#open-scoring button").click()
    expect(page.locator("#assessments tbody tr")).to_have_count(3)
    assert_accessible(page)
    scoring = ScoringRound.objects.get(meeting=meeting)

    # Two agencies self-score with an evidence file and submit.
    for email, agency, points in (
        ("thanhtra@travinh.gov.vn", member, "9"),
        ("khcn@travinh.gov.vn", deputy, "8,5"),
    ):
        page.context.clear_cookies()
        sign_in(email)
        assessment = scoring.assessments.get(agency=agency)
        self_score(page, live_server, assessment, evidence_path, points)
    assert Evidence.objects.count() == 2
    total = page.locator("#self-total")
    expect(total).to_have_text("17")  # 8,5 + 8,5 + 1 bonus − 1 deduction

    # The secretariat checks one cell in the grid, in place.
    page.context.clear_cookies()
    sign_in("sxd@travinh.gov.vn")
    page.goto(live_server.url + reverse("meetings:grid", args=[meeting.pk]))
    assert_accessible(page)
    assessment = scoring.assessments.get(agency=member)
    assert assessment.status == AssessmentStatus.SUBMITTED
    first = min(Score.objects.filter(assessment=assessment).values_list("criterion_id", flat=True))
    cell = page.locator(f"#input-{assessment.pk}-{first}")
    cell.fill("8")
    cell.press("Tab")
    expect(page.locator(f"#total-{assessment.pk}")).to_contain_text("17")  # 8 + 9 + 1 − 1
    assert Score.objects.get(assessment=assessment, criterion_id=first).checked_points == 8
    grid_url = page.url

    # The ranking: Thanh tra tỉnh first (17 after checking, as Sở KH&CN).
    page.goto(live_server.url + reverse("meetings:ranking", args=[meeting.pk]))
    expect(page.locator("#ranking tbody tr")).to_have_count(3)
    expect(page.locator("#ranking")).to_contain_text("Thanh tra tỉnh")
    assert_accessible(page)
    assert grid_url.endswith("/cham-diem/bang/")

    # f1: the secretariat writes and finalises the minutes, and downloads their PDF.
    finalise_minutes(page, live_server, meeting, ranked=3, number="Số: 01/BB-KTĐ6")
    assert Minutes.objects.get(meeting=meeting).number == "Số: 01/BB-KTĐ6"
    text = download_minutes(page)
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text
    assert "Số: 01/BB-KTĐ6" in text
    assert "Thanh tra tỉnh" in text

    # The overseer reads the finalised minutes and leaves a comment; nothing else changes.
    page.context.clear_cookies()
    sign_in("pktrung@travinh.gov.vn")
    page.goto(live_server.url + meeting.get_absolute_url())
    page.locator("#minutes-link").click()
    expect(page.locator("#final-minutes")).to_contain_text("Số: 01/BB-KTĐ6")
    expect(page.locator("#minutes-form")).to_have_count(0)
    assert_accessible(page)
    comment = page.locator("#minutes-comment-form")
    comment.get_by_label("Nhận xét của bạn").fill("Đề nghị các đơn vị khắc phục hạn chế (ví dụ).")
    comment.get_by_role("button").click()
    expect(page.locator("#minutes-comment-list")).to_contain_text("khắc phục hạn chế")
    assert_accessible(page)
    assert Comment.objects.get(meeting=meeting, assessment=None).author.email == (
        "pktrung@travinh.gov.vn"
    )
    assert console_errors == []
