"""Board staff add a member from the bloc-year page: the form comes when "Add members" is
opened (htmx), and adding goes back to the page with the new member listed."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    AgencyFactory,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.e2e


def test_board_staff_opens_add_members_and_adds_an_agency(
    page, live_server, sign_in, console_errors
):
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=province, name="Khối thi đua số 6"))
    MembershipFactory(bloc_year=bloc_year, agency__province=province, agency__name="Sở Nội vụ")
    AgencyFactory(province=province, name="Sở Tài chính")
    BoardStaffFactory(province=province, email="bantdkt@travinh.gov.vn")
    sign_in("bantdkt@travinh.gov.vn")

    page.goto(f"{live_server.url}{bloc_year.get_absolute_url()}")
    choices = page.get_by_label("Đơn vị cần thêm")
    expect(choices).to_have_count(0)  # not read until asked for
    page.get_by_text("Thêm thành viên", exact=True).first.click()
    expect(choices).to_be_visible()
    choices.select_option(label="Sở Tài chính")
    page.get_by_role("button", name="Thêm", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}{bloc_year.get_absolute_url()}")
    expect(page.get_by_role("heading", level=2, name="2 thành viên")).to_be_visible()
    expect(page.locator("tbody").first).to_contain_text("Sở Tài chính")
    assert console_errors == []
