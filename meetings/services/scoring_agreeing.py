"""At the meeting (services/scoring.py): agreeing every cell at once, and the votes cast
between tied agencies."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import can_run_meeting
from ..history import ScoringAction, on_meeting
from ..models import Meeting, Score, ScoringRound
from .ranking import effective_points
from .scoring import check_not_final


@transaction.atomic
def agree_all(scoring: ScoringRound, *, actor: Any) -> int:
    """At the meeting: every cell without agreed points takes the checked points, else the self
    points. Returns how many cells were filled."""
    meeting = scoring.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    filled = 0
    by = actor if getattr(actor, "pk", None) else None
    scores = list(
        Score.objects.select_for_update()
        .filter(assessment__round=scoring, agreed_points__isnull=True)
        .order_by("assessment_id", "criterion_id")
    )
    for score in scores:
        value = effective_points(score.self_points, score.checked_points, None)
        if value is None:
            continue
        score.agreed_points, score.agreed_by = value, by
        score.agreed_version += 1
        filled += 1
    Score.objects.bulk_update(
        [s for s in scores if s.agreed_points is not None],
        ["agreed_points", "agreed_by", "agreed_version"],
    )
    ScoringRound.objects.filter(pk=scoring.pk).update(agreed_at=timezone.now())
    on_meeting(actor, ScoringAction.AGREED_ALL, meeting, obj=scoring, after={"cells": filled})
    return filled


@transaction.atomic
def record_tie_votes(scoring: ScoringRound, votes: dict[int, int], *, actor: Any) -> ScoringRound:
    """The votes the meeting cast between tied agencies (the VOTE tie-break): {agency id:
    votes}, for agencies of the round, each 0..999."""
    meeting = scoring.meeting
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = ScoringRound.objects.select_for_update().get(pk=scoring.pk)
    agencies = set(locked.assessments.values_list("agency_id", flat=True))
    if any(agency not in agencies or not 0 <= n <= 999 for agency, n in votes.items()):
        raise ValidationError(
            _("Enter a number of votes from 0 to 999 for agencies of this round."), code="votes"
        )
    before = dict(locked.tie_votes or {})
    locked.tie_votes = {str(agency): n for agency, n in sorted(votes.items()) if n}
    locked.save(update_fields=["tie_votes"])
    on_meeting(
        actor,
        ScoringAction.TIE_VOTES,
        meeting,
        obj=locked,
        before={"votes": before},
        after={"votes": locked.tie_votes},
    )
    return locked
