"""The invitation (giấy mời, GM): numbered, frozen, e-mailed once to each recipient with its PDF
and a calendar file that a strict RFC 5545 reader accepts."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.actors import SYSTEM
from core.models import Change
from meetings import ics
from meetings.models import Invitation, InvitationEmail
from meetings.services import invitations
from reports.vietnamese import document_date
from tests.factories import (
    AgencyOfficerFactory,
    GuestFactory,
    MeetingFactory,
    OfficialFactory,
)
from tests.reports.conftest import pdftotext, words

from .ical import Malformed, parse

pytestmark = pytest.mark.django_db

SITE_URL = "http://khoithidua.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def coming(world):
    """Khối 6's sơ kết in ten days, hosted by the deputy, chaired by the head's director, with
    two guests and an agenda containing the characters a calendar file must escape."""
    chair = OfficialFactory(
        province=world.province, full_name="Trần Văn Xây", title="Giám đốc", agency=world.head
    )
    meeting = MeetingFactory(
        bloc_year=world.bloc_year,
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=10),
        host=world.deputy,
        chair=chair,
        place="Hội trường Sở KH&CN, số 1; tầng 2",
        agenda="Báo cáo sơ kết 6 tháng, phương hướng\nChấm điểm; xếp hạng",
    )
    GuestFactory(
        meeting=meeting,
        name="Đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh",
        title="Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
        position=1,
    )
    GuestFactory(
        meeting=meeting,
        name="Đại diện Công đoàn Viên chức tỉnh",
        title="Chủ tịch Công đoàn Viên chức tỉnh",
        position=2,
    )
    return meeting


def _today():
    return timezone.localdate()


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """invitations.issue_invitation, with the e-mails queued as at the commit of a request."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return invitations.issue_invitation(*args, **kwargs)

    return run


def test_issuing_numbers_freezes_and_emails_each_recipient_once(world, coming, issue):
    invitation = issue(coming, actor=world.users["secretariat"], dated=_today())
    assert invitation.number == "Số: 01/GM-KTĐ6"
    coming.refresh_from_db()
    assert coming.invitation_number == "Số: 01/GM-KTĐ6"
    assert coming.invited_at is not None
    # The members' officers (head and member here) and the overseer's account.
    expected = {"head@example.vn", "member@example.vn", "overseer@example.vn"}
    assert {address for message in mail.outbox for address in message.to} == expected
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others
    assert invitation.recipient_count == 3
    assert set(InvitationEmail.objects.values_list("email", flat=True)) == expected
    message = mail.outbox[0]
    names = [attachment.filename for attachment in message.attachments]
    assert names == [f"giay-moi-{invitation.pk}.pdf", "hoi-nghi.ics"]
    assert "Số: 01/GM-KTĐ6" in message.body
    assert coming.get_absolute_url() in message.body
    assert "\n" not in message.subject
    # A retried task sends nothing again.
    assert invitations.send_invitation_emails(invitation.pk) == 0
    assert len(mail.outbox) == 3
    assert Change.objects.filter(action="invitation_issued").count() == 1


def test_a_failed_send_is_retried_for_the_rest_only(world, coming):
    invitation = invitations.issue_invitation(coming, actor=SYSTEM, dated=_today())
    sent: list[str] = []

    def send_or_fail(self, *args, **kwargs):
        if len(sent) == 1:
            raise OSError("SMTP down")
        sent.append(self.to[0])
        return 1

    with (
        mock.patch("django.core.mail.EmailMessage.send", send_or_fail),
        pytest.raises(OSError, match="SMTP down"),
    ):
        invitations.send_invitation_emails(invitation.pk)
    assert InvitationEmail.objects.count() == 1  # the failed address was rolled back
    # The task's retry: the two others only.
    assert invitations.send_invitation_emails(invitation.pk) == 2
    assert InvitationEmail.objects.count() == 3
    assert sent[0] not in {message.to[0] for message in mail.outbox}


def test_a_meeting_already_held_is_recorded_without_emails(world, issue):
    meeting = MeetingFactory(bloc_year=world.bloc_year)  # 10/08/2020
    assert invitations.default_date(meeting) == datetime.date(2020, 8, 10)
    invitation = issue(meeting, actor=SYSTEM, dated=datetime.date(2020, 8, 3))
    assert invitation.emailed is False
    assert mail.outbox == []
    # Numbered in the register of the invitation's year.
    assert invitation.number == "Số: 01/GM-KTĐ6"
    assert invitation.content["dated"] == "2020-08-03"


@pytest.mark.parametrize(
    "dated",
    [
        datetime.date(2020, 8, 11),  # after the meeting
        datetime.date(2018, 12, 31),  # before the year ahead of the bloc-year's
    ],
)
def test_impossible_dates_are_refused(world, dated, issue):
    meeting = MeetingFactory(bloc_year=world.bloc_year)
    with pytest.raises(ValidationError) as caught:
        issue(meeting, actor=SYSTEM, dated=dated)
    assert "dated" in caught.value.error_dict
    assert not Invitation.objects.exists()


def test_a_future_date_is_refused(world, coming, issue):
    with pytest.raises(ValidationError):
        issue(coming, actor=SYSTEM, dated=_today() + datetime.timedelta(days=1))


def test_sending_again_needs_a_note_and_gets_the_next_number(world, coming, issue):
    first = issue(coming, actor=SYSTEM, dated=_today())
    # The meeting moved (its bloc-year is 2020's, so the change is made directly here).
    type(coming).objects.filter(pk=coming.pk).update(place="Phòng họp số 2, Sở Xây dựng")
    coming.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        issue(coming, actor=SYSTEM, dated=_today())
    assert "note" in caught.value.error_dict
    second = issue(coming, actor=SYSTEM, dated=_today(), note="Đổi địa điểm sang Phòng họp số 2")
    assert second.number == "Số: 02/GM-KTĐ6"
    assert second.content["sequence"] == 1
    assert second.content["replaces"]["number"] == "01/GM-KTĐ6"
    first.refresh_from_db()
    assert first.content["place"] == "Hội trường Sở KH&CN, số 1; tầng 2"  # frozen
    assert second.content["place"] == "Phòng họp số 2, Sở Xây dựng"
    assert len(mail.outbox) == 6
    change = Change.objects.get(action="invitation_reissued")
    assert change.reason == "Đổi địa điểm sang Phòng họp số 2"


def test_the_invitation_pdf(world, coming, issue):
    invitation = issue(coming, actor=SYSTEM, dated=_today())
    pdf = mail.outbox[0].attachments[0].content
    text = words(pdftotext(pdf))
    assert "GIẤY MỜI" in text
    assert "Số: 01/GM-KTĐ6" in text
    assert f"Trà Vinh, {document_date(invitation.dated)}" in text
    assert "Khối thi đua số 6 trân trọng kính mời" in text
    assert f"Thời gian: {invitation.content['time']}." in text
    assert "Đồng chí Phạm Khải Trung, Chánh Thanh tra tỉnh" in text
    assert "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh" in text
    assert "Chủ tịch Công đoàn Viên chức tỉnh" in text
    assert "TM. KHỐI THI ĐUA SỐ 6" in text
    assert "TRƯỞNG KHỐI" in text
    assert "Trần Văn Xây" in text  # the chair leads the head agency: named as its signer
    assert "Nơi nhận:" in text
    assert "- Thanh tra tỉnh;" in text
    assert "- Lưu: VT." in text


# --- The calendar file -----------------------------------------------------------------------


def test_the_calendar_file_parses_strictly(world, coming, issue):
    invitation = issue(coming, actor=SYSTEM, dated=_today())
    data = mail.outbox[0].attachments[1].content
    data = data.encode() if isinstance(data, str) else data
    calendar = parse(data)
    assert calendar.value("VERSION") == "2.0"
    (zone,) = calendar.find("VTIMEZONE")
    assert zone.value("TZID") == "Asia/Ho_Chi_Minh"
    (event,) = calendar.find("VEVENT")
    assert event.value("UID") == f"hoi-nghi-{coming.pk}@khoithidua.example"
    assert event.value("SEQUENCE") == "0"
    assert event.params("DTSTART") == {"TZID": "Asia/Ho_Chi_Minh"}
    start = timezone.localtime(coming.starts_at)
    assert event.value("DTSTART") == f"{start:%Y%m%dT%H%M%S}"
    assert event.value("DTSTAMP").endswith("Z")
    assert event.text("LOCATION") == "Hội trường Sở KH&CN, số 1; tầng 2"
    description = event.text("DESCRIPTION")
    assert "1. Báo cáo sơ kết 6 tháng, phương hướng\n2. Chấm điểm; xếp hạng" in description
    assert invitation.number in description
    assert event.text("SUMMARY").startswith("Hội nghị sơ kết")


def test_sending_again_updates_the_same_calendar_event(world, coming, issue):
    issue(coming, actor=SYSTEM, dated=_today())
    second = issue(coming, actor=SYSTEM, dated=_today(), note="Dời sang 14 giờ")
    event = parse(ics.calendar_file(invitations.calendar_event(second))).find("VEVENT")[0]
    assert event.value("UID") == f"hoi-nghi-{coming.pk}@khoithidua.example"
    assert event.value("SEQUENCE") == "1"
    assert "Thay đổi: Dời sang 14 giờ" in event.text("DESCRIPTION")


def test_long_vietnamese_lines_fold_between_characters():
    stamp = datetime.datetime(2020, 8, 3, 1, 0, tzinfo=datetime.UTC)
    event = ics.Event(
        uid="x@y",
        sequence=0,
        starts_at=stamp,
        summary="Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020 " * 3,
        location="Ủy ban",
        description="Dòng 1\r\nDòng 2\\ cuối",
        stamp=stamp,
    )
    calendar = parse(ics.calendar_file(event))
    vevent = calendar.find("VEVENT")[0]
    assert vevent.text("SUMMARY").startswith("Hội nghị sơ kết công tác thi đua, khen thưởng")
    assert vevent.text("DESCRIPTION") == "Dòng 1\nDòng 2\\ cuối"


def test_the_strict_reader_refuses_a_malformed_file():
    with pytest.raises(Malformed):
        parse(b"BEGIN:VCALENDAR\nEND:VCALENDAR\n")  # LF only
    calendar = parse(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a,b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(Malformed):
        calendar.find("VEVENT")[0].text("SUMMARY")  # an unescaped comma
    with pytest.raises(Malformed):
        parse(b"BEGIN:VCALENDAR\r\nSUMMARY:" + "ư".encode() * 40 + b"\r\nEND:VCALENDAR\r\n")


# --- Pages -----------------------------------------------------------------------------------


def test_the_invitation_page_issues_and_the_meeting_page_shows_it(world, coming, client_for):
    client = client_for("secretariat")
    url = reverse("meetings:invitation", args=[coming.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"dated": f"{_today():%d/%m/%Y}"})
    assert response.status_code == 302
    page = client.get(coming.get_absolute_url()).content.decode()
    assert "Số: 01/GM-KTĐ6" in page
    assert 'id="calendar-link"' in page
    calendar = client.get(reverse("meetings:calendar", args=[coming.pk]))
    assert calendar["Content-Type"].startswith("text/calendar")
    parse(calendar.content)
    # Sending again without saying what changed: the form says so, nothing is issued.
    response = client.post(url, {"dated": f"{_today():%d/%m/%Y}", "note": "  "})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert Invitation.objects.count() == 1


def test_the_remaining_emails_can_be_sent_when_the_broker_was_down(
    world, coming, client_for, issue
):
    with mock.patch("core.background.send_now", side_effect=OSError("broker down")):
        invitation = issue(coming, actor=SYSTEM, dated=_today())
    assert mail.outbox == []
    client = client_for("secretariat")
    page = client.get(coming.get_absolute_url()).content.decode()
    assert 'name="action" value="resume"' in page
    client.post(reverse("meetings:invitation", args=[coming.pk]), {"action": "resume"})
    assert InvitationEmail.objects.filter(invitation=invitation).count() == 3


def test_an_officer_added_later_is_sent_the_rest(world, coming, issue):
    invitation = issue(coming, actor=SYSTEM, dated=_today())
    AgencyOfficerFactory(agency=world.deputy, email="deputy@example.vn")
    assert invitations.send_invitation_emails(invitation.pk) == 1
    assert mail.outbox[-1].to == ["deputy@example.vn"]
