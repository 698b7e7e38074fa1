"""The project's Celery app with a render that takes SLOW_RENDER_SECONDS (30 by default), for
tests/test_worker.py to kill a worker in the middle of one; TEST_RENDER_LEASE_SECONDS shortens
the render lease (renewed every quarter of it). Started as `celery -A tests.slow_render_worker`."""

import datetime
import os
import time

import django

from config.celery import app

django.setup()

from reports import services  # noqa: E402 - models need the app registry

__all__ = ["app"]

_render_document = services.render_document


def _slow_render_document(kind, document):
    time.sleep(float(os.environ.get("SLOW_RENDER_SECONDS", "30")))
    return _render_document(kind, document)


services.render_document = _slow_render_document
if lease := os.environ.get("TEST_RENDER_LEASE_SECONDS"):
    services.RENDER_LEASE = datetime.timedelta(seconds=float(lease))
    services.LEASE_RENEWAL = services.RENDER_LEASE / 4
