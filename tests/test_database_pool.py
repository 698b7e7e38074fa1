"""Database connections: persistent by default, psycopg's pool with DB_POOL=1 (config/scaling.py),
sized to gunicorn's threads; and a real process that takes its connection from the pool."""

import json
import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.db import connection

from config import scaling

POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "khoithidua", "OPTIONS": {}}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch):
    for key in ("DB_POOL", "DB_POOL_MIN_SIZE", "DB_POOL_MAX_SIZE", "WEB_THREADS", "CONN_MAX_AGE"):
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


def test_without_db_pool_connections_are_persistent(clean_env):
    database = scaling.pooled(POSTGRES, environ.Env())

    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in database["OPTIONS"]
    assert POSTGRES["OPTIONS"] == {}  # the parsed URL's entry is left as it was


def test_db_pool_gives_each_process_a_pool_of_one_connection_per_thread(clean_env):
    clean_env.setenv("DB_POOL", "1")
    clean_env.setenv("WEB_THREADS", "8")

    database = scaling.pooled(POSTGRES, environ.Env())

    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10.0}
    assert database["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool


def test_the_pool_sizes_can_be_set(clean_env):
    clean_env.setenv("DB_POOL", "on")
    clean_env.setenv("DB_POOL_MIN_SIZE", "9")
    clean_env.setenv("DB_POOL_MAX_SIZE", "3")

    pool = scaling.pooled(POSTGRES, environ.Env())["OPTIONS"]["pool"]

    assert (pool["min_size"], pool["max_size"]) == (3, 3)  # never more kept than allowed


def test_sqlite_is_left_alone(clean_env):
    clean_env.setenv("DB_POOL", "1")
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x", "OPTIONS": {"timeout": 20}}

    assert scaling.pooled(sqlite, environ.Env()) == sqlite


@pytest.mark.slow
def test_a_process_with_db_pool_takes_its_connections_from_the_pool(transactional_db):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("psycopg's pool is for PostgreSQL")
    # The process connects to the test database (DATABASE_URL's own may not exist).
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    script = (
        "import json; from django.db import connection, connections\n"
        "from core.background import release_connections\n"
        "with connection.cursor() as cursor: cursor.execute('SELECT 1'); one = cursor.fetchone()\n"
        "stats = connection.pool.get_stats(); connection.close()\n"
        "available = connection.pool.get_stats()['pool_available']\n"
        "release_connections()\n"
        "print(json.dumps({'one': one[0], 'max': stats['pool_max'], 'min': stats['pool_min'],"
        " 'available': available,"
        " 'kept': list(type(connections['default'])._connection_pools)}))"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DB_POOL": "1",
        "WEB_THREADS": "3",
        "DB_POOL_MIN_SIZE": "2",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["one"] == 1
    assert (figures["min"], figures["max"]) == (2, 3)
    # Closing gave the connection back to the pool instead of closing it.
    assert figures["available"] >= 1
    # A forking parent (Celery's prefork) lets go of the pool: no child inherits its sockets.
    assert figures["kept"] == []


def test_env_example_documents_every_scaling_setting():
    import re

    source = (ROOT / "config" / "scaling.py").read_text()
    names = set(re.findall(r"\benv\.\w+\(\s*\"(\w+)\"", source))
    assert {"STORAGE_BACKEND", "AWS_STORAGE_BUCKET_NAME", "DB_POOL"} <= names
    documented = set(re.findall(r"^#? ?(\w+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names - documented == set()
    readme = (ROOT / "README.md").read_text()
    assert all(f"`{name}`" in readme for name in names)
