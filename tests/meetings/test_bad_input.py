"""Hostile or mistaken input on the meetings pages: a Vietnamese message next to the field or a
403/404, never a 500, and nothing half-saved."""

import pytest
from django.urls import reverse

from meetings.models import Attendance, Guest, Invitation, Meeting
from tests.factories import GuestFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 5000


def _state():
    return (
        list(Meeting.objects.values_list("pk", "version", "attendance_version", "place")),
        Guest.objects.count(),
        Attendance.objects.count(),
        Invitation.objects.count(),
    )


@pytest.fixture
def meeting(world):
    return MeetingFactory(bloc_year=world.bloc_year)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "midyear", "date": "10/08/2020", "time": "08:00", "place": LONG},
        {"kind": "midyear", "date": "2020-13-45", "time": "8h", "place": "x"},
        {"kind": "midyear", "date": "10/08/2020", "time": "08:00", "place": "x", "host": "abc"},
        {"kind": "midyear", "date": "10/08/2020", "time": "08:00", "place": "x", "chair": "999999"},
        {
            "kind": "midyear",
            "date": "10/08/2020",
            "time": "08:00",
            "place": "x",
            "new_chair_name": "A",
        },
        {
            "kind": "midyear",
            "date": "10/08/2020",
            "time": "08:00",
            "place": "x",
            "agenda": LONG * 2,
        },
        {
            "kind": "midyear",
            "date": "10/08/2020",
            "time": "08:00",
            "place": "x",
            "expected_version": "abc",
        },
    ],
)
def test_bad_plans_are_answered_on_the_form(world, client_for, meeting, data):
    client = client_for("secretariat")
    before = _state()
    for url in (
        reverse("meetings:meeting_create", args=[world.bloc.pk, 2020]),
        reverse("meetings:meeting_edit", args=[meeting.pk]),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert response.context["form"].errors
    assert _state() == before


def test_an_agency_of_another_bloc_as_host_is_refused(world, client_for, meeting):
    response = client_for("secretariat").post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        {
            "kind": "midyear",
            "date": "10/08/2020",
            "time": "08:00",
            "place": "x",
            "host": world.other_agency.pk,
            "expected_version": meeting.version,
        },
    )
    assert "host" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.host is None


def test_a_guest_of_another_bloc_year_is_not_found(world, client_for):
    foreign = GuestFactory(meeting__bloc_year=world.foreign_bloc_year)
    client = client_for("secretariat")
    assert client.post(reverse("meetings:guest_remove", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("meetings:guest_move", args=[foreign.pk])).status_code == 404
    assert Guest.objects.filter(pk=foreign.pk).exists()


def test_the_wrong_year_in_the_url_is_not_found(world, client_for):
    client = client_for("secretariat")
    assert (
        client.get(reverse("meetings:bloc_year_meetings", args=[world.bloc.pk, 2019])).status_code
        == 404
    )
    assert (
        client.get(reverse("meetings:meeting_create", args=[world.bloc.pk, 2031])).status_code
        == 404
    )


def test_bad_guests_and_attendance_are_answered_on_the_form(world, client_for, meeting):
    client = client_for("secretariat")
    before = _state()
    response = client.post(reverse("meetings:guests", args=[meeting.pk]), {"name": LONG})
    assert response.status_code == 200
    assert response.context["form"].errors
    url = reverse("meetings:attendance", args=[meeting.pk])
    for data in (
        {"expected_version": "x"},
        {
            "expected_version": "0",
            f"presence_{world.head.pk}": "present",
            f"name_{world.head.pk}": LONG,
        },
        # An agency outside the bloc in a field name is not a field: ignored, nothing saved.
        {"expected_version": "0", f"presence_{world.other_agency.pk}": "present"},
    ):
        response = client.post(url, data)
        assert response.status_code in (200, 302)
    assert _state()[1:] == before[1:]


@pytest.mark.parametrize("dated", ["", "31/02/2020", "hôm qua", "01/01/1900", "01/01/9999"])
def test_bad_invitation_dates_are_answered_on_the_form(world, client_for, meeting, dated):
    response = client_for("secretariat").post(
        reverse("meetings:invitation", args=[meeting.pk]), {"dated": dated}
    )
    assert response.status_code == 200
    assert "dated" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_resuming_without_an_invitation_does_nothing(world, client_for, meeting):
    response = client_for("secretariat").post(
        reverse("meetings:invitation", args=[meeting.pk]), {"action": "resume"}
    )
    assert response.status_code == 200  # the form, as nothing was issued to resume
    assert not Invitation.objects.exists()
