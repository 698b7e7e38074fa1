from django.urls import path

from . import provinces, views

app_name = "accounts"
urlpatterns = [
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/moi/", views.user_invite, name="user_invite"),
    path("nguoi-dung/<id:pk>/sua/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<id:pk>/vo-hieu-hoa/", views.user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<id:pk>/kich-hoat-lai/", views.user_reactivate, name="user_reactivate"),
    path(
        "nguoi-dung/<id:pk>/gui-lai-loi-moi/",
        views.user_resend_invitation,
        name="user_resend_invitation",
    ),
    # Operators: provinces and their first board staff.
    path("tinh/", provinces.province_list, name="province_list"),
    path("tinh/moi/", provinces.province_create, name="province_create"),
    path("tinh/<id:pk>/moi-can-bo/", provinces.province_invite, name="province_invite"),
]
