"""What the apps' Celery tasks share. Apps define tasks with @shared_task (the app itself is
config.celery, which sits above every app) and publish them through send_now."""

from typing import Any

from celery import Task

# Tasks that send e-mail: acknowledged late (a killed worker's task runs again) and retried with
# growing pauses on SMTP failures (OSError, smtplib's errors included). They must be idempotent.
EMAIL_TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_kwargs": {"max_retries": 6},
}


def send_now(task: Task, args: tuple, **options: Any) -> None:
    """Publish a task from a web request, failing at once when the broker is down: neither the
    connection nor the publish is retried (kombu would otherwise hold the request for seconds).
    The caller decides what a failure means (raise, or keep the work for later)."""
    if task.app.conf.task_always_eager:
        task.apply_async(args, **options)
        return
    with task.app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=0)
        # `connection` is a publish option Celery forwards to kombu; the stubs do not list it.
        task.apply_async(args, connection=connection, retry=False, **options)  # type: ignore[call-arg]


def release_connections() -> None:
    """A process that forks workers (Celery's prefork parent) keeps no database connection, and
    no connection pool (DB_POOL), for the children it forks later: a child would otherwise
    inherit the pool's sockets and talk over the parent's connections. Each child opens its own."""
    from django.db import connections

    connections.close_all()
    for connection in connections.all(initialized_only=True):
        close_pool = getattr(connection, "close_pool", None)  # PostgreSQL's wrapper only
        if close_pool is not None and connection.settings_dict["OPTIONS"].get("pool"):
            close_pool()
