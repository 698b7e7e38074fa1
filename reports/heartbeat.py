"""Is a worker taking documents from their queue? Celery beat sends reports.tasks.heartbeat to
REPORTS_QUEUE every minute (and a starting worker sends one at once); the worker that takes it
stamps the time here, and /healthz reports how old the stamp is.

The round trip covers what rendering needs: the broker, a worker on the documents' queue, and
its database. Times are the database's clock, shared by web and workers on any machine.
"""

import datetime

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


def age(queue: str) -> datetime.timedelta | None:
    """How long ago a worker last stamped the queue; None if never."""
    seen = (
        WorkerHeartbeat.objects.filter(queue=queue)
        .annotate(now=Now())
        .values_list("seen_at", "now")
        .first()
    )
    if seen is None:
        return None
    seen_at, now = seen
    return max(now - seen_at, datetime.timedelta(0))
