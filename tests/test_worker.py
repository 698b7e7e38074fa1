"""A real Celery worker process runs the background work, in both modes of config/celery.py:
the embedded filesystem queue (`make run`, no Redis) and Redis (production, CI).

The worker is a separate process, so it must share the test database: these tests need a
database server (PostgreSQL in CI) and are skipped on the in-memory SQLite test database.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from tests.factories import BoardStaffFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the worker process needs a database server shared with the test",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen:
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        **env,
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            *args,
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for_mail(folder: Path, worker: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(folder.glob("*.log")) if folder.exists() else []
        if files:
            return files[0].read_text()
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read().decode()}")
        time.sleep(0.2)
    pytest.fail("the worker sent no e-mail in time")


def _invited_user():
    board = BoardStaffFactory()
    return UserFactory(
        email="moi@example.vn", password=None, invited_by=board, province=board.province
    )


@pytest.fixture
def worker_stopper():
    workers: list[subprocess.Popen] = []
    yield workers.append
    for worker in workers:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.django_db(transaction=True)
def test_embedded_worker_reads_the_filesystem_queue(tmp_path, worker_stopper):
    user = _invited_user()
    queue = tmp_path / "var" / "celery"
    folders = {
        "data_folder_in": queue / "queue",
        "data_folder_out": queue / "queue",
        "processed_folder": queue / "processed",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    producer = Celery(
        set_as_current=False,  # the project's app stays the one tasks are sent with
        broker="filesystem://",
        broker_transport_options={name: str(path) for name, path in folders.items()},
    )
    producer.send_task("accounts.tasks.send_invitation", args=[user.pk, "http://testserver"])
    worker = _start_worker(tmp_path)
    worker_stopper(worker)
    mail = _wait_for_mail(tmp_path / "mail", worker)
    assert "moi@example.vn" in mail


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_worker_reads_the_redis_queue(tmp_path, worker_stopper):
    from config.celery import app

    user = _invited_user()
    # A queue of this test's own, so that no other worker (or test) takes the message.
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    app.send_task(
        "accounts.tasks.send_invitation", args=[user.pk, "http://testserver"], queue=queue
    )
    worker = _start_worker(tmp_path, "--queues", queue, REDIS_URL=settings.REDIS_URL)
    worker_stopper(worker)
    mail = _wait_for_mail(tmp_path / "mail", worker)
    assert "moi@example.vn" in mail
