"""Reads for criteria sets and pledges: the outline with its totals, the status board, history.

Totals are computed here (never in templates), from rows loaded once.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from blocs import links
from blocs.models import BlocYear, Membership
from blocs.selectors import in_roster_order
from blocs.todo import Todo
from core.models import Change
from core.selectors import changes_in_bloc_year, changes_of

from .models import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    Pledge,
    PledgeStatus,
    Section,
    Signature,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman(number: int) -> str:
    return ROMAN[number - 1] if 0 < number <= len(ROMAN) else str(number)


@dataclass
class Totals:
    """Maximum points by kind: the standard total, the bonus cap and the largest deduction."""

    standard: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    count: int = 0

    def add(self, kind: str, points: Decimal) -> None:
        self.count += 1
        if kind == CriterionKind.BONUS:
            self.bonus += points
        elif kind == CriterionKind.DEDUCTION:
            self.deduction += points
        else:
            self.standard += points


@dataclass
class SectionOutline:
    section: Section
    number: str
    criteria: list[Criterion]
    totals: Totals


@dataclass
class Outline:
    sections: list[SectionOutline] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


def outline(criteria_set: CriteriaSet) -> Outline:
    """Sections in order, each with its criteria and totals, in two queries."""
    sections = criteria_set.sections.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
    )
    result = Outline()
    for index, section in enumerate(sections, start=1):
        result.sections.append(section_outline(section, index))
    for item in result.sections:
        for criterion in item.criteria:
            result.totals.add(criterion.kind, criterion.max_points)
    return result


def section_outline(section: Section, index: int) -> SectionOutline:
    criteria = list(section.criteria.all())
    totals = Totals()
    for criterion in criteria:
        totals.add(criterion.kind, criterion.max_points)
    return SectionOutline(section, roman(index), criteria, totals)


def sections_with_totals(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's sections, each with its `totals` (a Totals)."""
    sections = []
    for section in snapshot["sections"]:
        totals = Totals()
        for criterion in section["criteria"]:
            totals.add(criterion["kind"], Decimal(criterion["max_points"]))
        sections.append({**section, "totals": totals})
    return sections


def snapshot_totals(snapshot: dict[str, Any]) -> Totals:
    totals = Totals()
    for section in snapshot.get("sections", []):
        for criterion in section["criteria"]:
            totals.add(criterion["kind"], Decimal(criterion["max_points"]))
    return totals


# --- Pledges ---------------------------------------------------------------------------------


def current_pledge(bloc_year: BlocYear) -> Pledge | None:
    """The bloc-year's pledge that is not withdrawn (at most one)."""
    return (
        bloc_year.pledges.exclude(status=PledgeStatus.WITHDRAWN)
        .select_related("criteria_set")
        .first()
    )


def pledge_history(bloc_year: BlocYear) -> QuerySet[Pledge]:
    return bloc_year.pledges.order_by("-revision")


@dataclass
class BoardRow:
    membership: Membership
    name: str
    signature: Signature | None


@dataclass
class StatusBoard:
    rows: list[BoardRow]

    @property
    def signed(self) -> int:
        return sum(1 for row in self.rows if row.signature)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def unsigned(self) -> list[BoardRow]:
        return [row for row in self.rows if row.signature is None]


def status_board(pledge: Pledge) -> StatusBoard:
    """Every member agency of the year, in roster order, with its signature if any: two
    queries, whatever the number of members."""
    memberships = in_roster_order(pledge.bloc_year.memberships.select_related("agency"))
    signatures = {
        s.agency_id: s
        for s in pledge.signatures.select_related("user", "recorded_by").filter(
            voided_at__isnull=True
        )
    }
    return StatusBoard(
        [
            BoardRow(m, m.names["name"], signatures.get(m.agency_id))  # type: ignore[attr-defined]
            for m in memberships
        ]
    )


def voided_signatures(pledge: Pledge) -> QuerySet[Signature]:
    return pledge.signatures.filter(voided_at__isnull=False).select_related("agency")


def pledge_changes(pledge: Pledge, limit: int = 200) -> list[Change]:
    """The history of the bloc-year's pledges (every revision) and of its criteria set, newest
    first; an entry of a later revision says which (two queries)."""
    bloc_year = pledge.bloc_year
    changes = changes_in_bloc_year(
        bloc_year.pk,
        province_id=bloc_year.bloc.province_id,
        of=(Pledge, CriteriaSet),
        limit=limit,
    )
    revisions = dict(bloc_year.pledges.values_list("pk", "revision"))
    pledge_type = ContentType.objects.get_for_model(Pledge)
    for change in changes:
        if change.content_type_id != pledge_type.pk:
            continue
        revision = revisions.get(change.object_id, 1)
        if revision > 1:
            change.note = _("revision %(n)s") % {"n": revision}
    return changes


def criteria_set_changes(criteria_set: CriteriaSet, limit: int = 200) -> list[Change]:
    return changes_of(criteria_set, province_id=criteria_set.province_id, limit=limit)


def awaiting_signature(user: Any) -> list[Pledge]:
    """Open pledges of the user's blocs that their agency has not signed (for those who sign)."""
    if not (user.is_agency_officer and user.can_sign and user.agency_id):
        return []
    return list(
        Pledge.objects.visible_to(user)
        .filter(status=PledgeStatus.OPEN, bloc_year__memberships__agency_id=user.agency_id)
        .exclude(signatures__agency_id=user.agency_id)
        .select_related("bloc_year__bloc")
        .order_by("-bloc_year__year")
    )


def pledge_text(pledge: Pledge) -> dict[str, Any] | None:
    """What a pledge says, as the page and the signing screen show it: the frozen snapshot once
    opened; while a draft, the same structure built from the live criteria set (what opening
    would freeze). Each section carries its totals; None for a draft without a criteria set."""
    from .services.snapshot import build_snapshot

    if pledge.snapshot:
        snapshot = pledge.snapshot
    elif pledge.criteria_set_id:
        snapshot = build_snapshot(pledge)
    else:
        return None
    return {
        **snapshot,
        "sections": sections_with_totals(snapshot),
        "totals": snapshot_totals(snapshot),
        "frozen": bool(pledge.snapshot),
    }


def pledge_stage_states(bloc_year_ids: list[int]) -> dict[int, Any]:
    """The dashboard's "Pledge" stage: a draft or an open round is in progress, a pledge in
    force is done (one query for the whole table)."""
    from blocs.stages import StageState

    states: dict[str, StageState] = {
        PledgeStatus.DRAFT: StageState.IN_PROGRESS,
        PledgeStatus.OPEN: StageState.IN_PROGRESS,
        PledgeStatus.IN_FORCE: StageState.DONE,
    }
    # No ORDER BY: the default one joins bloc-years and blocs, for rows read into a dict.
    current = (
        Pledge.objects.filter(bloc_year_id__in=bloc_year_ids)
        .exclude(status=PledgeStatus.WITHDRAWN)
        .order_by()
    )
    return {
        bloc_year_id: states[status]
        for bloc_year_id, status in current.values_list("bloc_year_id", "status")
    }


def pledges_to_sign(user: Any) -> list[Any]:
    """The dashboard's reminder: every open pledge the user's agency has yet to sign."""
    return [
        Todo(
            text=_("%(bloc)s: the %(year)s pledge is waiting for your agency's signature.")
            % {
                "bloc": pledge.bloc_year.bloc.name_in(pledge.bloc_year.year),
                "year": pledge.bloc_year.year,
            },
            url=reverse("pledges:sign", args=[pledge.pk]),
            action=_("Read and sign"),
        )
        for pledge in awaiting_signature(user)
    ]


def pledge_link(user: Any, bloc_year: BlocYear) -> list[links.Action]:
    """ "Giao ước thi đua" among the actions of the bloc-year page (blocs.links)."""
    url = reverse("pledges:bloc_year_pledge", args=[bloc_year.bloc_id, bloc_year.year])
    return [links.Action(label=str(_("Pledge")), url=url, id="pledge-link")]
