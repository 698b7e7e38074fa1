from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("moi/", views.user_invite, name="user_invite"),
    path("<id:pk>/sua/", views.user_edit, name="user_edit"),
    path("<id:pk>/vo-hieu-hoa/", views.user_deactivate, name="user_deactivate"),
    path("<id:pk>/kich-hoat-lai/", views.user_reactivate, name="user_reactivate"),
    path("<id:pk>/gui-lai-loi-moi/", views.user_resend_invitation, name="user_resend_invitation"),
]
