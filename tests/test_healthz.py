"""GET /healthz (database, broker and worker: what monitoring reads; the short documents' lane
and the default queue's workers reported beside it) and GET /healthz/web (database and broker:
what the proxy and compose's healthcheck read)."""

import ast
import datetime

import pytest
from django.db import OperationalError as DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from config import health
from reports import heartbeat, tasks
from reports.models import WorkerHeartbeat

from .factories import BoardStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_alive(settings):
    """A worker took beat's heartbeat from the documents' queue a moment ago."""
    tasks.heartbeat.apply(args=(settings.REPORTS_QUEUE,))


def _last_seen(settings, ago: datetime.timedelta) -> None:
    _stamped(settings.REPORTS_QUEUE, ago)


def _stamped(queue: str, ago: datetime.timedelta) -> None:
    WorkerHeartbeat.objects.update_or_create(
        queue=queue, defaults={"seen_at": timezone.now() - ago}
    )


# make run: one worker takes the default queue, which is also the documents' (no lane of its own).
ALL_STALE = {
    "worker": "stale",
    "worker_age_seconds": None,
    "short_documents_worker": "stale",
    "short_documents_worker_age_seconds": None,
    "default_worker": "stale",
    "default_worker_age_seconds": None,
}


@pytest.fixture
def compose_queues(settings):
    """Queues as compose sets them: documents, the short documents' lane, e-mails on celery."""
    settings.REPORTS_QUEUE = "documents"
    settings.REPORTS_SHORT_QUEUE = "documents-short"


def unreachable_database(*args, **kwargs):
    raise DatabaseError("could not connect to server: Connection refused")


class UnreachableDatabase:
    cursor = staticmethod(unreachable_database)


def unreachable_broker(*args, **kwargs):
    raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")


def test_healthz_reports_database_broker_and_worker_ok_without_login(client, worker_alive):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    for lane in ("worker", "short_documents_worker", "default_worker"):
        assert body.pop(f"{lane}_age_seconds") in (0, 1)
    assert body == {
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
        "short_documents_worker": "ok",
        "default_worker": "ok",
        "status": "ok",
    }


def test_healthz_answers_503_when_no_worker_ever_took_a_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", **ALL_STALE, "status": "error"}


def test_healthz_answers_503_when_the_worker_stopped_taking_heartbeats(client, settings):
    _last_seen(settings, heartbeat.STALE_AFTER + datetime.timedelta(seconds=5))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["worker"], body["status"]) == ("stale", "error")
    assert body["worker_age_seconds"] >= heartbeat.STALE_AFTER.total_seconds() + 5


def test_healthz_tolerates_a_heartbeat_waiting_behind_a_long_document(client, settings):
    _last_seen(settings, heartbeat.STALE_AFTER - datetime.timedelta(seconds=10))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker"] == "ok"


def test_healthz_reads_the_heartbeat_of_the_documents_queue(client, settings, worker_alive):
    settings.REPORTS_QUEUE = "documents"  # a worker took the default queue's, not this one's
    assert client.get("/healthz").json()["worker"] == "stale"

    tasks.heartbeat.apply(args=("documents",))

    assert client.get("/healthz").json()["worker"] == "ok"


def test_healthz_reports_the_short_lane_and_the_default_queue_without_failing_on_them(
    client, compose_queues
):
    tasks.heartbeat.apply(args=("documents",))

    response = client.get("/healthz")

    # The documents workers render short documents too: documents can be rendered.
    assert response.status_code == 200
    body = response.json()
    assert (body["worker"], body["status"]) == ("ok", "ok")
    assert (body["short_documents_worker"], body["short_documents_worker_age_seconds"]) == (
        "stale",
        None,
    )
    assert (body["default_worker"], body["default_worker_age_seconds"]) == ("stale", None)

    tasks.heartbeat.apply(args=("documents-short",))
    _stamped("celery", heartbeat.STALE_AFTER / 2)
    body = client.get("/healthz").json()
    assert (body["short_documents_worker"], body["default_worker"]) == ("ok", "ok")
    assert body["default_worker_age_seconds"] >= heartbeat.STALE_AFTER.total_seconds() / 2


def test_healthz_answers_503_when_only_the_documents_worker_is_stale(client, compose_queues):
    tasks.heartbeat.apply(args=("documents-short",))
    tasks.heartbeat.apply(args=("celery",))
    _stamped("documents", heartbeat.STALE_AFTER * 2)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["worker"], body["short_documents_worker"], body["default_worker"]) == (
        "stale",
        "ok",
        "ok",
    )


def test_a_starting_worker_sends_a_heartbeat_to_each_queue(compose_queues, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.heartbeat, "apply_async", lambda args, queue, **options: sent.append(queue)
    )

    tasks.announce_the_start()

    assert sent == ["documents", "documents-short", "celery"]


@pytest.mark.parametrize(
    ("environment", "queues"),
    [
        ({}, {"worker-heartbeat": "celery"}),  # make run: one worker, one queue
        (
            {"REPORTS_QUEUE": "documents", "REPORTS_SHORT_QUEUE": "documents-short"},  # compose
            {
                "worker-heartbeat": "documents",
                "short-documents-heartbeat": "documents-short",
                "default-queue-heartbeat": "celery",
            },
        ),
    ],
)
def test_beat_sends_a_heartbeat_to_each_queue_of_its_own(environment, queues, tmp_path):
    from tests.test_compose import settings_with

    run = settings_with(
        environment,
        "{name: entry['options']['queue'] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()"
        " if entry['task'] == 'reports.tasks.heartbeat'}",
        tmp_path,
    )

    assert run.returncode == 0, run.stderr
    assert ast.literal_eval(run.stdout) == queues


def test_beat_sends_the_heartbeat_to_the_documents_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] == tasks.heartbeat.name
    assert entry["args"] == (settings.REPORTS_QUEUE,)
    assert entry["options"]["queue"] == settings.REPORTS_QUEUE
    assert entry["schedule"] < heartbeat.STALE_AFTER.total_seconds()


def test_healthz_web_leaves_the_worker_out(client):
    """For the proxy and compose: web serves pages while the worker is down."""
    response = client.get("/healthz/web")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


@pytest.mark.parametrize("url", ["/healthz", "/healthz/web"])
def test_healthz_is_never_cached(client, url):
    response = client.get(url)
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch, worker_alive):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    monkeypatch.setattr(WorkerHeartbeat.objects, "filter", unreachable_database)

    response = client.get("/healthz")
    web = client.get("/healthz/web")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok", **ALL_STALE, "status": "error"}
    assert web.status_code == 503
    assert web.json() == {"database": "error", "broker": "ok", "status": "error"}


def test_healthz_answers_503_when_the_broker_is_unreachable(client, monkeypatch, worker_alive):
    monkeypatch.setattr(health.celery_app, "connection_for_write", unreachable_broker)

    response = client.get("/healthz")
    web = client.get("/healthz/web")

    assert response.status_code == 503
    assert (response.json()["broker"], response.json()["status"]) == ("error", "error")
    assert web.status_code == 503
    assert web.json() == {"database": "ok", "broker": "error", "status": "error"}


def test_healthz_is_open_to_board_staff_who_have_not_enrolled_totp(client, settings, worker_alive):
    settings.REQUIRE_2FA = True
    client.force_login(BoardStaffFactory())
    assert client.get("/").status_code == 302  # everything else sends them to enrol
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/web").status_code == 200


@pytest.mark.parametrize("url", ["/healthz", "/healthz/web"])
def test_healthz_refuses_writes(client, url):
    assert client.post(url).status_code == 405
