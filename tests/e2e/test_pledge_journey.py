"""The pledge in a browser: the last member agency signs online, which puts the pledge in force,
and the secretariat sees it so; the secretariat builds the criteria set in the htmx editor, the
totals updating in place. Nothing is refused by the Content Security Policy.

Page text that is not yet in the Vietnamese catalogue is found by element ids and attributes.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from blocs.models import MemberRole
from pledges.models import CriteriaSet, Pledge, PledgeStatus, SectionKind
from pledges.services import criteria, criteria_sets, signatures, signing
from tests.factories import (
    PASSWORD,
    AgencyOfficerFactory,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    ProvinceFactory,
)
from tests.pledges.pages import minimal_pdf

pytestmark = pytest.mark.e2e


@dataclass
class Bloc:
    criteria_set: CriteriaSet
    pledge: Pledge
    secretariat: User  # Sở Xây dựng, the head agency
    officer: User  # Thanh tra tỉnh, a member agency; signs for it


def make_bloc() -> Bloc:
    """Trà Vinh's bloc 6 in 2020 with a draft pledge over two scored criteria (6 and 4 points)
    and a bonus; three members, each with an officer who signs for it."""
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    bloc_year = BlocYearFactory(
        bloc=BlocFactory(province=province, name="Khối thi đua số 6"), year=2020
    )
    head = MembershipFactory(
        bloc_year=bloc_year, role=MemberRole.HEAD, agency__name="Sở Xây dựng"
    ).agency
    deputy = MembershipFactory(
        bloc_year=bloc_year, role=MemberRole.DEPUTY, agency__name="Sở Khoa học và Công nghệ"
    ).agency
    member = MembershipFactory(bloc_year=bloc_year, agency__name="Thanh tra tỉnh").agency
    board = BoardStaffFactory(province=province)
    secretariat = AgencyOfficerFactory(
        agency=head, email="sxd@travinh.gov.vn", full_name="Trần Văn Xây", can_sign=True
    )
    officer = AgencyOfficerFactory(
        agency=member,
        email="thanhtra@travinh.gov.vn",
        full_name="Lê Thị Thanh",
        job_title="Chánh Thanh tra",
        can_sign=True,
    )
    AgencyOfficerFactory(agency=deputy, can_sign=True)
    criteria_set = criteria_sets.create_criteria_set(
        actor=board, province=province, year=2020, bloc_year=bloc_year
    )
    tasks = criteria.add_section(
        criteria_set, actor=board, title="Thực hiện nhiệm vụ chính trị", kind=SectionKind.STANDARD
    )
    criteria.add_criterion(
        tasks, actor=board, text="Hoàn thành kế hoạch năm", max_points=Decimal(6)
    )
    criteria.add_criterion(tasks, actor=board, text="Cải cách hành chính", max_points=Decimal(4))
    extra = criteria.add_section(
        criteria_set, actor=board, title="Điểm thưởng, điểm trừ", kind=SectionKind.ADJUSTMENT
    )
    criteria.add_criterion(
        extra, actor=board, text="Tổ chức hội nghị khối", max_points=Decimal(2), kind="bonus"
    )
    pledge = signing.create_draft(
        bloc_year,
        actor=secretariat,
        preamble="Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        commitments="Thực hiện tốt nhiệm vụ chính trị\nTham gia đầy đủ hoạt động của khối",
    )
    return Bloc(criteria_set, pledge, secretariat, officer)


def test_last_agency_signs_online_and_the_pledge_comes_into_force(
    page, live_server, console_errors, sign_in
):
    bloc = make_bloc()
    pledge = signing.open_for_signing(bloc.pledge, actor=bloc.secretariat)
    # Everyone but Thanh tra tỉnh has signed: the head online, the deputy on paper.
    signatures.sign_online(
        pledge,
        actor=bloc.secretariat,
        password=PASSWORD,
        signer_title="Giám đốc",
        seen_sha256=pledge.snapshot_sha256,
        ip="203.0.113.7",
    )
    deputy = pledge.bloc_year.memberships.get(role=MemberRole.DEPUTY).agency
    signatures.record_paper_signature(
        pledge,
        actor=bloc.secretariat,
        agency=deputy,
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("scan.pdf", minimal_pdf(), content_type="application/pdf"),
    )
    sign_url = reverse("pledges:sign", args=[pledge.pk])

    # The officer finds the pledge waiting on the dashboard.
    sign_in("thanhtra@travinh.gov.vn")
    waiting = page.locator(f'#todo a[href="{sign_url}"]')
    expect(waiting).to_be_visible()
    expect(page.locator("#todo")).to_contain_text("Khối thi đua số 6")
    waiting.click()
    expect(page).to_have_url(live_server.url + sign_url)

    # The confirmation screen: the whole text, its fingerprint, then title, password, agree.
    text = page.locator("#pledge-text")
    expect(text.get_by_role("cell", name="Hoàn thành kế hoạch năm")).to_be_visible()
    expect(text).to_contain_text("Tham gia đầy đủ hoạt động của khối")
    expect(page.locator("#standard-total")).to_have_text("10")
    expect(page.locator("code.hash")).to_have_text(pledge.snapshot_sha256)
    title = page.locator("input[name=signer_title]")
    expect(title).to_have_value("Chánh Thanh tra")  # the officer's job title, to confirm
    title.fill("Chánh Thanh tra tỉnh")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=agree]").check()
    page.locator("#sign-button").click()

    # Back on the pledge, signed and in force.
    expect(page).to_have_url(live_server.url + pledge.get_absolute_url())
    expect(page.locator("#pledge-status")).to_have_class("badge badge-in_force")
    expect(page.locator("#own-signature")).to_contain_text("Lê Thị Thanh")
    expect(page.locator(".messages .message-success")).to_have_count(1)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.IN_FORCE
    signature = pledge.signatures.get(agency=bloc.officer.agency)
    assert signature.user == bloc.officer
    assert signature.signer_title == "Chánh Thanh tra tỉnh"
    assert signature.ip == "127.0.0.1"

    # Nothing waits on the dashboard any more.
    page.goto(f"{live_server.url}/")
    expect(page.locator(f'a[href="{sign_url}"]')).to_have_count(0)

    # The secretariat sees the pledge in force, and who signed how.
    page.context.clear_cookies()
    sign_in("sxd@travinh.gov.vn")
    page.goto(live_server.url + pledge.get_absolute_url())
    expect(page.locator("#pledge-status")).to_have_class("badge badge-in_force")
    page.locator("#status-board-link").click()
    expect(page).to_have_url(live_server.url + reverse("pledges:status_board", args=[pledge.pk]))
    expect(page.locator("h1 .badge")).to_have_class("badge badge-in_force")
    expect(page.locator("#signed-count progress")).to_have_attribute("value", "3")
    rows = page.locator("#status-board tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator(".badge-done")).to_have_count(3)
    officer_row = page.locator(f'#status-board tr[data-agency="{bloc.officer.agency_id}"]')
    expect(officer_row).to_contain_text("Lê Thị Thanh")
    expect(officer_row).to_contain_text("127.0.0.1")  # the secretariat sees where from
    assert console_errors == []


def test_secretariat_adds_a_criterion_and_the_totals_update_in_place(
    page, live_server, console_errors, sign_in
):
    bloc = make_bloc()
    section = bloc.criteria_set.sections.get(kind=SectionKind.STANDARD)
    url = live_server.url + bloc.criteria_set.get_absolute_url()
    sign_in("sxd@travinh.gov.vn")
    page.goto(url)
    standard_total = page.locator('#totals [data-total="standard"]')
    expect(standard_total).to_have_text("10")
    # Anything that reloads the page would lose this, and count as a navigation.
    page.evaluate("window.__stillHere = true")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    box = page.locator(f"#section-{section.pk}")
    box.locator("details.add-criterion summary").click()
    prefix = f"add-{section.pk}"
    box.locator(f"textarea[name={prefix}-text]").fill("Chuyển đổi số")
    box.locator(f"input[name={prefix}-max_points]").fill("2,5")
    with page.expect_response(lambda r: "/them-tieu-chi/" in r.url) as added:
        box.locator("details.add-criterion button[type=submit]").click()
    assert added.value.status == 200

    expect(standard_total).to_have_text("12,5")
    expect(page.locator(f"#section-{section.pk}")).to_contain_text("Chuyển đổi số")
    expect(page.locator(f"#section-{section.pk}")).to_contain_text("12,5")
    assert page.evaluate("window.__stillHere") is True
    assert navigations == []
    expect(page).to_have_url(url)
    assert section.criteria.filter(text="Chuyển đổi số", max_points=Decimal("2.5")).exists()

    # A bad maximum comes back as the form with its error; the totals stay.
    box = page.locator(f"#section-{section.pk}")
    box.locator("details.add-criterion summary").click()
    box.locator(f"textarea[name={prefix}-text]").fill("Sai điểm")
    box.locator(f"input[name={prefix}-max_points]").fill("abc")
    with page.expect_response(lambda r: "/them-tieu-chi/" in r.url):
        box.locator("details.add-criterion button[type=submit]").click()
    expect(page.locator(f"#section-{section.pk} .errorlist")).to_be_visible()
    expect(standard_total).to_have_text("12,5")
    assert navigations == []
    assert not section.criteria.filter(text="Sai điểm").exists()
    assert console_errors == []
