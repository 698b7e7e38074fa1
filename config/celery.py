"""The Celery app. Settings come from Django's (CELERY_* names in config/settings.py); what the
apps' tasks share (options for e-mail tasks, publishing from a request) is in core/background.py.

With REDIS_URL set the broker is Redis; otherwise kombu's filesystem transport under var/celery,
so that `make run` has a real background worker without any server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("khoithidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
