"""Scoring at the same moment over two real database connections (mb; PostgreSQL only)."""

from decimal import Decimal as D

import pytest

from meetings.models import Score
from meetings.services import scoring_cells
from tests.concurrency import at_the_same_moment
from tests.factories import AgencyOfficerFactory

from .scoring_setup import criterion_ids, fill_self, open_round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


def test_two_checkers_on_one_cell_the_second_is_told_the_value_and_who_set_it(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(round_)[0]
    head_officer = world.users["secretariat"]
    board = world.users["board"]

    def check(user, points):
        return scoring_cells.save_cell(
            assessment,
            first,
            column="checked",
            points=D(points),
            note="",
            expected_version=0,
            actor=user,
        )

    results = at_the_same_moment(lambda: check(head_officer, "7"), lambda: check(board, "6"))

    saved = [r for r in results if isinstance(r, Score)]
    refused = [r for r in results if isinstance(r, scoring_cells.CellConflict)]
    assert (len(saved), len(refused)) == (1, 1), results
    score = Score.objects.get(assessment=assessment, criterion_id=first)
    assert score.checked_version == 1
    assert refused[0].conflict.value == score.checked_points
    assert refused[0].conflict.by  # who set it is named


def test_a_submit_and_a_self_save_at_once_never_change_a_submitted_assessment(world):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    user = world.users["member"]
    colleague = AgencyOfficerFactory(agency=world.member)
    fill_self(assessment, user, submit=False)
    first = criterion_ids(round_)[0]

    def save():
        return scoring_cells.save_cell(
            assessment,
            first,
            column="self",
            points=D(2),
            note="",
            expected_version=1,
            actor=colleague,
        )

    results = at_the_same_moment(lambda: scoring_cells.submit(assessment, actor=user), save)

    assessment.refresh_from_db()
    score = Score.objects.get(assessment=assessment, criterion_id=first)
    assert assessment.is_submitted
    # Either the save came first (and was submitted with it) or it was refused afterwards.
    assert score.self_points in (D(2), D(8)), results
    if score.self_points == D(8):
        assert results[1].code == "submitted"
