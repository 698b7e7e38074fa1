"""An agency officer exports the bloc's roster as a PDF from the bloc-year page, downloads it and
finds it again under "My documents", with nothing refused by the Content Security Policy.

Celery is eager in the tests, so the render happens inside the "Xuất PDF" request itself.
"""

import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from blocs.models import MemberRole
from reports.models import Report, ReportStatus
from tests.factories import (
    AgencyOfficerFactory,
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.e2e


def test_agency_officer_exports_the_bloc_roster_and_finds_it_in_my_documents(
    page, live_server, console_errors, sign_in
):
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    bloc_year = BlocYearFactory(
        bloc=BlocFactory(province=province, name="Khối thi đua số 6"), year=2020
    )
    MembershipFactory(bloc_year=bloc_year, role=MemberRole.HEAD, agency__name="Sở Xây dựng")
    member = MembershipFactory(bloc_year=bloc_year, agency__name="Thanh tra tỉnh").agency
    officer = AgencyOfficerFactory(agency=member, email="thanhtra@travinh.gov.vn")

    sign_in("thanhtra@travinh.gov.vn")

    page.goto(live_server.url + reverse("blocs:bloc_year_detail", args=[bloc_year.bloc.pk, 2020]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khối thi đua số 6")
    with page.expect_response(lambda r: "/tai-lieu/xuat/bloc_roster/" in r.url) as requested:
        page.get_by_role("button", name="Xuất PDF").click()
    assert requested.value.status == 200
    # htmx swapped the button for the document's status, in place: no page load.
    expect(page).to_have_url(
        live_server.url + reverse("blocs:bloc_year_detail", args=[bloc_year.bloc.pk, 2020])
    )
    status = page.locator(".export .report-status")
    expect(status.locator(".badge")).to_have_text("Hoàn tất")
    expect(status).to_contain_text("1 trang")

    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(download.path()), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "KHỐI THI ĐUA SỐ 6" in text
    assert "Thanh tra tỉnh" in text

    report = Report.objects.get(requested_by=officer)
    assert report.status == ReportStatus.DONE
    assert report.kind == "bloc_roster"
    assert report.subject_id == bloc_year.pk
    assert report.size == len(content)

    page.get_by_role("link", name="Tài liệu của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài liệu của tôi")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=report.title)).to_be_visible()
    expect(rows.first.locator(".badge")).to_have_text("Hoàn tất")
    assert "Khối thi đua số 6" in report.title
    assert console_errors == []
