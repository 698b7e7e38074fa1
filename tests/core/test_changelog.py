"""The one change log: what an entry records, the registries of actions and readable values, and
the history slices pages read (one query each, within one province)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from blocs.models import Bloc, BlocYear, Province
from core import changelog, selectors
from core.actors import SYSTEM
from core.models import Change
from pledges.models import CriteriaSet, Pledge
from pledges.services import criteria_sets
from tests.factories import BlocYearFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """Empty registries for the test, so that what it registers does not outlive it."""
    monkeypatch.setattr(changelog, "_ACTIONS", {})
    monkeypatch.setattr(changelog, "_LABELS", {})
    monkeypatch.setattr(changelog, "_FORMATS", {})
    changelog.register_actions([("renamed", "renamed"), ("score_changed", "score changed")])
    return changelog


def test_an_entry_records_who_did_what_to_which_record_where_and_why(world, registry):
    user = world.users["board"]

    entry = changelog.record(
        user,
        "renamed",
        world.bloc,
        province_id=world.province.pk,
        bloc_year_id=world.bloc_year.pk,
        subject="Khối thi đua số 6",
        before={"name": "Khối 6"},
        after={"name": "Khối thi đua số 6"},
        reason="Quyết định 12/QĐ-UBND",
    )

    entry.refresh_from_db()
    assert entry.target == world.bloc
    assert (entry.province_id, entry.bloc_year_id) == (world.province.pk, world.bloc_year.pk)
    assert (entry.actor, entry.action, entry.reason) == (user, "renamed", "Quyết định 12/QĐ-UBND")
    assert (entry.before, entry.after) == ({"name": "Khối 6"}, {"name": "Khối thi đua số 6"})
    assert entry.at is not None


def test_the_system_actor_is_recorded_as_no_person(world, registry):
    entry = changelog.record(SYSTEM, "renamed", world.bloc, province_id=world.province.pk)
    assert entry.actor is None
    assert entry.subject == str(world.bloc)  # the record's name when no subject is given


def test_an_unregistered_action_is_refused(world, registry):
    with pytest.raises(ValueError, match="score_chnaged"):
        changelog.record(SYSTEM, "score_chnaged", world.bloc, province_id=world.province.pk)
    assert not Change.objects.exists()


def test_every_entry_belongs_to_a_province(world, registry):
    with pytest.raises(ValueError, match="province"):
        changelog.record(SYSTEM, "renamed", world.bloc, province_id=None)  # type: ignore[arg-type]


def test_an_action_key_means_one_thing_for_every_app(registry):
    registry.register_actions([("renamed", "renamed")])  # the same label again: fine
    with pytest.raises(ImproperlyConfigured, match="renamed"):
        registry.register_actions([("renamed", "moved")])


def test_changed_fields_keeps_only_what_differs():
    before = {"text": "A", "max_points": "2.00", "kind": "standard"}
    after = {"text": "A", "max_points": "3.00", "kind": "standard"}
    assert changelog.changed_fields(before, after) == (
        {"max_points": "2.00"},
        {"max_points": "3.00"},
    )


def test_values_read_as_labels_and_names(world, registry):
    registry.describe(
        Bloc,
        labels={"sha256": "SHA-256 hash", "kind": "kind", "members": "members"},
        values={"sha256": registry.short_hash, "kind": registry.choice({"bloc": "Khối"})},
    )
    digest = "ab" * 32
    entry = changelog.record(
        SYSTEM,
        "renamed",
        world.bloc,
        province_id=world.province.pk,
        after={"sha256": digest, "kind": "bloc", "members": ["Sở A", "Sở B"], "other_key": None},
    )

    assert entry.after_items == [
        changelog.Item("SHA-256 hash", f"{digest[:12]}…", digest),
        changelog.Item("kind", "Khối"),
        changelog.Item("members", "Sở A; Sở B"),
        changelog.Item("other_key", "—"),
    ]
    assert entry.before_items == []


def test_entries_outlive_their_record(world):
    template = criteria_sets.create_criteria_set(
        actor=world.users["board"], province=world.province, year=2020
    )
    pk = template.pk
    assert template.changes.count() == 1

    template.delete()

    assert Change.objects.filter(object_id=pk, province_id=world.province.pk).exists()


# --- Slices -------------------------------------------------------------------------------------


def _entries(registry, target, province: Province, bloc_year: BlocYear | None, count: int):
    for n in range(count):
        changelog.record(
            UserFactory(),  # a person of their own each, to catch a query per actor
            "score_changed",
            target,
            province_id=province.pk,
            bloc_year_id=bloc_year.pk if bloc_year else None,
            subject=f"Điểm {n}",
            before={"points": n},
            after={"points": n + 1},
        )


def test_slices_stay_within_their_object_bloc_year_and_province(world, registry):
    other_year = BlocYearFactory(bloc=world.bloc, year=2021)
    foreign = world.foreign_province
    _entries(registry, world.bloc_year, world.province, world.bloc_year, 3)
    _entries(registry, other_year, world.province, other_year, 2)
    _entries(registry, world.foreign_bloc, foreign, world.foreign_bloc_year, 1)
    _entries(registry, world.bloc, world.province, None, 1)

    mine = selectors.changes_of(world.bloc_year, province_id=world.province.pk)
    assert [c.subject for c in mine] == ["Điểm 2", "Điểm 1", "Điểm 0"]  # newest first
    assert selectors.changes_of(world.bloc_year, province_id=foreign.pk) == []

    in_year = selectors.changes_in_bloc_year(
        world.bloc_year.pk, province_id=world.province.pk, of=[BlocYear]
    )
    assert len(in_year) == 3
    assert (
        selectors.changes_in_bloc_year(world.bloc_year.pk, province_id=world.province.pk, of=[Bloc])
        == []
    )
    assert len(selectors.changes_in_province(world.province.pk)) == 6
    assert len(selectors.changes_in_province(world.province.pk, of=[Bloc])) == 1
    assert len(selectors.changes_in_province(foreign.pk)) == 1


@pytest.mark.parametrize("count", [2, 40])
def test_a_history_page_takes_one_query_however_long(world, registry, count):
    """The slice and its rendering (actors, labels, values): one query for 2 or 40 entries."""
    _entries(registry, world.bloc_year, world.province, world.bloc_year, count)
    selectors.changes_of(world.bloc_year, province_id=world.province.pk)  # warm the type cache

    with CaptureQueriesContext(connection) as queries:
        changes = selectors.changes_of(world.bloc_year, province_id=world.province.pk)
        with translation.override("vi"):
            html = render_to_string("core/_history.html", {"changes": changes})

    assert len(queries) == 1
    assert html.count("<tr>") == count + 1  # and the header


def test_pledges_describe_their_records(db):
    """pledges registers its actions and the keys of its entries when the site starts."""
    assert changelog.action_label("withdrawn")
    for model in (CriteriaSet, Pledge):
        assert "sha256" in changelog._LABELS[model._meta.label_lower]
