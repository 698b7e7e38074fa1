"""Scoring rounds and their cells (mb: scoring): opening over the pledge in force, checkers,
bounds, versions, submitting, returning, agreeing, immutability after the minutes."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Change
from meetings.models import (
    Assessment,
    AssessmentStatus,
    RotationOrder,
    Score,
    ScoringRules,
)
from meetings.services import scoring, scoring_agreeing, scoring_cells
from meetings.services.ranking import rank_round
from pledges import blockers
from pledges.models import PledgeStatus
from tests.factories import AgencyOfficerFactory, FinalMinutesFactory, MeetingFactory

from .scoring_setup import criterion_ids, fill_self, midyear, open_round, pledge_in_force

pytestmark = pytest.mark.django_db


def _cell(assessment, criterion_id, points, user, *, column="self", version=0, note=""):
    return scoring_cells.save_cell(
        assessment,
        criterion_id,
        column=column,
        points=None if points is None else D(points),
        note=note,
        expected_version=version,
        actor=user,
    )


def test_opening_creates_an_assessment_per_member_with_secretariat_checkers(world):
    round_ = open_round(world)

    checkers = dict(round_.assessments.values_list("agency_id", "checker_id"))
    assert checkers == {
        world.head.pk: world.deputy.pk,  # the deputy checks the head
        world.deputy.pk: world.head.pk,
        world.member.pk: world.head.pk,
    }
    assert round_.period == "first_half"
    assert Score.objects.filter(assessment__round=round_).count() == 3 * 8
    assert Change.objects.filter(action="scoring_opened").count() == 1


def test_cross_scoring_follows_the_rotation_and_never_checks_itself(world):
    RotationOrder.objects.create(
        bloc=world.bloc, agency_ids=[world.member.pk, world.head.pk, world.deputy.pk]
    )
    round_ = open_round(world, checking="cross")

    checkers = dict(round_.assessments.values_list("agency_id", "checker_id"))
    assert checkers == {
        world.member.pk: world.head.pk,
        world.head.pk: world.deputy.pk,
        world.deputy.pk: world.member.pk,
    }
    assert all(agency != checker for agency, checker in checkers.items())


def test_secretariat_adjusts_a_checker_but_never_to_the_agency_itself(world):
    round_ = open_round(world, checking="cross")
    assessment = round_.assessments.get(agency=world.member)

    with pytest.raises(ValidationError):
        scoring.set_checker(assessment, world.member, actor=world.users["secretariat"])
    with pytest.raises(ValidationError):
        scoring.set_checker(assessment, world.other_agency, actor=world.users["secretariat"])
    with pytest.raises(PermissionDenied):
        scoring.set_checker(assessment, world.deputy, actor=world.users["member"])
    scoring.set_checker(assessment, world.deputy, actor=world.users["secretariat"])

    assert Assessment.objects.get(pk=assessment.pk).checker == world.deputy


def test_without_a_pledge_in_force_the_message_says_what_to_do(world):
    meeting = midyear(world.bloc_year)

    with pytest.raises(ValidationError) as refused:
        scoring.open_round(meeting, actor=world.users["board"])

    assert refused.value.code == "no_pledge"
    assert "giao ước" in refused.value.messages[0].lower()


def test_the_six_month_review_scores_only_when_the_bloc_year_says_so(world):
    pledge_in_force(world.bloc_year)
    meeting = MeetingFactory(bloc_year=world.bloc_year)

    with pytest.raises(ValidationError) as refused:
        scoring.open_round(meeting, actor=world.users["board"])

    assert refused.value.code == "no_first_half"


def test_a_round_is_opened_once_and_only_by_runners(world):
    pledge_in_force(world.bloc_year)
    meeting = midyear(world.bloc_year)
    with pytest.raises(PermissionDenied):
        scoring.open_round(meeting, actor=world.users["member"])
    scoring.open_round(meeting, actor=world.users["secretariat"])
    with pytest.raises(ValidationError):
        scoring.open_round(meeting, actor=world.users["secretariat"])


def test_a_pledge_with_a_round_cannot_be_withdrawn(world):
    round_ = open_round(world)

    reasons = blockers.reasons(round_.pledge)

    assert reasons
    assert "10/08/2020" in reasons[0]
    assert round_.pledge.status == PledgeStatus.IN_FORCE


def test_self_points_keep_within_bounds_and_step(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    standard, *_rest, bonus, deduction = criterion_ids(round_)
    user = world.users["member"]
    ScoringRules.objects.create(province=world.province, point_step=D("0.5"))

    for value in ("10.5", "-1", "7.25"):
        with pytest.raises(ValidationError):
            _cell(assessment, standard, value, user)
    with pytest.raises(ValidationError):
        _cell(assessment, bonus, "3.5", user)
    with pytest.raises(ValidationError):
        _cell(assessment, deduction, "4", user)
    _cell(assessment, standard, "7.5", user, note="Báo cáo số 12")

    score = Score.objects.get(assessment=assessment, criterion_id=standard)
    assert (score.self_points, score.self_note, score.self_by, score.self_version) == (
        D("7.5"),
        "Báo cáo số 12",
        user,
        1,
    )


def test_a_criterion_not_in_the_snapshot_is_refused(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)

    for criterion in (999_999, "abc", None):
        with pytest.raises(ValidationError) as refused:
            _cell(assessment, criterion, "5", world.users["member"])
        assert refused.value.code == "not_in_snapshot"


def test_only_the_agency_enters_its_self_points(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    first = criterion_ids(round_)[0]

    for role in ("secretariat", "board", "overseer", "other_bloc_member"):
        with pytest.raises(PermissionDenied):
            _cell(assessment, first, "5", world.users[role])


def test_a_stale_cell_save_names_the_current_value_and_who_set_it(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    first = criterion_ids(round_)[0]
    colleague = AgencyOfficerFactory(agency=world.member, full_name="Trần Thị Bình")
    _cell(assessment, first, "6", colleague)

    with pytest.raises(scoring_cells.CellConflict) as refused:
        _cell(assessment, first, "9", world.users["member"], version=0)

    assert "6" in refused.value.messages[0]
    assert "Trần Thị Bình" in refused.value.messages[0]
    assert Score.objects.get(assessment=assessment, criterion_id=first).self_points == D(6)


def test_submitting_locks_the_self_points_and_the_secretariat_returns_with_a_reason(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    user = world.users["member"]
    first = criterion_ids(round_)[0]
    _cell(assessment, first, "6", user)
    with pytest.raises(ValidationError) as incomplete:
        scoring_cells.submit(assessment, actor=user)
    assert incomplete.value.code == "incomplete"

    fill_self(assessment, user, submit=False)
    assessment.refresh_from_db()
    scoring_cells.submit(assessment, actor=user)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    with pytest.raises(ValidationError):
        _cell(assessment, first, "5", user, version=2)

    with pytest.raises(ValidationError):
        scoring_cells.return_assessment(assessment, actor=world.users["secretariat"], reason=" ")
    with pytest.raises(PermissionDenied):
        scoring_cells.return_assessment(assessment, actor=user, reason="x")
    scoring_cells.return_assessment(
        assessment, actor=world.users["secretariat"], reason="Thiếu minh chứng tiêu chí 1.1"
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    _cell(assessment, first, "5", user, version=2)
    change = Change.objects.get(action="assessment_returned")
    assert change.reason == "Thiếu minh chứng tiêu chí 1.1"


def test_the_checker_enters_checked_points_once_submitted(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    first = criterion_ids(round_)[0]
    with pytest.raises(ValidationError):
        _cell(assessment, first, "7", world.users["secretariat"], column="checked")
    fill_self(assessment, world.users["member"])
    with pytest.raises(PermissionDenied):
        _cell(assessment, first, "7", world.users["member"], column="checked")

    _cell(assessment, first, "7", world.users["secretariat"], column="checked", note="Thiếu")

    score = Score.objects.get(assessment=assessment, criterion_id=first)
    assert (score.self_points, score.checked_points, score.checked_note) == (D(8), D(7), "Thiếu")


def test_agreed_points_take_checked_else_self_and_a_change_needs_a_reason(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    first, second = criterion_ids(round_)[:2]
    fill_self(assessment, world.users["member"])
    _cell(assessment, first, "7", world.users["secretariat"], column="checked")

    scoring_agreeing.agree_all(round_, actor=world.users["secretariat"])

    agreed = dict(
        Score.objects.filter(assessment=assessment).values_list("criterion_id", "agreed_points")
    )
    assert (agreed[first], agreed[second]) == (D(7), D(8))
    with pytest.raises(ValidationError) as refused:
        _cell(assessment, second, "6", world.users["secretariat"], column="agreed", version=1)
    assert refused.value.code == "reason"
    _cell(assessment, second, "6", world.users["secretariat"], column="agreed", version=1,
          note="Hội nghị thống nhất")  # fmt: skip
    assert Change.objects.filter(action="score_agreed", reason="Hội nghị thống nhất").exists()


def test_finalised_minutes_freeze_scores_and_ranking(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    before = [(r.totals.agency_id, r.totals.total) for r in rank_round(round_).rows]
    FinalMinutesFactory(meeting=round_.meeting)
    first = criterion_ids(round_)[0]

    for call in (
        lambda: _cell(assessment, first, "7", world.users["secretariat"], column="checked"),
        lambda: scoring_agreeing.agree_all(round_, actor=world.users["secretariat"]),
        lambda: scoring_cells.return_assessment(assessment, actor=world.users["board"], reason="x"),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.code == "final"
    assert [(r.totals.agency_id, r.totals.total) for r in rank_round(round_).rows] == before


def test_every_change_is_in_the_log_with_its_actor(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])

    entries = Change.objects.filter(action="self_scored")
    assert entries.count() == 8
    assert {entry.actor for entry in entries} == {world.users["member"]}
    assert Change.objects.filter(action="assessment_submitted").count() == 1
