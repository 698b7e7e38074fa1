"""The admin reads pledges (their history is core's change log); it never edits what was signed
(services do)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CriteriaSet, Pledge, Signature


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "province", "bloc_year"]
    list_filter = ["province", "year"]
    search_fields = ["title"]
    list_select_related = ["province", "bloc_year__bloc"]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    fields = ("agency", "method", "signer_name", "signer_title", "signed_at", "ip", "voided_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["title", "bloc_year", "revision", "status", "opened_at", "in_force_at"]
    list_filter = ["status", "bloc_year__year", "bloc_year__bloc__province"]
    search_fields = ["title", "snapshot_sha256"]
    list_select_related = ["bloc_year__bloc"]
    inlines = [SignatureInline]
