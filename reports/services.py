"""Requesting and rendering documents: every rule about a Report's life is here.

request_report (web) → a Report row, queued, and a Celery task → render_report (worker):
queued → rendering → done | failed. A document whose inputs have not changed since an earlier
render is re-used instead of rendered again. When the broker cannot be reached the row stays
queued without a dispatch time, and dispatch_pending (Celery beat, and every new request)
sends it again once the broker is back: nothing asked for is lost.
"""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.background import send_now

from .kinds import Document, DocumentKind, Letterhead, get_kind
from .models import Report, ReportStatus
from .rendering import RenderedPdf, render_pdf

logger = logging.getLogger(__name__)

# A job that has started this many times without finishing (e.g. its worker was killed while
# rendering) is given up, so that one bad document cannot take the workers down forever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Requested:
    report: Report
    # False when the broker could not be reached: the report waits, queued, and is sent later.
    sent: bool


def request_report(kind_key: str, subject_id: int, raw_params: Any, user: Any) -> Requested:
    """The user's document about the subject: re-used if its inputs are unchanged, else queued.

    Raises Http404 / PermissionDenied when the user may not see or export the subject, and
    ValidationError for bad parameters.
    """
    kind = get_kind(kind_key)
    params = kind.clean_params(raw_params)
    subject = kind.get_subject(user, subject_id, params)
    with translation.override(settings.LANGUAGE_CODE):
        document = kind.build(subject, params)
    fingerprint = kind.fingerprint(subject.pk, params, document)
    same = Report.objects.filter(kind=kind.key, subject_id=subject.pk, inputs_sha256=fingerprint)

    with transaction.atomic():
        mine = same.filter(requested_by=user).exclude(status=ReportStatus.FAILED).first()
        if mine is not None:
            report, waiting = mine, mine.status == ReportStatus.QUEUED and not mine.dispatched_at
        else:
            report, waiting = (
                unsaved_report(kind, subject, params, document, fingerprint, user),
                True,
            )
            rendered = same.filter(status=ReportStatus.DONE).first()
            if rendered is not None:
                # Someone else's identical document: share its file, no new render.
                _copy_result(rendered, into=report)
                waiting = False
            report.save()
    # Sent after our own transaction (the caller's, if any, is waited for by on_commit).
    return Requested(report, dispatch_after_commit(report) if waiting else True)


def unsaved_report(
    kind: DocumentKind, subject: Any, params: dict, document: Document, fingerprint: str, user: Any
) -> Report:
    return Report(
        kind=kind.key,
        subject_id=subject.pk,
        params=params,
        title=document.title,
        province_id=kind.province_of(subject),
        requested_by=user,
        inputs_sha256=fingerprint,
    )


def _copy_result(source: Report, *, into: Report) -> None:
    into.status = ReportStatus.DONE
    into.file = source.file.name
    into.sha256 = source.sha256
    into.page_count = source.page_count
    into.size = source.size
    into.finished_at = timezone.now()


def dispatch_after_commit(report: Report) -> bool:
    """Dispatch once the report row is committed, so that the worker finds it even when the
    caller (a service signing a pledge, say) holds a transaction open. Outside a transaction this
    happens at once and the answer is known; inside one, True means "will be sent", and a broker
    found down at commit leaves the report for dispatch_pending."""
    outcome: list[bool] = []
    transaction.on_commit(lambda: outcome.append(dispatch(report)), robust=True)
    return outcome[0] if outcome else True


def dispatch(report: Report) -> bool:
    """Hand the report to the worker; False (and the report stays queued) if the broker is down."""
    from .tasks import render_report as task

    now = timezone.now()
    Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(dispatched_at=now)
    try:
        send_now(task, (report.pk,), queue=settings.REPORTS_QUEUE)
    except Exception:  # kombu's OperationalError, socket errors: the broker is unreachable
        logger.warning("broker unreachable: report %s stays queued", report.pk, exc_info=True)
        Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(dispatched_at=None)
        report.dispatched_at = None
        return False
    report.refresh_from_db()
    return True


def dispatch_pending(*, stale_after: datetime.timedelta | None = None) -> int:
    """Send again what never reached a worker: reports queued while the broker was down, and
    renders whose worker vanished (its task was lost). Run by Celery beat every minute."""
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    stale = timezone.now() - stale_after
    Report.objects.filter(status=ReportStatus.RENDERING, started_at__lt=stale).update(
        status=ReportStatus.QUEUED, dispatched_at=None
    )
    waiting = Report.objects.filter(status=ReportStatus.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale)
    )
    sent = 0
    for report in waiting.order_by("created_at")[:500]:
        if not dispatch(report):
            break  # still down: try again at the next beat
        sent += 1
    return sent


# --- The worker's side -----------------------------------------------------------------------


def render_document(kind: DocumentKind, document: Document) -> RenderedPdf:
    """The kind's template with the document's data, as a PDF (see reports/rendering.py)."""
    html = render_to_string(kind.template, {"doc": document})
    return render_pdf(html)


def render_report(report_id: int) -> Report | None:
    """Render a queued report. Idempotent: a report already done or failed is left alone, and a
    render interrupted by a killed worker starts again from the data."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING])
            .first()
        )
        if report is None:
            return None
        if report.attempts >= MAX_ATTEMPTS:
            return fail(report, _("The document could not be created after several attempts."))
        report.status = ReportStatus.RENDERING
        report.started_at = timezone.now()
        report.attempts = F("attempts") + 1
        report.save(update_fields=["status", "started_at", "attempts"])
    report.refresh_from_db()

    kind = get_kind(report.kind)
    try:
        subject = kind.load(report.subject_id)
    except ObjectDoesNotExist:
        return fail(report, _("What this document is about no longer exists."))
    with translation.override(settings.LANGUAGE_CODE):
        try:
            document = kind.build(subject, report.params)
            pdf = render_document(kind, document)
        except DatabaseError:
            raise  # transient: the task retries
        except Exception as exc:  # a broken template or layout: rendering again will not help
            logger.exception("report %s failed to render", report.pk)
            return fail(report, f"{type(exc).__name__}: {exc}")

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.RENDERING:
            return report  # another delivery of the same task finished first
        report.file.save(f"{report.kind}-{report.pk}.pdf", ContentFile(pdf.content), save=False)
        report.status = ReportStatus.DONE
        report.sha256 = pdf.sha256
        report.page_count = pdf.page_count
        report.size = len(pdf.content)
        report.title = document.title
        # The data may have changed since the request: record what was actually rendered.
        report.inputs_sha256 = kind.fingerprint(report.subject_id, report.params, document)
        report.error = ""
        report.finished_at = timezone.now()
        report.save()
    return report


def fail(report: Report, error: str) -> Report:
    Report.objects.filter(pk=report.pk).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=error or _("Unknown error."), finished_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def fail_by_id(report_id: int, error: str) -> None:
    report = Report.objects.filter(pk=report_id).first()
    if report is not None:
        fail(report, error)


def warm_up() -> None:
    """Load WeasyPrint, the fonts and the layout once, when a worker process starts, so that the
    first user of each process does not wait for it (about 1.5 s)."""
    document = Document(
        letterhead=Letterhead(
            parent="UBND", issuer="Khối", place="Trà Vinh", date=datetime.date.today()
        ),
        doc_type="Danh sách",
        summary="Khởi động",
        title="Khởi động",
    )
    html = render_to_string("reports/decree30.html", {"doc": document})
    render_pdf(html.replace("</p>", "<b><i>Đ</i></b></p>", 1))  # the fourth face too
