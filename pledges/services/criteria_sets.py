"""Starting criteria sets (empty, a copy of the bloc's set of last year, or of the province's
template) and the all-or-nothing replacement of a set's contents used by the Excel import.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from blocs.access import can_manage_province, can_run_bloc_year
from blocs.models import BlocYear, Province

from ..models import ChangeAction, CriteriaSet, Criterion, PledgeStatus, Section
from . import history
from .criteria import lock_for_edit, next_position

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
    *,
    actor: Any,
    province: Province,
    year: int,
    bloc_year: BlocYear | None = None,
    title: str = "",
    copy_from: CriteriaSet | None = None,
) -> CriteriaSet:
    """A new set for a bloc-year (or a province template when bloc_year is None), empty or
    copied from another set (last year's, or the province's template). The bloc-year's board
    staff or secretariat start its set; the province's board staff its templates."""
    allowed = (
        can_run_bloc_year(actor, bloc_year)
        if bloc_year is not None
        else can_manage_province(actor, province.pk)
    )
    if not allowed or (bloc_year is not None and bloc_year.bloc.province_id != province.pk):
        raise PermissionDenied
    existing = CriteriaSet.objects.filter(province=province, year=year)
    existing = (
        existing.filter(bloc_year=bloc_year)
        if bloc_year
        else existing.filter(bloc_year__isnull=True)
    )
    if existing.exists():
        raise ValidationError(
            _("%(bloc)s already has a criteria set for %(year)s.")
            % {"bloc": bloc_year.bloc.name, "year": year}
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
        history.on_set(
            actor,
            ChangeAction.COPIED,
            criteria_set,
            _("Criteria copied from “%(source)s”") % {"source": copy_from.title},
            after={"source": copy_from.pk, "criteria": count_criteria(criteria_set)},
        )
    else:
        history.on_set(actor, ChangeAction.CREATED, criteria_set, criteria_set.title)
    return criteria_set


def count_criteria(criteria_set: CriteriaSet) -> int:
    return Criterion.objects.filter(section__criteria_set=criteria_set).count()


def copy_contents(source: CriteriaSet, into: CriteriaSet) -> None:
    """Sections and criteria of `source` appended to `into`, in order, in two bulk inserts."""
    sections = list(source.sections.prefetch_related("criteria"))
    start = next_position(into.sections.all())
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
    criteria_set: CriteriaSet, sections: list[SectionRows], *, actor: Any, source: str = ""
) -> None:
    """The set's sections and criteria replaced by `sections`, all in one transaction."""
    lock_for_edit(criteria_set, actor)
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
    history.on_set(
        actor,
        ChangeAction.IMPORTED,
        criteria_set,
        source or criteria_set.title,
        before={"criteria": before},
        after={"sections": len(sections), "criteria": sum(len(s.criteria) for s in sections)},
    )
