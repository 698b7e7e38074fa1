"""Planning a bloc-year's meetings: the services' rules and the pages that call them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from blocs.models import Official
from core.actors import SYSTEM
from core.models import Change
from core.versioning import StaleEdit
from meetings.models import Guest, Meeting, MeetingKind
from meetings.services import meetings as services
from tests.factories import FinalMinutesFactory, MeetingFactory, OfficialFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _values(**overrides):
    values = {
        "kind": MeetingKind.MIDYEAR,
        "title": "",
        "starts_at": datetime.datetime(2020, 8, 10, 8, 0, tzinfo=VN),
        "place": "Hội trường Sở Khoa học và Công nghệ",
        "host": None,
        "chair": None,
        "secretary_name": "Nguyễn Thị Thư",
        "secretary_title": "Chuyên viên Sở Xây dựng",
        "agenda": "Báo cáo sơ kết 6 tháng\nChấm điểm thi đua",
    }
    return {**values, **overrides}


def test_the_secretariat_plans_a_past_meeting_and_it_is_logged(world):
    meeting = services.plan_meeting(
        world.bloc_year, actor=world.users["secretariat"], **_values(host=world.deputy)
    )
    assert meeting.starts_at.year == 2020  # a meeting of 2020 is recorded years later
    assert meeting.agenda_items == ["Báo cáo sơ kết 6 tháng", "Chấm điểm thi đua"]
    change = Change.objects.get(action="meeting_planned")
    assert change.actor == world.users["secretariat"]
    assert change.bloc_year_id == world.bloc_year.pk
    assert change.after["host"] == "Sở Khoa học và Công nghệ"


@pytest.mark.parametrize("role", ["member", "overseer", "foreign_board"])
def test_only_runners_plan(world, role):
    with pytest.raises(PermissionDenied):
        services.plan_meeting(world.bloc_year, actor=world.users[role], **_values())
    assert not Meeting.objects.exists()


def test_one_six_month_review_per_bloc_year(world):
    services.plan_meeting(world.bloc_year, actor=SYSTEM, **_values())
    with pytest.raises(ValidationError) as caught:
        services.plan_meeting(world.bloc_year, actor=SYSTEM, **_values())
    assert "kind" in caught.value.error_dict
    # Other meetings: as many as needed, each with its name.
    services.plan_meeting(
        world.bloc_year, actor=SYSTEM, **_values(kind=MeetingKind.OTHER, title="Họp bàn hội thao")
    )
    services.plan_meeting(
        world.bloc_year, actor=SYSTEM, **_values(kind=MeetingKind.OTHER, title="Họp lần 2")
    )
    assert world.bloc_year.meetings.count() == 3


def test_bad_facts_are_refused_field_by_field(world):
    with pytest.raises(ValidationError) as caught:
        services.plan_meeting(
            world.bloc_year,
            actor=SYSTEM,
            **_values(
                kind=MeetingKind.OTHER,
                starts_at=datetime.datetime(2023, 1, 5, 8, 0, tzinfo=VN),
                host=world.other_agency,
                chair=OfficialFactory(province=world.foreign_province),
            ),
        )
    assert set(caught.value.error_dict) == {"starts_at", "title", "host", "chair"}
    assert not Meeting.objects.exists()


def test_a_year_end_review_may_be_held_in_january_of_the_next_year(world):
    meeting = services.plan_meeting(
        world.bloc_year,
        actor=SYSTEM,
        **_values(kind=MeetingKind.YEAREND, starts_at=datetime.datetime(2021, 1, 11, 8, tzinfo=VN)),
    )
    assert meeting.kind == MeetingKind.YEAREND


def test_the_default_chair_is_the_head_agencys_official(world):
    assert services.default_chair(world.bloc_year) is None
    leader = OfficialFactory(
        province=world.province, full_name="Trần Văn Xây", title="Giám đốc", agency=world.head
    )
    OfficialFactory(province=world.province, agency=world.member)
    assert services.default_chair(world.bloc_year) == leader
    choices = services.chair_choices(world.bloc_year)
    assert choices[0] == leader  # the head's officials first
    assert choices[-1] == world.official  # the overseer may chair too


def test_a_new_chair_is_added_to_the_provinces_officials(world):
    meeting = services.plan_meeting(
        world.bloc_year,
        actor=world.users["secretariat"],
        new_chair=services.NewChair("Lê Văn Chủ", "Phó Giám đốc Sở Xây dựng", world.head),
        **_values(),
    )
    chair = Official.objects.get(full_name="Lê Văn Chủ")
    assert meeting.chair == chair
    assert chair.agency == world.head
    assert chair.province == world.province
    assert Change.objects.filter(action="chair_added").count() == 1


def test_a_stale_edit_is_refused(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    services.update_meeting(meeting, 1, actor=SYSTEM, place="Phòng họp A")
    stale = Meeting.objects.get(pk=meeting.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.update_meeting(stale, 1, actor=SYSTEM, place="Phòng họp B")
    meeting.refresh_from_db()
    assert meeting.place == "Phòng họp A"
    assert meeting.version == 2
    change = Change.objects.get(action="meeting_edited")
    assert change.before == {"place": "Hội trường Sở Khoa học và Công nghệ"}
    assert change.after == {"place": "Phòng họp A"}


def test_finalised_minutes_freeze_the_meeting(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    FinalMinutesFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        services.update_meeting(meeting, meeting.version, actor=SYSTEM, place="Khác")
    with pytest.raises(ValidationError):
        services.add_guest(meeting, actor=SYSTEM, name="Ai đó")
    assert not Guest.objects.exists()


def test_guests_are_added_removed_and_reordered(world):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    actor = world.users["secretariat"]
    first = services.add_guest(
        meeting,
        actor=actor,
        name="Đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh",
        title="Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
    )
    second = services.add_guest(
        meeting, actor=actor, name="Đại diện Công đoàn", title="Chủ tịch Công đoàn Viên chức tỉnh"
    )
    third = services.add_guest(meeting, actor=actor, name="Khách ba")
    services.move_guest(third, actor=actor, up=True)
    assert list(meeting.guests.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    services.move_guest(first, actor=actor, up=True)  # already first: nothing moves
    services.remove_guest(third, actor=actor)
    assert list(meeting.guests.values_list("pk", flat=True)) == [first.pk, second.pk]
    actions = list(Change.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["guest_added"] * 3 + ["guests_reordered", "guest_removed"]


# --- Pages -----------------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "kind": "midyear",
        "title": "",
        "date": "10/08/2020",
        "time": "08:00",
        "place": "Hội trường Sở Khoa học và Công nghệ",
        "host": "",
        "chair": "",
        "secretary_name": "",
        "secretary_title": "",
        "agenda": "Báo cáo sơ kết\n\n  Chấm điểm  ",
    }
    return {**data, **overrides}


def test_plan_page_takes_vietnamese_dates_and_times(world, client_for):
    client = client_for("secretariat")
    url = reverse("meetings:meeting_create", args=[world.bloc.pk, 2020])
    response = client.post(url, _form(host=world.deputy.pk))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    local = meeting.starts_at.astimezone(VN)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2020, 8, 10), 8, 0)
    assert meeting.agenda == "Báo cáo sơ kết\nChấm điểm"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "08:00, 10/08/2020" in page
    assert 'id="scoring-summary"' in page
    assert 'id="minutes-summary"' in page


def test_plan_page_shows_errors_next_to_the_fields(world, client_for):
    client = client_for("secretariat")
    url = reverse("meetings:meeting_create", args=[world.bloc.pk, 2020])
    response = client.post(url, _form(date="31/02/2020", time="25:00", kind="nonsense"))
    assert response.status_code == 200
    form = response.context["form"]
    assert {"date", "time", "kind"} <= set(form.errors)
    response = client.post(url, _form(date="10/08/2019"))
    assert "date" in response.context["form"].errors  # the service's rule, on the date field
    assert not Meeting.objects.exists()


def test_edit_page_refuses_a_stale_form(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    client = client_for("board")
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    assert client.post(url, _form(place="Mới", expected_version=1)).status_code == 302
    response = client.post(url, _form(place="Cũ hơn", expected_version=1))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["stale"]
    meeting.refresh_from_db()
    assert meeting.place == "Mới"


def test_guests_page_adds_with_htmx_and_without(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    client = client_for("secretariat")
    url = reverse("meetings:guests", args=[meeting.pk])
    response = client.post(
        url,
        {"name": "Đại diện Công đoàn", "title": "Chủ tịch", "organisation": "CĐVC tỉnh"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="guests"' in response.content.decode()
    assert "<html" not in response.content.decode()  # the fragment only
    response = client.post(url, {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    guest = meeting.guests.get()
    client.post(reverse("meetings:guest_remove", args=[guest.pk]))
    assert not meeting.guests.exists()
