from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("xuat/<slug:kind>/<id:pk>/", views.report_request, name="request"),
    path("<id:pk>/", views.report_status, name="status"),
    path("<id:pk>/tai-ve/", views.report_download, name="download"),
]
