"""The board's side of an award in a browser (issue 13, "Tests"): Khối 6 has submitted its
proposal of Thanh tra tỉnh for the provincial flag; the board finds it in its inbox, starts the
review and returns it with a reason; the secretariat resubmits (set here through the ORM: the
secretariat's pages are another part's); the board records the decision after confirming it,
and the award shows in the agency's history. Every page passes axe-core's WCAG A/AA checks and
nothing is refused by the Content Security Policy (the statistics page's SVG charts included).
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import AwardRecord, Nomination, NominationStatus
from tests.awards.conftest import submitted_nomination
from tests.factories import BoardStaffFactory

from .axe import assert_accessible
from .test_meeting_journey import make_bloc

pytestmark = pytest.mark.e2e


def test_the_board_returns_then_decides_and_the_award_joins_the_history(
    page, live_server, console_errors, sign_in
):
    bloc_year, _head, _deputy, member = make_bloc()
    BoardStaffFactory(province=bloc_year.bloc.province, email="bantdkt@travinh.gov.vn")
    nomination = submitted_nomination(bloc_year, member)
    sign_in("bantdkt@travinh.gov.vn")

    # The inbox: one submitted nomination.
    page.goto(live_server.url + reverse("awards:board"))
    expect(page.locator('[data-status="submitted"] .badge')).to_have_text("1")
    assert_accessible(page)
    page.get_by_role("link", name="Thanh tra tỉnh").click()
    expect(page.locator("#nomination-status")).to_have_attribute("data-status", "submitted")
    expect(page.locator("#checklist")).to_be_visible()
    assert_accessible(page)

    # Start the review, then return it with a reason (the reason is required).
    page.locator("#start-review").click()
    expect(page.locator("#nomination-status")).to_have_attribute("data-status", "under_review")
    page.locator("#return-dossier").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.locator("#id_reason").fill("Báo cáo thành tích chưa có xác nhận của cấp trên")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#nomination-status")).to_have_attribute("data-status", "returned")
    expect(page.locator("#nomination-reason")).to_contain_text("chưa có xác nhận")

    # The secretariat corrects and resubmits: the same nomination, round 2.
    Nomination.objects.filter(pk=nomination.pk).update(
        status=NominationStatus.SUBMITTED,
        status_reason="",
        round=2,
        submitted_at=timezone.now(),
    )

    page.reload()
    expect(page.locator("#nomination-status")).to_contain_text("2")
    page.locator("#start-review").click()
    page.locator("#record-decision").click()
    assert_accessible(page)
    page.locator("#id_number").fill("Số 215/QĐ-UBND")
    page.locator("#id_date").fill("05/02/2021")
    # Without the confirmation nothing is recorded.
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_confirm")).to_have_attribute("aria-invalid", "true")
    assert not AwardRecord.objects.exists()
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#nomination-status")).to_have_attribute("data-status", "decided")
    expect(page.locator("#decision")).to_contain_text("Số 215/QĐ-UBND")
    expect(page.locator("#review-actions")).to_have_count(0)
    assert_accessible(page)

    # The agency's page shows the award in its history.
    page.goto(live_server.url + reverse("blocs:agency_detail", args=[member.pk]))
    expect(page.locator("body")).to_contain_text("Số 215/QĐ-UBND")
    assert AwardRecord.objects.get(agency=member).decision_number == "Số 215/QĐ-UBND"

    # The statistics page draws its charts as inline SVG, within the CSP.
    page.goto(live_server.url + reverse("awards:statistics") + "?year=2020")
    expect(page.locator("svg#chart-by-bloc")).to_be_visible()
    assert_accessible(page)
    assert console_errors == []
