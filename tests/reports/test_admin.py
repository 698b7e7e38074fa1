"""Operators watch documents in the admin and send failed ones again."""

from django.urls import reverse

from reports.models import ReportStatus

from .conftest import make_report


def test_operators_see_documents_with_the_kind_in_vietnamese(world, client_for):
    make_report(world.users["member"], world.bloc_year)

    response = client_for("superuser").get(reverse("admin:reports_report_changelist"))

    assert response.status_code == 200
    assert "Danh sách thành viên khối" in response.text  # the kind's label, not "bloc_roster"


def test_operators_send_a_failed_document_again_and_it_is_made(world, client_for):
    failed = make_report(world.users["member"], world.bloc_year, status=ReportStatus.FAILED)

    response = client_for("superuser").post(
        reverse("admin:reports_report_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )

    failed.refresh_from_db()
    assert failed.status == ReportStatus.DONE, failed.error  # Celery is eager in tests
    assert failed.error == ""
    assert "Đã gửi lại 1 tài liệu." in response.text
