"""Health checks, as JSON, for monitoring and load balancers.

GET /healthz: the database, the broker and the worker (the age of its heartbeat on the documents'
queue, reports/heartbeat.py); 503 when any fails, e.g. when documents cannot be rendered.
GET /healthz/web: the web process only (database and broker), for the proxy and compose's
healthcheck: web keeps serving pages while the worker is down, documents wait in the queue.
"""

from django.conf import settings
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


def _worker_age_seconds() -> int | None:
    try:
        age = heartbeat.age(settings.REPORTS_QUEUE)
    except Exception:  # the database is down: no worker can render either
        return None
    return None if age is None else int(age.total_seconds())


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
    age = _worker_age_seconds()
    fresh = age is not None and age <= heartbeat.STALE_AFTER.total_seconds()
    return _answer(checks, worker="ok" if fresh else "stale", worker_age_seconds=age)


@never_cache
@require_GET
def healthz_web(request: HttpRequest) -> JsonResponse:
    return _answer({"database": _database_ok(), "broker": _broker_ok()})
