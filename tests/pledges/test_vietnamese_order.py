"""The pledge's status board and its signature list (the PDF and the verification page) list the
members in roster order: head, deputy, then Vietnamese alphabetical order (domain.md)."""

import pytest

from pledges.documents import signature_rows
from pledges.selectors import status_board
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# The world's head and deputy, then its member and three party agencies in Vietnamese order
# (code-point order would put "Ủy ban…" after "Văn phòng…").
EXPECTED = [
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Ban Dân vận Tỉnh ủy",
    "Thanh tra tỉnh",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
]


@pytest.fixture
def party_members(world):
    for name in ("Văn phòng Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Ban Dân vận Tỉnh ủy"):
        MembershipFactory(bloc_year=world.bloc_year, agency__name=name)


def test_status_board_lists_members_in_roster_order(party_members, open_pledge):
    assert [row.name for row in status_board(open_pledge).rows] == EXPECTED


def test_signature_list_lists_members_in_roster_order(party_members, open_pledge):
    assert [row.agency for row in signature_rows(open_pledge)] == EXPECTED
