"""Reads for the scoring pages (mb): an assessment's grid of criteria with subtotals, the round's
summary, the officers' to-dos (the secretariat's agencies × criteria grid: grid_selectors.py).
Each runs a fixed number of queries whatever the number of agencies and criteria."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum

from .access import can_check, can_comment, can_run_meeting, can_self_score
from .models import (
    Assessment,
    AssessmentStatus,
    Comment,
    Evidence,
    Score,
    ScoringRound,
)
from .services.minutes import has_final_minutes, minutes_final
from .services.ranking import CriterionRef, Totals, criteria_of, totals_for

ZERO = Decimal(0)


@dataclass
class Line:
    """One criterion of the snapshot with its score and evidence."""

    criterion: dict[str, Any]
    ref: CriterionRef
    number: str
    score: Score | None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class SectionLines:
    section: dict[str, Any]
    lines: list[Line]

    def subtotal(self, column: str) -> Decimal:
        return sum(
            (getattr(line.score, f"{column}_points") or ZERO for line in self.lines if line.score),
            ZERO,
        )

    @property
    def self_subtotal(self) -> Decimal:
        return self.subtotal("self")

    @property
    def checked_subtotal(self) -> Decimal:
        return self.subtotal("checked")

    @property
    def maximum(self) -> Decimal:
        return sum((line.ref.max_points for line in self.lines), ZERO)


def sections_of(snapshot: dict[str, Any]) -> list[tuple[dict[str, Any], list[CriterionRef]]]:
    refs = iter(criteria_of(snapshot))
    return [
        (section, [next(refs) for _c in section["criteria"]])
        for section in snapshot.get("sections", [])
    ]


@dataclass
class AssessmentPage:
    assessment: Assessment
    sections: list[SectionLines]
    self_totals: Totals
    checked_totals: Totals
    comments: list[Comment]
    final: bool
    may_self: bool
    may_check: bool
    may_run: bool
    may_comment: bool

    @property
    def editable_self(self) -> bool:
        return self.may_self and not self.final and not self.assessment.is_submitted

    @property
    def editable_checked(self) -> bool:
        return self.may_check and not self.final and self.assessment.is_submitted


def totals_of(criteria: list[CriterionRef], scores: dict[int, Score], column: str) -> Totals:
    points = {cid: getattr(score, f"{column}_points") for cid, score in scores.items()}
    return totals_for(0, criteria, points)


def assessment_page(user: Any, assessment: Assessment) -> AssessmentPage:
    snapshot = assessment.round.pledge.snapshot or {}
    scores = {score.criterion_id: score for score in assessment.scores.select_related(
        "self_by", "checked_by", "agreed_by")}  # fmt: skip
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in assessment.evidence.order_by("uploaded_at", "pk"):
        evidence[item.criterion_id].append(item)
    sections = [
        SectionLines(
            section,
            [
                Line(
                    criterion,
                    ref,
                    f"{section.get('number', '')}.{criterion.get('number', '')}",
                    scores.get(ref.id),
                    evidence.get(ref.id, []),
                )
                for criterion, ref in zip(section["criteria"], refs, strict=True)
            ],
        )
        for section, refs in sections_of(snapshot)
    ]
    criteria = criteria_of(snapshot)
    meeting = assessment.round.meeting
    return AssessmentPage(
        assessment=assessment,
        sections=sections,
        self_totals=totals_of(criteria, scores, "self"),
        checked_totals=totals_of(criteria, scores, "checked"),
        comments=list(assessment.comments.select_related("author")),
        final=minutes_final(meeting.pk),
        may_self=can_self_score(user, assessment),
        may_check=can_check(user, assessment),
        may_run=can_run_meeting(user, meeting),
        may_comment=can_comment(user, meeting),
    )


# --- The scores' state, for the caches made from them (core.cache) ----------------------------

SCORED_COLUMNS = ("self", "checked", "agreed")


def score_states(round_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """Per round, an aggregate of its scores that changes whenever one of them does: a score
    added or removed, any column's points or version, the last change (also for a write that
    bypasses the versions). The state of the secretariat's grid table (meetings/grid_cache.py)
    and of the blocs' year-end scores (awards' statistics). One query; none for no round."""
    ids = list(round_ids)
    if not ids:
        return {}
    rows = (
        Score.objects.filter(assessment__round_id__in=ids)
        .order_by()
        .values_list("assessment__round_id")
        .annotate(
            Count("pk"),
            Max("updated_at"),
            *(Count(f"{column}_points") for column in SCORED_COLUMNS),
            *(Sum(f"{column}_points") for column in SCORED_COLUMNS),
            *(Sum(f"{column}_version") for column in SCORED_COLUMNS),
        )
    )
    return {round_id: tuple(state) for round_id, *state in rows}


# --- The round's summary on its page ------------------------------------------------------------


@dataclass
class AssessmentRow:
    assessment: Assessment
    name: str
    checker_name: str
    filled: int
    criteria: int


def round_rows(scoring: ScoringRound) -> list[AssessmentRow]:
    """Every assessment with how many criteria are self-scored (one query)."""
    year = scoring.meeting.bloc_year.year
    count = len(criteria_of(scoring.pledge.snapshot or {}))
    rows = (
        scoring.assessments.select_related("agency", "checker")
        .annotate(filled=Count("scores", filter=Q(scores__self_points__isnull=False)))
        .order_by("pk")
    )
    return [
        AssessmentRow(
            a,
            a.agency.name_in(year),
            a.checker.name_in(year) if a.checker else "",
            a.filled,
            count,
        )
        for a in rows
    ]


def submitted_count(rows: list[AssessmentRow]) -> int:
    return sum(1 for row in rows if row.assessment.status == AssessmentStatus.SUBMITTED)


# --- To-dos (blocs.todo) -------------------------------------------------------------------------


def assessments_to_do(user: Any) -> list[Any]:
    """An agency officer's to-dos: its assessments still to enter or returned to it, in rounds
    whose minutes are not final (one query)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from blocs.todo import Todo

    if not (user.is_authenticated and user.is_agency_officer and user.agency_id):
        return []
    open_ = (
        Assessment.objects.filter(
            agency_id=user.agency_id,
            status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED],
        )
        .exclude(has_final_minutes("round__meeting"))
        .select_related("round__meeting__bloc_year__bloc")
        .order_by("round__meeting__starts_at", "pk")
    )
    items = []
    for assessment in open_:
        meeting = assessment.round.meeting
        values = {
            "bloc": meeting.bloc_year.bloc.name_in(meeting.bloc_year.year),
            "meeting": meeting.name,
            "date": f"{timezone.localtime(meeting.starts_at):%d/%m/%Y}",
            "reason": assessment.returned_reason,
        }
        if assessment.status == AssessmentStatus.RETURNED:
            text = (
                _("%(bloc)s: your assessment for the %(meeting)s was returned: %(reason)s") % values
            )
            action = _("Correct and submit again")
        else:
            text = (
                _(
                    "%(bloc)s: enter and submit your self-assessment before the "
                    "%(meeting)s on %(date)s."
                )
                % values
            )
            action = _("Enter the self-assessment")
        items.append(Todo(text=text, url=assessment.get_absolute_url(), action=action))
    return items + _assessments_to_check(user)


def _assessments_to_check(user: Any) -> list[Any]:
    """Submitted assessments the officer's agency checks with criteria still unchecked, in
    rounds whose minutes are not final (one query)."""
    from django.db.models import Exists, OuterRef
    from django.utils.translation import gettext as _

    from blocs.todo import Todo

    waiting = (
        Assessment.objects.filter(checker_id=user.agency_id, status=AssessmentStatus.SUBMITTED)
        .filter(
            Exists(Score.objects.filter(assessment=OuterRef("pk"), checked_points__isnull=True))
        )
        .exclude(has_final_minutes("round__meeting"))
        .select_related("agency", "round__meeting__bloc_year__bloc")
        .order_by("round__meeting__starts_at", "pk")
    )
    return [
        Todo(
            text=_("%(bloc)s: check the assessment of %(agency)s for the %(meeting)s.")
            % {
                "bloc": a.round.meeting.bloc_year.bloc.name_in(a.round.meeting.bloc_year.year),
                "agency": a.agency.name_in(a.round.meeting.bloc_year.year),
                "meeting": a.round.meeting.name,
            },
            url=a.get_absolute_url(),
            action=_("Check the points"),
        )
        for a in waiting
    ]
