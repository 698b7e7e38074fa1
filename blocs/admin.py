"""The operators' view of provinces, agencies, blocs and their years. Provinces are edited here
(the names their documents print); everything else is read-only: board staff write it through
the app's pages and services (versions, renamings, one bloc per agency and year)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Agency, Bloc, BlocYear, Membership, Official, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "emulation_office"]
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a province's records point at it (PROTECT): it is never deleted


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "kind", "province", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["province"]


@admin.register(Official)
class OfficialAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "title", "agency", "province"]
    list_filter = ["province"]
    search_fields = ["full_name", "title"]
    list_select_related = ["province", "agency"]


class BlocYearInline(ReadOnlyInline):
    model = BlocYear
    fields = ["year", "overseer"]


@admin.register(Bloc)
class BlocAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "letterhead", "province", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["province"]
    inlines = [BlocYearInline]


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["agency", "role"]


@admin.register(BlocYear)
class BlocYearAdmin(ReadOnlyAdmin):
    list_display = ["bloc", "year", "overseer"]
    list_filter = ["year", "bloc__province"]
    search_fields = ["bloc__name"]
    list_select_related = ["bloc", "overseer"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["agency", "bloc_year", "role", "year"]
    list_filter = ["year", "role"]
    search_fields = ["agency__name", "bloc_year__bloc__name"]
    list_select_related = ["agency", "bloc_year__bloc"]
