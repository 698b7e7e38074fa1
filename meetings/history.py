"""The meetings app's entries in the change log (core.changelog): the actions its services record
and how the history reads the values they carry. `register()` runs once, from
MeetingsConfig.ready(). Each part of the reviews adds its own actions and labels here (planning
and attendance; scoring; minutes, reports and elections), under keys no other app uses.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import changelog
from core.models import Change

from .models import (
    Assessment,
    AssessmentStatus,
    Attendance,
    CheckingMode,
    Election,
    ElectionMethod,
    Evidence,
    Guest,
    Invitation,
    Meeting,
    MeetingKind,
    Minutes,
    Period,
    Presence,
    ReviewReport,
    ReviewSettings,
    ScoringRound,
)


class MeetingAction(models.TextChoices):
    """What the change log records about meetings, their guests, attendance and invitations."""

    PLANNED = "meeting_planned", pgettext_lazy("history", "meeting planned")
    EDITED = "meeting_edited", pgettext_lazy("history", "meeting changed")
    CHAIR_ADDED = "chair_added", pgettext_lazy("history", "chair added to the officials")
    GUEST_ADDED = "guest_added", pgettext_lazy("history", "guest added")
    GUEST_REMOVED = "guest_removed", pgettext_lazy("history", "guest removed")
    GUESTS_REORDERED = "guests_reordered", pgettext_lazy("history", "guests reordered")
    ATTENDANCE = "attendance_recorded", pgettext_lazy("history", "attendance recorded")
    INVITATION_ISSUED = "invitation_issued", pgettext_lazy("history", "invitation issued")
    INVITATION_REISSUED = "invitation_reissued", pgettext_lazy("history", "invitation sent again")


# --- mb: scoring ---


class ScoringAction(models.TextChoices):
    """What the change log records about scoring rounds, assessments and their scores."""

    ROUND_OPENED = "scoring_opened", pgettext_lazy("history", "scoring opened")
    CHECKER_SET = "checker_set", pgettext_lazy("history", "checker changed")
    SELF_SCORED = "self_scored", pgettext_lazy("history", "self points entered")
    CHECKED = "score_checked", pgettext_lazy("history", "checked points entered")
    AGREED = "score_agreed", pgettext_lazy("history", "agreed points changed")
    AGREED_ALL = "scores_agreed", pgettext_lazy("history", "agreed points confirmed")
    SUBMITTED = "assessment_submitted", pgettext_lazy("history", "assessment submitted")
    RETURNED = "assessment_returned", pgettext_lazy("history", "assessment returned")
    EVIDENCE_ADDED = "evidence_added", pgettext_lazy("history", "evidence attached")
    EVIDENCE_REMOVED = "evidence_removed", pgettext_lazy("history", "evidence removed")
    COMMENTED = "assessment_commented", pgettext_lazy("history", "comment written")
    TIE_VOTES = "tie_votes", pgettext_lazy("history", "tie-break votes recorded")
    SETTINGS = "review_settings", pgettext_lazy("history", "review settings changed")


# --- end mb ---
# --- mc: minutes, review report, election ---------------------------------------------------


class MinutesAction(models.TextChoices):
    """What the change log records about minutes, review reports and elections."""

    MINUTES_EDITED = "minutes_edited", pgettext_lazy("history", "minutes edited")
    MINUTES_FINALISED = "minutes_finalised", pgettext_lazy("history", "minutes finalised")
    MINUTES_CORRECTION = (
        "minutes_correction",
        pgettext_lazy("history", "correction of the minutes started"),
    )
    REPORT_EDITED = "review_report_edited", pgettext_lazy("history", "review report edited")
    REPORT_ISSUED = "review_report_issued", pgettext_lazy("history", "review report issued")
    ROTATION_CHANGED = "rotation_changed", pgettext_lazy("history", "rotation order changed")
    ELECTION_RECORDED = (
        "election_recorded",
        pgettext_lazy("history", "next year's head and deputy elected"),
    )


# --- end mc ----------------------------------------------------------------------------------
# --- f1: the overseer's comments on the minutes ------------------------------------------------


class CommentAction(models.TextChoices):
    """What the change log records about the overseer's comments on the minutes."""

    MINUTES_COMMENTED = (
        "minutes_commented",
        pgettext_lazy("history", "comment on the minutes written"),
    )


# --- end f1 ------------------------------------------------------------------------------------


def on_meeting(
    actor: Any,
    action: str,
    meeting: Meeting,
    *,
    obj: models.Model | None = None,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> Change:
    """An entry about `meeting` (or `obj`, one of its parts), in its bloc-year's slice."""
    bloc_year = meeting.bloc_year
    return changelog.record(
        actor,
        action,
        obj if obj is not None else meeting,
        province_id=bloc_year.bloc.province_id,
        bloc_year_id=bloc_year.pk,
        subject=subject or str(meeting),
        before=before,
        after=after,
        reason=reason,
    )


LABELS = {
    "kind": gettext_lazy("kind"),
    "title": pgettext_lazy("meeting", "title"),
    "starts_at": gettext_lazy("date and start time"),
    "place": gettext_lazy("place"),
    "host": gettext_lazy("host agency"),
    "chair": gettext_lazy("chair"),
    "secretary_name": gettext_lazy("secretary"),
    "secretary_title": gettext_lazy("secretary's title"),
    "agenda": gettext_lazy("agenda"),
    "name": pgettext_lazy("person", "full name"),
    "organisation": gettext_lazy("organisation"),
    "guests": gettext_lazy("guests"),
    "present": gettext_lazy("present"),
    "attendance": gettext_lazy("attendance"),
    "number": gettext_lazy("document number"),
    "dated": gettext_lazy("dated"),
    "recipients": gettext_lazy("recipients"),
    # mc: minutes, review report, election
    "discussion": gettext_lazy("discussion"),
    "conclusions": gettext_lazy("conclusions"),
    "tasks": gettext_lazy("tasks"),
    "ended_at": gettext_lazy("closing time"),
    "revision": gettext_lazy("revision"),
    "results": gettext_lazy("results"),
    "shortcomings": gettext_lazy("shortcomings"),
    "method": gettext_lazy("method"),
    "head": gettext_lazy("head of bloc"),
    "deputy": gettext_lazy("deputy head of bloc"),
    "votes": gettext_lazy("votes"),
    "next_year": gettext_lazy("next year"),
    "order": gettext_lazy("agencies in order"),
}


def _lines(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or "—"
    return changelog.plain(value)


def register() -> None:
    """Called from MeetingsConfig.ready()."""
    changelog.register_actions(MeetingAction.choices)
    changelog.register_actions(ScoringAction.choices)  # mb: scoring
    changelog.register_actions(MinutesAction.choices)  # mc
    changelog.register_actions(CommentAction.choices)  # f1
    LABELS["comment"] = gettext_lazy("comment")  # f1
    values: dict[str, Callable[[Any], str | changelog.Shown]] = {
        "kind": changelog.choice(MeetingKind),
        "presence": changelog.choice(Presence),
        "agenda": _lines,
        "guests": _lines,
        "attendance": _lines,
    }
    values["order"] = _lines  # mc
    values["method"] = changelog.choice(ElectionMethod)  # mc
    for model in (Meeting, Guest, Attendance, Invitation, Minutes, ReviewReport, Election):
        changelog.describe(model, labels=LABELS, values=values)
    # mb: scoring
    scoring_labels = {
        "points": gettext_lazy("points"),
        "note": gettext_lazy("note"),
        "status": gettext_lazy("status"),
        "checker": gettext_lazy("checked by"),
        "period": gettext_lazy("period"),
        "checking": gettext_lazy("checking"),
        "pledge": gettext_lazy("pledge"),
        "agencies": gettext_lazy("agencies"),
        "cells": gettext_lazy("cells"),
        "file": gettext_lazy("file"),
        "votes": gettext_lazy("votes"),
        "score_first_half": gettext_lazy("score the first half at the six-month review"),
    }
    scoring_values: dict[str, Callable[[Any], str | changelog.Shown]] = {
        "status": changelog.choice(AssessmentStatus),
        "period": changelog.choice(Period),
        "checking": changelog.choice(CheckingMode),
    }
    for scored in (ScoringRound, Assessment, Evidence, ReviewSettings):
        changelog.describe(scored, labels=scoring_labels, values=scoring_values)
