"""The minutes: pre-filled from the meeting, edited with versions, finalised with a BB number and
frozen; a correction is a new revision; the PDF with its landscape score annex."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Change
from core.versioning import StaleEdit
from meetings.models import Attendance, Minutes, Presence, Score
from meetings.services import minutes as services
from meetings.services import minutes_content
from meetings.services.minutes import minutes_final
from meetings.services.scoring import check_not_final
from reports.kinds import get_kind
from reports.services import render_document
from tests.factories import GuestFactory, MeetingFactory, OfficialFactory, scored_round
from tests.reports.conftest import pdftotext, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    chair = OfficialFactory(
        province=world.province, agency=world.head, full_name="Nguyễn Văn Chủ", title="Giám đốc"
    )
    meeting = MeetingFactory(
        bloc_year=world.bloc_year,
        chair=chair,
        host=world.deputy,
        secretary_name="Trần Thị Thư",
        secretary_title="Chuyên viên",
        agenda="Báo cáo sơ kết\nChấm điểm",
    )
    GuestFactory(meeting=meeting, name="Lê Khách")
    for agency in (world.head, world.deputy, world.member):
        Attendance.objects.create(
            meeting=meeting, agency=agency, presence=Presence.PRESENT, attendee_name="Ông A"
        )
    return meeting


def _written(meeting, world, **values):
    actor = world.users["secretariat"]
    draft = services.start_minutes(meeting, actor=actor)
    return services.update_minutes(
        draft,
        draft.version,
        actor=actor,
        **{
            "discussion": "Các đơn vị thảo luận (ví dụ).",
            "conclusions": "Chủ tọa kết luận (ví dụ).",
            "tasks": "Nhiệm vụ 6 tháng cuối năm (ví dụ).",
            "ended_at": datetime.time(11, 30),
            **values,
        },
    )


def test_the_draft_is_prefilled_from_the_meeting_and_its_ranking(meeting, world):
    scored_round(meeting, [world.head, world.deputy, world.member])
    draft = _written(meeting, world)

    content = minutes_content.preview(draft)

    assert content["place"] == meeting.place
    assert content["chair"]["name"] == "Nguyễn Văn Chủ"
    assert content["secretary"]["name"] == "Trần Thị Thư"
    assert content["attendance"]["came"] == 3
    assert content["guests"][0].startswith("Lê Khách")
    assert content["agenda"] == ["Báo cáo sơ kết", "Chấm điểm"]
    assert content["ranking"][0]["name"] == "Sở Xây dựng"
    assert content["leading"] == "Sở Xây dựng"
    assert content["table"] is None  # only the finalised minutes (their PDF's annex) carry it
    assert content["discussion"] == ["Các đơn vị thảo luận (ví dụ)."]


def test_a_stale_edit_is_refused_and_logged_edits_are(meeting, world):
    draft = _written(meeting, world)
    with pytest.raises(StaleEdit):
        services.update_minutes(
            draft, draft.version - 1, actor=world.users["secretariat"], discussion="x"
        )
    assert Change.objects.filter(action="minutes_edited").count() == 1


def test_readers_cannot_write_the_minutes(meeting, world):
    with pytest.raises(PermissionDenied):
        services.start_minutes(meeting, actor=world.users["member"])


def test_finalising_numbers_and_freezes_the_minutes_and_the_scores(meeting, world):
    scored_round(meeting, [world.head, world.deputy, world.member])
    draft = _written(meeting, world)

    final = services.finalise_minutes(draft, draft.version, actor=world.users["secretariat"])

    assert final.number == "Số: 01/BB-KTĐ6"
    assert final.content["number"] == final.number
    assert final.content["dated"] == "2020-08-10"
    assert len(final.content["table"]["criteria"]) == 24
    # The preview showed the ranking that the minutes freeze.
    assert final.content["ranking"] == minutes_content.preview(final)["ranking"]
    assert final.content["leading"] == "Sở Xây dựng"
    assert minutes_final(meeting)
    with pytest.raises(ValidationError):
        check_not_final(meeting)
    # The content stays what it was when the scores change afterwards (in the database).
    Score.objects.update(agreed_points=Decimal(0))
    final.refresh_from_db()
    assert final.content["ranking"][0]["total"] != "0"
    with pytest.raises(ValidationError, match="01/BB-KTĐ6"):
        services.update_minutes(final, final.version, actor=world.users["secretariat"], tasks="x")
    with pytest.raises(ValidationError, match="01/BB-KTĐ6"):
        services.finalise_minutes(final, final.version, actor=world.users["secretariat"])
    assert Change.objects.filter(action="minutes_finalised").count() == 1


def test_minutes_need_a_closing_time_after_the_start(meeting, world):
    draft = _written(meeting, world, ended_at=datetime.time(7, 0))
    with pytest.raises(ValidationError) as error:
        services.finalise_minutes(draft, draft.version, actor=world.users["secretariat"])
    assert "ended_at" in error.value.message_dict
    assert not Minutes.objects.filter(finalised_at__isnull=False).exists()


def test_a_correction_is_a_new_revision_pointing_at_the_old(meeting, world):
    actor = world.users["secretariat"]
    draft = _written(meeting, world)
    first = services.finalise_minutes(draft, draft.version, actor=actor)

    correction = services.start_correction(first, actor=actor)
    correction = services.update_minutes(
        correction, correction.version, actor=actor, conclusions="Kết luận đã đính chính."
    )
    second = services.finalise_minutes(correction, correction.version, actor=actor)

    assert (second.revision, second.corrects_id) == (2, first.pk)
    assert second.number == "Số: 02/BB-KTĐ6"
    assert second.content["corrects"]["number"] == first.number
    first.refresh_from_db()
    assert first.content["conclusions"] == ["Chủ tọa kết luận (ví dụ)."]
    with pytest.raises(ValidationError):
        services.start_correction(first, actor=actor)  # only the latest


def test_the_minutes_pdf_has_the_date_line_number_signers_and_annex(meeting, world):
    scored_round(meeting, [world.head, world.deputy, world.member])
    draft = _written(meeting, world)
    final = services.finalise_minutes(draft, draft.version, actor=world.users["secretariat"])

    pdf = render_document(get_kind("meeting_minutes"), minutes_content.document(final))
    text = words(pdftotext(pdf.content))

    assert pdf.page_count >= 2  # the landscape annex
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text
    assert "Số: 01/BB-KTĐ6" in text
    for words_in_it in ("THƯ KÝ", "CHỦ TỌA", "Trần Thị Thư", "Nguyễn Văn Chủ"):
        assert words_in_it in text
    assert "PHỤ LỤC: BẢNG TỔNG HỢP ĐIỂM THI ĐUA" in text
    assert "Hội nghị kết thúc vào 11 giờ 30" in text
    # The annex is on landscape pages.
    last = pdftotext(pdf.content, page=pdf.page_count)
    assert "Xếp hạng" in last


def test_party_blocs_get_the_party_letterhead(meeting, world):
    world.bloc.letterhead = "party"
    world.bloc.save()
    draft = _written(meeting, world)
    final = services.finalise_minutes(draft, draft.version, actor=world.users["secretariat"])

    text = words(
        pdftotext(
            render_document(get_kind("meeting_minutes"), minutes_content.document(final)).content
        )
    )

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 01-BB/KTĐ6" in text
    assert final.number == "Số 01-BB/KTĐ6"


def test_the_score_table_pdf_is_landscape_with_self_checked_and_agreed(meeting, world):
    from meetings.services import score_table

    scoring = scored_round(meeting, [world.head, world.deputy, world.member], criteria=6)

    pdf = render_document(get_kind("meeting_score_table"), score_table.document(scoring))
    text = words(pdftotext(pdf.content))

    for heading in ("BẢNG TỔNG HỢP ĐIỂM", "Tự chấm", "Kiểm tra", "Thống nhất", "Xếp loại"):
        assert heading in text
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text


def test_finalising_queues_the_pdf_for_the_worker(
    meeting, world, django_capture_on_commit_callbacks
):
    from reports.models import Report, ReportStatus

    draft = _written(meeting, world)
    with django_capture_on_commit_callbacks(execute=True):
        final = services.finalise_minutes(draft, draft.version, actor=world.users["secretariat"])

    report = Report.objects.get(kind="meeting_minutes", subject_id=final.pk)
    assert report.status == ReportStatus.DONE  # the eager worker of the tests rendered it
    assert report.page_count >= 1
