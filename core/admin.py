"""What every app's admin shares (ReadOnlyAdmin), and the change log and the register of document
numbers in the admin: read only, since they are the record of what happened (services write
them; nothing changes or deletes an entry)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Change, DocumentNumber


class ReadOnly:
    """For records whose writes have rules (a service makes them, from the app's pages): the
    operators read them in the admin and never write them there, which would skip the rules,
    the version and the change log."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "subject", "actor", "content_type", "province_id"]
    # Only the kinds of records that have entries (not every model, allauth's included).
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject", "reason"]
    list_select_related = ["actor", "content_type"]


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "issuer_type", "issuer_id", "year", "subject_type", "issued_at"]
    list_filter = ["doc_type", "year", "issuer_type"]
    search_fields = ["issuer_symbol"]
