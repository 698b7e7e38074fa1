"""The operators' view of accounts (Django admin). Board staff use the user pages instead."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User

# The admin's own login form asks for the password only: it would skip the TOTP code. Operators
# sign in through allauth like everyone else, then come back to the admin.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Login by e-mail, no username; the role with its province, agency or council member."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("sort_key", "email")
    list_display = (
        "email",
        "full_name",
        "role",
        "province",
        "agency",
        "can_sign",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("role", "province", "is_active", "can_sign", "is_staff", "is_superuser")
    list_select_related = ("province", "agency")
    search_fields = ("email", "full_name", "job_title", "agency__name", "agency__short_name")
    raw_id_fields = ("agency", "official", "invited_by")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "job_title")}),
        (_("Role"), {"fields": ("role", "province", "agency", "official", "can_sign")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "classes": ("collapse",),
            },
        ),
        (_("History"), {"fields": ("invited_by", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
