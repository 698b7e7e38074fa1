"""The review report: texts, figures from the attendance and the scores, money in Vietnamese
format, a BC number, frozen once issued."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.versioning import StaleEdit
from meetings.models import Attendance, Presence, ReviewReport
from meetings.services import report as services
from reports.kinds import get_kind
from reports.services import render_document
from tests.factories import MeetingFactory, scored_round
from tests.reports.conftest import pdftotext, words

pytestmark = pytest.mark.django_db


def test_amounts_are_written_the_vietnamese_way():
    assert services.with_money("Ủng hộ 153135000 đồng") == "Ủng hộ 153.135.000 đồng"
    assert services.with_money("quỹ 1.500.000 đ.") == "quỹ 1.500.000 đồng."
    assert services.with_money("năm 2020 có 5 đơn vị") == "năm 2020 có 5 đơn vị"


def test_the_report_is_written_issued_and_printed(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    for agency in (world.head, world.deputy):
        Attendance.objects.create(
            meeting=meeting, agency=agency, presence=Presence.PRESENT, attendee_name="A"
        )
    scored_round(meeting, [world.head, world.deputy, world.member], criteria=4)
    actor = world.users["secretariat"]

    report = services.save_report(
        meeting,
        0,
        actor=actor,
        results="Các đơn vị ủng hộ 153135000 đồng (ví dụ).",
        tasks="Tiếp tục.",
    )
    with pytest.raises(StaleEdit):
        services.save_report(meeting, 0, actor=actor, results="x")
    issued = services.issue_report(meeting, report.version, actor=actor)

    assert issued.number == "Số: 01/BC-KTĐ6"
    assert issued.content["figures"]["came"] == 2
    assert issued.content["figures"]["leading"] == "Sở Xây dựng"
    with pytest.raises(ValidationError):
        services.save_report(meeting, issued.version, actor=actor, results="y")
    text = words(
        pdftotext(
            render_document(get_kind("meeting_review_report"), services.document(issued)).content
        )
    )
    assert "153.135.000 đồng" in text
    assert "Số: 01/BC-KTĐ6" in text
    assert "2/3 đơn vị thành viên" in text


def test_an_empty_report_cannot_be_issued(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    client = client_for("secretariat")
    assert client.get(reverse("meetings:review_report", args=[meeting.pk])).status_code == 200
    client.post(
        reverse("meetings:review_report", args=[meeting.pk]),
        {"expected_version": "0", "results": "", "shortcomings": "x", "tasks": ""},
    )
    page = client.get(reverse("meetings:review_report_issue", args=[meeting.pk])).content.decode()
    assert 'id="confirm-issue"' not in page
    response = client.post(
        reverse("meetings:review_report_issue", args=[meeting.pk]), {"expected_version": "1"}
    )
    assert response.status_code == 302
    assert ReviewReport.objects.get().number == ""
