"""f1: the overseer's comments on the minutes (issue 12 §2): kept and shown on the minutes page,
recorded in the change log; the minutes, draft or finalised, do not change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import Change
from meetings.history import CommentAction
from meetings.models import Comment, Minutes
from meetings.services import minutes as services
from meetings.services.evidence import add_minutes_comment
from tests.factories import FinalMinutesFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return MeetingFactory(bloc_year=world.bloc_year, secretary_name="Trần Thị Thư")


def _minutes_state(meeting) -> list:
    return list(
        Minutes.objects.filter(meeting=meeting).values_list(
            "pk", "version", "number", "discussion", "finalised_at"
        )
    )


def test_the_overseer_reads_the_minutes_and_comments(meeting, world, client_for):
    draft = services.start_minutes(meeting, actor=world.users["secretariat"])
    before = _minutes_state(meeting)
    client = client_for("overseer")
    url = reverse("meetings:minutes", args=[meeting.pk])
    page = client.get(url).content.decode()
    # Read-only for the overseer: the preview and the comment form, never the draft's form.
    assert 'id="minutes-comment-form"' in page
    assert 'id="minutes-form"' not in page
    assert 'id="finalise-link"' not in page

    comment_url = reverse("meetings:minutes_comment", args=[meeting.pk])
    answer = client.post(comment_url, {"text": "  Cần bổ sung phần nhiệm vụ (ví dụ).  "})
    assert answer.status_code == 302
    assert answer["Location"].endswith("#minutes-comments")
    comment = Comment.objects.get(meeting=meeting)
    assert comment.assessment is None
    assert comment.text == "Cần bổ sung phần nhiệm vụ (ví dụ)."
    assert _minutes_state(meeting) == before
    change = Change.objects.get(action=CommentAction.MINUTES_COMMENTED)
    assert change.actor == world.users["overseer"]

    # Shown to the overseer and to the secretariat, who still edits the draft.
    assert "Cần bổ sung phần nhiệm vụ" in client.get(url).content.decode()
    secretariat_page = client_for("secretariat").get(url).content.decode()
    assert "Cần bổ sung phần nhiệm vụ" in secretariat_page
    assert 'id="minutes-comment-form"' not in secretariat_page
    assert 'id="minutes-form"' in secretariat_page
    draft.refresh_from_db()
    assert draft.finalised_at is None

    # The meeting's page offers the overseer the minutes.
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert url in detail


def test_a_comment_on_finalised_minutes_changes_nothing_else(meeting, world, client_for):
    FinalMinutesFactory(meeting=meeting)
    before = _minutes_state(meeting)
    client = client_for("overseer")
    page = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert 'id="start-correction"' not in page
    answer = client.post(
        reverse("meetings:minutes_comment", args=[meeting.pk]), {"text": "Đồng ý (ví dụ)."}
    )
    assert answer.status_code == 302
    assert Comment.objects.filter(meeting=meeting, assessment=None).count() == 1
    assert _minutes_state(meeting) == before


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_bad_comments_give_a_message_and_save_nothing(text, meeting, world, client_for):
    changes = Change.objects.count()
    client = client_for("overseer")
    answer = client.post(
        reverse("meetings:minutes_comment", args=[meeting.pk]), {"text": text}, follow=True
    )
    assert answer.status_code == 200
    assert 'role="alert"' in answer.content.decode() or "error" in answer.content.decode()
    assert not Comment.objects.exists()
    assert Change.objects.count() == changes


def test_the_service_refuses_everyone_but_the_overseer(meeting, world):
    for role in ("secretariat", "board", "member", "superuser"):
        with pytest.raises(PermissionDenied):
            add_minutes_comment(meeting, actor=world.users[role], text="x")
    with pytest.raises(ValidationError):
        add_minutes_comment(meeting, actor=world.users["overseer"], text=" ")
    assert not Comment.objects.exists()


def test_another_bloc_years_meeting_is_not_found(world, client_for):
    other = MeetingFactory()
    answer = client_for("overseer").post(
        reverse("meetings:minutes_comment", args=[other.pk]), {"text": "x"}
    )
    assert answer.status_code == 404
    assert not Comment.objects.exists()


def test_the_overseer_reads_minutes_not_yet_written(meeting, client_for):
    page = client_for("overseer").get(reverse("meetings:minutes", args=[meeting.pk]))
    assert page.status_code == 200
    assert 'id="minutes-form"' not in page.content.decode()
    assert not Minutes.objects.filter(meeting=meeting).exists()


def test_the_comments_cost_a_fixed_number_of_queries(
    meeting, world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.start_minutes(meeting, actor=world.users["secretariat"])
    client = client_for("overseer")
    url = reverse("meetings:minutes", args=[meeting.pk])
    add_minutes_comment(meeting, actor=world.users["overseer"], text="Một (ví dụ).")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(10):
        add_minutes_comment(meeting, actor=world.users["overseer"], text=f"Thêm {n} (ví dụ).")
    with django_assert_max_num_queries(len(one)):
        page = client.get(url)
    assert page.content.decode().count("(ví dụ).") >= 11
