"""The meetings' official documents. The invitation (giấy mời, GM) is printed from what was
frozen when it was issued (Invitation.content), so a later change to the meeting never changes
an invitation already sent; anyone who can see the meeting may export it.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from reports.kinds import Document, DocumentKind, register

from .access import can_read_score_table
from .models import Invitation, Meeting, Minutes, ReviewReport, ScoringRound
from .services import invitations
from .services import minutes as minutes_services
from .services import report as report_services
from .services import score_table as score_table_services

INVITATION_RELATED = ("meeting__bloc_year__bloc",)


def invitation_subject(user: Any, pk: int, params: Mapping[str, int]) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related(
            *INVITATION_RELATED
        ),
        pk=pk,
    )


def build_invitation(invitation: Invitation, params: Mapping[str, int]) -> Document:
    return invitations.document(invitation)


register(
    DocumentKind(
        key="meeting_invitation",
        label=_("Meeting invitation"),
        template="meetings/documents/invitation.html",
        get_subject=invitation_subject,
        build=build_invitation,
        province_of=lambda invitation: invitation.meeting.bloc_year.bloc.province_id,
        load=lambda pk: Invitation.objects.select_related(*INVITATION_RELATED).get(pk=pk),
    )
)


# --- mc: minutes, score table, review report ------------------------------------------------

MINUTES_RELATED = ("meeting__bloc_year__bloc",)


def minutes_subject(user: Any, pk: int, params: Mapping[str, int]) -> Minutes:
    """Finalised minutes only: a draft has no number and is read on the minutes page."""
    return get_object_or_404(
        Minutes.objects.filter(
            meeting__in=Meeting.objects.visible_to(user), finalised_at__isnull=False
        ).select_related(*MINUTES_RELATED),
        pk=pk,
    )


def build_minutes(minutes: Minutes, params: Mapping[str, int]) -> Document:
    return minutes_services.document(minutes)


register(
    DocumentKind(
        key="meeting_minutes",
        label=_("Minutes"),
        template="meetings/documents/minutes.html",
        get_subject=minutes_subject,
        build=build_minutes,
        province_of=lambda minutes: minutes.meeting.bloc_year.bloc.province_id,
        load=lambda pk: Minutes.objects.select_related(*MINUTES_RELATED).get(pk=pk),
    )
)

ROUND_RELATED = ("meeting__bloc_year__bloc", "pledge")


def score_table_subject(user: Any, pk: int, params: Mapping[str, int]) -> ScoringRound:
    """A meeting's scoring round: its runners and overseer read the score table at any time,
    its other readers once the points are agreed (meetings.access.can_read_score_table)."""
    scoring = get_object_or_404(
        ScoringRound.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related(
            *ROUND_RELATED
        ),
        pk=pk,
    )
    if not can_read_score_table(user, scoring):
        raise PermissionDenied
    return scoring


def build_score_table(scoring: ScoringRound, params: Mapping[str, int]) -> Document:
    return score_table_services.document(scoring)


register(
    DocumentKind(
        key="meeting_score_table",
        label=_("Score table"),
        template="meetings/documents/score_table.html",
        get_subject=score_table_subject,
        build=build_score_table,
        province_of=lambda scoring: scoring.meeting.bloc_year.bloc.province_id,
        load=lambda pk: ScoringRound.objects.select_related(*ROUND_RELATED).get(pk=pk),
    )
)

REPORT_RELATED = ("meeting__bloc_year__bloc",)


def report_subject(user: Any, pk: int, params: Mapping[str, int]) -> ReviewReport:
    """An issued review report (a draft has no number and is read on its page)."""
    return get_object_or_404(
        ReviewReport.objects.filter(
            meeting__in=Meeting.objects.visible_to(user), issued_at__isnull=False
        ).select_related(*REPORT_RELATED),
        pk=pk,
    )


def build_report(report: ReviewReport, params: Mapping[str, int]) -> Document:
    return report_services.document(report)


register(
    DocumentKind(
        key="meeting_review_report",
        label=_("Review report"),
        template="meetings/documents/review_report.html",
        get_subject=report_subject,
        build=build_report,
        province_of=lambda report: report.meeting.bloc_year.bloc.province_id,
        load=lambda pk: ReviewReport.objects.select_related(*REPORT_RELATED).get(pk=pk),
    )
)
