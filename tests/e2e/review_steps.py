"""Steps of the review journeys (issue 12, "Tests") shared by the browser tests: planning the
sơ kết, an agency self-scoring, writing and finalising the minutes, downloading a PDF. Each step
checks its pages with axe-core as it goes."""

import subprocess

from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.services.ranking import criteria_of

from .axe import assert_accessible
from .navigation import follow


def pdf_text(download) -> str:
    """The text pdftotext reads from a downloaded PDF, its whitespace collapsed."""
    return " ".join(
        subprocess.run(
            ["pdftotext", str(download.path()), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )


def plan_midyear(page, live_server, bloc_year, host) -> Meeting:
    """The secretariat (signed in) plans the sơ kết of 10/08/2020 from the bloc-year's page;
    lands on the meeting's page."""
    page.goto(live_server.url + bloc_year.get_absolute_url())
    page.locator("#meetings-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hội nghị năm 2020")
    assert_accessible(page)
    page.locator("#plan-meeting").click()
    form = page.locator("#meeting-form")
    # The head agency's director is offered as the chair.
    expect(form.locator("select[name=chair] option:checked")).to_contain_text("Trần Văn Xây")
    assert_accessible(page)
    form.locator("select[name=kind]").select_option("midyear")
    form.locator("input[name=date]").fill("10/08/2020")
    form.locator("input[name=time]").fill("08:00")
    form.locator("input[name=place]").fill("Hội trường Sở Khoa học và Công nghệ")
    form.locator("select[name=host]").select_option(str(host.pk))
    form.locator("input[name=secretary_name]").fill("Lê Thị Thư")
    form.locator("input[name=secretary_title]").fill("Chuyên viên Sở Xây dựng")
    form.locator("textarea[name=agenda]").fill(
        "Báo cáo sơ kết 6 tháng đầu năm 2020\nChấm điểm thi đua\nPhương hướng 6 tháng cuối năm"
    )
    form.get_by_role("button", name="Lưu").click()
    meeting = Meeting.objects.get(bloc_year=bloc_year)
    expect(page).to_have_url(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#meeting-time")).to_have_text("08:00, 10/08/2020")
    return meeting


def self_score(page, live_server, assessment, evidence_path, points: str) -> None:
    """An agency's officer (signed in) chooses an evidence file for the first criterion, scores
    every criterion (htmx, cell by cell: each save swaps its row, and the chosen file stays
    chosen), attaches the file and submits."""
    page.goto(live_server.url + assessment.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bảng tự chấm điểm")
    assert_accessible(page)
    kinds = {c.id: c.kind for c in criteria_of(assessment.round.pledge.snapshot)}
    criteria = sorted(kinds)
    first = criteria[0]
    page.locator(f"#file-{first}").set_input_files(str(evidence_path))
    for criterion_id in criteria:
        field = page.locator(f"#criterion-{criterion_id} #self-{criterion_id}")
        kind_points = points if kinds[criterion_id] == "standard" else "1"
        field.fill(kind_points)
        with page.expect_response(lambda r: r.request.method == "POST" and "/o/" in r.url):
            field.press("Tab")
        expect(page.locator(f"#criterion-{criterion_id} #self-{criterion_id}")).to_have_value(
            kind_points
        )
    follow(page, page.locator(f"#evidence-{first}").get_by_role("button", name="Đính kèm"))
    expect(page.locator(f"#evidence-{first}")).to_contain_text(evidence_path.name)
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-assessment button").click()
    expect(page.locator("#assessment-status")).to_contain_text("Đã gửi")


def finalise_minutes(page, live_server, meeting, *, ranked: int, number: str) -> None:
    """The secretariat (signed in) writes the minutes from the meeting's page (pre-filled, with
    `ranked` agencies in the ranking), finalises them after the confirmation and is back on the
    meeting's page with their `number`."""
    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#minutes-summary")).to_contain_text("Chưa lập biên bản")
    page.locator("#minutes-link").click()
    expect(page.locator("#minutes-prefilled")).to_contain_text("Lê Thị Thư")
    expect(page.locator("#minutes-ranking tbody tr")).to_have_count(ranked)
    assert_accessible(page)

    form = page.locator("#minutes-form")
    form.locator("textarea[name=discussion]").fill("Các đơn vị thống nhất kết quả chấm điểm.")
    form.locator("textarea[name=conclusions]").fill("Chủ tọa kết luận hội nghị.")
    form.locator("textarea[name=tasks]").fill("Phương hướng 6 tháng cuối năm 2020.")
    form.locator("input[name=ended_at]").fill("11:30")
    form.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("#finalise-link")).to_be_visible()
    assert_accessible(page)

    page.locator("#finalise-link").click()
    expect(page.locator("#finalise-warning")).to_contain_text("không thể thay đổi")
    assert_accessible(page)
    page.locator("#confirm-finalise").click()
    expect(page).to_have_url(live_server.url + meeting.get_absolute_url())
    expect(page.locator("#minutes-list")).to_contain_text(number)
    assert_accessible(page)


def download_minutes(page) -> str:
    """From the meeting's page: export the finalised minutes, wait for the worker, download the
    PDF; its text."""
    page.locator("#minutes-summary").get_by_role("button", name="Xuất biên bản (PDF)").click()
    status = page.locator("#minutes-summary .export .report-status")
    expect(status.locator(".badge")).to_have_text("Hoàn tất", timeout=30_000)
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải PDF").click()
    return pdf_text(download_info.value)
