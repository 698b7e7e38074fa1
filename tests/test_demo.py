"""`manage.py seed_demo` (run by `make run`): the demo data is there, and running it twice
changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from blocs.models import BlocYear, Province
from core.models import Change
from meetings.models import Guest, Meeting
from pledges.models import Criterion, Pledge, PledgeStatus, Signature
from pledges.selectors import awaiting_signature
from reports.services import request_report
from tests.reports.conftest import pdftotext, words


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def _counts():
    return (
        BlocYear.objects.count(),
        User.objects.count(),
        Pledge.objects.count(),
        Criterion.objects.count(),
        Signature.objects.count(),
        Change.objects.count(),
        Meeting.objects.count(),
        Guest.objects.count(),
    )


def test_seeding_twice_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before


def test_tra_vinh_bloc_6_has_its_2020_pledge_with_22_example_criteria(seeded):
    pledge = Pledge.objects.get(bloc_year__bloc__name="Khối thi đua số 6", bloc_year__year=2020)

    sections = pledge.snapshot["sections"]
    assert [len(s["criteria"]) for s in sections] == [9, 6, 7]
    assert pledge.snapshot["totals"]["standard"] == "100.00"
    assert "ví dụ" in pledge.criteria_set.title  # the texts are examples, and say so
    assert pledge.criteria_set.copied_from.bloc_year is None  # adapted from the province's
    # The sơ kết's scoring (meetings.demo.seed_scoring_tra_vinh) needs the pledge in force: the
    # two agencies that had not signed sign on paper too, on the conference's date.
    assert pledge.status == PledgeStatus.IN_FORCE
    assert sorted(s.agency.name for s in pledge.signatures.all()) == [
        "Ban Dân tộc",
        "Sở Khoa học và Công nghệ",
        "Sở Nội vụ",
        "Sở Xây dựng",
        "Thanh tra tỉnh",
    ]
    # What a newcomer signs online instead: the 2021 pledge, open, with the same members.
    (waiting,) = awaiting_signature(User.objects.get(email="sokhcn@travinh.example"))
    assert waiting.bloc_year.year == 2021
    assert waiting.status == PledgeStatus.OPEN
    assert not waiting.signatures.exists()
    assert waiting.bloc_year.memberships.count() == 5


def test_quang_binh_2016_pledge_is_recorded_with_its_real_dates_and_prints_them(
    seeded, django_capture_on_commit_callbacks
):
    pledge = Pledge.objects.get(
        bloc_year__bloc__name="Khối thi đua các ban Đảng", bloc_year__year=2016
    )
    assert pledge.status == PledgeStatus.IN_FORCE
    assert timezone.localtime(pledge.opened_at).date() == datetime.date(2016, 1, 20)
    assert timezone.localtime(pledge.in_force_at).date() == datetime.date(2016, 1, 20)
    signed = {timezone.localtime(s.signed_at).date() for s in pledge.signatures.all()}
    assert signed == {datetime.date(2016, 1, 20)}
    assert pledge.snapshot["letterhead"]["style"] == "party"
    assert "ví dụ" in pledge.criteria_set.title

    with django_capture_on_commit_callbacks(execute=True):
        requested = request_report(
            "pledge", pledge.pk, {}, User.objects.get(email="bantdkt@quangbinh.example")
        )
    report = requested.report
    report.refresh_from_db()

    text = words(pdftotext(report))
    for printed in (
        "ĐẢNG BỘ TỈNH QUẢNG BÌNH KHỐI THI ĐUA CÁC BAN ĐẢNG *",
        "ĐẢNG CỘNG SẢN VIỆT NAM Quảng Bình, ngày 20 tháng 01 năm 2016",
        "Số 01-GƯ/KBĐ",
        "BẢN GIAO ƯỚC THI ĐUA Năm 2016",
        "Trần Hải Châu",
        "Ký trên giấy ngày 20/01/2016",
        "Giao ước có hiệu lực từ ngày 20/01/2016, khi đủ 6/6 đơn vị thành viên đã ký.",
    ):
        assert printed in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "2026" not in text


def test_the_demo_meetings(seeded):
    from meetings.demo import demo_meeting
    from meetings.models import Invitation
    from meetings.selectors import meeting_page

    tra_vinh = demo_meeting("Khối thi đua số 6", 2020)
    local = timezone.localtime(tra_vinh.starts_at)
    assert local.date() == datetime.date(2020, 8, 10)
    assert tra_vinh.host.name == "Sở Khoa học và Công nghệ"
    assert str(meeting_page(tra_vinh).headcount) == "5/5"
    invitation = Invitation.objects.get(meeting=tra_vinh)
    assert invitation.number == "Số: 01/GM-KTĐ6"
    assert invitation.emailed is False
    assert "ví dụ" in tra_vinh.place  # invented details say they are examples

    quang_binh = demo_meeting("Khối thi đua các ban Đảng", 2016)
    assert timezone.localtime(quang_binh.starts_at).date() == datetime.date(2016, 7, 1)
    assert quang_binh.chair.full_name == "Trần Hải Châu"

    dien_bien = demo_meeting("Khối Hạ tầng - Kinh tế - Kỹ thuật", 2019)
    assert timezone.localtime(dien_bien.starts_at).date() == datetime.date(2019, 7, 29)
    assert [g.title for g in dien_bien.guests.all()] == [
        "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
        "Chủ tịch Công đoàn Viên chức tỉnh",
    ]


def test_quang_binh_is_merged_into_quang_tri_and_its_2016_history_still_says_quang_binh(
    seeded, client, django_capture_on_commit_callbacks
):
    quang_binh = Province.objects.get(name="Quảng Bình")
    assert quang_binh.merged_into == Province.objects.get(name="Quảng Trị")
    assert quang_binh.merged_on == datetime.date(2025, 7, 1)
    bloc_year = BlocYear.objects.get(bloc__name="Khối thi đua các ban Đảng", year=2016)
    assert bloc_year.province == quang_binh
    quang_tri_board = User.objects.get(email="bantdkt@quangtri.example")
    assert User.objects.get(email="bantdkt@quangbinh.example").province == quang_binh.merged_into

    client.force_login(quang_tri_board)
    page = client.get(bloc_year.get_absolute_url())
    assert page.status_code == 200
    assert "Quảng Bình (nay thuộc Quảng Trị)" in page.text
    client.force_login(User.objects.get(email="bantdkt@binhdinh.example"))
    assert client.get(bloc_year.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        report = request_report("bloc_roster", bloc_year.pk, {}, quang_tri_board).report
    report.refresh_from_db()
    text = words(pdftotext(report))
    assert "ĐẢNG BỘ TỈNH QUẢNG BÌNH KHỐI THI ĐUA CÁC BAN ĐẢNG *" in text
    assert "QUẢNG TRỊ" not in text.upper()


# --- mb: scoring ---


def test_the_demo_sơ_kết_is_scored_checked_and_ranked(seeded):
    from meetings.demo import demo_meeting
    from meetings.models import AssessmentStatus, Score
    from meetings.services.ranking import rank_round

    meeting = demo_meeting("Khối thi đua số 6", 2020)
    scoring = meeting.scoring
    assert scoring.period == "first_half"
    assert scoring.assessments.count() == 5
    assert set(scoring.assessments.values_list("status", flat=True)) == {AssessmentStatus.SUBMITTED}
    scores = Score.objects.filter(assessment__round=scoring)
    assert scores.count() == 5 * 22
    assert not scores.filter(self_points__isnull=True).exists()
    assert not scores.filter(checked_points__isnull=True).exists()
    assert not scores.filter(agreed_points__isnull=True).exists()
    ranking = rank_round(scoring)
    assert ranking.complete
    assert ranking.leading is not None
    assert [row.rank for row in ranking.rows] == [1, 2, 3, 4, 5]


# --- mc: the demo's minutes ---


def test_the_demo_minutes_are_finalised_with_their_numbers_and_dates(seeded):
    from meetings.models import Minutes
    from meetings.services import minutes_content

    tra_vinh = Minutes.objects.get(meeting__bloc_year__bloc__name="Khối thi đua số 6")
    assert tra_vinh.number.startswith("Số: 01/BB-")
    assert "ví dụ" in tra_vinh.content["conclusions"][0]
    quang_binh = Minutes.objects.get(
        meeting__bloc_year__bloc__name="Khối thi đua các ban Đảng", meeting__bloc_year__year=2016
    )
    assert "Phương hướng, nhiệm vụ 6 tháng cuối năm 2016:" in quang_binh.content["tasks"]
    from reports.kinds import get_kind
    from reports.services import render_document

    pdf = render_document(get_kind("meeting_minutes"), minutes_content.document(tra_vinh))
    text = words(pdftotext(pdf.content))
    assert "Trà Vinh, ngày 10 tháng 8 năm 2020" in text
    assert "5/5 đơn vị" in text


# --- end mc ---
