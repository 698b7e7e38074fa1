"""pledges' own history table moved into core's change log (migration
pledges/0002_history_to_change_log): every entry is kept, with its time, actor, action, subject
and values, scoped to its set's or pledge's province and bloc-year; and back on a rollback.

The database really goes back to the migration before and forward again (transactional test).
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.models import Change
from pledges.models import CriteriaSet, Pledge
from pledges.services import signing

from .signatures import sign_online

pytestmark = pytest.mark.django_db(transaction=True)

DATA_MIGRATION = "history_to_change_log"


def _before_data_migration() -> list[tuple[str, str]]:
    """The migrations the data migration depends on (whatever their numbers)."""
    loader = MigrationExecutor(connection).loader
    name = next(
        key for key in loader.disk_migrations if key[0] == "pledges" and DATA_MIGRATION in key[1]
    )
    return list(loader.get_migration(*name).dependencies)


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _entries() -> list[tuple]:
    return list(
        Change.objects.order_by("at", "pk").values_list(
            "content_type__model",
            "object_id",
            "province_id",
            "bloc_year_id",
            "actor_id",
            "at",
            "action",
            "subject",
            "reason",
            "before",
            "after",
        )
    )


def test_history_moves_into_the_change_log_and_back(world, open_pledge):
    board, secretariat = world.users["board"], world.users["secretariat"]
    sign_online(open_pledge, secretariat, signer_title="Giám đốc")
    signing.withdraw(open_pledge, actor=board, reason="Sửa tiêu chí 2")
    criteria_set = open_pledge.criteria_set
    recorded = _entries()
    assert {entry[0] for entry in recorded} == {"criteriaset", "pledge"}

    legacy_time = timezone.make_aware(datetime.datetime(2021, 1, 20, 9, 30))
    try:
        old_apps = _migrate(_before_data_migration())
        OldChange = old_apps.get_model("pledges", "Change")
        # Rolled back: pledges' table holds the entries as the old code wrote them.
        assert OldChange.objects.count() == len(recorded)
        assert not Change.objects.exists()
        signed = OldChange.objects.get(action="signed")
        assert signed.after["title"] == "Giám đốc"
        assert "signer_title" not in signed.after
        assert OldChange.objects.get(action="withdrawn").after["reason"] == "Sửa tiêu chí 2"
        assert sorted(OldChange.objects.values_list("at", flat=True)) == [e[5] for e in recorded]

        # Entries the old code wrote, as it wrote them (times of their own).
        OldChange.objects.create(
            pledge_id=open_pledge.pk,
            actor_id=secretariat.pk,
            action="signed",
            subject="Sở Khoa học và Công nghệ",
            after={"agency": "Sở KH&CN", "signer": "Trần Văn B", "title": "Phó Giám đốc"},
        )
        OldChange.objects.create(
            criteria_set_id=criteria_set.pk,
            actor_id=None,
            action="edited",
            subject="Tiêu chí “Cải cách hành chính”",
            before={"max_points": "4.00"},
            after={"max_points": "5.00"},
        )
        OldChange.objects.filter(actor_id=None).update(at=legacy_time)
    finally:
        _migrate(_latest())

    moved = _entries()
    assert len(moved) == len(recorded) + 2
    assert moved[0][:3] == ("criteriaset", criteria_set.pk, world.province.pk)
    assert [entry for entry in moved if entry[5] != legacy_time][: len(recorded)] == recorded
    legacy = Change.objects.get(at=legacy_time)
    assert (legacy.target, legacy.province_id, legacy.bloc_year_id, legacy.actor) == (
        criteria_set,
        world.province.pk,
        world.bloc_year.pk,
        None,
    )
    assert (legacy.before, legacy.after) == ({"max_points": "4.00"}, {"max_points": "5.00"})
    paper = Change.objects.get(subject="Sở Khoa học và Công nghệ")
    assert paper.target == open_pledge
    assert paper.content_type == ContentType.objects.get_for_model(Pledge)
    assert paper.after == {
        "agency": "Sở KH&CN",
        "signer": "Trần Văn B",
        "signer_title": "Phó Giám đốc",
    }
    assert (paper.province_id, paper.bloc_year_id) == (world.province.pk, world.bloc_year.pk)
    withdrawn = Change.objects.get(action="withdrawn")
    assert (withdrawn.reason, withdrawn.after) == ("Sửa tiêu chí 2", {"status": "withdrawn"})


def test_a_criteria_set_template_keeps_its_province_and_no_bloc_year(world):
    from pledges.services import criteria_sets

    template = criteria_sets.create_criteria_set(
        actor=world.users["board"], province=world.province, year=2020
    )
    try:
        old_apps = _migrate(_before_data_migration())
        OldChange = old_apps.get_model("pledges", "Change")
        assert OldChange.objects.filter(criteria_set_id=template.pk).count() == 1
    finally:
        _migrate(_latest())
    entry = Change.objects.get()
    assert (entry.target, entry.province_id, entry.bloc_year_id) == (
        template,
        world.province.pk,
        None,
    )
    assert entry.content_type == ContentType.objects.get_for_model(CriteriaSet)
