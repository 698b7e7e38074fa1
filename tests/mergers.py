"""Two provinces about to merge, as in 2025: Quảng Bình (a Party bloc with its 2016 year, its
board, an officer, an official, templates) into Quảng Trị (its own bloc, a "Sở Nội vụ" and a
2025 template, so that names and a template clash)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from blocs.models import Agency, Bloc, BlocYear, MemberRole, Official, Province
from core.models import LetterheadStyle
from pledges.models import CriteriaSet, Pledge
from pledges.services import criteria, criteria_sets, signing

from .factories import (
    AgencyFactory,
    AgencyOfficerFactory,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    OfficialFactory,
    ProvinceFactory,
)

EFFECTIVE = datetime.date(2025, 7, 1)


@dataclass
class Merging:
    into: Province  # Quảng Trị
    merged: Province  # Quảng Bình
    bloc: Bloc  # Quảng Bình's Khối thi đua các ban Đảng
    year_2016: BlocYear
    year_2026: BlocYear  # opened under Quảng Bình before the merger was recorded
    head: Agency  # Ban Nội chính Tỉnh ủy
    home_affairs: Agency  # Quảng Bình's Sở Nội vụ (Quảng Trị has one too)
    official: Official
    into_bloc: Bloc  # Quảng Trị's own bloc
    into_home_affairs: Agency
    old_board: User  # Quảng Bình's board staff
    new_board: User  # Quảng Trị's board staff
    officer: User  # an officer of Ban Nội chính Tỉnh ủy (Quảng Bình)


def provinces_to_merge() -> Merging:
    merged = ProvinceFactory(name="Quảng Bình", code="quang-binh")
    into = ProvinceFactory(
        name="Quảng Trị",
        code="quang-tri",
        emulation_office="Phòng Thi đua, Khen thưởng – Sở Nội vụ",
    )
    bloc = BlocFactory(
        province=merged,
        name="Khối thi đua các ban Đảng",
        code="KBĐ",
        letterhead=LetterheadStyle.PARTY,
    )
    year_2016 = BlocYearFactory(bloc=bloc, year=2016)
    head = MembershipFactory(
        bloc_year=year_2016,
        role=MemberRole.HEAD,
        agency__name="Ban Nội chính Tỉnh ủy",
        agency__short_name="BNC TU",
    ).agency
    home_affairs = MembershipFactory(
        bloc_year=year_2016, agency__name="Sở Nội vụ", agency__short_name="Sở NV"
    ).agency
    year_2026 = BlocYearFactory(bloc=bloc, year=2026)
    MembershipFactory(bloc_year=year_2026, agency=head, role=MemberRole.HEAD)
    official = OfficialFactory(
        province=merged, full_name="Trần Hải Châu", title="Trưởng ban Nội chính Tỉnh ủy"
    )
    into_bloc = BlocFactory(province=into, name="Khối thi đua số 1")
    into_home_affairs = AgencyFactory(province=into, name="Sở Nội vụ", short_name="Sở NV")
    BlocYearFactory(bloc=into_bloc, year=2016)
    old_board = BoardStaffFactory(province=merged, email="bantdkt@quangbinh.vn")
    new_board = BoardStaffFactory(province=into, email="bantdkt@quangtri.vn")
    officer = AgencyOfficerFactory(agency=head, email="bnc@quangbinh.vn", can_sign=True)
    return Merging(
        into=into,
        merged=merged,
        bloc=bloc,
        year_2016=year_2016,
        year_2026=year_2026,
        head=head,
        home_affairs=home_affairs,
        official=official,
        into_bloc=into_bloc,
        into_home_affairs=into_home_affairs,
        old_board=old_board,
        new_board=new_board,
        officer=officer,
    )


def templates(m: Merging) -> dict[str, CriteriaSet]:
    """Quảng Bình's templates of 2016 and 2025; Quảng Trị's of 2025."""
    return {
        "merged_2016": criteria_sets.create_criteria_set(
            actor=m.old_board, province=m.merged, year=2016, title="Mẫu Quảng Bình 2016"
        ),
        "merged_2025": criteria_sets.create_criteria_set(
            actor=m.old_board, province=m.merged, year=2025, title="Mẫu Quảng Bình 2025"
        ),
        "into_2025": criteria_sets.create_criteria_set(
            actor=m.new_board, province=m.into, year=2025, title="Mẫu Quảng Trị 2025"
        ),
    }


def open_pledge(bloc_year: BlocYear, actor: User, opened_on: datetime.date) -> Pledge:
    """A pledge of one criterion, opened for signing on `opened_on` (its letterhead frozen)."""
    cs = criteria_sets.create_criteria_set(
        actor=actor, province=bloc_year.bloc.province, year=bloc_year.year, bloc_year=bloc_year
    )
    section = criteria.add_section(cs, actor=actor, title="Nhiệm vụ chính trị", kind="standard")
    criteria.add_criterion(section, actor=actor, text="Hoàn thành kế hoạch", max_points=Decimal(10))
    pledge = signing.create_draft(bloc_year, actor=actor, criteria_set=cs)
    return signing.open_for_signing(pledge, actor=actor, opened_on=opened_on)
