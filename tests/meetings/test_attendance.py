"""Attendance: one page, every member agency's presence and the guests', all or nothing,
versioned against a concurrent save."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.actors import SYSTEM
from core.models import Change
from core.versioning import StaleEdit
from meetings.models import Attendance, Presence
from meetings.selectors import meeting_page
from meetings.services.attendance import IncompleteAttendance, Mark, record_attendance
from tests.factories import GuestFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _all_present(world):
    return [
        Mark(world.head.pk, Presence.PRESENT, "Trần Văn Xây", "Giám đốc"),
        Mark(world.deputy.pk, Presence.REPRESENTED, "Lê Thị Phó", "Phó Giám đốc"),
        Mark(world.member.pk, Presence.PRESENT, "Nguyễn Văn Tra", "Chánh Thanh tra"),
    ]


def test_the_headcount_reads_three_of_three(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    guest = GuestFactory(meeting=meeting)
    record_attendance(meeting, 0, actor=SYSTEM, marks=_all_present(world), guests_present=set())
    page = meeting_page(meeting)
    assert str(page.headcount) == "3/3"
    guest.refresh_from_db()
    assert guest.present is False
    change = Change.objects.get(action="attendance_recorded")
    assert any(
        line.startswith("Sở Xây dựng: ") and line.endswith(" (Trần Văn Xây, Giám đốc)")
        for line in change.after["attendance"]
    )


def test_an_absence_needs_a_reason_and_nothing_is_half_saved(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    marks = [
        Mark(world.head.pk, Presence.PRESENT, "Trần Văn Xây"),
        Mark(world.deputy.pk, Presence.ABSENT),
        Mark(world.member.pk, Presence.PRESENT),
    ]
    with pytest.raises(IncompleteAttendance) as caught:
        record_attendance(meeting, 0, actor=SYSTEM, marks=marks, guests_present=set())
    lines = caught.value.lines
    assert {agency: set(fields) for agency, fields in lines.items()} == {
        world.deputy.pk: {"reason"},
        world.member.pk: {"attendee_name"},
    }
    assert not Attendance.objects.exists()
    meeting.refresh_from_db()
    assert meeting.attendance_version == 0


def test_a_concurrent_save_is_refused(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    record_attendance(meeting, 0, actor=SYSTEM, marks=_all_present(world), guests_present=set())
    with pytest.raises(StaleEdit):
        record_attendance(meeting, 0, actor=SYSTEM, marks=[], guests_present=set())
    assert Attendance.objects.count() == 3


def test_an_agency_outside_the_bloc_is_refused(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    with pytest.raises(ValidationError) as caught:
        record_attendance(
            meeting,
            0,
            actor=SYSTEM,
            marks=[Mark(world.other_agency.pk, Presence.PRESENT, "X")],
            guests_present=set(),
        )
    assert caught.value.code == "agency"
    assert not Attendance.objects.exists()


def test_a_member_cannot_record_attendance(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    with pytest.raises(PermissionDenied):
        record_attendance(
            meeting, 0, actor=world.users["member"], marks=_all_present(world), guests_present=set()
        )


def test_a_reason_is_kept_only_for_an_absence(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    marks = [
        Mark(world.head.pk, Presence.PRESENT, "Trần Văn Xây", reason="không liên quan"),
        Mark(world.deputy.pk, Presence.ABSENT, "Ai đó", reason="Đi công tác"),
    ]
    record_attendance(meeting, 0, actor=SYSTEM, marks=marks, guests_present=set())
    head = Attendance.objects.get(agency=world.head)
    deputy = Attendance.objects.get(agency=world.deputy)
    assert head.reason == ""
    assert deputy.attendee_name == ""
    assert deputy.reason == "Đi công tác"
    assert str(meeting_page(meeting).headcount) == "1/3"


# --- The page ----------------------------------------------------------------------------------


def _post(world, **overrides):
    data = {"expected_version": "0"}
    for agency, presence, name, reason in (
        (world.head, "present", "Trần Văn Xây", ""),
        (world.deputy, "present", "Lê Thị Phó", ""),
        (world.member, "absent", "", "Đi công tác"),
    ):
        data |= {
            f"presence_{agency.pk}": presence,
            f"name_{agency.pk}": name,
            f"title_{agency.pk}": "",
            f"reason_{agency.pk}": reason,
        }
    return data | overrides


def test_the_attendance_page_saves_every_line(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    guest = GuestFactory(meeting=meeting)
    client = client_for("secretariat")
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(world, **{f"guest_{guest.pk}": "on"}))
    assert response.status_code == 302
    assert Attendance.objects.count() == 3
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2/3" in page
    assert "Đi công tác" in page


def test_the_attendance_page_shows_a_lines_error_and_saves_nothing(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    client = client_for("secretariat")
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(url, _post(world, **{f"reason_{world.member.pk}": ""}))
    assert response.status_code == 200
    assert f"reason_{world.member.pk}" in response.context["form"].errors
    assert 'class="row-error"' in response.content.decode()
    assert not Attendance.objects.exists()
    # A presence that is not one of the choices is a form error, never a 500.
    response = client.post(url, _post(world, **{f"presence_{world.head.pk}": "maybe"}))
    assert response.status_code == 200
    assert not Attendance.objects.exists()
