"""Reads for the board's pages (issue 13 §4): the inbox of the province's nominations and a
nomination's review page. Each runs a fixed number of queries whatever the number of rows."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from blocs.models import Province
from core.selectors import changes_of

from .models import (
    Decision,
    DossierFile,
    DossierItem,
    Nomination,
    NominationDeadline,
    NominationStatus,
)
from .review_forms import BOARD_STATUSES

PAGE_SIZE = 50


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class Inbox:
    page: Page
    counts: list[StatusCount]
    total: int
    deadlines: dict[int, NominationDeadline]


def board_nominations(user: Any, province: Province | None) -> "QuerySet[Nomination]":
    """Every nomination the province's board receives: from submission on."""
    statuses = [value for value, _label in BOARD_STATUSES]
    return Nomination.objects.visible_to(user).filter(province=province, status__in=statuses)


def inbox(
    user: Any, province: Province | None, filters: dict[str, Any], page_number: Any = 1
) -> Inbox:
    """The nominations with the filters applied, a page at a time, and the count of each status
    under the other filters (so a click on a status shows that many)."""
    rows = board_nominations(user, province)
    if filters.get("bloc"):
        rows = rows.filter(bloc_year__bloc=filters["bloc"])
    if filters.get("award"):
        rows = rows.filter(award_type=filters["award"])
    if filters.get("year"):
        rows = rows.filter(year=filters["year"])
    by_status = dict(
        rows.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    counts = [
        StatusCount(value, str(label), by_status.get(value, 0)) for value, label in BOARD_STATUSES
    ]
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    rows = rows.select_related("bloc_year__bloc", "award_type", "agency", "decision").order_by(
        "-year", "bloc_year__bloc__sort_key", "award_type__position", "agency__sort_key", "pk"
    )
    paginator = Paginator(rows, PAGE_SIZE)
    total = sum(
        c.count for c in counts if not filters.get("status") or c.status == filters["status"]
    )
    paginator.count = total  # known already: no COUNT query
    page = paginator.get_page(page_number)
    deadlines = {
        d.year: d for d in NominationDeadline.objects.filter(province=province).order_by("year")
    }
    return Inbox(page=page, counts=counts, total=total, deadlines=deadlines)


@dataclass
class ChecklistLine:
    key: str
    label: str
    files: list[DossierFile] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.files)


def checklist(nomination: Nomination, files: list[DossierFile]) -> list[ChecklistLine]:
    """The award type's dossier items against the files of the nomination's current round
    (an item carried from an earlier round counts while no newer file replaces it)."""
    labels = dict(DossierItem.choices)
    lines = []
    for item in nomination.award_type.checklist_items:
        key = str(item.get("key", ""))
        lines.append(ChecklistLine(key, str(item.get("label") or labels.get(key, key))))
    by_key = {line.key: line for line in lines}
    for dossier_file in files:
        line = by_key.get(dossier_file.item)
        if line is None:
            line = ChecklistLine(
                dossier_file.item, str(labels.get(dossier_file.item, dossier_file.item))
            )
            by_key[line.key] = line
            lines.append(line)
        line.files.append(dossier_file)
    return lines


@dataclass
class NominationPage:
    nomination: Nomination
    checklist: list[ChecklistLine]
    missing: int
    decision: Decision | None
    deadline: NominationDeadline | None
    changes: list
    national: bool


def nomination_page(nomination: Nomination) -> NominationPage:
    files = list(
        DossierFile.objects.filter(nomination=nomination)
        .select_related("report")
        .order_by("round", "added_at", "pk")
    )
    lines = checklist(nomination, files)
    decision = Decision.objects.filter(nomination=nomination).select_related("award_type").first()
    province_id = nomination.bloc_year.bloc.province_id
    deadline = NominationDeadline.objects.filter(
        province_id=province_id, year=nomination.year
    ).first()
    from .services.package import is_national

    return NominationPage(
        nomination=nomination,
        checklist=lines,
        missing=sum(1 for line in lines if not line.present),
        decision=decision,
        deadline=deadline,
        changes=changes_of(nomination, province_id=province_id),
        national=decision is not None and is_national(decision),
    )


def status_is_final(status: str) -> bool:
    return status in (NominationStatus.DECIDED, NominationStatus.REJECTED)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def trend_button(user: Any, agency: Any) -> list[Any]:
    """The way from an agency's page to its score trend (blocs.links "agency")."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from blocs.links import Action

    return [
        Action(
            label=_("Score trend"),
            url=reverse("awards:agency_trend", args=[agency.pk]),
            id="score-trend",
        )
    ]


def board_buttons(user: Any, year: int) -> list[Any]:
    """The board's way to its inbox and statistics from the list of blocs (blocs.links
    "bloc_list")."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from blocs.links import Action

    from .access import can_review_nominations

    if not (user.province_id and can_review_nominations(user, user.province_id)):
        return []
    return [
        Action(label=_("Nominations received"), url=reverse("awards:board"), id="award-inbox"),
        Action(
            label=_("Award statistics"),
            url=f"{reverse('awards:statistics')}?year={year}",
            id="award-statistics",
        ),
    ]
