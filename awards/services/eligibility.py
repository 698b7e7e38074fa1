"""May an agency be proposed for an award for a year's achievement? Every rule it fails, each
with the rule cited (issue 13 §1; domain.md, "Awards a bloc proposes").

The rules, in the order they are reported:

- the award is in use in the agency's province;
- band: the award type's band (or a better one) in the year-end ranking of each of the
  `band_years` years ending with the achievement's year ("hoàn thành xuất sắc" two years
  running for the provincial certificate, Luật 06/2022 Art. 74);
- rank: at most the award type's rank in that year's ranking;
- flags: discipline at any time from the start of the achievement's year to the day of the
  check (the achievement is tainted), an investigation or an unresolved complaint on the day of
  the check (nothing is rewarded while it is pending): NĐ 152/2025 and Luật 06/2022's
  principles;
- once: the same award for the same year's achievement already given (Luật 06/2022 Art. 5: one
  achievement is rewarded once) or already proposed and not refused;
- quota: the provincial flag goes to the unit leading its bloc alone, one per bloc (Art. 26);
  the Government flag's proposals are capped per province at a share of the year's provincial
  flags (Art. 25), counting proposals still alive and awards given, and rounding down.

`check` (eligibility_rules.py) is a pure function over plain data (eligibility_facts.py); `load`
here reads that data for any number of agencies and award types of one province and year in a
fixed number of queries (at most ten).
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.utils import timezone

from blocs.models import Agency, Province
from meetings.services.rules import rules_for

from ..models import (
    LIVE_STATUSES,
    AwardRecord,
    AwardType,
    EligibilityFlag,
    Nomination,
)
from .eligibility_facts import AgencyFacts, Award, AwardRules, Flag, Proposal, ProvinceFacts
from .eligibility_rules import Refusal, check
from .standings import bands_best_first, standings_of


def load(
    province: Province, agency_ids: Sequence[int], award_types: Sequence[AwardType], year: int
) -> tuple[ProvinceFacts, dict[int, AgencyFacts]]:
    """The facts for `check`, for these agencies of the province and the achievements of
    `year`: at most ten queries, whatever the number of agencies and award types."""
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "province_id"))  # 1
    span = max((t.band_years for t in award_types), default=1)
    years = list(range(year - span + 1, year + 1))
    facts = {
        pk: AgencyFacts(agency_id=pk, province_id=province_id)
        for pk, province_id in agencies.items()
    }
    for (agency_id, each), standing in standings_of(list(facts), years).items():  # 2–6
        facts[agency_id].standings[each] = standing
    flags = EligibilityFlag.objects.filter(agency_id__in=facts).values_list(  # 7
        "agency_id", "kind", "starts_on", "ends_on"
    )
    for agency_id, kind, starts_on, ends_on in flags:
        facts[agency_id].flags.append(Flag(kind, starts_on, ends_on))
    records = AwardRecord.objects.filter(  # 8
        Q(agency_id__in=facts) | Q(province=province, year=year)
    ).values_list(
        "agency_id", "award_type_id", "award_name", "year", "decision_number", "decision_date"
    )
    province_facts = ProvinceFacts(
        province_id=province.pk, year=year, bands=bands_best_first(rules_for(province.pk).bands)
    )  # 9 (the province's scoring rules)
    for row in records:
        award = Award(*row)
        if award.agency_id in facts:
            facts[award.agency_id].awards.append(award)
        if award.year == year and agencies.get(award.agency_id, province.pk) == province.pk:
            province_facts.awards.append(award)
    proposals = Nomination.objects.filter(  # 10
        award_type__province=province, year=year, status__in=LIVE_STATUSES
    ).values_list("pk", "agency_id", "award_type_id", "year", "bloc_year_id")
    province_facts.proposals = [Proposal(*row) for row in proposals]
    return province_facts, facts


def today() -> datetime.date:
    return timezone.localdate()


def eligibility(
    agency: Agency,
    award_type: AwardType,
    year: int,
    *,
    on: datetime.date | None = None,
    ignore_nomination: int | None = None,
) -> list[Refusal]:
    """One agency, one award: every refusal, empty when it may be proposed."""
    province = award_type.province
    province_facts, facts = load(province, [agency.pk], [award_type], year)
    return check(
        facts[agency.pk],
        AwardRules.of(award_type),
        year,
        province_facts,
        on=on or today(),
        ignore_nomination=ignore_nomination,
    )


def eligibility_table(
    province: Province,
    agency_ids: Sequence[int],
    award_types: Sequence[AwardType],
    year: int,
    *,
    on: datetime.date | None = None,
) -> dict[tuple[int, int], list[Refusal]]:
    """(agency id, award type id) → refusals, for a candidates page: a fixed number of
    queries whatever the size of the table."""
    province_facts, facts = load(province, agency_ids, award_types, year)
    day = on or today()
    rules = [AwardRules.of(t) for t in award_types]
    return {
        (agency_id, award.id): check(agency_facts, award, year, province_facts, on=day)
        for agency_id, agency_facts in facts.items()
        for award in rules
    }


def refusal_lines(refusals: Iterable[Refusal]) -> list[str]:
    return [str(refusal) for refusal in refusals]
