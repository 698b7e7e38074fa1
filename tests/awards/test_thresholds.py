"""The bloc's ballot threshold at its edges: > 50 % and ≥ 70 %, on members or on valid ballots."""

from decimal import Decimal

import pytest
from django.utils import translation

from awards.models import ThresholdBase
from awards.services.thresholds import Threshold

MORE_THAN_HALF = Threshold(Decimal(50), True, ThresholdBase.MEMBERS)
SEVENTY = Threshold(Decimal(70), False, ThresholdBase.MEMBERS)
HALF_OF_BALLOTS = Threshold(Decimal(50), True, ThresholdBase.VALID_BALLOTS)


@pytest.mark.parametrize(
    ("threshold", "yes", "members", "valid", "passes"),
    [
        (MORE_THAN_HALF, 5, 10, 10, False),  # exactly 50 %: not more than half
        (MORE_THAN_HALF, 6, 10, 10, True),
        (MORE_THAN_HALF, 3, 5, 5, True),
        (SEVENTY, 7, 10, 10, True),  # exactly 70 %: at least 70 %
        (SEVENTY, 6, 10, 10, False),
        (SEVENTY, 5, 7, 7, True),  # 71,4 %
        (SEVENTY, 4, 6, 6, False),  # 66,7 %
        # Members against ballots: 4 yes of 7 valid ballots in a bloc of 10.
        (MORE_THAN_HALF, 4, 10, 7, False),
        (HALF_OF_BALLOTS, 4, 10, 7, True),
        (HALF_OF_BALLOTS, 0, 10, 0, False),  # no valid ballot passes nothing
    ],
)
def test_thresholds_at_their_edges(threshold, yes, members, valid, passes):
    assert threshold.passes(yes, members=members, valid=valid) is passes


def test_a_snapshot_round_trips_and_reads_in_words():
    assert Threshold.from_snapshot(SEVENTY.snapshot()) == SEVENTY
    assert SEVENTY.snapshot() == {"percent": "70", "strict": False, "base": "members"}
    with translation.override("en"):
        assert MORE_THAN_HALF.describe() == "more than 50 % of the bloc's members"
        assert HALF_OF_BALLOTS.describe() == "more than 50 % of valid ballots"
        assert SEVENTY.describe() == "at least 70 % of the bloc's members"
