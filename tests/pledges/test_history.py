"""Criteria sets and pledges record their events in core's change log, scoped to their province
and bloc-year, and every value they record has a name people read."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.models import Change
from pledges.models import ChangeAction, CriteriaSet, Pledge, SectionKind
from pledges.services import criteria, criteria_sets, signing

from .signatures import sign_all_on_paper, sign_online

pytestmark = pytest.mark.django_db


def _a_year_of_events(world, open_pledge) -> None:
    """Every kind of event pledges record: sets created, copied and edited; a pledge opened,
    signed online and on paper, in force, withdrawn; a draft edited."""
    board, secretariat = world.users["board"], world.users["secretariat"]
    template = criteria_sets.create_criteria_set(actor=board, province=world.province, year=2021)
    section = criteria.add_section(template, actor=board, title="Phần I", kind=SectionKind.STANDARD)
    criterion = criteria.add_criterion(section, actor=board, text="A", max_points=Decimal(2))
    criteria.update_criterion(criterion, criterion.version, actor=board, max_points=Decimal(3))
    criteria.update_section(section, section.version, actor=board, title="Phần 1", kind="standard")
    criteria.add_section(template, actor=board, title="Phần II", kind=SectionKind.STANDARD)
    criteria.move_section(section, "down", actor=board)
    criteria.delete_section(section, actor=board)
    criteria_sets.replace_contents(
        template,
        [
            criteria_sets.SectionRows(
                "Phần I",
                SectionKind.STANDARD,
                [criteria_sets.CriterionRow("B", Decimal(5), "standard")],
            )
        ],
        actor=board,
        source="mau.xlsx",
    )
    next_year = world.bloc.years.create(year=2021)
    criteria_sets.create_criteria_set(
        actor=board,
        province=world.province,
        year=2021,
        bloc_year=next_year,
        copy_from=template,
    )
    sign_online(open_pledge, secretariat)
    sign_all_on_paper(open_pledge, world)
    open_pledge.refresh_from_db()
    draft = signing.withdraw(open_pledge, actor=board, reason="Sửa tiêu chí")
    signing.update_draft(draft, draft.version, actor=board, preamble="Căn cứ mới")


def test_every_value_recorded_has_a_readable_name(world, open_pledge):
    _a_year_of_events(world, open_pledge)
    changes = list(Change.objects.all())
    assert {c.action for c in changes} == set(ChangeAction.values)

    with translation.override("vi"):
        keys = {
            item.label
            for change in changes
            for item in [*change.before_items, *change.after_items]
            if (change.before and item.label in change.before)
            or (change.after and item.label in change.after)
        }
    assert keys == set(), f"shown by their keys: {keys}"


def test_entries_are_scoped_to_the_province_and_bloc_year(world, open_pledge):
    _a_year_of_events(world, open_pledge)
    for change in Change.objects.all():
        record = change.target
        assert change.province_id == world.province.pk
        if isinstance(record, Pledge):
            assert change.bloc_year_id == record.bloc_year_id
        else:
            assert isinstance(record, CriteriaSet)
            assert change.bloc_year_id == record.bloc_year_id  # None for the template


def test_a_withdrawal_records_its_reason(world, open_pledge):
    signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí 2")

    entry = open_pledge.changes.get(action=ChangeAction.WITHDRAWN)

    assert entry.reason == "Sửa tiêu chí 2"
    assert entry.after == {"status": "withdrawn"}
