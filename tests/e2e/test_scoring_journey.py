"""Scoring in a browser (mb; issue 12, "Tests"): the secretariat opens scoring at Khối 6's sơ kết,
two agencies self-score cell by cell (htmx: the totals follow) with an evidence file and submit,
the secretariat checks a cell in the grid in place, and the ranking shows; every scoring page
passes axe-core's WCAG A/AA checks and nothing is refused by the Content Security Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import AssessmentStatus, Evidence, Score, ScoringRound
from meetings.services.ranking import criteria_of
from tests.factories import AgencyOfficerFactory
from tests.meetings.scoring_setup import midyear, pledge_in_force
from tests.pledges.pages import minimal_pdf

from .axe import assert_accessible
from .test_meeting_journey import make_bloc

pytestmark = pytest.mark.e2e


def _self_score(page, live_server, assessment, evidence_path, points: str) -> None:
    page.goto(live_server.url + assessment.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bảng tự chấm điểm")
    assert_accessible(page)
    kinds = {c.id: c.kind for c in criteria_of(assessment.round.pledge.snapshot)}
    criteria = sorted(kinds)
    for criterion_id in criteria:
        field = page.locator(f"#criterion-{criterion_id} #self-{criterion_id}")
        kind_points = points if kinds[criterion_id] == "standard" else "1"
        field.fill(kind_points)
        field.press("Tab")
        expect(page.locator(f"#criterion-{criterion_id} #self-{criterion_id}")).to_have_value(
            kind_points
        )
    first = criteria[0]
    page.locator(f"#file-{first}").set_input_files(str(evidence_path))
    page.locator(f"#evidence-{first}").get_by_role("button", name="Đính kèm").click()
    expect(page.locator(f"#evidence-{first}")).to_contain_text("bao-cao.pdf")
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-assessment button").click()
    expect(page.locator("#assessment-status")).to_contain_text("Đã gửi")


def test_two_agencies_self_score_the_secretariat_checks_and_the_ranking_shows(
    page, live_server, console_errors, sign_in, tmp_path
):
    bloc_year, _head, deputy, member = make_bloc()
    pledge_in_force(bloc_year, sections=1, per_section=2)
    meeting = midyear(bloc_year)
    AgencyOfficerFactory(agency=deputy, email="khcn@travinh.gov.vn")
    evidence_path = tmp_path / "bao-cao.pdf"
    evidence_path.write_bytes(minimal_pdf())

    # The secretariat opens scoring from the meeting's page.
    sign_in("sxd@travinh.gov.vn")
    page.goto(live_server.url + meeting.get_absolute_url())
    page.locator("#scoring-link").click()
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
        _self_score(page, live_server, assessment, evidence_path, points)
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
    assert console_errors == []
