"""The register of document numbers, for operators to read: numbers are issued by services and
never changed or deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DocumentNumber


@admin.register(DocumentNumber)
class DocumentNumberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issuer_type", "issuer_id", "year", "subject_type", "issued_at"]
    list_filter = ["doc_type", "year", "issuer_type"]
    search_fields = ["issuer_symbol"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
