"""Requesting and rendering documents: every rule about a Report's life is here.

request_report (web) → a Report row, queued, and a Celery task → render_report (worker):
queued → rendering → done | failed. A document whose inputs have not changed since an earlier
render is re-used instead of rendered again. When the broker cannot be reached the row stays
queued without a dispatch time, and dispatch_pending (Celery beat, and every new request)
sends it again once the broker is back: nothing asked for is lost.

A worker renders under a lease that it renews while it works, and a render is never taken from
a lease holder that is alive. A worker killed mid-render stops renewing: once the lease runs out,
dispatch_pending queues the document again; a worker that starts again under the same name takes
back its unfinished renders at once (reclaim_renders); and when only the pool process rendering was
killed, the task that comes back finds that process gone and renders at once.
"""

import datetime
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.background import send_now

from . import priorities
from .kinds import Document, DocumentKind, Letterhead, estimated_rows, get_kind
from .models import Report, ReportStatus
from .rendering import RenderedPdf, render_pdf

logger = logging.getLogger(__name__)

# A job that has started this many times without finishing (e.g. its worker was killed while
# rendering) is given up, so that one bad document cannot take the workers down forever.
MAX_ATTEMPTS = 3

# How long a render is held without news from its worker, and how often the worker renews it
# (a few renewals may fail, e.g. a busy SQLite, before another worker may take over).
RENDER_LEASE = datetime.timedelta(seconds=60)
LEASE_RENEWAL = datetime.timedelta(seconds=15)


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
    # Who may see the subject does not depend on the parameters: an outsider gets 404 first.
    subject = kind.get_subject(user, subject_id, {})
    params = kind.clean_params(raw_params)
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
        estimated_rows=estimated_rows(document),
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
        waiting = Report.objects.filter(
            province_id=report.province_id,
            status=ReportStatus.QUEUED,
            dispatched_at__isnull=False,
        ).exclude(pk=report.pk)
        priority = priorities.document_priority(
            report.estimated_rows, waiting_in_province=waiting.count()
        )
        send_now(task, (report.pk,), queue=priorities.document_queue(priority), priority=priority)
    except Exception:  # kombu's OperationalError, socket errors: the broker is unreachable
        logger.warning("broker unreachable: report %s stays queued", report.pk, exc_info=True)
        Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(dispatched_at=None)
        report.dispatched_at = None
        return False
    report.refresh_from_db()
    return True


def dispatch_pending(*, stale_after: datetime.timedelta | None = None) -> int:
    """Send again what never reached a worker: reports queued while the broker was down, sent
    long ago (the message was lost), and renders whose lease ran out (their worker was killed).
    Run by Celery beat every minute, and by a worker as it starts."""
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    stale = timezone.now() - stale_after
    Report.objects.filter(status=ReportStatus.RENDERING).filter(
        # Without a lease: begun by a worker older than leases.
        Q(lease_until__lt=Now()) | Q(lease_until__isnull=True, started_at__lt=stale)
    ).update(status=ReportStatus.QUEUED, dispatched_at=None, lease_until=None)
    waiting = Report.objects.filter(status=ReportStatus.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale)
    )
    sent = 0
    for report in waiting.order_by("created_at")[:500]:
        if not dispatch(report):
            break  # still down: try again at the next beat
        sent += 1
    return sent


def reclaim_renders(worker: str, *, started_before: datetime.datetime) -> int:
    """A worker starting again under its name (after a crash, a kill, a restarted container):
    the renders its previous run began have nobody left to finish them. Queue them again at once
    rather than wait for their lease; dispatch_pending sends them."""
    if not worker:
        return 0
    return Report.objects.filter(
        status=ReportStatus.RENDERING, rendered_by=worker, started_at__lt=started_before
    ).update(status=ReportStatus.QUEUED, dispatched_at=None, lease_until=None)


# --- The worker's side -----------------------------------------------------------------------


def render_document(kind: DocumentKind, document: Document) -> RenderedPdf:
    """The kind's template with the document's data, as a PDF (see reports/rendering.py)."""
    html = render_to_string(kind.template, {"doc": document})
    return render_pdf(html)


def render_report(report_id: int, *, worker: str = "") -> Report | None:
    """Render a queued report. Idempotent: a report already done or failed is left alone, and so
    is one that another worker is rendering (it holds the lease); a render interrupted by a
    killed worker starts again from the data. `worker` is the Celery node name."""
    report = _claim(report_id, worker)
    if report is None or report.status != ReportStatus.RENDERING:
        return report
    # This render's mark: a render whose lease ran out and was taken over must not save.
    claim = report.started_at
    try:
        with _renewing_lease(report.pk, claim):
            return _render(report, claim)
    except DatabaseError:
        # Transient: the task retries in a few seconds, and must not wait for our lease.
        with suppress(DatabaseError):
            Report.objects.filter(pk=report.pk, started_at=claim).update(lease_until=None)
        raise


def _claim(report_id: int, worker: str) -> Report | None:
    """Take the report for rendering: queued, or rendering under a lease that ran out or in a
    process that is gone."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING])
            .annotate(
                leased=ExpressionWrapper(Q(lease_until__gte=Now()), output_field=BooleanField())
            )
            .first()
        )
        if report is None:
            return None
        held = report.status == ReportStatus.RENDERING and report.leased
        if held and not _render_process_gone(report, worker):
            return None  # another process renders it
        if report.attempts >= MAX_ATTEMPTS:
            return fail(report, _("The document could not be created after several attempts."))
        report.status = ReportStatus.RENDERING
        report.started_at = timezone.now()
        report.rendered_by = worker
        report.render_pid = os.getpid()
        report.lease_until = Now() + RENDER_LEASE
        report.attempts = F("attempts") + 1
        report.save(
            update_fields=[
                "status",
                "started_at",
                "rendered_by",
                "render_pid",
                "lease_until",
                "attempts",
            ]
        )
    report.refresh_from_db()
    return report


def _render_process_gone(report: Report, worker: str) -> bool:
    """Was the render begun by a pool process of this same worker that no longer exists (killed,
    e.g. for memory)? Its task comes back at once (reject_on_worker_lost) and need not wait for
    the lease. A process id means something only on its own machine: hence the same worker."""
    if not worker or report.rendered_by != worker or report.render_pid is None:
        return False
    try:
        os.kill(report.render_pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, as another user's
        return False
    return False


def _render(report: Report, claim: datetime.datetime | None) -> Report:
    kind = get_kind(report.kind)
    try:
        subject = kind.load(report.subject_id)
    except ObjectDoesNotExist:
        return fail(report, _("What this document is about no longer exists."), claim=claim)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            document = kind.build(subject, report.params)
            pdf = render_document(kind, document)
        except DatabaseError:
            raise  # transient: the task retries
        except Exception as exc:  # a broken template or layout: rendering again will not help
            logger.exception("report %s failed to render", report.pk)
            return fail(report, f"{type(exc).__name__}: {exc}", claim=claim)

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.RENDERING or report.started_at != claim:
            # Another delivery finished first, or our lease ran out and another render began.
            return report
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
        report.lease_until = None
        report.save()
    return report


@contextmanager
def _renewing_lease(report_id: int, claim: datetime.datetime | None) -> Iterator[None]:
    """Renew the render's lease every LEASE_RENEWAL while the block runs (WeasyPrint holds the
    thread that renders, so a thread of its own renews). It stops when the render is no longer
    this one's: taken over after a lapse, or finished."""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(LEASE_RENEWAL.total_seconds()):
                try:
                    held = Report.objects.filter(
                        pk=report_id, status=ReportStatus.RENDERING, started_at=claim
                    ).update(lease_until=Now() + RENDER_LEASE)
                except DatabaseError:
                    logger.warning("report %s: lease not renewed", report_id, exc_info=True)
                    continue
                if not held:
                    logger.warning("report %s: the render is no longer this worker's", report_id)
                    return
        finally:
            connections.close_all()  # this thread's own connections

    renewer = threading.Thread(target=renew, name=f"report-{report_id}-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()


def fail(report: Report, error: str, *, claim: datetime.datetime | None = None) -> Report:
    """Mark the report failed (unless done). With `claim`, only if that render still holds it."""
    failing = Report.objects.filter(pk=report.pk).exclude(status=ReportStatus.DONE)
    if claim is not None:
        failing = failing.filter(started_at=claim)
    failing.update(
        status=ReportStatus.FAILED,
        error=error or _("Unknown error."),
        finished_at=timezone.now(),
        lease_until=None,
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
