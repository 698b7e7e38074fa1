"""Background work for pledges: thin tasks that call a service."""

from celery import shared_task

from core.background import EMAIL_TASK_OPTIONS

from .services.reminders import send_signing_reminders as send_reminders


@shared_task(**EMAIL_TASK_OPTIONS)
def send_signing_reminders() -> int:
    return send_reminders()
