"""Around scoring (mb): agencies' to-dos, the reminder e-mail after a submit, the overseer's
read-only view and the change log."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from meetings.services import reminders, scoring_cells
from tests.factories import FinalMinutesFactory

from .scoring_setup import fill_self, open_round

pytestmark = pytest.mark.django_db


def test_an_agency_is_told_to_enter_its_assessment_then_that_it_was_returned(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    user = world.users["member"]
    from meetings.scoring_selectors import assessments_to_do

    due = assessments_to_do(user)
    assert [item.url for item in due] == [assessment.get_absolute_url()]
    assert "10/08/2020" in due[0].text

    fill_self(assessment, user)
    assert assessments_to_do(user) == []
    assessment.refresh_from_db()
    scoring_cells.return_assessment(
        assessment, actor=world.users["board"], reason="Thiếu minh chứng"
    )
    returned = assessments_to_do(user)
    assert "Thiếu minh chứng" in returned[0].text

    FinalMinutesFactory(meeting=round_.meeting)
    assert assessments_to_do(user) == []


def test_the_to_do_shows_on_the_agencys_dashboard(world, client_for):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)

    page = client_for("member").get(reverse("blocs:dashboard"))

    assert assessment.get_absolute_url() in page.content.decode()


def test_a_submitted_agency_is_no_longer_reminded(world):
    round_ = open_round(world)
    fill_self(round_.assessments.get(agency=world.member), world.users["member"])
    today = datetime.date(2020, 8, 8)

    reminders.send_assessment_reminders(today)

    recipients = {address for message in mail.outbox for address in message.to}
    assert world.users["member"].email not in recipients
    assert world.users["secretariat"].email in recipients  # the head has not submitted


def test_the_checking_agency_is_told_what_to_check(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)  # checked by the head
    from meetings.scoring_selectors import assessments_to_do

    head_officer = world.users["secretariat"]
    assert all(
        item.url != assessment.get_absolute_url() for item in assessments_to_do(head_officer)
    )
    fill_self(assessment, world.users["member"])

    waiting = [i for i in assessments_to_do(head_officer) if i.url == assessment.get_absolute_url()]
    assert len(waiting) == 1
    assert "Thanh tra tỉnh" in waiting[0].text


def test_the_overseer_sees_how_many_agencies_have_submitted(world, client_for):
    round_ = open_round(world)
    fill_self(round_.assessments.get(agency=world.member), world.users["member"])

    page = client_for("overseer").get(reverse("blocs:dashboard"))

    assert f'{reverse("meetings:scoring", args=[round_.meeting.pk])}">1/3<' in page.content.decode()
