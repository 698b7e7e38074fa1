"""Building criteria sets: sections and criteria, copies of last year's set and of the province's
template, moves, deletions and the all-or-nothing replacement used by the Excel import.

A set used by a pledge that is open for signing or in force is locked: what members signed must
not change under them (domain.md, "Pledge"). Every write locks the set's row first, so that an
edit and the opening of a pledge cannot interleave.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from blocs.models import BlocYear, Province
from core.versioning import save_versioned

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


def _lock(criteria_set: CriteriaSet) -> None:
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


# --- Sets ------------------------------------------------------------------------------------


def previous_set(bloc_year: BlocYear) -> CriteriaSet | None:
    """The bloc's set of its latest earlier year."""
    return (
        CriteriaSet.objects.filter(bloc_year__bloc_id=bloc_year.bloc_id, year__lt=bloc_year.year)
        .order_by("-year")
        .first()
    )


def template_for(province_id: int, year: int) -> CriteriaSet | None:
    """The province's template of the year, or of the latest earlier year."""
    return (
        CriteriaSet.objects.filter(province_id=province_id, bloc_year__isnull=True, year__lte=year)
        .order_by("-year")
        .first()
    )


def default_title(bloc_year: BlocYear | None, year: int) -> str:
    if bloc_year is None:
        return f"Bảng điểm mẫu năm {year}"
    return f"Bảng điểm thi đua năm {year} - {bloc_year.bloc.name_in(year)}"


@transaction.atomic
def create_criteria_set(
    user: Any,
    *,
    province: Province,
    year: int,
    bloc_year: BlocYear | None = None,
    title: str = "",
    copy_from: CriteriaSet | None = None,
) -> CriteriaSet:
    """A new set for a bloc-year (or a province template when bloc_year is None), empty or
    copied from another set (last year's, or the province's template)."""
    existing = CriteriaSet.objects.filter(province=province, year=year)
    existing = (
        existing.filter(bloc_year=bloc_year)
        if bloc_year
        else existing.filter(bloc_year__isnull=True)
    )
    if existing.exists():
        raise ValidationError(
            _("This bloc already has a criteria set for the year.")
            if bloc_year
            else _("The province already has a template for this year."),
            code="exists",
        )
    if copy_from is not None and copy_from.province_id != province.pk:
        raise ValidationError(_("Criteria can only be copied within the province."))
    try:
        with transaction.atomic():
            criteria_set = CriteriaSet.objects.create(
                province=province,
                bloc_year=bloc_year,
                year=year,
                title=title or default_title(bloc_year, year),
                copied_from=copy_from,
            )
    except IntegrityError:  # created by someone else in the same moment
        raise ValidationError(_("This criteria set already exists."), code="exists") from None
    if bloc_year is not None:
        # A draft pledge written before its set existed takes it.
        bloc_year.pledges.filter(status=PledgeStatus.DRAFT, criteria_set__isnull=True).update(
            criteria_set=criteria_set
        )
    if copy_from is not None:
        copy_contents(copy_from, criteria_set)
        history.record(
            user,
            ChangeAction.COPIED,
            _("Criteria copied from “%(source)s”") % {"source": copy_from.title},
            criteria_set=criteria_set,
            after={"source": copy_from.pk, "criteria": count_criteria(criteria_set)},
        )
    else:
        history.record(user, ChangeAction.CREATED, criteria_set.title, criteria_set=criteria_set)
    return criteria_set


def count_criteria(criteria_set: CriteriaSet) -> int:
    return Criterion.objects.filter(section__criteria_set=criteria_set).count()


def copy_contents(source: CriteriaSet, into: CriteriaSet) -> None:
    """Sections and criteria of `source` appended to `into`, in order, in two bulk inserts."""
    sections = list(source.sections.prefetch_related("criteria"))
    start = _next_position(into.sections.all())
    copies = Section.objects.bulk_create(
        Section(criteria_set=into, position=start + index, title=s.title, kind=s.kind)
        for index, s in enumerate(sections)
    )
    Criterion.objects.bulk_create(
        Criterion(
            section=copy,
            position=c.position,
            text=c.text,
            max_points=c.max_points,
            kind=c.kind,
            guidance=c.guidance,
        )
        for original, copy in zip(sections, copies, strict=True)
        for c in original.criteria.all()
    )


def _next_position(queryset: Any) -> int:
    last = queryset.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


# --- Sections --------------------------------------------------------------------------------


@transaction.atomic
def add_section(criteria_set: CriteriaSet, user: Any, *, title: str, kind: str) -> Section:
    _lock(criteria_set)
    section = Section.objects.create(
        criteria_set=criteria_set,
        position=_next_position(criteria_set.sections.all()),
        title=title,
        kind=kind,
    )
    history.record(
        user,
        ChangeAction.CREATED,
        _("Section “%(title)s”") % {"title": title},
        criteria_set=criteria_set,
        after=section_data(section),
    )
    return section


@transaction.atomic
def update_section(
    section: Section, user: Any, expected_version: int | None, *, title: str, kind: str
) -> Section:
    _lock(section.criteria_set)
    before = section_data(Section.objects.get(pk=section.pk))
    if kind != before["kind"]:
        for criterion in section.criteria.all():
            check_kind_in_section(kind, criterion.kind)
    section.title, section.kind = title, kind
    save_versioned(section, expected_version)
    old, new = history.changed_fields(before, section_data(section))
    if new:
        history.record(
            user,
            ChangeAction.EDITED,
            _("Section “%(title)s”") % {"title": title},
            criteria_set=section.criteria_set,
            before=old,
            after=new,
        )
    return section


@transaction.atomic
def delete_section(section: Section, user: Any) -> None:
    _lock(section.criteria_set)
    before = {
        **section_data(section),
        "criteria": [criterion_data(c) for c in section.criteria.all()],
    }
    history.record(
        user,
        ChangeAction.DELETED,
        _("Section “%(title)s”") % {"title": section.title},
        criteria_set=section.criteria_set,
        before=before,
    )
    section.delete()


@transaction.atomic
def move_section(section: Section, user: Any, direction: Direction) -> bool:
    _lock(section.criteria_set)
    moved = _swap(list(section.criteria_set.sections.all()), section.pk, direction)
    if moved:
        history.record(
            user,
            ChangeAction.MOVED,
            _("Section “%(title)s” moved %(direction)s")
            % {"title": section.title, "direction": _direction_label(direction)},
            criteria_set=section.criteria_set,
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
    user: Any,
    *,
    text: str,
    max_points: Decimal,
    kind: str = CriterionKind.STANDARD,
    guidance: str = "",
) -> Criterion:
    _lock(section.criteria_set)
    check_kind_in_section(section.kind, kind)
    criterion = Criterion.objects.create(
        section=section,
        position=_next_position(section.criteria.all()),
        text=text,
        max_points=max_points,
        kind=kind,
        guidance=guidance,
    )
    history.record(
        user,
        ChangeAction.CREATED,
        _("Criterion “%(text)s”") % {"text": text},
        criteria_set=section.criteria_set,
        after=criterion_data(criterion),
    )
    return criterion


@transaction.atomic
def update_criterion(
    criterion: Criterion, user: Any, expected_version: int | None, **values: Any
) -> Criterion:
    criteria_set = criterion.section.criteria_set
    _lock(criteria_set)
    before = criterion_data(Criterion.objects.get(pk=criterion.pk))
    for name, value in values.items():
        setattr(criterion, name, value)
    check_kind_in_section(criterion.section.kind, criterion.kind)
    save_versioned(criterion, expected_version)
    old, new = history.changed_fields(before, criterion_data(criterion))
    if new:
        history.record(
            user,
            ChangeAction.EDITED,
            _("Criterion “%(text)s”") % {"text": criterion.text},
            criteria_set=criteria_set,
            before=old,
            after=new,
        )
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, user: Any) -> None:
    criteria_set = criterion.section.criteria_set
    _lock(criteria_set)
    history.record(
        user,
        ChangeAction.DELETED,
        _("Criterion “%(text)s”") % {"text": criterion.text},
        criteria_set=criteria_set,
        before=criterion_data(criterion),
    )
    criterion.delete()


@transaction.atomic
def move_criterion(criterion: Criterion, user: Any, direction: Direction) -> bool:
    _lock(criterion.section.criteria_set)
    moved = _swap(list(criterion.section.criteria.all()), criterion.pk, direction)
    if moved:
        history.record(
            user,
            ChangeAction.MOVED,
            _("Criterion “%(text)s” moved %(direction)s")
            % {"text": criterion.text, "direction": _direction_label(direction)},
            criteria_set=criterion.section.criteria_set,
        )
    return moved


# --- Replacing everything (Excel import) -----------------------------------------------------


@dataclass
class CriterionRow:
    text: str
    max_points: Decimal
    kind: str
    guidance: str = ""


@dataclass
class SectionRows:
    title: str
    kind: str
    criteria: list[CriterionRow] = field(default_factory=list)


@transaction.atomic
def replace_contents(
    criteria_set: CriteriaSet, user: Any, sections: list[SectionRows], *, source: str = ""
) -> None:
    """The set's sections and criteria replaced by `sections`, all in one transaction."""
    _lock(criteria_set)
    before = count_criteria(criteria_set)
    criteria_set.sections.all().delete()
    created = Section.objects.bulk_create(
        Section(criteria_set=criteria_set, position=index, title=s.title, kind=s.kind)
        for index, s in enumerate(sections)
    )
    Criterion.objects.bulk_create(
        Criterion(
            section=section,
            position=position,
            text=row.text,
            max_points=row.max_points,
            kind=row.kind,
            guidance=row.guidance,
        )
        for rows, section in zip(sections, created, strict=True)
        for position, row in enumerate(rows.criteria)
    )
    history.record(
        user,
        ChangeAction.IMPORTED,
        source or criteria_set.title,
        criteria_set=criteria_set,
        before={"criteria": before},
        after={"sections": len(sections), "criteria": sum(len(s.criteria) for s in sections)},
    )
