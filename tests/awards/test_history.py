"""An agency's award history: awards entered by the board and awards from decisions, shown on the
agency's page to whoever sees the agency; one achievement is rewarded once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import (
    AwardRecord,
    AwardType,
    Decision,
    Nomination,
    NominationStatus,
    RecordSource,
    YearResult,
)
from awards.services.records import (
    award_from_decision,
    delete_award,
    delete_result,
    enter_award,
    enter_result,
    update_award,
)
from core.actors import SYSTEM
from core.models import Change
from meetings.models import Meeting, MeetingKind


def _flag(world) -> AwardType:
    return AwardType.objects.get(province=world.province, key="co-thi-dua-tinh")


def _enter(world, **kwargs) -> AwardRecord:
    values = {
        "award_type": _flag(world),
        "year": 2019,
        "decision_number": "Số 250/QĐ-UBND",
        "decision_date": datetime.date(2020, 3, 15),
        "issuer": "UBND tỉnh Trà Vinh",
    }
    values.update(kwargs)
    return enter_award(world.member, actor=world.users["board"], **values)


def test_the_board_enters_an_award_on_the_agency_page_and_every_reader_sees_it(world, client_for):
    url = reverse("awards:award_enter", args=[world.member.pk])
    response = client_for("board").post(
        url,
        {
            "award_type": _flag(world).pk,
            "year": "2019",
            "decision_number": "Số 250/QĐ-UBND",
            "decision_date": "15/03/2020",
            "issuer": "UBND tỉnh Trà Vinh",
            "note": "Trao tại hội nghị sơ kết",
        },
    )

    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert (record.award_name, record.source, record.entered_by) == (
        "Cờ thi đua của UBND tỉnh",
        RecordSource.BOARD,
        world.users["board"],
    )
    assert Change.objects.get().action == "award_entered"
    for role in ("board", "member", "secretariat", "overseer"):
        page = client_for(role).get(world.member.get_absolute_url()).content.decode()
        assert "Số 250/QĐ-UBND, 15/03/2020" in page, role
        assert ("Trao tại hội nghị sơ kết" in page) is True


def test_an_award_outside_the_provinces_list_is_entered_by_its_name(world):
    record = _enter(world, award_type=None, award_name="Cờ thi đua của Bộ Xây dựng")
    assert (record.award_type, record.award_name) == (None, "Cờ thi đua của Bộ Xây dựng")


def test_the_same_award_for_the_same_year_is_refused_in_words(world):
    _enter(world)
    with pytest.raises(ValidationError) as refused:
        _enter(world, decision_number="Số 251/QĐ-UBND")
    assert refused.value.code == "once"
    # By its name too: the same award typed as a free name.
    with pytest.raises(ValidationError):
        _enter(world, award_type=None, award_name="cờ thi đua của UBND tỉnh")
    _enter(world, year=2020, decision_date=datetime.date(2021, 2, 1))  # another year: fine
    assert AwardRecord.objects.count() == 2


def test_the_database_refuses_the_same_award_twice_for_one_achievement(world):
    record = _enter(world)
    duplicate = AwardRecord(
        agency=world.member,
        award_type=record.award_type,
        award_name="Tên khác",
        year=2019,
        decision_number="Số 1",
        decision_date=datetime.date(2020, 1, 1),
        issuer="UBND",
        source=RecordSource.BOARD,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"decision_number": " "}, "missing"),
        ({"issuer": ""}, "missing"),
        ({"award_type": None, "award_name": ""}, "award"),
        ({"decision_date": datetime.date(2018, 12, 31)}, "before_achievement"),
        ({"decision_date": datetime.date.today() + datetime.timedelta(days=1)}, "future"),
        ({"year": 1999}, "year"),
    ],
)
def test_bad_awards_are_refused_and_nothing_is_saved(world, changes, code):
    with pytest.raises(ValidationError) as refused:
        _enter(world, **changes)
    assert refused.value.code == code
    assert (AwardRecord.objects.count(), Change.objects.count()) == (0, 0)


def test_an_award_of_another_province_is_refused(world):
    foreign = AwardType.objects.get(province=world.foreign_province, key="co-thi-dua-tinh")
    with pytest.raises(ValidationError):
        _enter(world, award_type=foreign)


def test_only_the_provinces_board_enters_awards(world):
    for role in ("secretariat", "member", "foreign_board"):
        with pytest.raises(PermissionDenied):
            enter_award(
                world.member,
                actor=world.users[role],
                award_type=None,
                award_name="Bằng khen",
                year=2019,
                decision_number="1",
                decision_date=datetime.date(2020, 1, 1),
                issuer="UBND",
            )
    assert AwardRecord.objects.count() == 0


def test_the_board_corrects_and_removes_an_entered_award_with_a_reason(world, client_for):
    record = _enter(world)
    client = client_for("board")
    response = client.post(
        reverse("awards:award_edit", args=[record.pk]),
        {
            "award_type": record.award_type_id,
            "year": "2019",
            "decision_number": "Số 255/QĐ-UBND",
            "decision_date": "15/03/2020",
            "issuer": "UBND tỉnh Trà Vinh",
            "expected_version": record.version,
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.decision_number, record.version) == ("Số 255/QĐ-UBND", 2)
    edited = Change.objects.get(action="edited")
    assert (edited.before, edited.after) == (
        {"decision_number": "Số 250/QĐ-UBND"},
        {"decision_number": "Số 255/QĐ-UBND"},
    )

    response = client.post(
        reverse("awards:award_delete", args=[record.pk]), {"reason": "Nhập nhầm đơn vị"}
    )
    assert response.status_code == 302
    assert AwardRecord.objects.count() == 0
    deleted = Change.objects.get(action="deleted")
    assert deleted.reason == "Nhập nhầm đơn vị"
    assert deleted.before["decision_number"] == "Số 255/QĐ-UBND"


def test_removing_without_a_reason_is_refused(world, client_for):
    record = _enter(world)
    response = client_for("board").post(reverse("awards:award_delete", args=[record.pk]), {})
    assert response.status_code == 200
    assert AwardRecord.objects.filter(pk=record.pk).exists()


def _decided(world) -> Decision:
    meeting = Meeting.objects.create(
        bloc_year=world.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(2021, 1, 11, 8, tzinfo=datetime.UTC),
        place="Hội trường",
    )
    nomination = Nomination.objects.create(
        bloc_year=world.bloc_year,
        meeting=meeting,
        award_type=_flag(world),
        agency=world.head,
        status=NominationStatus.DECIDED,
    )
    return Decision.objects.create(
        nomination=nomination,
        award_type=_flag(world),
        number="Số 30/QĐ-UBND",
        date=datetime.date(2021, 3, 1),
        issuer="UBND tỉnh Trà Vinh",
    )


def test_a_decision_puts_the_award_in_the_nominees_history_and_only_it_changes_it(
    world, client_for
):
    decision = _decided(world)
    record = award_from_decision(decision, actor=world.users["board"])

    assert (record.agency, record.year, record.source, record.decision) == (
        world.head,
        2020,
        RecordSource.DECISION,
        decision,
    )
    with pytest.raises(ValidationError) as refused:
        update_award(record, record.version, actor=world.users["board"], note="x")
    assert refused.value.code == "from_decision"
    with pytest.raises(ValidationError):
        delete_award(record, actor=world.users["board"], reason="x")
    page = client_for("board").get(world.head.get_absolute_url()).content.decode()
    assert "Số 30/QĐ-UBND" in page
    assert reverse("awards:award_edit", args=[record.pk]) not in page


def test_a_decision_for_an_achievement_already_rewarded_is_refused(world):
    decision = _decided(world)
    enter_award(
        world.head,
        actor=SYSTEM,
        award_type=_flag(world),
        year=2020,
        decision_number="Số 1",
        decision_date=datetime.date(2021, 2, 1),
        issuer="UBND",
    )
    with pytest.raises(ValidationError):
        award_from_decision(decision, actor=world.users["board"])


def test_results_of_earlier_years_are_entered_once_and_removed_with_a_reason(world, client_for):
    client = client_for("board")
    url = reverse("awards:result_enter", args=[world.member.pk])
    data = {
        "year": "2019",
        "band": "Hoàn thành xuất sắc nhiệm vụ",
        "rank": "2",
        "source": "Biên bản tổng kết 2019",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200  # a second 2019 result: refused with a message
    result = YearResult.objects.get()
    assert (result.year, result.rank) == (2019, 2)
    assert (
        "Biên bản tổng kết 2019"
        in client_for("member").get(world.member.get_absolute_url()).content.decode()
    )

    client = client_for("board")
    response = client.post(reverse("awards:result_delete", args=[result.pk]), {"reason": "Sai"})
    assert response.status_code == 302
    assert YearResult.objects.count() == 0


def test_a_result_needs_a_band_of_the_province(world, client_for):
    response = client_for("board").post(
        reverse("awards:result_enter", args=[world.member.pk]),
        {"year": "2019", "band": "Xuất sắc", "source": "x"},
    )
    assert "band" in response.context["form"].errors
    with pytest.raises(ValidationError):
        enter_result(world.member, actor=SYSTEM, year=2019, band="x", source="")
    with pytest.raises(PermissionDenied):
        delete_result(
            enter_result(world.member, actor=SYSTEM, year=2019, band="x", source="y"),
            actor=world.users["member"],
            reason="x",
        )


def test_the_agency_page_keeps_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for year in range(2010, 2020):
        _enter(world, year=year, decision_date=datetime.date(year + 1, 3, 1))
        enter_result(world.member, actor=SYSTEM, year=year, band="x", source="y")
    client = client_for("board")
    client.get(world.member.get_absolute_url())  # warm the session and content types

    with django_assert_max_num_queries(12):
        response = client.get(world.member.get_absolute_url())
    assert response.content.decode().count("Số 250/QĐ-UBND") == 10
