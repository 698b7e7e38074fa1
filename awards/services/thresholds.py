"""The bloc's secret ballot threshold (domain.md: set by the province, e.g. > 50 % or ≥ 70 %,
counted on the members unless the province says on the valid ballots). A ballot freezes each
award's threshold when it opens (Ballot.thresholds), so a later change of the rules never
changes a past result."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.numbers import decimal_number

from ..models import AwardType, ThresholdBase


@dataclass(frozen=True)
class Threshold:
    percent: Decimal
    strict: bool
    base: str  # ThresholdBase

    @classmethod
    def of(cls, award_type: AwardType) -> "Threshold":
        return cls(
            Decimal(award_type.threshold_percent),
            award_type.threshold_strict,
            award_type.threshold_base,
        )

    def snapshot(self) -> dict[str, Any]:
        return {
            "percent": f"{self.percent.normalize():f}",
            "strict": self.strict,
            "base": self.base,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> "Threshold":
        return cls(Decimal(str(data["percent"])), bool(data["strict"]), str(data["base"]))

    def base_count(self, *, members: int, valid: int) -> int:
        return valid if self.base == ThresholdBase.VALID_BALLOTS else members

    def passes(self, yes: int, *, members: int, valid: int) -> bool:
        """Exact arithmetic: 5 of 10 is not "more than 50 %", 7 of 10 is "at least 70 %"."""
        base = self.base_count(members=members, valid=valid)
        if base <= 0:
            return False
        votes, needed = Decimal(yes) * 100, self.percent * base
        return votes > needed if self.strict else votes >= needed

    def describe(self) -> str:
        """ "more than 50 % of the bloc's members", "at least 70 % of valid ballots"."""
        values = {
            "percent": decimal_number(self.percent),
            "base": ThresholdBase(self.base).label,
        }
        if self.strict:
            return _("more than %(percent)s %% of %(base)s") % values
        return _("at least %(percent)s %% of %(base)s") % values
