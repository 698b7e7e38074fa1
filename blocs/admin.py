from django.contrib import admin

from .models import Agency, Bloc, BlocYear, Membership, Official, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "emulation_office"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "province", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["province"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "agency", "province"]
    list_filter = ["province"]
    search_fields = ["full_name", "title"]
    list_select_related = ["province", "agency"]
    autocomplete_fields = ["agency"]


class BlocYearInline(admin.TabularInline):
    model = BlocYear
    extra = 0
    fields = ["year", "overseer"]
    autocomplete_fields = ["overseer"]


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "letterhead", "province", "is_active"]
    list_filter = ["province", "kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["province"]
    inlines = [BlocYearInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["agency", "role"]
    autocomplete_fields = ["agency"]


@admin.register(BlocYear)
class BlocYearAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "overseer"]
    list_filter = ["year", "bloc__province"]
    search_fields = ["bloc__name"]
    list_select_related = ["bloc", "overseer"]
    autocomplete_fields = ["overseer"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["agency", "bloc_year", "role", "year"]
    list_filter = ["year", "role"]
    search_fields = ["agency__name", "bloc_year__bloc__name"]
    list_select_related = ["agency", "bloc_year__bloc"]
    autocomplete_fields = ["agency"]
