"""Reads for the pages: each runs a fixed number of queries whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from core.ordering import vn_sort_key

from .models import Agency, Bloc, BlocYear, MemberRole, Membership
from .stages import Stage, StageState, stage_states
from .years import parse_year


def leaders_prefetch() -> Prefetch:
    """The head and deputy of each bloc-year, into `bloc_year.leaders` (used by .head/.deputy)."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.exclude(role=MemberRole.MEMBER).select_related("agency"),
        to_attr="leaders",
    )


def with_summary(bloc_years: QuerySet[BlocYear]) -> QuerySet[BlocYear]:
    """Bloc, overseer, member count, head and deputy for a table of bloc-years."""
    return (
        bloc_years.select_related("bloc", "overseer")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(leaders_prefetch())
    )


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
    bloc_year: BlocYear | None
    stages: list[tuple[Stage, StageState]] = field(default_factory=list)


def blocs_in_year(user: Any, year: int, *, with_stages: bool = False) -> list[BlocRow]:
    """Every bloc the user may see, with its bloc-year of `year` (or None if not opened)."""
    blocs = (
        Bloc.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "years",
                queryset=with_summary(BlocYear.objects.visible_to(user).filter(year=year)),
                to_attr="selected_years",
            )
        )
        .order_by("province__sort_key", "sort_key")
    )
    rows = [
        BlocRow(bloc, bloc.selected_years[0] if bloc.selected_years else None) for bloc in blocs
    ]
    if with_stages:
        states = stage_states([row.bloc_year for row in rows if row.bloc_year])
        for row in rows:
            if row.bloc_year:
                row.stages = states[row.bloc_year.pk]
    return rows


def bloc_history(user: Any, bloc: Bloc) -> list[BlocYear]:
    return list(with_summary(BlocYear.objects.visible_to(user).filter(bloc=bloc)).order_by("-year"))


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
    return in_roster_order(bloc_year.memberships.select_related("agency"))


def agency_memberships(user: Any, agency: Agency) -> list[Membership]:
    """The agency's blocs over the years, as far as the user may see them."""
    return list(
        Membership.objects.visible_to(user)
        .filter(agency=agency)
        .select_related("bloc_year__bloc")
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
