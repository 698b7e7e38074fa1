"""GET /healthz: what load balancers and compose's healthcheck read."""

import pytest
from django.db import OperationalError as DatabaseError
from kombu.exceptions import OperationalError as BrokerError

from config import health

from .factories import BoardStaffFactory

pytestmark = pytest.mark.django_db


class UnreachableDatabase:
    def cursor(self):
        raise DatabaseError("could not connect to server: Connection refused")


def unreachable_broker(*args, **kwargs):
    raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")


def test_healthz_reports_database_and_broker_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok", "status": "error"}


def test_healthz_answers_503_when_the_broker_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(health.celery_app, "connection_for_write", unreachable_broker)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error", "status": "error"}


def test_healthz_is_open_to_board_staff_who_have_not_enrolled_totp(client, settings):
    settings.REQUIRE_2FA = True
    client.force_login(BoardStaffFactory())
    assert client.get("/").status_code == 302  # everything else sends them to enrol
    assert client.get("/healthz").status_code == 200


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
