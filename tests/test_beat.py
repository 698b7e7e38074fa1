"""Celery beat's schedule names only tasks the worker knows (a typo would fail silently)."""

import contextlib
from importlib import import_module

from django.apps import apps
from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_registered():
    for config in apps.get_app_configs():  # what the worker's autodiscovery imports
        with contextlib.suppress(ModuleNotFoundError):
            import_module(f"{config.name}.tasks")
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pledges.tasks.send_signing_reminders" in scheduled
    assert scheduled <= set(app.tasks)
