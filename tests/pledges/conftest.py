"""Fixtures for pledges: the world's bloc-year with a criteria set, a draft and an open pledge.

The set has a section of scored criteria (two criteria: 6 and 4 points) and a section of bonus
and deduction points (+2 bonus, 3 deduction).
"""

from decimal import Decimal

import pytest
from django.utils import translation

from pledges.models import CriterionKind, SectionKind
from pledges.services import criteria, criteria_sets, signing


@pytest.fixture
def criteria_set(world):
    board = world.users["board"]
    cs = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2020, bloc_year=world.bloc_year
    )
    tasks = criteria.add_section(
        cs, actor=board, title="Thực hiện nhiệm vụ chính trị", kind=SectionKind.STANDARD
    )
    criteria.add_criterion(
        tasks, actor=board, text="Hoàn thành kế hoạch năm", max_points=Decimal(6)
    )
    criteria.add_criterion(tasks, actor=board, text="Cải cách hành chính", max_points=Decimal(4))
    extra = criteria.add_section(
        cs, actor=board, title="Điểm thưởng, điểm trừ", kind=SectionKind.ADJUSTMENT
    )
    criteria.add_criterion(
        extra,
        actor=board,
        text="Tổ chức hội nghị khối",
        max_points=Decimal(2),
        kind=CriterionKind.BONUS,
    )
    criteria.add_criterion(
        extra,
        actor=board,
        text="Nộp báo cáo trễ",
        max_points=Decimal(3),
        kind=CriterionKind.DEDUCTION,
    )
    return cs


@pytest.fixture
def draft_pledge(world, criteria_set):
    return signing.create_draft(
        world.bloc_year,
        actor=world.users["secretariat"],
        preamble="Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        commitments="Thực hiện tốt nhiệm vụ chính trị\nTham gia đầy đủ hoạt động của khối",
        criteria_set=criteria_set,
    )


@pytest.fixture
def open_pledge(world, draft_pledge):
    return signing.open_for_signing(draft_pledge, actor=world.users["secretariat"])


@pytest.fixture
def english():
    """For tests that assert messages on their English source (services); the page tests check
    what users read in Vietnamese."""
    with translation.override("en"):
        yield
