"""The Celery app. Settings come from Django's (CELERY_* names in config/settings.py); what the
apps' tasks share (options for e-mail tasks, publishing from a request) is in core/background.py.

With REDIS_URL set the broker is Redis; otherwise kombu's filesystem transport under var/celery,
so that `make run` has a real background worker without any server.
"""

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("khoithidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_queue_folders(sender: Celery, **kwargs: Any) -> None:
    """The embedded (filesystem) broker's folders, shared by web and worker: kombu does not make
    them itself. Runs once the app is first used (publishing a task, starting a worker)."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for sub in ("queue", "processed", "control"):
            (settings.CELERY_QUEUE_DIR / sub).mkdir(parents=True, exist_ok=True)
