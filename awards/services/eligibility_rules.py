"""The eligibility rules as pure functions over plain data (services/eligibility.py): each rule's
refusals, cited, and `check`, which reports every rule an agency fails for one award."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.numbers import decimal_number

from ..models import FlagKind, QuotaRule
from .eligibility_facts import AgencyFacts, AwardRules, Flag, Proposal, ProvinceFacts

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
# One achievement is rewarded once (domain.md, "Legal baseline").
ONCE_CITATION = f"Điều 5 {LAW}"
# Not rewarded while under discipline, investigation or a complaint being verified.
FLAG_CITATION = f"nguyên tắc khen thưởng, {LAW} và Nghị định 152/2025/NĐ-CP"


class Rule:
    """What a refusal is about (stable codes for pages and tests)."""

    INACTIVE = "inactive"
    PROVINCE = "province"
    BAND = "band"
    RANK = "rank"
    FLAG = "flag"
    AWARDED = "awarded"
    PROPOSED = "proposed"
    LEADING_UNIT = "leading_unit"
    SHARE = "share"


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str
    citation: str

    def __str__(self) -> str:
        return f"{self.message} ({self.citation})"


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _band_at_least(band: str, required: str, bands: Sequence[str]) -> bool:
    """`band` is `required` or better in the province's order (best first)."""
    if band == required:
        return True
    if band not in bands or required not in bands:
        return False
    return bands.index(band) <= bands.index(required)


def _band_refusals(
    facts: AgencyFacts, award: AwardRules, year: int, bands: Sequence[str]
) -> list[Refusal]:
    if not award.required_band:
        return []
    if award.required_band not in bands:
        return [
            Refusal(
                Rule.BAND,
                _(
                    "The band “%(band)s” that this award requires is not one of the province's "
                    "bands: the board must correct the award's rules."
                )
                % {"band": award.required_band},
                award.citation,
            )
        ]
    years = list(range(year - award.band_years + 1, year + 1))
    short = []
    for each in years:
        standing = facts.standings.get(each)
        if standing is None:
            short.append(_("%(year)s: no year-end ranking") % {"year": each})
        elif not _band_at_least(standing.band, award.required_band, bands):
            short.append(
                _("%(year)s: %(band)s") % {"year": each, "band": standing.band or _("no band")}
            )
    if not short:
        return []
    if award.band_years == 1:
        message = _("Requires the band “%(band)s” in %(year)s") % {
            "band": award.required_band,
            "year": year,
        }
    else:
        message = _("Requires the band “%(band)s” %(count)s years running (%(first)s–%(last)s)") % {
            "band": award.required_band,
            "count": award.band_years,
            "first": years[0],
            "last": year,
        }
    return [Refusal(Rule.BAND, f"{message}; {'; '.join(short)}.", award.citation)]


def _rank_refusals(facts: AgencyFacts, award: AwardRules, year: int) -> list[Refusal]:
    if award.max_rank is None:
        return []
    standing = facts.standings.get(year)
    if standing is not None and standing.rank is not None and standing.rank <= award.max_rank:
        return []
    if award.max_rank == 1:
        required = _("Requires first place in the bloc's year-end ranking of %(year)s") % {
            "year": year
        }
    else:
        required = _(
            "Requires a rank of %(rank)s or better in the bloc's year-end ranking of %(year)s"
        ) % {"rank": award.max_rank, "year": year}
    if standing is None or standing.rank is None:
        found = _("there is no ranking of that year")
    else:
        found = _("ranked %(rank)s") % {"rank": standing.rank}
    return [Refusal(Rule.RANK, f"{required}; {found}.", award.citation)]


def _period(flag: Flag) -> str:
    if flag.ends_on is None:
        return _("since %(start)s") % {"start": _day(flag.starts_on)}
    return _("from %(start)s to %(end)s") % {
        "start": _day(flag.starts_on),
        "end": _day(flag.ends_on),
    }


def blocking(flag: Flag, year: int, on: datetime.date) -> bool:
    """Discipline taints the achievement's year (any overlap from 1 January to the check's day);
    an investigation or a complaint blocks while it is pending on the day of the check."""
    if flag.kind == FlagKind.DISCIPLINE:
        start = datetime.date(year, 1, 1)
        return flag.starts_on <= on and (flag.ends_on is None or flag.ends_on >= start)
    return flag.starts_on <= on and (flag.ends_on is None or flag.ends_on >= on)


def _flag_refusals(facts: AgencyFacts, year: int, on: datetime.date) -> list[Refusal]:
    refusals = []
    for flag in sorted(facts.flags, key=lambda f: (f.starts_on, f.kind)):
        if blocking(flag, year, on):
            if flag.kind == FlagKind.DISCIPLINE:
                text = _("Under discipline %(period)s.")
            elif flag.kind == FlagKind.INVESTIGATION:
                text = _("Under investigation or inspection %(period)s.")
            else:
                text = _("A complaint or denunciation is being verified %(period)s.")
            refusals.append(Refusal(Rule.FLAG, text % {"period": _period(flag)}, FLAG_CITATION))
    return refusals


def _once_refusals(
    facts: AgencyFacts,
    award: AwardRules,
    year: int,
    proposals: Iterable[Proposal],
    ignore: int | None,
) -> list[Refusal]:
    for given in facts.awards:
        if given.award_type_id == award.id and given.year == year:
            return [
                Refusal(
                    Rule.AWARDED,
                    _(
                        "Already awarded %(award)s for the achievements of %(year)s (decision "
                        "%(number)s of %(date)s)."
                    )
                    % {
                        "award": given.award_name,
                        "year": year,
                        "number": given.decision_number,
                        "date": _day(given.decision_date),
                    },
                    ONCE_CITATION,
                )
            ]
    for proposal in proposals:
        if (
            proposal.agency_id == facts.agency_id
            and proposal.award_type_id == award.id
            and proposal.year == year
            and proposal.id != ignore
        ):
            return [
                Refusal(
                    Rule.PROPOSED,
                    _("Already proposed for %(award)s for the achievements of %(year)s.")
                    % {"award": award.name, "year": year},
                    ONCE_CITATION,
                )
            ]
    return []


def share_cap(percent: Decimal, base_count: int) -> int:
    """How many a share of `base_count` allows, rounded down (a cap is never exceeded)."""
    return int((percent * base_count / 100).to_integral_value(rounding=ROUND_FLOOR))


def _quota_refusals(
    facts: AgencyFacts,
    award: AwardRules,
    year: int,
    province: ProvinceFacts,
    ignore: int | None,
    *,
    rank_refused: bool = False,
) -> list[Refusal]:
    others = [
        p
        for p in province.proposals
        if p.award_type_id == award.id
        and p.year == year
        and p.agency_id != facts.agency_id
        and p.id != ignore
    ]
    if award.quota_rule == QuotaRule.LEADING_UNIT:
        standing = facts.standings.get(year)
        refusals = []
        # A rank refusal already says the agency is not first; a tie for first it cannot see.
        if (standing is None or not standing.leading) and not rank_refused:
            if standing is not None and standing.rank == 1 and standing.tied:
                found = _("it shares first place: the meeting breaks the tie by a vote")
            elif standing is None:
                found = _("there is no ranking of that year")
            else:
                found = _("ranked %(rank)s") % {"rank": standing.rank}
            refusals.append(
                Refusal(
                    Rule.LEADING_UNIT,
                    _("Only the unit leading its bloc in %(year)s may be proposed; %(found)s.")
                    % {"year": year, "found": found},
                    award.citation,
                )
            )
        bloc_year_id = standing.bloc_year_id if standing is not None else None
        if bloc_year_id is not None and any(p.bloc_year_id == bloc_year_id for p in others):
            refusals.append(
                Refusal(
                    Rule.LEADING_UNIT,
                    _("The bloc has already proposed another unit for %(award)s in %(year)s.")
                    % {"award": award.name, "year": year},
                    award.citation,
                )
            )
        return refusals
    if award.quota_rule == QuotaRule.SHARE_OF_AWARD and award.quota_percent is not None:
        base = {p.agency_id for p in province.proposals if p.award_type_id == award.quota_base_id}
        base |= {a.agency_id for a in province.awards if a.award_type_id == award.quota_base_id}
        used = {p.agency_id for p in others}
        used |= {
            a.agency_id
            for a in province.awards
            if a.award_type_id == award.id and a.agency_id != facts.agency_id
        }
        cap = share_cap(award.quota_percent, len(base))
        if len(used) >= cap:
            return [
                Refusal(
                    Rule.SHARE,
                    ngettext(
                        "The province's quota for %(award)s in %(year)s is %(percent)s %% of "
                        "its %(base_count)s %(base)s, that is %(cap)s; %(used)s is taken.",
                        "The province's quota for %(award)s in %(year)s is %(percent)s %% of "
                        "its %(base_count)s %(base)s, that is %(cap)s; %(used)s are taken.",
                        len(used),
                    )
                    % {
                        "award": award.name,
                        "year": year,
                        "percent": decimal_number(award.quota_percent),
                        "base_count": len(base),
                        "base": award.quota_base_name,
                        "cap": cap,
                        "used": len(used),
                    },
                    award.citation,
                )
            ]
    return []


def check(
    facts: AgencyFacts,
    award: AwardRules,
    year: int,
    province: ProvinceFacts,
    *,
    on: datetime.date,
    ignore_nomination: int | None = None,
) -> list[Refusal]:
    """Every rule the agency fails for `award` and the achievements of `year`, checked on the
    day `on`; empty when it may be proposed. `ignore_nomination`: the nomination being checked
    (it does not count against itself)."""
    if award.province_id != facts.province_id:
        return [
            Refusal(
                Rule.PROVINCE,
                _("This award belongs to another province."),
                award.citation,
            )
        ]
    refusals = []
    if not award.is_active:
        refusals.append(
            Refusal(
                Rule.INACTIVE,
                _("The province no longer proposes %(award)s.") % {"award": award.name},
                award.citation,
            )
        )
    refusals += _band_refusals(facts, award, year, province.bands)
    rank = _rank_refusals(facts, award, year)
    refusals += rank
    refusals += _flag_refusals(facts, year, on)
    refusals += _once_refusals(facts, award, year, province.proposals, ignore_nomination)
    refusals += _quota_refusals(
        facts, award, year, province, ignore_nomination, rank_refused=bool(rank)
    )
    return refusals
