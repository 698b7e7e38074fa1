from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("xuat/<slug:kind>/<int:pk>/", views.report_request, name="request"),
    path("<int:pk>/", views.report_status, name="status"),
    path("<int:pk>/tai-ve/", views.report_download, name="download"),
]
