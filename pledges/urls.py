from django.urls import path

from .views import criteria, criteria_sets, excel, pledges, signing, verify

app_name = "pledges"
urlpatterns = [
    # Criteria sets: a bloc-year's, and the province's templates.
    path("bo-tieu-chi/mau/", criteria_sets.template_list, name="template_list"),
    path("bo-tieu-chi/mau/tao/", criteria_sets.template_create, name="template_create"),
    path("bo-tieu-chi/<id:pk>/", criteria.criteria_set_detail, name="criteria_set"),
    path("bo-tieu-chi/<id:pk>/them-phan/", criteria.section_add, name="section_add"),
    path("bo-tieu-chi/<id:pk>/xuat.xlsx", excel.criteria_export, name="criteria_export"),
    path("bo-tieu-chi/<id:pk>/nhap/", excel.criteria_import, name="criteria_import"),
    path(
        "bo-tieu-chi/<id:pk>/nhap/xac-nhan/",
        excel.criteria_import_confirm,
        name="criteria_import_confirm",
    ),
    path("phan/<id:pk>/", criteria.section_detail, name="section"),
    path("phan/<id:pk>/sua/", criteria.section_edit, name="section_edit"),
    path("phan/<id:pk>/xoa/", criteria.section_delete, name="section_delete"),
    path("phan/<id:pk>/di-chuyen/", criteria.section_move, name="section_move"),
    path("phan/<id:pk>/them-tieu-chi/", criteria.criterion_add, name="criterion_add"),
    path("tieu-chi/<id:pk>/sua/", criteria.criterion_edit, name="criterion_edit"),
    path("tieu-chi/<id:pk>/xoa/", criteria.criterion_delete, name="criterion_delete"),
    path("tieu-chi/<id:pk>/di-chuyen/", criteria.criterion_move, name="criterion_move"),
    # A bloc-year's pledge.
    path("khoi/<id:pk>/<year:year>/giao-uoc/", pledges.bloc_year_pledge, name="bloc_year_pledge"),
    path(
        "khoi/<id:pk>/<year:year>/bo-tieu-chi/",
        criteria_sets.criteria_set_start,
        name="criteria_set_start",
    ),
    path("khoi/<id:pk>/<year:year>/giao-uoc/soan/", pledges.pledge_create, name="pledge_create"),
    path("giao-uoc/<id:pk>/", pledges.pledge_detail, name="pledge"),
    path("giao-uoc/<id:pk>/sua/", pledges.pledge_edit, name="pledge_edit"),
    path("giao-uoc/<id:pk>/mo-ky/", pledges.pledge_open, name="pledge_open"),
    path("giao-uoc/<id:pk>/rut/", pledges.pledge_withdraw, name="pledge_withdraw"),
    path("giao-uoc/<id:pk>/tinh-hinh-ky/", signing.status_board, name="status_board"),
    path("giao-uoc/<id:pk>/ky/", signing.sign, name="sign"),
    path("giao-uoc/<id:pk>/ky-tren-giay/", signing.paper_signature, name="paper_signature"),
    path("chu-ky/<id:pk>/ban-quet/", signing.signature_scan, name="signature_scan"),
    # Public: anyone holding a signed PDF checks it against the record.
    path("xac-minh/<str:sha256>/", verify.verify, name="verify"),
]
