"""Criteria sets (bảng điểm), pledges (giao ước thi đua) and their signatures; their history is in
the change log (core.changelog, ChangeAction below).

A criteria set belongs to one bloc-year, or is a province-wide template (no bloc-year) that blocs
copy and adapt. A pledge freezes a copy of its text and criteria (`snapshot`) when it opens for
signing, and every signature records the SHA-256 of that copy: nothing a signature covers can
change afterwards. To change it the secretariat withdraws the round, which voids the signatures
(they stay, marked void) and starts the next revision.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import FIRST_YEAR, Agency, BlocYear, Province
from core.models import DocumentNumber, History, Versioned
from core.ordering import SortKeyField
from core.text import NFCCharField, NFCTextField

from .access import CriteriaSetQuerySet, PledgeQuerySet

MAX_POINTS = Decimal("10000")


class SectionKind(models.TextChoices):
    STANDARD = "standard", _("Scored criteria")
    ADJUSTMENT = "adjustment", _("Bonus and deduction points")


class CriterionKind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    BONUS = "bonus", _("Bonus points")
    DEDUCTION = "deduction", _("Deduction points")


# Which criteria a section may hold: bonus and deduction points have their own caps and are never
# counted into the standard total (domain.md, "Scoring").
KINDS_IN_SECTION = {
    SectionKind.STANDARD: (CriterionKind.STANDARD,),
    SectionKind.ADJUSTMENT: (CriterionKind.BONUS, CriterionKind.DEDUCTION),
}


class CriteriaSet(Versioned):
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    bloc_year = models.ForeignKey(
        BlocYear,
        verbose_name=_("bloc year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria_sets",
        help_text=_("Empty for a province-wide template."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(FIRST_YEAR)])
    title = NFCCharField(pgettext_lazy("document", "title"), max_length=255)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sort_key = SortKeyField(source="title")
    changes = History()

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-year", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc_year"],
                condition=Q(bloc_year__isnull=False),
                name="one_criteria_set_per_bloc_year",
                violation_error_message=_("This bloc already has a criteria set for the year."),
            ),
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=Q(bloc_year__isnull=True),
                name="one_template_per_province_year",
                violation_error_message=_("The province already has a template for this year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:criteria_set", args=[self.pk])

    @property
    def is_template(self) -> bool:
        return self.bloc_year_id is None


class Section(Versioned):
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = NFCCharField(_("section title"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.STANDARD
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Criterion(Versioned):
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = NFCTextField(_("criterion"))
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CriterionKind.choices, default=CriterionKind.STANDARD
    )
    guidance = NFCTextField(
        _("evidence guidance"),
        blank=True,
        help_text=_("What the agency attaches as evidence (minh chứng)."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0) & Q(max_points__lte=MAX_POINTS),
                name="criterion_max_points_positive",
                violation_error_message=_("The maximum must be a number above 0."),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("pledge status", "Draft")
    OPEN = "open", pgettext_lazy("pledge status", "Open for signing")
    IN_FORCE = "in_force", pgettext_lazy("pledge status", "In force")
    WITHDRAWN = "withdrawn", pgettext_lazy("pledge status", "Withdrawn")


class Pledge(Versioned):
    bloc_year = models.ForeignKey(
        BlocYear, verbose_name=_("bloc year"), on_delete=models.PROTECT, related_name="pledges"
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    title = NFCCharField(pgettext_lazy("document", "title"), max_length=500)
    preamble = NFCTextField(_("preamble"), blank=True)
    commitments = NFCTextField(
        _("commitments"), blank=True, help_text=_("One commitment per line.")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    # Frozen when the pledge opens: what every signature covers, and its SHA-256.
    snapshot = models.JSONField(_("signed text"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(
        _("SHA-256 of the signed text"), max_length=64, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened for signing"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = NFCTextField(_("reason for withdrawal"), blank=True)
    # Given from the bloc's register when it comes into force (GƯ), kept if it is withdrawn.
    number = models.OneToOneField(
        DocumentNumber,
        verbose_name=_("document number"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    changes = History()

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["bloc_year", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "revision"], name="pledge_revision"),
            # One pledge at a time per bloc-year; withdrawn revisions are kept as history.
            models.UniqueConstraint(
                fields=["bloc_year"],
                condition=~Q(status=PledgeStatus.WITHDRAWN),
                name="one_current_pledge_per_bloc_year",
                violation_error_message=_("This bloc-year already has a pledge."),
            ),
            # Only a draft is without its frozen text.
            models.CheckConstraint(
                condition=Q(status=PledgeStatus.DRAFT)
                | (~Q(snapshot_sha256="") & Q(opened_at__isnull=False)),
                name="opened_pledge_has_snapshot",
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.IN_FORCE) | Q(in_force_at__isnull=False),
                name="pledge_in_force_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:pledge", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PledgeStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == PledgeStatus.OPEN

    @property
    def is_in_force(self) -> bool:
        return self.status == PledgeStatus.IN_FORCE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PledgeStatus.WITHDRAWN


class SignatureMethod(models.TextChoices):
    ONLINE = "online", _("Signed online")
    PAPER = "paper", _("Signed on paper")


def scan_path(signature: "Signature", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pledges/scans/{signature.pledge_id}/{signature.agency_id}.{extension}"


class Signature(models.Model):
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="signatures"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=SignatureMethod.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by (account)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = NFCCharField(_("signer"), max_length=200)
    signer_title = NFCCharField(_("signer's title"), max_length=255)
    signed_at = models.DateTimeField(_("signed at"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the signed text"), max_length=64)
    scan = models.FileField(_("scanned page"), upload_to=scan_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "agency"],
                name="one_signature_per_agency",
                violation_error_message=_("This agency has already signed the pledge."),
            ),
            models.CheckConstraint(
                condition=(Q(method=SignatureMethod.ONLINE) & Q(user__isnull=False))
                | (Q(method=SignatureMethod.PAPER) & ~Q(scan="") & Q(recorded_by__isnull=False)),
                name="signature_online_has_user_paper_has_scan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.pledge}"

    @property
    def on_paper(self) -> bool:
        return self.method == SignatureMethod.PAPER


class ChangeAction(models.TextChoices):
    """What the change log (core.changelog) records about criteria sets and pledges."""

    CREATED = "created", pgettext_lazy("history", "created")
    COPIED = "copied", pgettext_lazy("history", "copied")
    EDITED = "edited", pgettext_lazy("history", "edited")
    DELETED = "deleted", pgettext_lazy("history", "deleted")
    MOVED = "moved", pgettext_lazy("history", "moved")
    IMPORTED = "imported", pgettext_lazy("history", "imported from Excel")
    OPENED = "opened", pgettext_lazy("history", "opened for signing")
    SIGNED = "signed", pgettext_lazy("history", "signed")
    IN_FORCE = "in_force", pgettext_lazy("history", "came into force")
    WITHDRAWN = "withdrawn", pgettext_lazy("history", "withdrawn")


class Reminder(models.Model):
    """A day's reminder to an agency that has not signed an open pledge (one per day at most,
    so that a retried task never sends twice)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "agency", "sent_on"], name="one_reminder_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.sent_on:%d/%m/%Y}"
