"""An award in a browser (issue 13, "Tests"): Khối 6's secretariat submits its proposal of
Thanh tra tỉnh for the provincial flag from the dossier page; the board finds it in its inbox,
starts the review and returns it with a reason; the secretariat sees the reason on the dossier
page, adds the corrected báo cáo thành tích and resubmits (round 2); the board records the
decision after confirming it, and the award shows in the agency's history. Every page passes
axe-core's WCAG A/AA checks and nothing is refused by the Content Security Policy (the
statistics page's SVG charts included).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import AwardRecord, Nomination, NominationStatus
from awards.services.dossiers import REQUIRED
from tests.awards.conftest import add_dossier_file, submitted_nomination
from tests.factories import BoardStaffFactory
from tests.pledges.pages import minimal_pdf

from .axe import assert_accessible
from .navigation import follow
from .test_meeting_journey import make_bloc

pytestmark = pytest.mark.e2e


def test_the_board_returns_then_decides_and_the_award_joins_the_history(
    page, live_server, console_errors, sign_in, tmp_path
):
    bloc_year, _head, _deputy, member = make_bloc()
    board = BoardStaffFactory(province=bloc_year.bloc.province, email="bantdkt@travinh.gov.vn")
    # The dossier as the selection left it (the selection journey issues and uploads these in
    # the browser): being prepared, with its required files.
    nomination = submitted_nomination(
        bloc_year, member, status=NominationStatus.DRAFT, submitted_at=None
    )
    for item in REQUIRED:
        add_dossier_file(nomination, item, board)
    dossier_url = live_server.url + reverse("awards:nomination", args=[nomination.pk])

    # The secretariat (Sở Xây dựng heads the bloc) submits from the dossier page.
    sign_in("sxd@travinh.gov.vn")
    page.goto(dossier_url)
    expect(page.locator("#checklist")).to_be_visible()
    assert_accessible(page)
    page.locator("#submit-nomination").click()
    expect(page.locator("#nomination-status")).to_contain_text("Đã nộp")
    expect(page.locator("#submit-nomination")).to_have_count(0)
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.SUBMITTED

    page.context.clear_cookies()  # signed out: the board's turn
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

    # The secretariat sees the reason, adds the corrected report and resubmits the same
    # nomination from its dossier page: round 2.
    board_url = page.url
    page.context.clear_cookies()
    sign_in("sxd@travinh.gov.vn")
    page.goto(dossier_url)
    expect(page.locator("#nomination-reason")).to_contain_text("chưa có xác nhận")
    expect(page.locator("#submit-nomination")).to_contain_text("Nộp lại")
    assert_accessible(page)
    page.locator("#upload-link").click()
    scan = tmp_path / "bao-cao-co-xac-nhan.pdf"
    scan.write_bytes(minimal_pdf("Bao cao thanh tich co xac nhan"))
    page.locator("select[name=item]").select_option("bao_cao_thanh_tich")
    page.locator("input[name=file]").set_input_files(str(scan))
    page.locator("form button[type=submit]").click()
    expect(page.locator("#item-bao_cao_thanh_tich")).to_contain_text("bao-cao-co-xac-nhan.pdf")
    assert_accessible(page)
    page.locator("#submit-nomination").click()
    expect(page.locator("#nomination-status")).to_contain_text("Đã nộp")
    expect(page.locator("#nomination-history")).to_contain_text("chưa có xác nhận")
    assert_accessible(page)
    resubmitted = Nomination.objects.get(pk=nomination.pk)
    assert (resubmitted.status, resubmitted.round) == (NominationStatus.SUBMITTED, 2)
    assert resubmitted.files.filter(round=2, item="bao_cao_thanh_tich").count() == 1

    # The board decides.
    page.context.clear_cookies()
    sign_in("bantdkt@travinh.gov.vn")
    page.goto(board_url)
    expect(page.locator("#nomination-status")).to_have_attribute("data-status", "submitted")
    expect(page.locator("#nomination-status")).to_contain_text("2")
    page.locator("#start-review").click()
    follow(page, page.locator("#record-decision"))
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
