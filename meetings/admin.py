"""The admin reads the reviews; their writes have rules and go through services and pages. The
province's scoring rules are data the board sets on its page (and operators here)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Assessment, Election, Meeting, Minutes, ScoringRules


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "bloc_year", "starts_at", "place"]
    list_filter = ["kind"]
    list_select_related = ["bloc_year__bloc"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["agency", "round", "status", "checker"]
    list_filter = ["status"]
    list_select_related = ["agency", "checker", "round__meeting__bloc_year__bloc"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "revision", "number", "finalised_at"]
    list_select_related = ["meeting__bloc_year__bloc"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "method", "head", "deputy"]
    list_select_related = ["meeting__bloc_year__bloc", "head", "deputy"]


@admin.register(ScoringRules)
class ScoringRulesAdmin(admin.ModelAdmin):
    list_display = ["province", "point_step", "remind_days_before"]
    list_select_related = ["province"]
