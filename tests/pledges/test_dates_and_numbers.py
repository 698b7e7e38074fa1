"""Dates that tell the truth and numbers from the register: a pledge signed on paper years ago is
recorded with the day it opened and the days it was signed, comes into force on the day of its
last signature, gets its number (GƯ) then, and prints the letterhead frozen when it opened.
Snapshots of format 1 (before ids and letterheads were frozen) still verify and print the same."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from blocs.models import Bloc, Province
from blocs.services import remove_member
from core.actors import SYSTEM
from core.models import DocumentNumber, LetterheadStyle
from pledges.models import ChangeAction, Pledge, PledgeStatus
from pledges.services import signing
from pledges.services.snapshot import build_snapshot, snapshot_hash
from reports.models import ReportStatus
from tests.reports import conftest as reports_conftest
from tests.reports.conftest import pdftotext, words

from .signatures import sign_all_on_paper, sign_on_paper, sign_online

export = reports_conftest.export  # the fixture: ask for a document as a user would

CONFERENCE = datetime.date(2020, 1, 20)


def _open_on(pledge, day, role="secretariat", world=None):
    return signing.open_for_signing(pledge, actor=world.users[role], opened_on=day)


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# --- Opening on an earlier day -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "board"])
def test_a_pledge_opened_at_an_earlier_conference_is_recorded_on_that_day(
    world, draft_pledge, role
):
    pledge = _open_on(draft_pledge, datetime.date(2020, 1, 15), role, world)

    assert _local_day(pledge.opened_at) == datetime.date(2020, 1, 15)
    assert pledge.changes.get(action=ChangeAction.OPENED).after["opened_on"] == "15/01/2020"


def test_opening_today_keeps_the_moment(world, draft_pledge):
    before = timezone.now()

    pledge = _open_on(draft_pledge, timezone.localdate(), world=world)

    assert pledge.opened_at >= before
    assert "opened_on" not in pledge.changes.get(action=ChangeAction.OPENED).after


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: timezone.localdate() + datetime.timedelta(days=1), "future"),
        (lambda: datetime.date(2018, 12, 31), "before 01/01/2019"),
    ],
)
def test_an_opening_date_in_the_future_or_long_before_the_year_is_refused(
    world, draft_pledge, english, day, message
):
    with pytest.raises(ValidationError) as refused:
        _open_on(draft_pledge, day(), world=world)

    assert message in refused.value.message_dict["opened_on"][0]
    draft_pledge.refresh_from_db()
    assert draft_pledge.status == PledgeStatus.DRAFT


def test_paper_signatures_on_or_after_the_opening_day_are_accepted(world, draft_pledge, english):
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)

    with pytest.raises(ValidationError) as refused:
        sign_on_paper(pledge, world, world.member, signed_on=CONFERENCE - datetime.timedelta(1))
    assert "before the pledge was opened (20/01/2020)" in str(refused.value)

    signature = sign_on_paper(pledge, world, world.member, signed_on=CONFERENCE)
    assert _local_day(signature.signed_at) == CONFERENCE


def test_the_open_page_takes_the_opening_date(world, draft_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:pledge_open", args=[draft_pledge.pk])

    assert 'name="opened_on"' in client.get(url).content.decode()
    refused = client.post(url, {"opened_on": "01/01/2040"})
    assert refused.status_code == 200
    assert "tương lai" in refused.content.decode()  # "… cannot be in the future", in Vietnamese
    draft_pledge.refresh_from_db()
    assert draft_pledge.is_draft

    response = client.post(url, {"opened_on": "15/01/2020"})

    assert response.status_code == 302
    draft_pledge.refresh_from_db()
    assert _local_day(draft_pledge.opened_at) == datetime.date(2020, 1, 15)


# --- In force on the day of the last signature, and numbered -----------------------------------


def test_a_pledge_signed_on_paper_years_ago_is_in_force_from_that_day(world, draft_pledge):
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)

    for agency in (world.head, world.deputy, world.member):
        sign_on_paper(pledge, world, agency, signed_on=CONFERENCE)

    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.IN_FORCE
    assert _local_day(pledge.in_force_at) == CONFERENCE
    assert pledge.number.printed(LetterheadStyle.STATE) == "Số: 01/GƯ-KTĐ6"
    assert (pledge.number.year, pledge.number.issuer_id) == (2020, world.bloc.pk)
    assert (pledge.number.subject_type.model_class(), pledge.number.subject_id) == (
        Pledge,
        pledge.pk,
    )


def test_in_force_from_the_latest_signature_whatever_the_order_they_are_recorded(
    world, draft_pledge
):
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)
    later = CONFERENCE + datetime.timedelta(days=9)
    sign_on_paper(pledge, world, world.head, signed_on=later)
    sign_on_paper(pledge, world, world.deputy, signed_on=CONFERENCE)
    sign_on_paper(pledge, world, world.member, signed_on=CONFERENCE)

    pledge.refresh_from_db()
    assert _local_day(pledge.in_force_at) == later


def test_signed_on_its_opening_day_it_is_in_force_from_the_opening(world, open_pledge):
    sign_all_on_paper(open_pledge, world)  # dated today, the day it opened

    open_pledge.refresh_from_db()
    assert open_pledge.in_force_at == open_pledge.opened_at


def test_a_member_leaving_brings_it_into_force_that_moment(world, draft_pledge):
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)
    sign_on_paper(pledge, world, world.head, signed_on=CONFERENCE)
    sign_on_paper(pledge, world, world.deputy, signed_on=CONFERENCE)
    before = timezone.now()

    remove_member(world.bloc_year.memberships.get(agency=world.member), actor=SYSTEM)

    pledge.refresh_from_db()
    assert pledge.in_force_at >= before
    assert pledge.number.year == timezone.localdate().year


def test_an_open_pledge_has_no_number_yet(world, open_pledge, export):
    sign_online(open_pledge, world.users["secretariat"])

    report = export("pledge", open_pledge.pk, world.users["member"])

    open_pledge.refresh_from_db()
    assert open_pledge.number is None
    assert "Số:" not in words(pdftotext(report))


def test_each_revision_in_force_gets_the_next_number_and_keeps_it_when_withdrawn(
    world, open_pledge, export
):
    sign_all_on_paper(open_pledge, world)
    open_pledge.refresh_from_db()
    first = open_pledge.number
    draft = signing.withdraw(open_pledge, actor=world.users["secretariat"], reason="Sửa tiêu chí")
    second = signing.open_for_signing(draft, actor=world.users["secretariat"])
    sign_all_on_paper(second, world)

    second.refresh_from_db()
    open_pledge.refresh_from_db()
    assert (first.sequence, second.number.sequence) == (1, 2)
    assert open_pledge.number == first  # the withdrawn round keeps its number
    withdrawn = words(pdftotext(export("pledge", open_pledge.pk, world.users["member"])))
    assert "Số: 01/GƯ-KTĐ6" in withdrawn
    assert "Phiên bản này đã bị rút" in withdrawn
    assert DocumentNumber.objects.count() == 2


def test_pdf_is_dated_and_numbered_by_its_events_not_by_when_they_were_recorded(
    world, draft_pledge, export
):
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)
    for agency in (world.head, world.deputy, world.member):
        sign_on_paper(pledge, world, agency, signed_on=CONFERENCE)

    report = export("pledge", pledge.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    assert "Trà Vinh, ngày 20 tháng 01 năm 2020" in text
    assert "Số: 01/GƯ-KTĐ6" in text
    assert "Ký trên giấy ngày 20/01/2020" in text
    assert "Giao ước có hiệu lực từ ngày 20/01/2020" in text
    assert str(timezone.localdate().year) not in text


def test_a_party_bloc_numbers_its_pledge_the_partys_way(world, draft_pledge, export):
    Bloc.objects.filter(pk=world.bloc.pk).update(letterhead=LetterheadStyle.PARTY)
    draft_pledge.bloc_year.bloc.refresh_from_db()
    pledge = _open_on(draft_pledge, CONFERENCE, world=world)
    for agency in (world.head, world.deputy, world.member):
        sign_on_paper(pledge, world, agency, signed_on=CONFERENCE)

    text = words(pdftotext(export("pledge", pledge.pk, world.users["member"])))

    assert "ĐẢNG BỘ TỈNH TRÀ VINH KHỐI THI ĐUA SỐ 6 *" in text
    assert "Số 01-GƯ/KTĐ6" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM Trà Vinh, ngày 20 tháng 01 năm 2020" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text


# --- The letterhead frozen with the text -------------------------------------------------------


def test_a_signed_pledges_file_does_not_change_when_the_province_changes_later(
    world, open_pledge, export
):
    sign_all_on_paper(open_pledge, world)
    before = export("pledge", open_pledge.pk, world.users["member"])

    Province.objects.filter(pk=world.province.pk).update(
        people_committee="UBND tỉnh Vĩnh Long", name="Vĩnh Long"
    )
    Bloc.objects.filter(pk=world.bloc.pk).update(letterhead=LetterheadStyle.PARTY, code="K6")
    after = export("pledge", open_pledge.pk, world.users["board"])

    assert after.sha256 == before.sha256
    text = words(pdftotext(after))
    assert "UBND TỈNH TRÀ VINH KHỐI THI ĐUA SỐ 6" in text
    assert "Số: 01/GƯ-KTĐ6" in text
    assert "VĨNH LONG" not in text


# --- Snapshots of format 1 ---------------------------------------------------------------------


def _format_one(snapshot: dict) -> dict:
    """The snapshot as the first format froze it: no ids, no letterhead."""
    old = {key: value for key, value in snapshot.items() if key != "letterhead"}
    old["format"] = 1
    old["sections"] = [
        {
            **{k: v for k, v in section.items() if k != "id"},
            "criteria": [{k: v for k, v in c.items() if k != "id"} for c in section["criteria"]],
        }
        for section in snapshot["sections"]
    ]
    return old


@pytest.fixture
def format_one_pledge(world, open_pledge):
    """An open pledge frozen before issue 11, as the database holds it."""
    old = _format_one(open_pledge.snapshot)
    Pledge.objects.filter(pk=open_pledge.pk).update(
        snapshot=old, snapshot_sha256=snapshot_hash(old)
    )
    open_pledge.refresh_from_db()
    return open_pledge


def test_format_one_snapshot_still_verifies(world, format_one_pledge, client):
    stored = Pledge.objects.get(pk=format_one_pledge.pk)
    assert stored.snapshot["format"] == 1
    assert snapshot_hash(stored.snapshot) == stored.snapshot_sha256
    assert snapshot_hash(build_snapshot(stored)) != stored.snapshot_sha256  # a new one is v2

    response = client.get(reverse("pledges:verify", args=[stored.snapshot_sha256]))

    assert response.status_code == 200
    assert "Khối thi đua số 6" in response.content.decode()


def test_format_one_snapshot_prints_as_it_always_did(world, format_one_pledge, export):
    report = export("pledge", format_one_pledge.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    for printed in (
        "UBND TỈNH TRÀ VINH KHỐI THI ĐUA SỐ 6",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BẢN GIAO ƯỚC THI ĐUA Năm 2020",
        "I Thực hiện nhiệm vụ chính trị 10",
        "1 Hoàn thành kế hoạch năm 6",
        "Bản đang lấy chữ ký, chưa có hiệu lực.",
    ):
        assert printed in text
    assert "Số:" not in text


def test_format_one_pledge_coming_into_force_now_is_numbered(world, format_one_pledge, export):
    sign_all_on_paper(format_one_pledge, world)

    format_one_pledge.refresh_from_db()
    assert format_one_pledge.is_in_force
    text = words(pdftotext(export("pledge", format_one_pledge.pk, world.users["member"])))
    assert "Số: 01/GƯ-KTĐ6" in text
    assert format_one_pledge.snapshot["format"] == 1  # never rewritten


def test_the_pledge_page_shows_its_number_once_in_force(world, open_pledge, client_for):
    client = client_for("member")
    assert 'id="pledge-number"' not in client.get(open_pledge.get_absolute_url()).content.decode()

    sign_all_on_paper(open_pledge, world)

    page = client.get(open_pledge.get_absolute_url()).content.decode()
    assert '<dd id="pledge-number">Số: 01/GƯ-KTĐ6</dd>' in page
