"""The admin reads awards; their writes have rules (who, when, the change log) and go through
services and the board's pages."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    AwardRecord,
    AwardType,
    Ballot,
    Decision,
    EligibilityFlag,
    Nomination,
    NominationDeadline,
    YearResult,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AwardType)
class AwardTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "level", "quota_rule", "threshold_percent", "is_active"]
    list_filter = ["level", "quota_rule"]
    list_select_related = ["province"]


@admin.register(EligibilityFlag)
class EligibilityFlagAdmin(ReadOnlyAdmin):
    list_display = ["agency", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["agency"]


@admin.register(YearResult)
class YearResultAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "band", "rank"]
    list_select_related = ["agency"]


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdmin):
    list_display = ["agency", "award_name", "year", "decision_number", "decision_date", "source"]
    list_filter = ["source", "year"]
    list_select_related = ["agency"]
    search_fields = ["award_name", "decision_number"]


@admin.register(NominationDeadline)
class NominationDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["province", "year", "deadline", "late_allowed"]
    list_select_related = ["province"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["agency", "award_type", "year", "status", "round"]
    list_filter = ["status", "year"]
    list_select_related = ["agency", "award_type"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "sequence", "kind", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["meeting__bloc_year__bloc"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "issuer", "award_type", "nomination"]
    list_select_related = ["award_type", "nomination__agency", "nomination__award_type"]
