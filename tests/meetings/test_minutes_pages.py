"""The minutes pages: writing the draft, the confirmation before finalising, corrections, the
score table's workbook, and bad input (finalised minutes, another bloc-year's meeting)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from meetings.models import Minutes
from meetings.services import minutes as services
from meetings.services import minutes_content
from tests.factories import MeetingFactory, scored_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return MeetingFactory(bloc_year=world.bloc_year, secretary_name="Trần Thị Thư")


def _save(client, meeting, **data):
    draft = services.draft(meeting)
    payload = {
        "expected_version": str(draft.version if draft else 1),
        "discussion": "Thảo luận (ví dụ).",
        "conclusions": "",
        "tasks": "",
        "ended_at": "11:30",
        **data,
    }
    return client.post(reverse("meetings:minutes", args=[meeting.pk]), payload)


def test_the_secretariat_writes_and_finalises_the_minutes(meeting, world, client_for):
    client = client_for("secretariat")
    page = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Trần Thị Thư" in page.content.decode()

    assert _save(client, meeting).status_code == 302
    draft = services.draft(meeting)
    assert draft.discussion == "Thảo luận (ví dụ)."
    assert draft.ended_at == datetime.time(11, 30)

    url = reverse("meetings:minutes_finalise", args=[meeting.pk])
    confirm = client.get(url)
    assert 'id="confirm-finalise"' in confirm.content.decode()
    done = client.post(url, {"expected_version": str(draft.version)})
    assert done.status_code == 302
    final = Minutes.objects.get(pk=draft.pk)
    assert final.number == "Số: 01/BB-KTĐ6"

    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "Số: 01/BB-KTĐ6" in detail
    # The meeting's facts no longer change.
    assert client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == 302


def test_a_stale_save_shows_a_message_and_keeps_the_newer_text(meeting, world, client_for):
    client = client_for("secretariat")
    _save(client, meeting, discussion="Bản thứ nhất")
    response = _save(client, meeting, expected_version="1", discussion="Bản cũ")
    assert response.status_code == 200
    assert "Người khác đã thay đổi bản ghi này" in response.content.decode()
    assert services.draft(meeting).discussion == "Bản thứ nhất"


def test_a_bad_closing_time_is_a_message_next_to_the_field(meeting, world, client_for):
    response = _save(client_for("secretariat"), meeting, ended_at="25:99")
    assert response.status_code == 200
    assert services.draft(meeting) is None


def test_finalised_minutes_cannot_be_edited_or_finalised_again(meeting, world, client_for):
    client = client_for("secretariat")
    _save(client, meeting)
    draft = services.draft(meeting)
    client.post(
        reverse("meetings:minutes_finalise", args=[meeting.pk]),
        {"expected_version": str(draft.version)},
    )
    response = _save(client, meeting, expected_version=str(draft.version + 1), discussion="Sửa")
    assert response.status_code == 200
    assert Minutes.objects.get().discussion == "Thảo luận (ví dụ)."
    again = client.post(
        reverse("meetings:minutes_finalise", args=[meeting.pk]), {"expected_version": "2"}
    )
    assert again.status_code == 302
    assert Minutes.objects.count() == 1


def test_a_correction_starts_from_the_page(meeting, world, client_for):
    client = client_for("secretariat")
    _save(client, meeting)
    draft = services.draft(meeting)
    client.post(
        reverse("meetings:minutes_finalise", args=[meeting.pk]),
        {"expected_version": str(draft.version)},
    )
    response = client.post(reverse("meetings:minutes_correct", args=[draft.pk]))
    assert response.status_code == 302
    correction = services.draft(meeting)
    assert correction.corrects_id == draft.pk
    # A second click does not make a second correction.
    client.post(reverse("meetings:minutes_correct", args=[draft.pk]))
    assert Minutes.objects.count() == 2


def test_finalising_a_meeting_still_to_come_is_refused(world, client_for):
    meeting = MeetingFactory(
        bloc_year=world.bloc_year,
        starts_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=3),
    )
    client = client_for("secretariat")
    _save(client, meeting)
    page = client.get(reverse("meetings:minutes_finalise", args=[meeting.pk])).content.decode()
    assert 'id="cannot-finalise"' in page
    assert 'id="confirm-finalise"' not in page


def test_another_provinces_meeting_is_not_found(world, client_for):
    foreign = MeetingFactory(bloc_year=world.foreign_bloc_year)
    client = client_for("secretariat")
    for name in ("meetings:minutes", "meetings:minutes_finalise", "meetings:score_table_xlsx"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404


def test_the_score_table_workbook_has_text_and_numbers_never_formulas(meeting, world, client_for):
    world.member.name = '=HYPERLINK("http://x")'
    world.member.save()
    scoring = scored_round(meeting, [world.head, world.deputy, world.member], criteria=6)
    url = reverse("meetings:score_table_xlsx", args=[meeting.pk])
    # Before the meeting agrees the points a member does not see the others' work in progress.
    assert client_for("member").get(url).status_code == 403
    request = reverse("reports:request", args=["meeting_score_table", scoring.pk])
    assert client_for("member").post(request).status_code == 403
    assert client_for("overseer").get(url).status_code == 200
    scoring.agreed_at = meeting.starts_at
    scoring.save()

    response = client_for("member").get(url)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in values)
    header = [cell.value for cell in sheet[2]]
    assert '=HYPERLINK("http://x")' in header
    texts = [cell.value for cell in sheet["B"]]
    assert "Tổng điểm" in texts
    assert "Xếp hạng" in texts


def test_the_score_table_of_a_meeting_without_scoring_is_not_found(meeting, client_for):
    response = client_for("board").get(reverse("meetings:score_table_xlsx", args=[meeting.pk]))
    assert response.status_code == 404


def test_the_minutes_pdf_is_requested_by_a_reader_and_refused_to_outsiders(
    meeting, world, client_for
):
    client = client_for("secretariat")
    _save(client, meeting)
    draft = services.draft(meeting)
    url = reverse("reports:request", args=["meeting_minutes", draft.pk])
    assert client.post(url).status_code == 404  # a draft has no document
    client.post(
        reverse("meetings:minutes_finalise", args=[meeting.pk]),
        {"expected_version": str(draft.version)},
    )
    assert client_for("foreign_board").post(url).status_code == 404
    assert client_for("other_bloc_member").post(url).status_code == 404
    assert client_for("member").post(url).status_code in (200, 302)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_minutes_pages_read_a_fixed_number_of_queries_whatever_the_bloc_size(world, client_for):
    from tests.factories import AgencyFactory, MembershipFactory

    def page_queries(agency_count, criteria):
        meeting = MeetingFactory(
            bloc_year=_bigger(agency_count),
            secretary_name="Thư ký",
        )
        agencies = [m.agency for m in meeting.bloc_year.memberships.select_related("agency")]
        scored_round(meeting, agencies, criteria=criteria)
        client = client_for("board")
        _save(client, meeting)
        _queries(client, reverse("meetings:minutes", args=[meeting.pk]))  # warm caches
        _queries(client, meeting.get_absolute_url())
        return (
            _queries(client, reverse("meetings:minutes", args=[meeting.pk])),
            _queries(client, meeting.get_absolute_url()),
        )

    def _bigger(count):
        from tests.factories import BlocFactory, BlocYearFactory

        bloc_year = BlocYearFactory(
            bloc=BlocFactory(province=world.province, name=f"Khối {count}", code=f"K{count}"),
            year=2020,
        )
        for _n in range(count):
            MembershipFactory(bloc_year=bloc_year, agency=AgencyFactory(province=world.province))
        return bloc_year

    small = page_queries(3, 6)
    large = page_queries(12, 30)
    assert small == large
    assert large[0] <= 40


def test_the_meeting_page_offers_the_score_table_to_members_only_once_agreed(
    meeting, world, client_for
):
    scoring = scored_round(meeting, [world.head, world.deputy, world.member], criteria=4)
    page = client_for("member").get(meeting.get_absolute_url()).content.decode()
    assert 'id="score-table-xlsx"' not in page
    assert (
        'id="score-table-xlsx"'
        in client_for("board").get(meeting.get_absolute_url()).content.decode()
    )
    scoring.agreed_at = meeting.starts_at
    scoring.save()
    page = client_for("member").get(meeting.get_absolute_url()).content.decode()
    assert 'id="score-table-xlsx"' in page


def test_the_minutes_pages_show_the_ranking_without_building_the_score_table(
    meeting, world, client_for, monkeypatch
):
    """The preview shows the ranking; the score table of every criterion and agency is built
    only when the minutes are finalised (for the PDF's annex)."""
    scored_round(meeting, [world.head, world.deputy, world.member])
    built = []
    table_for = minutes_content.table_for
    monkeypatch.setattr(
        minutes_content, "table_for", lambda scoring: built.append(scoring) or table_for(scoring)
    )
    client = client_for("secretariat")
    assert _save(client, meeting).status_code == 302

    for name in ("meetings:minutes", "meetings:minutes_finalise"):
        page = client.get(reverse(name, args=[meeting.pk])).content.decode()
        assert 'id="minutes-ranking"' in page
        assert "Sở Xây dựng" in page
    assert built == []

    draft = services.draft(meeting)
    client.post(
        reverse("meetings:minutes_finalise", args=[meeting.pk]),
        {"expected_version": str(draft.version)},
    )
    assert len(built) == 1
    assert Minutes.objects.get(pk=draft.pk).content["table"]["agencies"][0]["points"]
