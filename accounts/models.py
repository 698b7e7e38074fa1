"""Users and their role in the province (design.md, "People and what they may do").

The secretariat is not stored: it is derived from the year's head and deputy agencies
(blocs.access.is_secretariat).
"""

from collections.abc import Iterator
from typing import Any, ClassVar

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.ordering import SortKeyField, with_sort_keys
from core.text import NFCCharField

from .access import UserQuerySet


class Role(models.TextChoices):
    BOARD = "board", _("Emulation board staff")
    AGENCY = "agency", _("Agency officer")
    OVERSEER = "overseer", _("Council overseer")


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = NFCCharField(_("full name"), max_length=200)
    sort_key = SortKeyField(source="full_name")
    job_title = NFCCharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "blocs.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    agency = models.ForeignKey(
        "blocs.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    official = models.ForeignKey(
        "blocs.Official",
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For a council overseer: the council member this account belongs to."),
    )
    can_sign = models.BooleanField(
        _("may sign for the agency"),
        default=False,
        help_text=_("The agency's head or deputy who signs pledges and reports."),
    )
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Raised each time the account is deactivated: it is part of the session hash, so every
    # session opened before ends, and reactivating the account does not bring them back.
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()
    # is_active as read from the database (see save).
    _was_active: bool | None = None

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["sort_key", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="") | Q(province__isnull=False),
                name="user_role_has_province",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.AGENCY) | Q(agency__isnull=False),
                name="agency_officer_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.OVERSEER) | Q(official__isnull=False),
                name="overseer_has_official",
            ),
            models.CheckConstraint(
                condition=Q(can_sign=False) | Q(role=Role.AGENCY),
                name="only_agency_officers_sign",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> "User":
        user = super().from_db(db, field_names, values, **kwargs)
        user._was_active = user.__dict__.get("is_active")
        return user

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        if self._was_active and not self.is_active:
            # Deactivated (by a service, the admin or the shell): its sessions end.
            self.session_generation += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_generation"}
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_sort_keys(type(self), kwargs["update_fields"])
        super().save(*args, **kwargs)
        self._was_active = self.is_active

    # An account never deactivated keeps Django's hash (of the password), so that sessions
    # opened before the session generation existed stay valid.
    def get_session_auth_hash(self) -> str:
        if not self.session_generation:
            return super().get_session_auth_hash()
        return self._generation_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        if not self.session_generation:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._generation_hash(secret)

    def _generation_hash(self, secret: str | bytes) -> str:
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}\x1f{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_board_staff(self) -> bool:
        return self.is_active and self.role == Role.BOARD

    @property
    def is_agency_officer(self) -> bool:
        return self.is_active and self.role == Role.AGENCY

    @property
    def is_overseer(self) -> bool:
        return self.is_active and self.role == Role.OVERSEER

    @property
    def role_label(self) -> str:
        """The role as people read it; board staff under their province's name for its board
        ("Cán bộ Phòng Thi đua, Khen thưởng – Sở Nội vụ" since 2025 in many provinces)."""
        if self.role == Role.BOARD and self.province is not None:
            return _("Staff of %(office)s") % {"office": self.province.emulation_office}
        return str(self.get_role_display())


class TwoFactorAuthenticator(Authenticator):
    """allauth's authenticators (an app's TOTP secret, recovery codes) as operators see them in
    the admin, in Vietnamese: they read them and delete one to reset a lost phone."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")
