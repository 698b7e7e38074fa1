"""The change log after ten years of 34 provinces: every history page's query is served by an
index of core_change (EXPLAIN with sequential scans turned off), and a record's history, an
agency's say, comes newest first straight off its index, without sorting the record's entries."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blocs.models import Agency, BlocYear
from core import selectors
from core.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_history(world, postgresql_only):
    """Entries of the world's agencies and bloc-years, and of the other province, over years."""
    agency_type = ContentType.objects.get_for_model(Agency)
    year_type = ContentType.objects.get_for_model(BlocYear)
    start = timezone.now() - datetime.timedelta(days=3650)
    entries = []
    for index in range(1200):
        agency = (world.member, world.head, world.foreign_agency)[index % 3]
        province = world.foreign_province if agency == world.foreign_agency else world.province
        entries.append(
            Change(
                content_type=year_type if index % 5 == 0 else agency_type,
                object_id=world.bloc_year.pk if index % 5 == 0 else agency.pk,
                province_id=province.pk,
                bloc_year_id=world.bloc_year.pk,
                at=start + datetime.timedelta(days=index * 3),
                action="edited",
                subject=agency.name,
            )
        )
    Change.objects.bulk_create(entries)
    return world


def _plans(run) -> list[dict]:
    """The plan of every query `run` makes on core_change, sequential scans turned off: a Seq
    Scan left in a plan means that no index can serve it."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            if "core_change" not in query["sql"]:
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"])
            (explained,) = cursor.fetchone()
            if isinstance(explained, str):
                explained = json.loads(explained)
            plans.append(explained[0]["Plan"])
    assert plans, "no query on core_change"
    return plans


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _change_log_scans(plan: dict) -> list[dict]:
    return [node for node in _nodes(plan) if node.get("Relation Name") == "core_change"]


def test_an_agencys_history_comes_off_its_index_newest_first(long_history):
    world = long_history

    (plan,) = _plans(lambda: selectors.changes_of(world.member, province_id=world.province.pk))

    (scan,) = _change_log_scans(plan)
    assert scan["Node Type"] == "Index Scan"
    assert scan["Index Name"] == "change_object_history"
    # The order is the index's: the newest 200 are read and nothing is sorted.
    assert not [node for node in _nodes(plan) if "Sort" in node["Node Type"]]


@pytest.mark.parametrize(
    "history",
    [
        lambda w: selectors.changes_in_bloc_year(
            w.bloc_year.pk, province_id=w.province.pk, of=[BlocYear]
        ),
        lambda w: selectors.changes_in_province(w.province.pk),
        lambda w: selectors.changes_in_province(w.province.pk, of=[Agency]),
    ],
    ids=["bloc-year", "province", "province-of-kind"],
)
def test_every_history_slice_is_read_through_an_index(long_history, history):
    for plan in _plans(lambda: history(long_history)):
        assert all(scan["Node Type"] != "Seq Scan" for scan in _change_log_scans(plan)), plan
        used = {node.get("Index Name", "") for node in _nodes(plan)}
        assert {"change_object_history", "change_bloc_year", "change_province"} & used, plan


def test_the_history_is_still_the_records_own(long_history):
    world = long_history

    mine = selectors.changes_of(world.member, province_id=world.province.pk)

    assert len(mine) == 200
    assert {entry.object_id for entry in mine} == {world.member.pk}
    assert [entry.at for entry in mine] == sorted((entry.at for entry in mine), reverse=True)
