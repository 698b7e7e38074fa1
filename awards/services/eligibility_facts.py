"""The plain data the eligibility rules read (services/eligibility.py): an award type's rules,
an agency's standings, flags and awards, a province's proposals and awards of the year."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import AwardType, QuotaRule
from .standings import Standing


@dataclass(frozen=True)
class AwardRules:
    """An AwardType's rules as plain data."""

    id: int
    name: str
    citation: str
    province_id: int
    is_active: bool = True
    required_band: str = ""
    band_years: int = 1
    max_rank: int | None = None
    quota_rule: str = QuotaRule.NONE
    quota_base_id: int | None = None
    quota_base_name: str = ""
    quota_percent: Decimal | None = None

    @classmethod
    def of(cls, award_type: AwardType) -> "AwardRules":
        base = award_type.quota_base if award_type.quota_base_id else None
        return cls(
            id=award_type.pk,
            name=award_type.name,
            citation=award_type.citation,
            province_id=award_type.province_id,
            is_active=award_type.is_active,
            required_band=award_type.required_band,
            band_years=award_type.band_years,
            max_rank=award_type.max_rank,
            quota_rule=award_type.quota_rule,
            quota_base_id=award_type.quota_base_id,
            quota_base_name=base.name if base is not None else "",
            quota_percent=award_type.quota_percent,
        )


@dataclass(frozen=True)
class Flag:
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass(frozen=True)
class Award:
    """An award given (a record of the history)."""

    agency_id: int
    award_type_id: int | None
    award_name: str
    year: int
    decision_number: str
    decision_date: datetime.date


@dataclass(frozen=True)
class Proposal:
    """A live nomination (not refused or rejected)."""

    id: int
    agency_id: int
    award_type_id: int
    year: int
    bloc_year_id: int


@dataclass
class AgencyFacts:
    agency_id: int
    province_id: int
    standings: dict[int, Standing] = field(default_factory=dict)  # by year
    flags: list[Flag] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)


@dataclass
class ProvinceFacts:
    """What quotas count, for one province and year."""

    province_id: int
    year: int
    bands: list[str] = field(default_factory=list)  # best first
    proposals: list[Proposal] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)  # given for the year's achievements
