"""The change log in the admin: read only, since it is the record of what happened."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "subject", "actor", "content_type", "province_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["subject", "reason"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
