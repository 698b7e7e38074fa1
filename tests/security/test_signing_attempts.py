"""Twenty wrong signing passwords sent at once check at most five: every try is counted with one
atomic increment before its password is checked (accounts/reauth.py). Run against the local
memory cache, and against a real Redis when REDIS_URL is set (its cache database, CACHE_URL)."""

import threading
import time
import uuid

import pytest
from django.conf import settings as project_settings
from django.core.exceptions import ValidationError
from django.db import connection

from accounts import reauth
from tests.factories import UserFactory

PARALLEL = 20

BACKENDS = {
    "local memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": project_settings.CACHE_URL,
    },
}


@pytest.fixture(params=list(BACKENDS))
def shared_cache(request, settings):
    if request.param == "redis" and not project_settings.CACHE_URL:
        pytest.skip("REDIS_URL is not set")
    # A prefix of this test's own: nothing is cleared, parallel test workers never meet.
    settings.CACHES = {"default": {**BACKENDS[request.param], "KEY_PREFIX": str(uuid.uuid4())}}


def test_parallel_wrong_passwords_check_at_most_five(db, shared_cache, monkeypatch):
    user = UserFactory()
    checked = []

    def slow_wrong_password(raw: str) -> bool:
        checked.append(raw)
        time.sleep(0.05)  # as long as a real hash takes, so that the tries overlap
        return False

    monkeypatch.setattr(user, "check_password", slow_wrong_password)
    start = threading.Barrier(PARALLEL)
    codes: list[str] = []

    def try_once(n: int) -> None:
        start.wait()
        try:
            reauth.check_password(user, f"doan-{n}")
        except ValidationError as error:
            codes.append(error.error_dict["password"][0].code)
        finally:
            connection.close()  # a thread's own connection would outlive the test database

    threads = [threading.Thread(target=try_once, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checked) == reauth.TRIES
    assert sorted(codes) == ["password"] * 5 + ["too_many_tries"] * 15
