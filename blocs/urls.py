from django.urls import path

from .views import agencies, blocs, dashboard, imports, provinces

app_name = "blocs"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("khoi/", blocs.bloc_list, name="bloc_list"),
    path("khoi/moi/", blocs.bloc_create, name="bloc_create"),
    path("khoi/bat-dau-nam/", blocs.start_year_for_province, name="start_year_for_province"),
    path("khoi/<id:pk>/", blocs.bloc_detail, name="bloc_detail"),
    path("khoi/<id:pk>/sua/", blocs.bloc_edit, name="bloc_edit"),
    path("khoi/<id:pk>/nam-moi/", blocs.start_new_year, name="start_new_year"),
    path("khoi/<id:pk>/them-nam/", blocs.bloc_year_create, name="bloc_year_create"),
    path("khoi/<id:pk>/<year:year>/", blocs.bloc_year_detail, name="bloc_year_detail"),
    path("khoi/<id:pk>/<year:year>/sua/", blocs.bloc_year_edit, name="bloc_year_edit"),
    path("khoi/<id:pk>/<year:year>/them-thanh-vien/", blocs.members_add, name="members_add"),
    path("thanh-vien/<id:membership_pk>/xoa/", blocs.member_remove, name="member_remove"),
    path("don-vi/", agencies.agency_list, name="agency_list"),
    path("don-vi/moi/", agencies.agency_create, name="agency_create"),
    path("don-vi/<id:pk>/", agencies.agency_detail, name="agency_detail"),
    path("don-vi/<id:pk>/sua/", agencies.agency_edit, name="agency_edit"),
    path("can-bo/", agencies.official_list, name="official_list"),
    path("can-bo/moi/", agencies.official_create, name="official_create"),
    path("can-bo/<id:pk>/sua/", agencies.official_edit, name="official_edit"),
    path("tinh/<id:pk>/", provinces.province_detail, name="province_detail"),
    path("tinh/<id:pk>/sua/", provinces.province_edit, name="province_edit"),
    path("tinh/<id:pk>/sap-nhap/", provinces.province_merge, name="province_merge"),
    path("nhap/don-vi/", imports.import_agencies, name="import_agencies"),
    path("nhap/don-vi/mau.xlsx", imports.import_agencies_template, name="import_agencies_template"),
    path("nhap/don-vi/xac-nhan/", imports.import_agencies_confirm, name="import_agencies_confirm"),
    path("nhap/thanh-vien/", imports.import_memberships, name="import_memberships"),
    path(
        "nhap/thanh-vien/mau.xlsx",
        imports.import_memberships_template,
        name="import_memberships_template",
    ),
    path(
        "nhap/thanh-vien/xac-nhan/",
        imports.import_memberships_confirm,
        name="import_memberships_confirm",
    ),
]
