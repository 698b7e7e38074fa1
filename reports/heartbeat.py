"""Is a worker taking documents from their queue? Celery beat sends reports.tasks.heartbeat to
REPORTS_QUEUE every minute (and a starting worker sends one at once); the worker that takes it
stamps the time here, and /healthz reports how old the stamp is. The same for the short
documents' lane (REPORTS_SHORT_QUEUE) and the default queue (e-mails), each when it is a queue of
its own (config/settings.py, the heartbeats of CELERY_BEAT_SCHEDULE); /healthz reports them
without failing on them: documents are still rendered.

The round trip covers what rendering needs: the broker, a worker on the documents' queue, and
its database. Times are the database's clock, shared by web and workers on any machine.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models.functions import Now

from .models import WorkerHeartbeat

# Beat's interval, with room for a heartbeat waiting behind a long document.
STALE_AFTER = datetime.timedelta(minutes=3)


def stamp(queue: str, *, worker: str = "") -> None:
    updated = WorkerHeartbeat.objects.filter(queue=queue).update(worker=worker, seen_at=Now())
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            queue=queue, defaults={"worker": worker, "seen_at": Now()}
        )


def lanes() -> dict[str, str]:
    """The queues /healthz reports, by its field: the documents' queue (`worker`), the short
    documents' lane and the default queue. A lane that is not a queue of its own is the queue that
    takes its tasks: short documents go to REPORTS_QUEUE without a lane (make run), and make run's
    one worker takes the default queue and the documents."""
    return {
        "worker": settings.REPORTS_QUEUE,
        "short_documents_worker": settings.REPORTS_SHORT_QUEUE or settings.REPORTS_QUEUE,
        "default_worker": settings.CELERY_TASK_DEFAULT_QUEUE,
    }


def ages(queues: Iterable[str]) -> dict[str, datetime.timedelta | None]:
    """How long ago a worker last stamped each queue (None if never), in one query."""
    queues = set(queues)
    seen = {
        queue: max(now - seen_at, datetime.timedelta(0))
        for queue, seen_at, now in WorkerHeartbeat.objects.filter(queue__in=queues)
        .annotate(now=Now())
        .values_list("queue", "seen_at", "now")
    }
    return {queue: seen.get(queue) for queue in queues}
