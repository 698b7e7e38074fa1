"""Background work for documents: thin tasks that call reports/services.py."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from celery import Task, current_app, shared_task
from celery.signals import worker_init, worker_process_init, worker_ready
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from core.background import release_connections

from . import heartbeat as worker_heartbeat
from . import (
    housekeeping,  # noqa: F401  (registers the nightly tasks: autodiscovery reads tasks)
    priorities,
    services,
)

logger = logging.getLogger(__name__)

# Worth trying again: the database or the file storage was briefly unavailable.
TRANSIENT_ERRORS = (DatabaseError, OSError)
MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def render_report(self: Task, report_id: int) -> str | None:
    """Render one report. Delivered again after a killed worker (acks_late) and retried with
    growing pauses on transient errors; idempotent, so a duplicate delivery does no harm."""
    try:
        report = services.render_report(report_id, worker=self.request.hostname or "")
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= MAX_RETRIES:
            services.fail_by_id(report_id, f"{type(exc).__name__}: {exc}")
            return None
        raise self.retry(exc=exc, countdown=min(5 * 2**self.request.retries, 300)) from exc
    return report.status if report else None


@shared_task(acks_late=True)
def dispatch_pending_reports() -> int:
    """Celery beat, every minute: send again what waited for the broker or lost its worker."""
    return services.dispatch_pending()


@shared_task(bind=True, ignore_result=True)
def heartbeat(self: Task, queue: str) -> None:
    """Celery beat, every minute, to REPORTS_QUEUE: a worker takes documents (/healthz)."""
    worker_heartbeat.stamp(queue, worker=self.request.hostname or "")


# When this worker process started: renders its node began before then are a previous run's.
_started_at: datetime.datetime | None = None


@worker_init.connect
def note_the_start(**kwargs: Any) -> None:
    global _started_at
    _started_at = timezone.now()


@worker_ready.connect
def announce_the_start(**kwargs: Any) -> None:
    """A starting worker sends a heartbeat through the documents' queue (and the other queues
    /healthz reports) at once, so that /healthz is ok within seconds of a start rather than at
    beat's first minute."""
    try:
        for queue in dict.fromkeys(worker_heartbeat.lanes().values()):
            heartbeat.apply_async((queue,), queue=queue, expires=60)
    except Exception:  # the broker is down: beat sends one every minute
        logger.exception("the worker's first heartbeat could not be sent")


@worker_ready.connect
def take_back_unfinished_renders(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts again (after a kill, a crash, a restarted container) queues again at
    once the renders its previous run left unfinished, and sends what waits, rather than leave
    it to beat's next minute or to the lease."""
    try:
        worker = getattr(sender, "hostname", "") or ""
        services.reclaim_renders(worker, started_before=_started_at or timezone.now())
        services.dispatch_pending()
    except Exception:  # the broker or the database is down: beat tries again every minute
        logger.exception("unfinished documents could not be taken back")
    finally:
        release_connections()  # a prefork parent keeps no connection (nor pool) for its children


@worker_process_init.connect
def warm_up_pool_process(**kwargs: Any) -> None:
    """Each pool process (prefork) of a worker that renders documents loads the renderer as it
    starts, before its first task. (Its parent chose its queues, -Q, before the pool started.)"""
    if takes_documents(current_app.amqp.queues.consume_from):
        _warm_up()


def takes_documents(queues: Iterable[str]) -> bool:
    """Does a worker on these queues render documents? Compose's general worker (e-mails and
    beat's tasks) does not, and need not hold the renderer in memory."""
    short = priorities.document_queue(priorities.SHORT_DOCUMENT_PRIORITY)
    return bool({settings.REPORTS_QUEUE, short} & set(queues))


@worker_init.connect
def warm_up_solo_worker(sender: Any = None, **kwargs: Any) -> None:
    """A worker without a pool (--pool=solo) renders in its own process: warm it instead. A
    prefork parent never renders, so it does not load the renderer (nor share it by fork)."""
    if "solo" in str(getattr(sender, "pool_cls", "")).lower():
        _warm_up()


def _warm_up() -> None:
    try:
        services.warm_up()
    except Exception:  # the first real render will report the problem on its document
        logger.exception("the PDF renderer could not be warmed up")
