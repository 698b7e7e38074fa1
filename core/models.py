"""What every app shares: versioned edits and names that change by year (abstract), the one
change log every app records its events in (core.changelog), and the register of document
numbers (core.numbering)."""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import NFCCharField, NFCTextField


class Versioned(models.Model):
    """Optimistic locking: forms carry the version they read; a stale save is refused
    (core.versioning.save_versioned) instead of silently overwriting someone else's edit."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Renamable(models.Model):
    """A record whose official name changes now and then (the 2025 reorganisation renamed and
    merged many agencies): old years keep the names they had (domain.md, "Legal baseline").

    `former_names` lists earlier names, each with the last year it was used:
    [{"until": 2024, "name": "Sở Khoa học và Công nghệ", "short_name": "Sở KH&CN"}]. A plain
    correction (a typo) changes the name without an entry (core.versioning.save_versioned).
    """

    NAME_FIELDS: tuple[str, ...] = ("name",)

    former_names = models.JSONField(_("former names"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def names_in(self, year: int) -> dict[str, str]:
        """The name fields as they were in `year`."""
        for former in sorted(self.former_names, key=lambda entry: entry["until"]):
            if year <= former["until"]:
                return {field: former.get(field, "") for field in self.NAME_FIELDS}
        return {field: getattr(self, field) for field in self.NAME_FIELDS}

    def name_in(self, year: int) -> str:
        return self.names_in(year)["name"]


class Change(models.Model):
    """One event in the life of a record of any app: who did what to which object, when, why,
    and what it was before and after (core.changelog.record writes it).

    Every entry belongs to a province, and to a bloc-year when its object does, so that history
    pages read one indexed slice of one tenant. Core sits below blocs, so the province and the
    bloc-year are plain ids, not foreign keys; the entry outlives its object (a deleted section
    stays in the history).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("content_type", "object_id")
    province_id = models.PositiveBigIntegerField(_("province id"))
    bloc_year_id = models.PositiveBigIntegerField(_("bloc-year id"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default, not auto_now_add: entries moved from an app's former log keep their time.
    at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.CharField(_("action"), max_length=40)
    subject = NFCCharField(_("what"), max_length=500)
    reason = NFCTextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    # Set by a selector for the page showing the entry (e.g. "revision 2"); not stored.
    note = ""

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        indexes = [
            # The three slices history pages read, newest first. An object's history (an
            # agency's, a pledge's…) is read whole from the first: tenant, record, then the
            # page's order, so that the newest 200 come straight off the index after ten years
            # of 34 provinces (tests/core/test_change_log_indexes.py).
            models.Index(
                fields=["province_id", "content_type", "object_id", "-at", "-id"],
                name="change_object_history",
            ),
            models.Index(fields=["bloc_year_id", "-at"], name="change_bloc_year"),
            models.Index(fields=["province_id", "-at"], name="change_province"),
        ]

    def __str__(self) -> str:
        return f"{self.action_label}: {self.subject}"

    @property
    def action_label(self) -> str:
        from .changelog import action_label

        return action_label(self.action)

    @cached_property
    def before_items(self) -> list[Any]:
        from .changelog import readable

        return readable(self, self.before)

    @cached_property
    def after_items(self) -> list[Any]:
        from .changelog import readable

        return readable(self, self.after)


class History(GenericRelation):
    """`record.changes`: a record's entries in the change log, for models that want the
    shortcut. Unlike a plain GenericRelation, deleting the record keeps its entries: the log
    outlives what it describes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Change, **kwargs)

    def bulk_related_objects(self, objs: Any, using: str = "default") -> Any:
        return Change.objects.none()


# --- The document number register (core.numbering issues and prints the numbers) -------------


class LetterheadStyle(models.TextChoices):
    """How an issuer's documents are headed: the state's layout (NĐ 30/2020, Phụ lục I) or the
    Party's (Hướng dẫn 36-HD/VPTW of 2018), chosen by a bloc of Party agencies."""

    STATE = "state", _("State (Decree 30/2020)")
    PARTY = "party", _("Party (Guidance 36-HD/VPTW)")


class DocumentType(models.TextChoices):
    """The type abbreviations of NĐ 30/2020 (Phụ lục III) that blocs use, and the bloc's own GƯ
    for a pledge agreement (domain.md, "Documents")."""

    MINUTES = "BB", _("Minutes (biên bản)")
    REPORT = "BC", _("Report (báo cáo)")
    PROPOSAL = "TTr", _("Proposal (tờ trình)")
    PLAN = "KH", _("Plan (kế hoạch)")
    DECISION = "QĐ", _("Decision (quyết định)")
    NOTICE = "TB", _("Notice (thông báo)")
    INVITATION = "GM", _("Invitation (giấy mời)")
    RULES = "QC", _("Operating rules (quy chế)")
    REGULATION = "QyĐ", _("Regulation (quy định)")
    PLEDGE = "GƯ", _("Pledge agreement (giao ước)")


class DocumentCounter(models.Model):
    """The last number an issuer gave to documents of one type in one year: the row that
    `issue_number` locks, so that two documents issued at the same moment get two numbers."""

    issuer_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    issuer_id = models.PositiveBigIntegerField()
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_type", "issuer_id", "year", "doc_type"],
                name="one_counter_per_issuer_year_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last}"


class DocumentNumber(models.Model):
    """A number given to one document: "05/BB-KTĐ6" is the 5th minutes (BB) of the year issued
    by Khối thi đua số 6 (KTĐ6). Numbers restart every year per issuer and type (NĐ 30/2020,
    Art. 15) and are never given twice: rows are never deleted or changed."""

    issuer_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    issuer_id = models.PositiveBigIntegerField()
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    sequence = models.PositiveIntegerField(_("number in the year"))
    # The issuer's abbreviation when the number was issued: a later change of the bloc's
    # symbol does not change a document already issued.
    issuer_symbol = models.CharField(_("issuer's abbreviation"), max_length=30)
    # What was issued under this number (a pledge, minutes…), if it is a record.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        ordering = ["issuer_type", "issuer_id", "-year", "doc_type", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_type", "issuer_id", "year", "doc_type", "sequence"],
                name="document_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="document_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.printed(LetterheadStyle.STATE)

    def printed(self, style: str) -> str:
        """ "Số: 05/BB-KTĐ6" (state) or "Số 05-BB/KTĐ6" (Party)."""
        from .numbering import printed_number

        return printed_number(self.sequence, self.doc_type, self.issuer_symbol, style)
