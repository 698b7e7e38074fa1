"""Health checks, as JSON, for monitoring and load balancers.

GET /healthz: the database, the broker and the worker (the age of its heartbeat on the documents'
queue, reports/heartbeat.py); 503 when any fails, e.g. when documents cannot be rendered. Also,
without failing on them, the workers of the short documents' lane and of the default queue
(e-mails), "ok" or "stale" with their heartbeats' ages: the documents workers render short
documents when the lane's worker is down, and an e-mail waits in its queue.
GET /healthz/web: the web process only (database and broker), for the proxy and compose's
healthcheck: web keeps serving pages while the worker is down, documents wait in the queue.
"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports import heartbeat

from .celery import app as celery_app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        return False


def _workers() -> dict[str, object]:
    """Each lane's worker (heartbeat.lanes()): "ok" or "stale", and its heartbeat's age."""
    lanes = heartbeat.lanes()
    try:
        ages = heartbeat.ages(lanes.values())
    except Exception:  # the database is down: no worker can render either
        ages = {}
    fields: dict[str, object] = {}
    for name, queue in lanes.items():
        age = ages.get(queue)
        seconds = None if age is None else int(age.total_seconds())
        fresh = seconds is not None and seconds <= heartbeat.STALE_AFTER.total_seconds()
        fields[name] = "ok" if fresh else "stale"
        fields[f"{name}_age_seconds"] = seconds
    return fields


def _answer(checks: dict[str, bool], **extra: object) -> JsonResponse:
    body: dict[str, object] = {name: "ok" if ok else "error" for name, ok in checks.items()}
    body.update(extra)
    healthy = all(checks.values()) and extra.get("worker", "ok") == "ok"
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    # 503 on the documents' worker only (`worker`, _answer): the others are reported.
    return _answer(checks, **_workers())


@never_cache
@require_GET
def healthz_web(request: HttpRequest) -> JsonResponse:
    return _answer({"database": _database_ok(), "broker": _broker_ok()})
