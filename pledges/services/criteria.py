"""Editing a criteria set: its sections and criteria, added, changed, moved and deleted; the rules
on points and kinds every write of a set follows (criteria_sets.py starts and replaces sets).

A set used by a pledge that is open for signing or in force is locked: what members signed must
not change under them (domain.md, "Pledge"). Every write locks the set's row first, so that an
edit and the opening of a pledge cannot interleave.
"""

from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.versioning import save_versioned

from ..access import can_edit_criteria_set
from ..models import (
    KINDS_IN_SECTION,
    MAX_POINTS,
    ChangeAction,
    CriteriaSet,
    Criterion,
    CriterionKind,
    PledgeStatus,
    Section,
    SectionKind,
)
from . import history

Direction = Literal["up", "down"]


# --- Rules -----------------------------------------------------------------------------------


def parse_points(value: Any) -> Decimal:
    """A maximum as typed ("10", "2,5", "2.5"): a number above 0 with at most two decimals."""
    text = str(value).strip().replace(" ", "").replace(",", ".")
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("The maximum “%(value)s” is not a number.") % {"value": value}, code="not_number"
        ) from None
    if not points.is_finite() or points <= 0:
        raise ValidationError(
            _("The maximum must be a number above 0 (got %(value)s).") % {"value": value},
            code="not_positive",
        )
    if points > MAX_POINTS:
        raise ValidationError(
            _("The maximum cannot be above %(limit)s.") % {"limit": MAX_POINTS}, code="too_big"
        )
    if points != points.quantize(Decimal("0.01")):
        raise ValidationError(
            _("The maximum may have at most two decimals (got %(value)s).") % {"value": value},
            code="decimals",
        )
    return points.quantize(Decimal("0.01"))


def check_kind_in_section(section_kind: str, kind: str) -> None:
    """Bonus and deduction points live in their own section, so that they are never counted
    into the standard total; a standard criterion never sits among them."""
    if kind not in KINDS_IN_SECTION[SectionKind(section_kind)]:
        if section_kind == SectionKind.STANDARD:
            message = _(
                "A “%(kind)s” criterion cannot be in a section of scored criteria: it would be "
                "counted into the standard total. Put it in a section of bonus and deduction "
                "points."
            )
        else:
            message = _(
                "A “%(kind)s” criterion cannot be in a section of bonus and deduction points: "
                "put it in a section of scored criteria."
            )
        raise ValidationError(
            message % {"kind": CriterionKind(kind).label}, code="kind_not_in_section"
        )


def check_editable(criteria_set: CriteriaSet) -> None:
    in_use = criteria_set.pledges.filter(status__in=[PledgeStatus.OPEN, PledgeStatus.IN_FORCE])
    if in_use.exists():
        raise ValidationError(
            _(
                "This criteria set belongs to a pledge that is open for signing or in force, so "
                "it cannot change. To change it, withdraw the signing round first."
            ),
            code="locked",
        )


def locked_reason(criteria_set: CriteriaSet) -> str:
    """Why the set cannot change now (check_editable's message), or "" when it can."""
    try:
        check_editable(criteria_set)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def lock_for_edit(criteria_set: CriteriaSet, actor: Any) -> None:
    """Every write on a set starts here: the actor may change it (404/403 are the views'
    business; here a refusal is PermissionDenied), its row is locked, and it is not locked by an
    open or in-force pledge."""
    if not can_edit_criteria_set(actor, criteria_set):
        raise PermissionDenied
    CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk).first()
    check_editable(criteria_set)


def section_data(section: Section) -> dict[str, Any]:
    return {"title": section.title, "kind": section.kind}


def criterion_data(criterion: Criterion) -> dict[str, Any]:
    return {
        "text": criterion.text,
        "max_points": f"{Decimal(criterion.max_points):.2f}",
        "kind": criterion.kind,
        "guidance": criterion.guidance,
    }


def next_position(queryset: Any) -> int:
    last = queryset.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


# --- Sections --------------------------------------------------------------------------------


@transaction.atomic
def add_section(criteria_set: CriteriaSet, *, actor: Any, title: str, kind: str) -> Section:
    lock_for_edit(criteria_set, actor)
    section = Section.objects.create(
        criteria_set=criteria_set,
        position=next_position(criteria_set.sections.all()),
        title=title,
        kind=kind,
    )
    history.on_set(
        actor,
        ChangeAction.CREATED,
        criteria_set,
        _("Section “%(title)s”") % {"title": title},
        after=section_data(section),
    )
    return section


@transaction.atomic
def update_section(
    section: Section, expected_version: int | None, *, actor: Any, title: str, kind: str
) -> Section:
    lock_for_edit(section.criteria_set, actor)
    before = section_data(Section.objects.get(pk=section.pk))
    if kind != before["kind"]:
        for criterion in section.criteria.all():
            check_kind_in_section(kind, criterion.kind)
    section.title, section.kind = title, kind
    save_versioned(section, expected_version)
    old, new = history.changed_fields(before, section_data(section))
    if new:
        history.on_set(
            actor,
            ChangeAction.EDITED,
            section.criteria_set,
            _("Section “%(title)s”") % {"title": title},
            before=old,
            after=new,
        )
    return section


@transaction.atomic
def delete_section(section: Section, *, actor: Any) -> None:
    lock_for_edit(section.criteria_set, actor)
    before = {
        **section_data(section),
        "criteria": [criterion_data(c) for c in section.criteria.all()],
    }
    history.on_set(
        actor,
        ChangeAction.DELETED,
        section.criteria_set,
        _("Section “%(title)s”") % {"title": section.title},
        before=before,
    )
    section.delete()


@transaction.atomic
def move_section(section: Section, direction: Direction, *, actor: Any) -> bool:
    lock_for_edit(section.criteria_set, actor)
    moved = _swap(list(section.criteria_set.sections.all()), section.pk, direction)
    if moved:
        history.on_set(
            actor,
            ChangeAction.MOVED,
            section.criteria_set,
            _("Section “%(title)s” moved %(direction)s")
            % {"title": section.title, "direction": _direction_label(direction)},
        )
    return moved


def _direction_label(direction: Direction) -> str:
    return _("up") if direction == "up" else _("down")


def _swap(items: list[Any], pk: int, direction: Direction) -> bool:
    """Move one item of an ordered list one place; positions are renumbered 0, 1, 2…"""
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)
            item.position = position
    return True


# --- Criteria --------------------------------------------------------------------------------


@transaction.atomic
def add_criterion(
    section: Section,
    *,
    actor: Any,
    text: str,
    max_points: Decimal,
    kind: str = CriterionKind.STANDARD,
    guidance: str = "",
) -> Criterion:
    lock_for_edit(section.criteria_set, actor)
    check_kind_in_section(section.kind, kind)
    criterion = Criterion.objects.create(
        section=section,
        position=next_position(section.criteria.all()),
        text=text,
        max_points=max_points,
        kind=kind,
        guidance=guidance,
    )
    history.on_set(
        actor,
        ChangeAction.CREATED,
        section.criteria_set,
        _("Criterion “%(text)s”") % {"text": text},
        after=criterion_data(criterion),
    )
    return criterion


@transaction.atomic
def update_criterion(
    criterion: Criterion, expected_version: int | None, *, actor: Any, **values: Any
) -> Criterion:
    criteria_set = criterion.section.criteria_set
    lock_for_edit(criteria_set, actor)
    before = criterion_data(Criterion.objects.get(pk=criterion.pk))
    for name, value in values.items():
        setattr(criterion, name, value)
    check_kind_in_section(criterion.section.kind, criterion.kind)
    save_versioned(criterion, expected_version)
    old, new = history.changed_fields(before, criterion_data(criterion))
    if new:
        history.on_set(
            actor,
            ChangeAction.EDITED,
            criteria_set,
            _("Criterion “%(text)s”") % {"text": criterion.text},
            before=old,
            after=new,
        )
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, actor: Any) -> None:
    criteria_set = criterion.section.criteria_set
    lock_for_edit(criteria_set, actor)
    history.on_set(
        actor,
        ChangeAction.DELETED,
        criteria_set,
        _("Criterion “%(text)s”") % {"text": criterion.text},
        before=criterion_data(criterion),
    )
    criterion.delete()


@transaction.atomic
def move_criterion(criterion: Criterion, direction: Direction, *, actor: Any) -> bool:
    lock_for_edit(criterion.section.criteria_set, actor)
    moved = _swap(list(criterion.section.criteria.all()), criterion.pk, direction)
    if moved:
        history.on_set(
            actor,
            ChangeAction.MOVED,
            criterion.section.criteria_set,
            _("Criterion “%(text)s” moved %(direction)s")
            % {"text": criterion.text, "direction": _direction_label(direction)},
        )
    return moved
