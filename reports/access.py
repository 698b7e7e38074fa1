"""Who may see a requested document: the one place for this rule.

A document belongs to the user who asked for it, and only while that user may still see what
the document is about: `get_report_for_user` asks the document's kind again on every request
(404 for what the user may not see, 403 for what they may see but not export).
"""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from .models import Report


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "ReportQuerySet":
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(requested_by=user)


def get_report_for_user(user: Any, pk: int) -> "Report":
    from .kinds import get_kind
    from .models import Report

    report = get_object_or_404(Report.objects.visible_to(user), pk=pk)
    get_kind(report.kind).get_subject(user, report.subject_id, report.params)
    return report
