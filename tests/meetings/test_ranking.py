"""The ranking service on plain data: totals, honest ties, tie-breaks, bands, the leading unit."""

from decimal import Decimal as D

import pytest

from meetings.models import ScoringRules
from meetings.services.ranking import (
    CriterionRef,
    Totals,
    band_for,
    criteria_of,
    effective_points,
    rank,
    rank_with_rules,
    totals_for,
)

# A 100-point table: two groups of standard criteria, a bonus and a deduction.
CRITERIA = [
    CriterionRef(1, 0, "standard", D(60)),
    CriterionRef(2, 1, "standard", D(40)),
    CriterionRef(3, 2, "bonus", D(3)),
    CriterionRef(4, 2, "deduction", D(3)),
]


def totals(agency_id: int, *points: str | None) -> Totals:
    values = {
        c.id: (D(p) if p is not None else None) for c, p in zip(CRITERIA, points, strict=True)
    }
    return totals_for(agency_id, CRITERIA, values)


def test_total_is_standard_plus_bonus_minus_deductions_and_bonus_stays_apart():
    t = totals(1, "58", "37.5", "2", "1")

    assert (t.standard, t.bonus, t.deduction, t.total) == (D("95.5"), D(2), D(1), D("96.5"))
    assert t.first_section == D(58)
    assert not t.scored_zero
    assert t.missing == 0


def test_missing_points_count_zero_and_are_reported():
    t = totals(1, "50", None, None, None)

    assert t.total == D(50)
    assert t.missing == 3
    assert t.scored_zero  # the second group has no points


def test_agreed_points_win_over_checked_and_checked_over_self():
    assert effective_points(D(5), D(4), D(3)) == D(3)
    assert effective_points(D(5), D(4), None) == D(4)
    assert effective_points(D(5), None, None) == D(5)
    assert effective_points(None, None, None) is None


def test_equal_totals_share_their_rank_honestly_without_tie_breaks():
    rows = rank([totals(1, "50", "40", "0", "0"), totals(2, "45", "45", "0", "0"),
                 totals(3, "40", "40", "0", "0")])  # fmt: skip

    assert [(r.totals.agency_id in (1, 2), r.rank, r.tied) for r in rows] == [
        (True, 1, True),
        (True, 1, True),
        (False, 3, False),
    ]


def test_tie_breaks_apply_in_the_provinces_order():
    a = totals(1, "50", "40", "0", "0")  # 90, first group 50
    b = totals(2, "45", "45", "0", "0")  # 90, first group 45

    rows = rank([b, a], tie_breaks=["first_section"])

    assert [(r.totals.agency_id, r.rank, r.tied, r.decided_by) for r in rows] == [
        (1, 1, False, ""),
        (2, 2, False, "first_section"),
    ]


def test_fewer_deductions_then_a_recorded_vote():
    a = totals(1, "50", "40", "1", "1")  # 90, deduction 1
    b = totals(2, "50", "40", "1", "1")  # the same in every way
    c = totals(3, "50", "40", "2", "2")  # 90, deduction 2

    without_vote = rank([a, b, c], tie_breaks=["fewer_deductions", "vote"])
    with_vote = rank([a, b, c], tie_breaks=["fewer_deductions", "vote"], votes={2: 4, 1: 1})

    assert [(r.totals.agency_id, r.rank, r.tied) for r in without_vote] == [
        (1, 1, True),
        (2, 1, True),
        (3, 3, False),
    ]
    assert [(r.totals.agency_id, r.rank, r.tied) for r in with_vote] == [
        (2, 1, False),
        (1, 2, False),
        (3, 3, False),
    ]


CAN_THO = [  # domain.md: Cần Thơ 2025, 100-point table
    {"min": "95", "label": "Hoàn thành xuất sắc", "no_zero": True},
    {"min": "85", "label": "Hoàn thành tốt", "no_zero": True},
    {"min": "75", "label": "Hoàn thành", "no_zero": False},
    {"min": "0", "label": "Không hoàn thành", "no_zero": False},
]


@pytest.mark.parametrize(
    ("points", "band"),
    [
        (("60", "35", "0", "0"), "Hoàn thành xuất sắc"),  # 95
        (("60", "34.75", "0", "0"), "Hoàn thành tốt"),  # 94,75
        (("55", "20", "0", "0"), "Hoàn thành"),  # 75
        (("50", "24.75", "0", "0"), "Không hoàn thành"),  # 74,75
        (("60", "33", "3", "1"), "Hoàn thành xuất sắc"),  # 93 + 3 − 1 = 95
    ],
)
def test_bands_follow_the_provinces_thresholds(points, band):
    assert band_for(totals(1, *points), CAN_THO, D(1)) == band


def test_a_criterion_scored_zero_keeps_an_agency_out_of_the_top_bands():
    strong = totals_for(1, [*CRITERIA, CriterionRef(5, 1, "standard", D(5))],
                        {1: D(60), 2: D(40), 3: D(0), 4: D(0), 5: D(0)})  # fmt: skip

    assert strong.total == D(100)
    assert band_for(strong, CAN_THO, D(1)) == "Hoàn thành"


def test_bands_in_percent_scale_to_a_thousand_point_table():
    rules = ScoringRules(bands=CAN_THO, bands_in_percent=True, tie_breaks=[])
    thousand = [CriterionRef(1, 0, "standard", D(1000))]

    ranking = rank_with_rules([totals_for(7, thousand, {1: D(950)})], rules, thousand)

    assert ranking.standard_max == D(1000)
    assert ranking.rows[0].band == "Hoàn thành xuất sắc"


def test_the_leading_unit_is_first_alone_or_none():
    rules = ScoringRules(bands=CAN_THO, tie_breaks=[])
    alone = rank_with_rules([totals(1, "60", "40", "0", "0"), totals(2, "50", "40", "0", "0")],
                            rules, CRITERIA)  # fmt: skip
    tied = rank_with_rules([totals(1, "50", "40", "0", "0"), totals(2, "50", "40", "0", "0")],
                           rules, CRITERIA)  # fmt: skip

    assert alone.leading == 1
    assert tied.leading is None


def test_criteria_come_from_the_snapshot_with_their_ids():
    snapshot = {
        "sections": [
            {"criteria": [{"id": 11, "kind": "standard", "max_points": "6.00"}]},
            {"criteria": [{"id": 12, "kind": "bonus", "max_points": "2.00"}]},
        ]
    }

    assert criteria_of(snapshot) == [
        CriterionRef(11, 0, "standard", D(6)),
        CriterionRef(12, 1, "bonus", D(2)),
    ]
