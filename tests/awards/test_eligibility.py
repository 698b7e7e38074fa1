"""Eligibility: every refusal with the rule it cites, on plain data and then loaded from the
database (year-end rankings, entered results, flags, history, nominations) in a fixed number
of queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from awards.models import AwardType, EligibilityFlag, FlagKind, QuotaRule
from awards.services import eligibility as el
from awards.services.eligibility_facts import (
    AgencyFacts,
    Award,
    AwardRules,
    Flag,
    Proposal,
    ProvinceFacts,
)
from awards.services.eligibility_rules import Rule, check, share_cap
from awards.services.records import enter_award, enter_result
from awards.services.standings import Standing
from core.actors import SYSTEM
from tests.factories import AgencyFactory

from .conftest import year_end_ranking

EXCELLENT, GOOD, DONE = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
)
BANDS = [EXCELLENT, GOOD, DONE, "Không hoàn thành nhiệm vụ"]
ON = datetime.date(2021, 1, 11)

CERTIFICATE = AwardRules(
    id=4,
    name="Bằng khen của Chủ tịch UBND tỉnh",
    citation="Điều 74 Luật Thi đua, khen thưởng số 06/2022/QH15",
    province_id=1,
    required_band=EXCELLENT,
    band_years=2,
)
FLAG = AwardRules(
    id=2,
    name="Cờ thi đua của UBND tỉnh",
    citation="Điều 26 Luật Thi đua, khen thưởng số 06/2022/QH15",
    province_id=1,
    required_band=EXCELLENT,
    max_rank=1,
    quota_rule=QuotaRule.LEADING_UNIT,
)
GOVERNMENT_FLAG = AwardRules(
    id=1,
    name="Cờ thi đua của Chính phủ",
    citation="Điều 25 Luật Thi đua, khen thưởng số 06/2022/QH15",
    province_id=1,
    max_rank=1,
    quota_rule=QuotaRule.SHARE_OF_AWARD,
    quota_base_id=2,
    quota_base_name="Cờ thi đua của UBND tỉnh",
    quota_percent=Decimal(20),
)


def standing(year: int, band: str = EXCELLENT, rank: int = 1, **kwargs) -> Standing:
    values = {"leading": rank == 1, "bloc_year_id": 100 + year, **kwargs}
    return Standing(agency_id=7, year=year, band=band, rank=rank, **values)


def facts(*standings: Standing, flags=(), awards=()) -> AgencyFacts:
    return AgencyFacts(
        agency_id=7,
        province_id=1,
        standings={s.year: s for s in standings},
        flags=list(flags),
        awards=list(awards),
    )


def province(proposals=(), awards=()) -> ProvinceFacts:
    return ProvinceFacts(
        province_id=1, year=2020, bands=BANDS, proposals=list(proposals), awards=list(awards)
    )


def refusals(agency_facts, award, province_facts=None, **kwargs):
    with translation.override("en"):
        return check(agency_facts, award, 2020, province_facts or province(), on=ON, **kwargs)


# --- Band and rank ----------------------------------------------------------------------------


def test_excellent_two_years_running_may_receive_the_certificate():
    assert refusals(facts(standing(2019), standing(2020)), CERTIFICATE) == []


def test_a_better_band_than_required_passes():
    good_required = AwardRules(**{**CERTIFICATE.__dict__, "required_band": GOOD, "band_years": 1})
    assert refusals(facts(standing(2020, EXCELLENT)), good_required) == []


def test_one_year_short_of_two_running_is_refused_with_the_year_and_the_article():
    [refusal] = refusals(facts(standing(2019, GOOD), standing(2020)), CERTIFICATE)

    assert refusal.rule == Rule.BAND
    assert "2 years running (2019–2020)" in refusal.message
    assert "2019: Hoàn thành tốt nhiệm vụ" in refusal.message
    assert refusal.citation == "Điều 74 Luật Thi đua, khen thưởng số 06/2022/QH15"


def test_a_year_without_ranking_is_named():
    [refusal] = refusals(facts(standing(2020)), CERTIFICATE)

    assert refusal.rule == Rule.BAND
    assert "2019: no year-end ranking" in refusal.message


def test_a_band_the_province_no_longer_has_says_the_rules_need_correcting():
    renamed = AwardRules(**{**CERTIFICATE.__dict__, "required_band": "Xuất sắc"})
    [refusal] = refusals(facts(standing(2019), standing(2020)), renamed)

    assert refusal.rule == Rule.BAND
    assert "not one of the province's bands" in refusal.message


def test_second_place_is_refused_for_a_first_place_award():
    result = refusals(facts(standing(2020, rank=2)), FLAG)

    assert [r.rule for r in result] == [Rule.RANK]  # not repeated as "not the leading unit"
    assert "Requires first place" in result[0].message
    assert "ranked 2" in result[0].message
    assert result[0].citation == FLAG.citation


def test_rank_at_most_three_lets_the_third_through_and_not_the_fourth():
    third_at_most = AwardRules(**{**CERTIFICATE.__dict__, "required_band": "", "max_rank": 3})
    assert refusals(facts(standing(2020, rank=3)), third_at_most) == []
    [refusal] = refusals(facts(standing(2020, rank=4)), third_at_most)
    assert refusal.rule == Rule.RANK
    assert "rank of 3 or better" in refusal.message


# --- Flags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "starts_on", "ends_on", "refused"),
    [
        # Discipline anywhere from 1/1 of the year to the check's day taints the year.
        (FlagKind.DISCIPLINE, datetime.date(2020, 3, 1), datetime.date(2020, 6, 30), True),
        (FlagKind.DISCIPLINE, datetime.date(2019, 6, 1), datetime.date(2020, 1, 1), True),
        (FlagKind.DISCIPLINE, datetime.date(2019, 6, 1), datetime.date(2019, 12, 31), False),
        (FlagKind.DISCIPLINE, datetime.date(2021, 1, 12), None, False),  # after the check
        # An investigation or a complaint blocks while it is pending on the check's day.
        (FlagKind.INVESTIGATION, datetime.date(2020, 11, 1), None, True),
        (FlagKind.INVESTIGATION, datetime.date(2020, 3, 1), datetime.date(2020, 6, 30), False),
        (FlagKind.COMPLAINT, datetime.date(2020, 12, 1), ON, True),  # its last day
        (FlagKind.COMPLAINT, datetime.date(2020, 12, 1), datetime.date(2021, 1, 10), False),
    ],
)
def test_flags_block_in_their_window(kind, starts_on, ends_on, refused):
    result = refusals(
        facts(standing(2019), standing(2020), flags=[Flag(kind, starts_on, ends_on)]),
        CERTIFICATE,
    )
    assert [r.rule for r in result] == ([Rule.FLAG] if refused else [])


def test_a_flag_refusal_gives_its_kind_and_period_and_cites_the_principle():
    [refusal] = refusals(
        facts(
            standing(2019),
            standing(2020),
            flags=[Flag(FlagKind.DISCIPLINE, datetime.date(2020, 3, 1), None)],
        ),
        CERTIFICATE,
    )
    assert refusal.message == "Under discipline since 01/03/2020."
    assert "06/2022/QH15" in refusal.citation
    assert "152/2025" in refusal.citation


# --- One achievement, one award ---------------------------------------------------------------


def test_the_same_award_for_the_same_year_is_refused_citing_article_5():
    given = Award(
        7, CERTIFICATE.id, CERTIFICATE.name, 2020, "Số 12/QĐ-UBND", datetime.date(2021, 2, 1)
    )
    [refusal] = refusals(facts(standing(2019), standing(2020), awards=[given]), CERTIFICATE)

    assert refusal.rule == Rule.AWARDED
    assert "Số 12/QĐ-UBND of 01/02/2021" in refusal.message
    assert refusal.citation == "Điều 5 Luật Thi đua, khen thưởng số 06/2022/QH15"


def test_the_same_award_for_another_year_and_another_award_the_same_year_pass():
    other_year = Award(7, CERTIFICATE.id, CERTIFICATE.name, 2019, "Số 1", datetime.date(2020, 2, 1))
    other_award = Award(7, 99, "Giấy khen", 2020, "Số 2", datetime.date(2021, 2, 1))
    agency = facts(standing(2019), standing(2020), awards=[other_year, other_award])

    assert refusals(agency, CERTIFICATE) == []


def test_a_live_proposal_for_the_same_award_and_year_is_refused_except_itself():
    proposal = Proposal(
        id=5, agency_id=7, award_type_id=CERTIFICATE.id, year=2020, bloc_year_id=120
    )
    agency = facts(standing(2019), standing(2020))

    [refusal] = refusals(agency, CERTIFICATE, province([proposal]))
    assert refusal.rule == Rule.PROPOSED
    assert refusals(agency, CERTIFICATE, province([proposal]), ignore_nomination=5) == []


# --- Quotas -----------------------------------------------------------------------------------


def test_the_provincial_flag_goes_to_the_leading_unit_alone():
    assert refusals(facts(standing(2020)), FLAG) == []


def test_a_tie_for_first_is_left_to_the_meeting():
    [refusal] = refusals(facts(standing(2020, rank=1, leading=False, tied=True)), FLAG)

    assert refusal.rule == Rule.LEADING_UNIT
    assert "shares first place" in refusal.message


def test_the_leading_unit_rule_stands_on_its_own_without_a_rank_rule():
    no_rank_rule = AwardRules(**{**FLAG.__dict__, "max_rank": None})
    [refusal] = refusals(facts(standing(2020, rank=2)), no_rank_rule)

    assert refusal.rule == Rule.LEADING_UNIT
    assert "Only the unit leading its bloc in 2020" in refusal.message
    assert "ranked 2" in refusal.message


def test_one_provincial_flag_per_bloc():
    other = Proposal(id=9, agency_id=8, award_type_id=FLAG.id, year=2020, bloc_year_id=2120)
    elsewhere = Proposal(id=10, agency_id=9, award_type_id=FLAG.id, year=2020, bloc_year_id=999)
    agency = facts(standing(2020))

    [refusal] = refusals(agency, FLAG, province([other, elsewhere]))
    assert refusal.rule == Rule.LEADING_UNIT
    assert "already proposed another unit" in refusal.message
    assert refusals(agency, FLAG, province([elsewhere])) == []


@pytest.mark.parametrize(
    ("percent", "base", "cap"),
    [(20, 10, 2), (20, 9, 1), (20, 4, 0), (20, 5, 1), (Decimal("33.33"), 3, 0), (50, 3, 1)],
)
def test_a_share_rounds_down(percent, base, cap):
    assert share_cap(Decimal(percent), base) == cap


def _flags(count: int, award_id: int = FLAG.id) -> list[Proposal]:
    return [Proposal(100 + n, 200 + n, award_id, 2020, 300 + n) for n in range(count)]


def test_the_government_flag_is_capped_at_a_share_of_the_provincial_flags():
    agency = facts(standing(2020))
    # 10 provincial flags allow 2 Government flags: one taken, this one fits.
    one_taken = [*_flags(10), Proposal(50, 60, GOVERNMENT_FLAG.id, 2020, 70)]
    assert refusals(agency, GOVERNMENT_FLAG, province(one_taken)) == []

    two_taken = [*one_taken, Proposal(51, 61, GOVERNMENT_FLAG.id, 2020, 71)]
    [refusal] = refusals(agency, GOVERNMENT_FLAG, province(two_taken))
    assert refusal.rule == Rule.SHARE
    assert "20 % of its 10 Cờ thi đua của UBND tỉnh, that is 2; 2 are taken" in refusal.message


def test_awards_given_count_towards_the_share_and_its_base():
    agency = facts(standing(2020))
    flags_given = [Award(200 + n, FLAG.id, FLAG.name, 2020, "Số 1", ON) for n in range(5)]
    # 5 provincial flags given: a cap of 1, taken by a Government flag already decided.
    taken = [Award(60, GOVERNMENT_FLAG.id, GOVERNMENT_FLAG.name, 2020, "Số 2", ON)]
    [refusal] = refusals(agency, GOVERNMENT_FLAG, province(awards=flags_given + taken))
    assert refusal.rule == Rule.SHARE
    assert refusals(agency, GOVERNMENT_FLAG, province(awards=flags_given)) == []


def test_too_few_provincial_flags_leave_no_government_flag():
    [refusal] = refusals(facts(standing(2020)), GOVERNMENT_FLAG, province(_flags(4)))
    assert "that is 0" in refusal.message


# --- Everything at once -----------------------------------------------------------------------


def test_every_failed_rule_is_reported_each_with_its_citation():
    inactive_other_province = AwardRules(**{**FLAG.__dict__, "is_active": False})
    agency = facts(
        standing(2020, GOOD, rank=3),
        flags=[Flag(FlagKind.COMPLAINT, datetime.date(2020, 12, 1), None)],
        awards=[Award(7, FLAG.id, FLAG.name, 2020, "Số 3", ON)],
    )
    result = refusals(agency, inactive_other_province)

    assert [r.rule for r in result] == [
        Rule.INACTIVE,
        Rule.BAND,
        Rule.RANK,
        Rule.FLAG,
        Rule.AWARDED,
    ]
    assert all(r.citation for r in result)


def test_an_award_of_another_province_is_refused_outright():
    other = AwardRules(**{**FLAG.__dict__, "province_id": 2})
    assert [r.rule for r in refusals(facts(standing(2020)), other)] == [Rule.PROVINCE]


# --- Loaded from the database -----------------------------------------------------------------


def _type(world, key: str) -> AwardType:
    return AwardType.objects.get(province=world.province, key=key)


def test_loaded_rankings_make_the_leader_eligible_for_the_flag_and_not_the_others(ranked):
    w = ranked
    flag = _type(w, "co-thi-dua-tinh")

    assert el.eligibility(w.head, flag, 2020, on=ON) == []
    deputy = el.eligibility(w.deputy, flag, 2020, on=ON)
    assert [r.rule for r in deputy] == [Rule.RANK]


def test_loaded_rankings_give_the_certificate_to_two_years_of_excellence(ranked):
    w = ranked
    certificate = _type(w, "bang-khen-tinh")

    assert el.eligibility(w.deputy, certificate, 2020, on=ON) == []  # 95 then 96
    head = el.eligibility(w.head, certificate, 2020, on=ON)  # 88 then 97
    assert [r.rule for r in head] == [Rule.BAND]
    member = el.eligibility(w.member, certificate, 2020, on=ON)
    assert [r.rule for r in member] == [Rule.BAND]


def test_an_entered_result_stands_in_for_a_year_the_system_did_not_rank(world):
    year_end_ranking(world.bloc_year, {world.head: "97", world.deputy: "80"})
    certificate = _type(world, "bang-khen-tinh")
    assert [r.rule for r in el.eligibility(world.head, certificate, 2020, on=ON)] == [Rule.BAND]

    enter_result(
        world.head, actor=SYSTEM, year=2019, band=EXCELLENT, rank=1, source="Biên bản 2019"
    )
    assert el.eligibility(world.head, certificate, 2020, on=ON) == []


def test_a_computed_ranking_wins_over_an_entered_result(world):
    year_end_ranking(world.bloc_year, {world.head: "90", world.deputy: "80"})
    enter_result(world.head, actor=SYSTEM, year=2020, band=EXCELLENT, source="Nhập nhầm")
    flag = _type(world, "co-thi-dua-tinh")

    assert [r.rule for r in el.eligibility(world.head, flag, 2020, on=ON)] == [Rule.BAND]


def test_a_flag_and_an_award_in_the_history_are_loaded(ranked):
    w = ranked
    flag = _type(w, "co-thi-dua-tinh")
    EligibilityFlag.objects.create(
        agency=w.head, kind=FlagKind.INVESTIGATION, starts_on=datetime.date(2020, 12, 1), reason="x"
    )
    enter_award(
        w.head,
        actor=SYSTEM,
        award_type=flag,
        year=2020,
        decision_number="Số 5/QĐ-UBND",
        decision_date=datetime.date(2021, 1, 5),
        issuer="UBND tỉnh Trà Vinh",
    )
    assert [r.rule for r in el.eligibility(w.head, flag, 2020, on=ON)] == [
        Rule.FLAG,
        Rule.AWARDED,
    ]


def test_the_table_for_a_bloc_runs_a_fixed_number_of_queries(ranked, django_assert_max_num_queries):
    w = ranked
    # More agencies and another bloc's ranking do not add queries.
    other_year = w.other_membership.bloc_year
    extra = [AgencyFactory(province=w.province) for _ in range(4)]
    year_end_ranking(other_year, {a: str(80 + n) for n, a in enumerate(extra)})
    types = list(
        AwardType.objects.filter(province=w.province).select_related("province", "quota_base")
    )
    agencies = [w.head, w.deputy, w.member, *extra]

    with django_assert_max_num_queries(10):
        table = el.eligibility_table(w.province, [a.pk for a in agencies], types, 2020, on=ON)
    assert len(table) == len(agencies) * len(types)
    assert table[(w.head.pk, _type(w, "co-thi-dua-tinh").pk)] == []
