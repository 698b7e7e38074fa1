"""Celery beat's housekeeping, every night (config/settings.py, CELERY_BEAT_SCHEDULE): thin
tasks over the rules that live with their data. Idempotent: a run that is killed or repeated
deletes what is left to delete."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import retention


@shared_task(acks_late=True, ignore_result=True)
def delete_expired_documents() -> None:
    """Superseded renders and failed requests past REPORT_RETENTION_DAYS (reports/retention.py)."""
    retention.delete_expired()


@shared_task(acks_late=True, ignore_result=True)
def clear_expired_sessions() -> None:
    """Django's expired sessions, and with them the import previews they held
    (core/excel/pending.py drops a preview older than IMPORT_PREVIEW_TTL as soon as it is read)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
