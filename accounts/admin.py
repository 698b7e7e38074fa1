"""The operators' view of accounts (Django admin). Board staff use the user pages instead.

The admin speaks Vietnamese: its title is ours, Django's and allauth's strings that have no
Vietnamese translation are in locale/django and locale/allauth, and allauth's models appear
under Vietnamese names (TwoFactorAuthenticator) or not at all (groups: roles are on the user).
"""

from typing import Any

from allauth.account.admin import EmailAddressAdmin
from allauth.account.decorators import secure_admin_login
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnly

from .models import TwoFactorAuthenticator, User

# The admin's own login form asks for the password only: it would skip the TOTP code. Operators
# sign in through allauth like everyone else, then come back to the admin.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

admin.site.site_header = _("Emulation blocs: system administration")
admin.site.site_title = _("Emulation blocs: system administration")
admin.site.index_title = _("Records of every province")

# Roles are a field of the user, not Django's groups and permissions.
admin.site.unregister(Group)
# allauth's own admins would let an operator add a sign-in address to anyone (board staff
# manage addresses) and show the TOTP secrets: read-only, and under a Vietnamese name.
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class SignInAddressAdmin(ReadOnly, EmailAddressAdmin):
    actions: list[str] = []


@admin.register(TwoFactorAuthenticator)
class TwoFactorAuthenticatorAdmin(admin.ModelAdmin):
    """Deleting a user's authenticator resets their two-factor sign-in (a lost phone): they
    enrol again at their next sign-in. Nothing else is written here, and secrets are not shown."""

    list_display = ["user", "kind", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    fields = readonly_fields = ("user", "kind", "created", "last_used")

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, authenticator: Authenticator) -> Any:
        return authenticator.get_type_display()

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, authenticator: Authenticator) -> Any:
        return authenticator.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, authenticator: Authenticator) -> Any:
        return authenticator.last_used_at

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
    filter_horizontal = ()
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
            {"fields": ("is_active", "is_staff", "is_superuser"), "classes": ("collapse",)},
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
