"""Background work for pledges: thin tasks that call a service."""

from celery import shared_task

from .services.reminders import send_signing_reminders as send_reminders


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # SMTP failures are OSError: retry; reminders already sent today are not sent again.
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_kwargs={"max_retries": 5},
)
def send_signing_reminders() -> int:
    return send_reminders()
