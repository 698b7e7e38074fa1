"""Users and their role in the province (design.md, "People and what they may do").

The secretariat is not stored: it is derived from the year's head and deputy agencies
(blocs.access.is_secretariat).
"""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_board_staff(self) -> bool:
        return self.is_active and self.role == Role.BOARD

    @property
    def is_agency_officer(self) -> bool:
        return self.is_active and self.role == Role.AGENCY

    @property
    def is_overseer(self) -> bool:
        return self.is_active and self.role == Role.OVERSEER
