from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("allauth.urls")),
    path("nguoi-dung/", include("accounts.urls")),
    path("", include("blocs.urls")),
]
