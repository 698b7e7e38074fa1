"""A Report is one requested PDF document: what was asked, by whom, and how its rendering went.

The document itself is described by its kind (reports/kinds.py); the row keeps the status
(queued → rendering → done | failed), the file with its SHA-256 and page count, and the
fingerprint of the inputs it was rendered from, so that an unchanged document is re-used.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import NFCCharField

from .access import ReportQuerySet


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RENDERING = "rendering", _("Being created")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_to(report: "Report", filename: str) -> str:
    return f"reports/{report.province_id}/{report.created_at:%Y/%m}/{filename}"


class Report(models.Model):
    kind = models.CharField(_("kind"), max_length=50)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = NFCCharField(_("title"), max_length=500)
    province = models.ForeignKey(
        "blocs.Province",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    # SHA-256 of everything the document is made from (its data and its template).
    inputs_sha256 = models.CharField(_("fingerprint of the inputs"), max_length=64)
    # Its length in rows before rendering (kinds.estimated_rows): short documents go first.
    estimated_rows = models.PositiveIntegerField(_("estimated rows"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus, default=ReportStatus.QUEUED
    )
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=300)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Set when the task has been handed to the broker; empty while the broker is unreachable.
    dispatched_at = models.DateTimeField(_("sent to the worker at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # While rendering: the worker (Celery node name) and until when it holds the render. It
    # renews the lease as it works; a lease that runs out means the worker is gone.
    rendered_by = models.CharField(_("rendered by"), max_length=200, blank=True)
    render_pid = models.PositiveIntegerField(_("rendering process"), null=True, blank=True)
    lease_until = models.DateTimeField(_("render lease until"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "subject_id", "inputs_sha256"]),
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["status", "dispatched_at"]),
            # Retention (reports/retention.py): old renders of the kinds that expire, and old
            # failed requests, without reading the documents that are kept for good.
            models.Index(fields=["status", "kind", "created_at"], name="report_retention"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.DONE)
                | (~models.Q(sha256="") & ~models.Q(file="")),
                name="report_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.FAILED) | ~models.Q(error=""),
                name="report_failed_has_error",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:status", args=[self.pk])

    @property
    def is_queued(self) -> bool:
        return self.status == ReportStatus.QUEUED

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RENDERING)

    @property
    def download_name(self) -> str:
        return f"{self.title}.pdf"


class WorkerHeartbeat(models.Model):
    """When a worker last took a task from a queue (reports/heartbeat.py): Celery beat sends one
    every minute, and a starting worker one at once. Not shown to users: /healthz reads it."""

    queue = models.CharField(max_length=200, unique=True)
    worker = models.CharField(max_length=200, blank=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.queue}: {self.worker} {self.seen_at:%Y-%m-%d %H:%M:%S}"
