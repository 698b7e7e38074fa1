"""Merging provinces: from 01/07/2025, 63 provinces became 34 (Nghị quyết 202/2025/QH15; e.g.
Quảng Bình and Quảng Trị became Quảng Trị). The new province's board takes over the blocs,
agencies, officials, accounts and history of each province merged into it.

- The merged province keeps its row, marked `merged_into` and `merged_on`: its names and
  letterhead (People's Committee, Party committee, board) are those of its years, so the pages
  and documents of a year before the merger still print them.
- Its bloc-years of years that began before the merger keep it as the province of that year
  (BlocYear.province); years that begin on or after the date are the new province's. A document
  dated by its event (a pledge opened, a meeting held) is headed by the province in charge that
  day (Province.successor_on). Pledges frozen with their letterhead never change.
- Everything else moves to the new province in one transaction: blocs, agencies and officials
  here; user accounts, criteria sets and documents through what the apps above blocs register
  (`provide`); the change log's entries (their province), so the history stays readable from the
  new province. Board staff of the merged province become the new province's: they keep their
  history, and every other province still gets 404.
- Document numbers: a bloc is its own issuer and keeps its register across the merger; the
  merged province's board keeps its register (its numbers are never given again), and documents
  dated from the merger on are the new board's, numbered in its register.
- Names are unique in a province: two "Sở Nội vụ" cannot both move. `plan_merger` lists the
  clashes first; the operator resolves them, or lets the merger rename the merged province's
  records with its name in brackets ("Sở Nội vụ (Quảng Bình)") from the first year after the
  merger, so that earlier years keep the names they had.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import changelog
from core.models import Change, Renamable
from core.text import name_key

from .access import is_operator
from .models import FIRST_YEAR, Agency, Bloc, BlocYear, Official, Province

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MergerAction(models.TextChoices):
    MERGED = "province_merged", gettext_lazy("province merged into this one")


# --- What the apps above blocs move -----------------------------------------------------------


@dataclass(frozen=True)
class Mover:
    """Rows of an app above blocs that belong to a province (accounts' users, pledges' criteria
    sets…): how many the merged province has, and how to move them into the new one. `left`
    says what stays with the merged province and why (shown before the merger)."""

    label: "StrOrPromise"
    count: Callable[[Province], int]
    move: Callable[[Province, Province], int]
    left: Callable[[Province, Province], list[str]] | None = None


_MOVERS: list[Mover] = []


def provide(mover: Mover) -> None:
    """Registered in the app's AppConfig.ready()."""
    if mover not in _MOVERS:
        _MOVERS.append(mover)


# --- The plan: what would move, and the names that clash --------------------------------------


@dataclass(frozen=True)
class Clash:
    """A record of the merged province whose name the new province already uses."""

    kind: "StrOrPromise"
    name: str  # as it is named now
    renamed: str  # with the merged province's name in brackets; "" if that is taken too
    record: models.Model = field(compare=False, repr=False)
    new_values: dict[str, str] = field(compare=False, repr=False, default_factory=dict)


@dataclass
class MergerPlan:
    into: Province
    merged: Province
    effective: datetime.date
    counts: list[tuple["StrOrPromise", int]]
    clashes: list[Clash]
    left: list[str]

    @property
    def first_new_year(self) -> int:
        return first_year_from(self.effective)

    @property
    def unsolvable(self) -> list[Clash]:
        return [clash for clash in self.clashes if not clash.renamed]


def first_year_from(effective: datetime.date) -> int:
    """The first year that begins on or after the merger: from it on, the new province's (the
    year the merger falls in began under the merged province)."""
    return effective.year if (effective.month, effective.day) == (1, 1) else effective.year + 1


def _suffixed(value: str, merged: Province) -> str:
    return f"{value} ({merged.bare_name})"


def _fits(model: type[models.Model], field_name: str, value: str) -> bool:
    max_length = getattr(model._meta.get_field(field_name), "max_length", None)
    return max_length is None or len(value) <= max_length


def _bloc_clashes(into: Province, merged: Province) -> list[Clash]:
    taken = set(Bloc.objects.filter(province=into).values_list("name_key", flat=True))
    blocs = list(Bloc.objects.filter(province=merged).order_by("sort_key"))
    own = {bloc.name_key for bloc in blocs}
    clashes = []
    for bloc in blocs:
        if bloc.name_key not in taken:
            continue
        new = _suffixed(bloc.name, merged)
        free = name_key(new) not in taken | own and _fits(Bloc, "name", new)
        clashes.append(
            Clash(
                bloc.terms.noun, bloc.name, new if free else "", bloc, {"name": new} if free else {}
            )
        )
    return clashes


def _agency_clashes(into: Province, merged: Province) -> list[Clash]:
    names, shorts = set(), set()
    for key, short in Agency.objects.filter(province=into).values_list(
        "name_key", "short_name_key"
    ):
        names.add(key)
        shorts.add(short)
    shorts.discard("")
    agencies = list(Agency.objects.filter(province=merged).order_by("sort_key"))
    own_names = {agency.name_key for agency in agencies}
    own_shorts = {agency.short_name_key for agency in agencies} - {""}
    clashes = []
    for agency in agencies:
        name_taken = agency.name_key in names
        short_taken = bool(agency.short_name_key) and agency.short_name_key in shorts
        if not (name_taken or short_taken):
            continue
        new = {}
        if name_taken:
            new["name"] = _suffixed(agency.name, merged)
        if short_taken:
            new["short_name"] = _suffixed(agency.short_name, merged)
        free = all(_fits(Agency, key, value) for key, value in new.items())
        if "name" in new:
            free = free and name_key(new["name"]) not in names | own_names
        if "short_name" in new:
            free = free and name_key(new["short_name"]) not in shorts | own_shorts
        shown = new.get("name", agency.name)
        if "short_name" in new:
            shown += f" ({_('short name')}: {new['short_name']})"
        clashes.append(
            Clash(_("agency"), agency.name, shown if free else "", agency, new if free else {})
        )
    return clashes


def _official_clashes(into: Province, merged: Province) -> list[Clash]:
    taken = set(Official.objects.filter(province=into).values_list("full_name", "title"))
    clashes = []
    for official in Official.objects.filter(province=merged).order_by("sort_key", "title"):
        if (official.full_name, official.title) not in taken:
            continue
        title = _suffixed(official.title, merged)
        free = (official.full_name, title) not in taken and _fits(Official, "title", title)
        clashes.append(
            Clash(
                _("official"),
                f"{official.full_name}, {official.title}",
                f"{official.full_name}, {title}" if free else "",
                official,
                {"title": title} if free else {},
            )
        )
    return clashes


def plan_merger(into: Province, merged: Province, *, effective: datetime.date) -> MergerPlan:
    """What merging `merged` into `into` on `effective` would move, the names that clash and
    what would stay behind. Reads only."""
    first_new_year = first_year_from(effective)
    counts: list[tuple[StrOrPromise, int]] = [
        (_("blocs"), Bloc.objects.filter(province=merged).count()),
        (
            _("years of its blocs that stay under its name"),
            BlocYear.objects.filter(province=merged, year__lt=first_new_year).count(),
        ),
        (_("agencies"), Agency.objects.filter(province=merged).count()),
        (_("officials"), Official.objects.filter(province=merged).count()),
    ]
    counts += [(mover.label, mover.count(merged)) for mover in _MOVERS]
    counts.append(
        (_("entries of the change log"), Change.objects.filter(province_id=merged.pk).count())
    )
    left = [note for mover in _MOVERS if mover.left for note in mover.left(into, merged)]
    return MergerPlan(
        into=into,
        merged=merged,
        effective=effective,
        counts=counts,
        clashes=[
            *_bloc_clashes(into, merged),
            *_agency_clashes(into, merged),
            *_official_clashes(into, merged),
        ],
        left=left,
    )


# --- The rule and the merger -----------------------------------------------------------------


def can_merge(actor: Any) -> bool:
    """Mergers are decided by law and recorded by an operator (or a command on the server)."""
    return is_operator(actor)


def check_merger(into: Province, merged: Province, effective: datetime.date) -> None:
    """Which provinces may merge, and from when (ValidationError with every reason)."""
    errors = []
    if into.pk == merged.pk:
        errors.append(_("A province cannot be merged into itself."))
    for province in (into, merged):
        if province.is_merged:
            errors.append(
                _("%(province)s was already merged into %(into)s on %(date)s.")
                % {
                    "province": province.name,
                    "into": province.merged_into.name,  # type: ignore[union-attr]
                    "date": f"{province.merged_on:%d/%m/%Y}",
                }
            )
    if effective > datetime.date.today():
        errors.append(_("Record a merger once it has taken effect: the date is in the future."))
    if effective.year < FIRST_YEAR:
        errors.append(_("The date is too early."))
    if errors:
        raise ValidationError(errors)


def clash_error(plan: MergerPlan) -> ValidationError:
    """The names the new province already uses, for a merger asked not to rename them."""
    return ValidationError(
        [
            _(
                "%(into)s already uses these names; rename them first, or let the merger add "
                "“(%(merged)s)” to them:"
            )
            % {"into": plan.into.name, "merged": plan.merged.bare_name},
            *(f"{clash.kind}: {clash.name}" for clash in plan.clashes),
        ],
        code="clash",
    )


@transaction.atomic
def merge_provinces(
    into: Province,
    merged: Province,
    *,
    effective: datetime.date,
    actor: Any,
    rename_clashes: bool = False,
) -> MergerPlan:
    """Merge `merged` into `into` from `effective` (see the module's docstring): all of it or
    nothing. Names that clash are refused unless `rename_clashes`; a clash the suffix cannot
    solve is always refused."""
    if not can_merge(actor):
        raise PermissionDenied
    # Both provinces locked, in one order (imports lock their province too).
    rows = Province.objects.select_for_update().filter(pk__in=[into.pk, merged.pk]).order_by("pk")
    locked = {province.pk: province for province in rows}
    into, merged = locked[into.pk], locked[merged.pk]
    check_merger(into, merged, effective)
    plan = plan_merger(into, merged, effective=effective)
    if plan.unsolvable:
        raise ValidationError(
            [
                _("These names clash even with “(%(merged)s)” added; rename them first:")
                % {"merged": merged.bare_name},
                *(f"{clash.kind}: {clash.name}" for clash in plan.unsolvable),
            ],
            code="clash",
        )
    if plan.clashes and not rename_clashes:
        raise clash_error(plan)
    try:
        with transaction.atomic():
            _move(plan)
    except IntegrityError:  # a clashing record was created in the same moment
        raise ValidationError(
            _("A record of %(into)s was added or renamed meanwhile. Review the merger again.")
            % {"into": into.name},
            code="changed",
        ) from None
    changelog.record(
        actor,
        MergerAction.MERGED,
        into,
        province_id=into.pk,
        subject=f"{merged.name} → {into.name}",
        after={
            "merged": merged.name,
            "effective": f"{effective:%d/%m/%Y}",
            "moved": [f"{label}: {count}" for label, count in plan.counts],
            "renamed": [f"{clash.name} → {clash.renamed}" for clash in plan.clashes],
        },
    )
    return plan


def _rename_from(record: Renamable, year: int, values: dict[str, str]) -> None:
    """A new name from `year` on, the years before keeping the old one (as an official renaming
    on the record's page would)."""
    old = {name: getattr(record, name) for name in record.NAME_FIELDS}
    last = max((entry["until"] for entry in record.former_names), default=None)
    if last is None or last < year - 1:
        record.former_names = [*record.former_names, {"until": year - 1, **old}]
    # Otherwise the current names already date from a later year: only those years change.
    for name, value in values.items():
        setattr(record, name, value)


def _move(plan: MergerPlan) -> None:
    into, merged = plan.into, plan.merged
    for clash in plan.clashes:
        record = clash.record
        if isinstance(record, Renamable):
            _rename_from(record, plan.first_new_year, clash.new_values)
        else:
            for name, value in clash.new_values.items():
                setattr(record, name, value)
        record.version += 1  # type: ignore[attr-defined]
        record.save()
    # A new version: an edit form opened before the merger (which would save the old
    # province back) is refused as stale.
    moved = {"province": into, "version": F("version") + 1}
    BlocYear.objects.filter(province=merged, year__gte=plan.first_new_year).update(**moved)
    for model in (Bloc, Agency, Official):
        model.objects.filter(province=merged).update(**moved)
    for mover in _MOVERS:
        mover.move(into, merged)
    # The log's entries follow their records: the new province's board reads their history.
    Change.objects.filter(province_id=merged.pk).update(province_id=into.pk)
    merged.merged_into, merged.merged_on = into, plan.effective
    merged.version += 1
    merged.save(update_fields=["merged_into", "merged_on", "version"])
