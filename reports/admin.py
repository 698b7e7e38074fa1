from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from . import services
from .kinds import kind_label
from .models import Report, ReportStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Read-only: documents are requested and rendered by the services; an operator may send
    stuck ones to the worker again."""

    list_display = ["title", "kind_name", "status", "requested_by", "created_at", "page_count"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["title", "requested_by__email"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, report: Report) -> "StrOrPromise":
        return kind_label(report.kind)

    @admin.action(description=_("Create the selected documents again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = 0
        for report in queryset.exclude(status=ReportStatus.DONE):
            Report.objects.filter(pk=report.pk).update(
                status=ReportStatus.QUEUED, attempts=0, error="", dispatched_at=None
            )
            count += services.dispatch(report)
        self.message_user(
            request,
            ngettext("%d document sent again.", "%d documents sent again.", count) % count,
            messages.SUCCESS,
        )
