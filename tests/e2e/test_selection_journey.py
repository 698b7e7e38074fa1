"""The selection at the tổng kết in a browser (issue 13 §2–3): the secretariat sees the
candidates with their eligibility, prepares a paper ballot, enters the count, issues the
proposal letter, uploads the báo cáo thành tích and submits the dossier; a member agency's
signer votes in an online ballot after typing their password. Every page passes axe-core's
WCAG A/AA checks and nothing is refused by the Content Security Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import AwardType, Nomination, NominationStatus
from awards.services import ballots_online, selection
from meetings.models import MeetingKind
from tests.awards.conftest import year_end_ranking
from tests.factories import PASSWORD, AgencyOfficerFactory, BlocYearFactory
from tests.pledges.pages import minimal_pdf

from .axe import assert_accessible
from .navigation import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scored(world):
    previous = BlocYearFactory(bloc=world.bloc, year=2019)
    year_end_ranking(previous, {world.deputy: "95", world.head: "88", world.member: "70"})
    year_end_ranking(world.bloc_year, {world.head: "97", world.deputy: "96", world.member: "90"})
    return world


def test_the_secretariat_selects_counts_and_submits(
    page, live_server, console_errors, sign_in, scored, tmp_path
):
    w = scored
    sign_in("head@example.vn")
    page.goto(live_server.url + reverse("blocs:bloc_year_detail", args=[w.bloc.pk, 2020]))
    page.locator("#selection-link").click()
    expect(page.locator("#candidates")).to_be_visible()
    expect(page.locator("#candidates")).to_contain_text("Điều 74")
    assert_accessible(page)
    flag = AwardType.objects.get(province=w.province, key="co-thi-dua-tinh")
    page.locator(f"input[name=pick][value='{w.head.pk}:{flag.pk}']").check()
    page.locator("input[name=kind][value=paper]").check()
    page.locator("#selection-form button[type=submit]").click()
    expect(page.locator("#ballot-lines")).to_contain_text("Sở Xây dựng")
    assert_accessible(page)
    page.locator("#enter-count").click()
    page.locator("#id_issued").fill("3")
    page.locator("#id_returned").fill("3")
    page.locator("#id_valid").fill("2")
    page.locator("#count-form input[name^=yes_]").fill("3")
    page.locator("#count-form button[type=submit]").click()
    expect(page.locator("#count-form .errorlist")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_valid").fill("3")
    page.locator("#count-form button[type=submit]").click()
    expect(page.locator("#ballot-number")).to_have_text("Số: 01/BB-KTĐ6")
    assert_accessible(page)
    page.locator("#ballot-lines a").first.click()
    expect(page.locator("#nomination-status")).to_contain_text("Đang chuẩn bị")
    assert_accessible(page)
    page.locator("#generate-proposal").click()
    expect(page.locator("#item-to_trinh")).to_contain_text("TTr-KTĐ6")
    follow(page, page.locator("#upload-link"))
    assert_accessible(page)
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(minimal_pdf("Bao cao thanh tich"))
    page.locator("select[name=item]").select_option("bao_cao_thanh_tich")
    page.locator("input[name=file]").set_input_files(str(scan))
    page.locator("form button[type=submit]").click()
    expect(page.locator("#item-bao_cao_thanh_tich")).to_contain_text("bao-cao.pdf")
    page.locator("#submit-nomination").click()
    expect(page.locator("#nomination-status")).to_contain_text("Đã nộp")
    assert_accessible(page)
    assert Nomination.objects.get().status == NominationStatus.SUBMITTED
    assert console_errors == []


def test_a_member_agency_votes_in_secret(page, live_server, console_errors, sign_in, scored):
    w = scored
    meeting = w.bloc_year.meetings.get(kind=MeetingKind.YEAREND)
    flag = AwardType.objects.get(province=w.province, key="co-thi-dua-tinh")
    ballot = selection.create_ballot(
        meeting, actor=w.users["board"], kind="online", picks=[(w.head.pk, flag.pk)]
    )
    ballots_online.open_ballot(ballot, actor=w.users["board"])
    AgencyOfficerFactory(agency=w.member, email="ttr-sign@example.vn", can_sign=True)
    sign_in("ttr-sign@example.vn")
    page.goto(live_server.url + reverse("awards:ballot", args=[ballot.pk]))
    assert_accessible(page)
    follow(page, page.locator("#vote-link"))
    assert_accessible(page)
    page.locator("#vote-form input[value=yes]").check()
    page.locator("#id_password").fill("sai mat khau")
    page.locator("#vote-form button[type=submit]").click()
    expect(page.locator("#id_password_error")).to_be_visible()
    assert_accessible(page)
    page.locator("#vote-form input[value=yes]").check()
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#vote-form button[type=submit]").click()
    expect(page.locator("#votes-cast")).to_contain_text("1")
    expect(page.locator("#ballot-lines")).not_to_contain_text("1/")
    assert_accessible(page)
    assert console_errors == []
