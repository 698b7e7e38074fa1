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
