"""Board staff sign in through the real login form and see their province's year, in Vietnamese,
with the page's own CSS and htmx loaded and nothing refused by the Content Security Policy."""

import datetime

import pytest
from playwright.sync_api import expect

from blocs.models import MemberRole
from tests.factories import (
    PASSWORD,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.e2e


def test_board_staff_signs_in_and_sees_the_province_dashboard_in_vietnamese(
    page, live_server, console_errors
):
    year = datetime.date.today().year
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    bloc_year = BlocYearFactory(
        bloc=BlocFactory(province=province, name="Khối thi đua số 6"), year=year
    )
    MembershipFactory(
        bloc_year=bloc_year,
        role=MemberRole.HEAD,
        agency__name="Sở Khoa học và Công nghệ",
        agency__short_name="Sở KH&CN",
    )
    MembershipFactory(
        bloc_year=bloc_year,
        role=MemberRole.DEPUTY,
        agency__name="Thanh tra tỉnh",
        agency__short_name="",
    )
    MembershipFactory(bloc_year=bloc_year, agency__name="Sở Nội vụ")
    BlocYearFactory(bloc__name="Khối Tham mưu - Tổng hợp", year=year)  # another province
    BoardStaffFactory(province=province, email="bantdkt@travinh.gov.vn")

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/tai-khoan/login/?next=/")
    # allauth's page in our layout, translated (locale/allauth)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_contain_text("Đăng nhập")
    page.locator("input[name=login]").fill("bantdkt@travinh.gov.vn")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_response(f"{live_server.url}/") as dashboard:
        page.locator("input[name=password]").press("Enter")
    assert dashboard.value.status == 200
    csp = dashboard.value.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("header")).to_contain_text("Trà Vinh")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Các cụm, khối thi đua năm {year}")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)  # the other province's bloc stays out of sight
    expect(rows.first.get_by_role("rowheader")).to_have_text("Khối thi đua số 6")
    cells = rows.first.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("Sở KH&CN")  # head, by short name
    expect(cells.nth(1)).to_have_text("Thanh tra tỉnh")  # deputy
    expect(cells.nth(2)).to_have_text("3")

    assert page.evaluate("typeof window.htmx") == "object"
    rule_counts = page.evaluate("Array.from(document.styleSheets, (s) => s.cssRules.length)")
    assert len(rule_counts) == 2
    assert all(count > 0 for count in rule_counts)

    # The agency list narrows as one types (htmx swaps the results partial).
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    results = page.locator("#agency-results tbody tr")
    expect(results).to_have_count(3)
    page.get_by_role("searchbox").fill("nội vụ")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Sở Nội vụ")
    expect(page).to_have_url(f"{live_server.url}/don-vi/?q=n%E1%BB%99i%20v%E1%BB%A5&loai=")
    assert console_errors == []
