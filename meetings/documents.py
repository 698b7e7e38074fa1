"""The meetings' official documents. The invitation (giấy mời, GM) is printed from what was
frozen when it was issued (Invitation.content), so a later change to the meeting never changes
an invitation already sent; anyone who can see the meeting may export it. The minutes, the score
table and the review report are exported the same way (register_meeting_part), finalised or
issued ones only, and the score table only by those who may read it.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from reports.kinds import Document, DocumentKind, register

from .access import can_read_score_table
from .models import Invitation, Meeting, Minutes, ReviewReport, ScoringRound
from .services import invitations, minutes_content
from .services import report as report_services
from .services import score_table as score_table_services


def register_meeting_part(
    *,
    key: str,
    label: Any,
    template: str,
    parts: QuerySet,
    build: Callable[[Any], Document],
    may_read: Callable[[Any, Any], bool] | None = None,
    expires: bool = False,
) -> None:
    """A document of a part of a meeting (`parts`: its model's rows that may be printed, with
    what the document reads joined): exported by anyone who can see the meeting, and by
    `may_read`'s users only when it is given."""

    def subject(user: Any, pk: int, params: Mapping[str, int]) -> Any:
        found = get_object_or_404(parts.filter(meeting__in=Meeting.objects.visible_to(user)), pk=pk)
        if may_read is not None and not may_read(user, found):
            raise PermissionDenied
        return found

    register(
        DocumentKind(
            key=key,
            label=label,
            template=template,
            get_subject=subject,
            build=lambda part, params: build(part),
            province_of=lambda part: part.meeting.bloc_year.bloc.province_id,
            load=lambda pk: parts.get(pk=pk),
            expires=expires,
        )
    )


register_meeting_part(
    key="meeting_invitation",
    label=_("Meeting invitation"),
    template="meetings/documents/invitation.html",
    parts=Invitation.objects.select_related("meeting__bloc_year__bloc"),
    build=invitations.document,
)

# --- mc: minutes, score table, review report ------------------------------------------------

register_meeting_part(
    key="meeting_minutes",
    label=_("Minutes"),
    template="meetings/documents/minutes.html",
    # Finalised minutes only: a draft has no number and is read on the minutes page.
    parts=Minutes.objects.filter(finalised_at__isnull=False).select_related(
        "meeting__bloc_year__bloc"
    ),
    build=minutes_content.document,
)
register_meeting_part(
    key="meeting_score_table",
    label=_("Score table"),
    template="meetings/documents/score_table.html",
    # A meeting's scoring round: its runners and overseer read the score table at any time,
    # its other readers once the points are agreed.
    parts=ScoringRound.objects.select_related("meeting__bloc_year__bloc", "pledge"),
    build=score_table_services.document,
    may_read=can_read_score_table,
    expires=True,  # unnumbered: superseded tables go after the retention
)
register_meeting_part(
    key="meeting_review_report",
    label=_("Review report"),
    template="meetings/documents/review_report.html",
    # An issued review report (a draft has no number and is read on its page).
    parts=ReviewReport.objects.filter(issued_at__isnull=False).select_related(
        "meeting__bloc_year__bloc"
    ),
    build=report_services.document,
)
