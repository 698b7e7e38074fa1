"""The admin reads pledges (their history is core's change log); it never edits what was signed
(services do)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CriteriaSet, Pledge, Signature


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "province", "bloc_year"]
    list_filter = ["province", "year"]
    search_fields = ["title"]
    list_select_related = ["province", "bloc_year__bloc"]


class SignatureInline(ReadOnlyInline):
    model = Signature
    fields = ("agency", "method", "signer_name", "signer_title", "signed_at", "ip", "voided_at")


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["title", "bloc_year", "revision", "status", "opened_at", "in_force_at"]
    list_filter = ["status", "bloc_year__year", "bloc_year__bloc__province"]
    search_fields = ["title", "snapshot_sha256"]
    list_select_related = ["bloc_year__bloc"]
    inlines = [SignatureInline]
