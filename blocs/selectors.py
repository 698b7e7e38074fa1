"""Reads for the pages: each runs a fixed number of queries whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.links import linker
from core.ordering import vn_sort_key

from .models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
from .stages import Stage, StageState, stage_states
from .years import parse_year


@dataclass(frozen=True)
class AgencyLink:
    """An agency as a table shows it: its short name (else its name), linked to its page. Plain
    strings: a template reads them without a call, and tables read them hundreds of times."""

    name: str
    url: str


@dataclass(frozen=True)
class YearSummary:
    """A bloc-year as tables list it: its head, deputy, member count and overseer."""

    pk: int
    bloc_id: int
    bloc_name: str
    year: int
    member_count: int
    overseer_name: str
    head: AgencyLink | None
    deputy: AgencyLink | None
    url: str  # the bloc-year's page
    # The province the bloc belonged to that year, when it has since been merged into the
    # bloc's province (lists show it beside the bloc); empty otherwise.
    former_province: str = ""


def year_summaries(bloc_years: QuerySet[BlocYear]) -> list[YearSummary]:
    """A table's bloc-years (in the queryset's order) as plain values, in two queries: building
    model rows for each bloc-year, bloc, overseer, head and deputy membership and agency was most
    of a table's cost. (Joining the head and deputy into the first query cost more to plan.)"""
    members = (
        Membership.objects.filter(bloc_year=OuterRef("pk"))
        .order_by()
        .values("bloc_year")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = list(
        bloc_years.annotate(members=Coalesce(Subquery(members), 0)).values_list(
            "pk",
            "bloc_id",
            "bloc__name",
            "year",
            "members",
            "overseer__full_name",
            "province_id",
            "bloc__province_id",
        )
    )
    former = _former_provinces(rows)
    agency_url, year_url = linker("blocs:agency_detail"), linker("blocs:bloc_year_detail")
    leaders: dict[tuple[int, str], AgencyLink] = {}
    if rows:
        for bloc_year_id, role, agency_id, name, short_name in (
            Membership.objects.filter(bloc_year__in=[row[0] for row in rows])
            .exclude(role=MemberRole.MEMBER)
            .order_by()
            .values_list("bloc_year_id", "role", "agency_id", "agency__name", "agency__short_name")
        ):
            leaders[bloc_year_id, role] = AgencyLink(short_name or name, agency_url(agency_id))
    return [
        YearSummary(
            pk=pk,
            bloc_id=bloc_id,
            bloc_name=bloc_name,
            year=year,
            member_count=member_count,
            overseer_name=overseer_name or "",
            head=leaders.get((pk, MemberRole.HEAD)),
            deputy=leaders.get((pk, MemberRole.DEPUTY)),
            url=year_url(bloc_id, year),
            former_province=former.get(pk, ""),
        )
        for pk, bloc_id, bloc_name, year, member_count, overseer_name, _p, _b in rows
    ]


def _former_provinces(rows: list[tuple]) -> dict[int, str]:
    """Bloc-year id -> the name that year of the province it belonged to, for those whose
    province was merged into their bloc's since: one query, only when there are some."""
    merged = {row[0]: (row[6], row[3]) for row in rows if row[6] != row[7]}
    if not merged:
        return {}
    provinces = Province.objects.in_bulk({province_id for province_id, _year in merged.values()})
    return {pk: provinces[pid].in_year(year).name for pk, (pid, year) in merged.items()}


def visible_years(user: Any) -> list[int]:
    return list(
        BlocYear.objects.visible_to(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def selected_year(raw: str | None, years: list[int]) -> int:
    """The year asked for (?nam=2020), else the latest year up to this one that has data."""
    this_year = datetime.date.today().year
    year = parse_year(raw)
    if year is not None:
        return year
    past = [y for y in years if y <= this_year]
    return max(past) if past else (max(years) if years else this_year)


@dataclass
class BlocRow:
    bloc: Bloc
    bloc_year: YearSummary | None
    stages: list[tuple[Stage, StageState]] = field(default_factory=list)
    stage_cells: str = ""  # the stages' table cells, rendered by the dashboard

    @property
    def url(self) -> str:
        """The year's page, or the bloc's while the year is not opened."""
        return self.bloc_year.url if self.bloc_year else self.bloc.get_absolute_url()

    @property
    def former_province(self) -> str:
        """The province the bloc belonged to that year, when it was one merged into its
        province since (lists show it beside the bloc)."""
        return self.bloc_year.former_province if self.bloc_year else ""


def former_province(bloc_year: BlocYear | None) -> str:
    """The name of the province a bloc-year belonged to, if not its bloc's province now."""
    if bloc_year is None or bloc_year.province_id == bloc_year.bloc.province_id:
        return ""
    return bloc_year.province_names.name


def blocs_in_year(
    user: Any, year: int, *, with_stages: bool = False, with_province: bool = False
) -> list[BlocRow]:
    """Every bloc the user may see, with its bloc-year of `year` (or None if not opened);
    `with_province` loads each bloc's province too (an operator's tables show it)."""
    blocs = Bloc.objects.visible_to(user).filter(is_active=True).only("name", "kind")
    if with_province:
        blocs = blocs.select_related("province").only("name", "kind", "province__name")
    blocs = blocs.order_by("province__sort_key", "sort_key")
    summaries = {
        summary.bloc_id: summary
        for summary in year_summaries(
            BlocYear.objects.visible_to(user).filter(year=year, bloc__is_active=True).order_by()
        )
    }
    rows = [BlocRow(bloc, summaries.get(bloc.pk)) for bloc in blocs]
    if with_stages:
        states = stage_states([row.bloc_year.pk for row in rows if row.bloc_year])
        for row in rows:
            if row.bloc_year:
                row.stages = states[row.bloc_year.pk]
    return rows


def bloc_history(user: Any, bloc: Bloc) -> list[YearSummary]:
    return year_summaries(BlocYear.objects.visible_to(user).filter(bloc=bloc).order_by("-year"))


ROLE_ORDER = {MemberRole.HEAD: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2}


def in_roster_order(memberships: Iterable[Membership]) -> list[Membership]:
    """Head, deputy, then the others in Vietnamese order of their names that year; each with
    `names`, the agency's names that year (pages and documents list a bloc-year's members this
    way). Sorted here, not in the database, because a renamed agency sorts by its old name."""
    members = list(memberships)
    for member in members:
        member.names = member.agency.names_in(member.year)  # type: ignore[attr-defined]
    return sorted(
        members,
        key=lambda m: (ROLE_ORDER[MemberRole(m.role)], vn_sort_key(m.names["name"]), m.pk),  # type: ignore[attr-defined]
    )


def bloc_year_members(bloc_year: BlocYear) -> list[Membership]:
    # Sorted here (the roster order needs each year's names): no ORDER BY, and no joins for it.
    return in_roster_order(bloc_year.memberships.select_related("agency").order_by())


def agency_memberships(user: Any, agency: Agency) -> list[Membership]:
    """The agency's blocs over the years, as far as the user may see them."""
    return list(
        Membership.objects.visible_to(user)
        .filter(agency=agency)
        .select_related("bloc_year__bloc")
        .only("year", "role", "bloc_year__year", "bloc_year__bloc__name")
        .order_by("-year")
    )


def agency_officer_memberships(user: Any) -> list[Membership]:
    """The officer's own agency in its blocs, latest year first, with each year's leaders."""
    return list(
        Membership.objects.filter(agency_id=user.agency_id)
        .select_related("bloc_year__bloc", "bloc_year__overseer")
        .prefetch_related(
            Prefetch(
                "bloc_year__memberships",
                queryset=Membership.objects.exclude(role=MemberRole.MEMBER).select_related(
                    "agency"
                ),
                to_attr="leaders",
            )
        )
        .order_by("-year")
    )
