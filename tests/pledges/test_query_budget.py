"""The pledge pages run as many queries for a bloc of 20 agencies and 80 criteria as for one of 3
agencies and 4 criteria: nothing is loaded row by row.

Each test builds both blocs in the same province the way the app does (services), with bulk
inserts where the app has none, and compares the query counts of the same page seen by the same
kind of user.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from blocs.models import Agency, BlocYear, MemberRole, Membership
from pledges.models import CriterionKind, Pledge, SectionKind
from pledges.services import criteria, criteria_sets, signatures, signing
from tests.factories import (
    AgencyOfficerFactory,
    BlocFactory,
    BoardStaffFactory,
    ProvinceFactory,
)

from .signatures import paper_scan, sign_online

pytestmark = pytest.mark.django_db

SMALL = (3, 4)  # agencies, criteria
LARGE = (20, 80)
CRITERIA_PER_SECTION = 10


@dataclass
class Bloc:
    bloc_year: BlocYear
    pledge: Pledge
    secretariat: User  # head agency's officer, signs for it
    member: User  # an officer of a member agency who does not sign
    signer: User  # signs for a member agency that has not signed yet


def _sections(count: int) -> list[criteria_sets.SectionRows]:
    """`count` criteria: scored sections of ten, and a section of bonus and deduction points
    holding every fourth criterion."""
    adjustment = criteria_sets.SectionRows("Điểm thưởng, điểm trừ", SectionKind.ADJUSTMENT)
    scored: list[criteria_sets.SectionRows] = []
    for n in range(count):
        if n % 4 == 3:
            kind = CriterionKind.BONUS if n % 8 == 3 else CriterionKind.DEDUCTION
            adjustment.criteria.append(criteria_sets.CriterionRow(f"Điểm {n}", Decimal(1), kind))
            continue
        if not scored or len(scored[-1].criteria) == CRITERIA_PER_SECTION:
            scored.append(
                criteria_sets.SectionRows(f"Phần {len(scored) + 1}", SectionKind.STANDARD)
            )
        scored[-1].criteria.append(
            criteria_sets.CriterionRow(
                f"Tiêu chí {n}", Decimal("2.5"), CriterionKind.STANDARD, guidance="Báo cáo"
            )
        )
    return [*scored, adjustment]


def build_bloc(province, board: User, agencies: int, count: int, *, opened: bool) -> Bloc:
    """A bloc-year with `agencies` members and a pledge over `count` criteria; opened, half of
    the members sign (online and on paper, alternately), the last member not."""
    bloc_year = BlocYear.objects.create(bloc=BlocFactory(province=province), year=2020)
    created = Agency.objects.bulk_create(
        Agency(
            province=province,
            name=f"{bloc_year.bloc.name} – Sở {n:02d}",
            short_name=f"{bloc_year.bloc.code}-{n}",
        )
        for n in range(agencies)
    )
    Membership.objects.bulk_create(
        Membership(
            bloc_year=bloc_year,
            agency=agency,
            year=2020,
            role={0: MemberRole.HEAD, 1: MemberRole.DEPUTY}.get(n, MemberRole.MEMBER),
        )
        for n, agency in enumerate(created)
    )
    secretariat = AgencyOfficerFactory(agency=created[0], can_sign=True)
    member = AgencyOfficerFactory(agency=created[-1])
    signer = AgencyOfficerFactory(agency=created[-1], can_sign=True)
    criteria_set = criteria_sets.create_criteria_set(
        actor=board, province=province, year=2020, bloc_year=bloc_year
    )
    criteria_sets.replace_contents(criteria_set, _sections(count), actor=board)
    # Some history that grows with the set: one edit per ten criteria (at least one).
    for criterion in criteria_set.sections.first().criteria.all()[: max(1, count // 10)]:
        criteria.update_criterion(
            criterion, criterion.version, actor=secretariat, guidance="Đã sửa"
        )
    pledge = signing.create_draft(
        bloc_year, actor=secretariat, preamble="Căn cứ…", commitments="Một\nHai\nBa"
    )
    if opened:
        signing.open_for_signing(pledge, actor=secretariat)
        for n, agency in enumerate(created[: agencies // 2]):
            if n % 2 == 0:
                sign_online(pledge, AgencyOfficerFactory(agency=agency, can_sign=True))
            else:
                signatures.record_paper_signature(
                    pledge,
                    actor=secretariat,
                    agency=agency,
                    signer_name="Nguyễn Văn An",
                    signer_title="Giám đốc",
                    signed_on=timezone.localdate(),
                    scan=paper_scan(),
                )
    return Bloc(bloc_year, pledge, secretariat, member, signer)


@pytest.fixture
def blocs(request, db):
    """The small and the large bloc, with a pledge open (or still a draft if asked)."""
    opened = getattr(request, "param", True)
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    board = BoardStaffFactory(province=province)
    small = build_bloc(province, board, *SMALL, opened=opened)
    large = build_bloc(province, board, *LARGE, opened=opened)
    return board, small, large


def count_queries(client, user: User, url: str) -> int:
    client.force_login(user)
    client.get(url)  # warm: sessions, caches, lazy imports
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_same_count(client, board: User, small: Bloc, large: Bloc, who: str, page) -> None:
    def user_of(bloc: Bloc) -> User:
        return board if who == "board" else getattr(bloc, who)

    counts = [count_queries(client, user_of(b), page(b)) for b in (small, large)]
    assert counts[0] == counts[1], f"{counts[0]} queries for the small bloc, {counts[1]} large"


def pledge_page(bloc: Bloc) -> str:
    return bloc.pledge.get_absolute_url()


def status_board(bloc: Bloc) -> str:
    return reverse("pledges:status_board", args=[bloc.pledge.pk])


def criteria_set_page(bloc: Bloc) -> str:
    return bloc.pledge.criteria_set.get_absolute_url()


def sign_page(bloc: Bloc) -> str:
    return reverse("pledges:sign", args=[bloc.pledge.pk])


@pytest.mark.parametrize("blocs", [False], indirect=True, ids=["draft"])
@pytest.mark.parametrize("who", ["secretariat", "member", "board"])
@pytest.mark.parametrize("page", [pledge_page, criteria_set_page], ids=["pledge", "criteria"])
def test_draft_pages_queries_do_not_grow_with_the_bloc(page, who, blocs, client):
    assert_same_count(client, *blocs, who, page)


@pytest.mark.parametrize("who", ["secretariat", "member", "signer", "board"])
@pytest.mark.parametrize(
    "page", [pledge_page, status_board, criteria_set_page], ids=["pledge", "status", "criteria"]
)
def test_open_pages_queries_do_not_grow_with_the_bloc(page, who, blocs, client):
    assert_same_count(client, *blocs, who, page)


def test_sign_page_queries_do_not_grow_with_the_bloc(blocs, client):
    assert_same_count(client, *blocs, "signer", sign_page)


@pytest.mark.parametrize("page", [pledge_page, status_board], ids=["pledge", "status"])
def test_withdrawn_round_pages_queries_do_not_grow_with_the_bloc(page, blocs, client):
    """A withdrawn round lists its voided signatures; the next revision lists the rounds."""
    board, small, large = blocs
    for bloc in (small, large):
        signing.withdraw(bloc.pledge, actor=bloc.secretariat, reason="Sửa tiêu chí")
    assert_same_count(client, board, small, large, "secretariat", page)
    drafts = [
        Bloc(b.bloc_year, b.bloc_year.pledges.get(revision=2), b.secretariat, b.member, b.signer)
        for b in (small, large)
    ]
    assert_same_count(client, board, *drafts, "member", pledge_page)


def test_the_large_bloc_is_as_large_as_it_claims(blocs):
    """The comparison above means something only if the blocs differ as described."""
    _board, small, large = blocs
    for bloc, (agencies, count) in ((small, SMALL), (large, LARGE)):
        assert bloc.bloc_year.memberships.count() == agencies
        assert sum(len(s["criteria"]) for s in bloc.pledge.snapshot["sections"]) == count
        assert bloc.pledge.signatures.count() == agencies // 2
    assert large.pledge.signatures.filter(method="paper").exists()
