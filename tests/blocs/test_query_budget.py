"""List pages run a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.models import MemberRole
from tests.factories import BlocYearFactory, MembershipFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def _grow(world, blocs: int) -> None:
    """Add blocs, each with a year, an overseer, a head, a deputy and members."""
    for _ in range(blocs):
        bloc_year = BlocYearFactory(
            bloc__province=world.province,
            year=2020,
            overseer=OfficialFactory(province=world.province),
        )
        MembershipFactory(bloc_year=bloc_year, role=MemberRole.HEAD)
        MembershipFactory(bloc_year=bloc_year, role=MemberRole.DEPUTY)
        MembershipFactory.create_batch(3, bloc_year=bloc_year)
    for year in (2018, 2019):
        MembershipFactory(
            bloc_year=BlocYearFactory(bloc=world.bloc, year=year), role=MemberRole.HEAD
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [
    ("board", lambda w: reverse("blocs:dashboard") + "?nam=2020"),
    ("board", lambda w: reverse("blocs:bloc_list") + "?nam=2020"),
    ("board", lambda w: reverse("blocs:bloc_year_detail", args=[w.bloc.pk, 2020])),
    ("board", lambda w: reverse("blocs:agency_list")),
    ("board", lambda w: reverse("blocs:agency_detail", args=[w.head.pk])),
    ("board", lambda w: reverse("blocs:official_list")),
    ("secretariat", lambda w: reverse("blocs:dashboard") + "?nam=2020"),
    ("overseer", lambda w: reverse("blocs:dashboard")),
    ("member", lambda w: reverse("blocs:agency_list")),
]


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_page_queries_do_not_grow_with_rows(role, url, world, client_for):
    client = client_for(role)
    before = _count(client, url(world))
    _grow(world, blocs=6)
    MembershipFactory.create_batch(4, bloc_year=world.bloc_year)
    after = _count(client, url(world))
    assert after == before
