"""What lets web and worker processes run on several hosts against one PostgreSQL and one Redis
(README.md, "Scaling out"): where files live and how database connections are held, from the
environment. Plain functions of the environment, so that tests can call them with any values
(config/settings.py calls each once).

- Files: generated documents, evidence, dossier files and signature scans go through
  STORAGES["default"] only. Local files (MEDIA_ROOT) by default, for one host; with
  STORAGE_BACKEND=s3 an S3-compatible bucket (django-storages), which every host shares.
  The bucket is private: no ACL on objects, and a URL of a file is never handed out; our
  access-checking views read the file and send it.
- Database: DB_POOL=1 gives each process a psycopg connection pool (Django's OPTIONS["pool"])
  of at most DB_POOL_MAX_SIZE connections, WEB_THREADS by default: one per gunicorn thread.
"""

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

LOCAL = "local"
S3 = "s3"


def default_storage(env: environ.Env, media_root: Path) -> dict[str, Any]:
    """STORAGES["default"] for STORAGE_BACKEND (local | s3)."""
    backend = env.str("STORAGE_BACKEND", default=LOCAL).strip().lower()
    if backend == LOCAL:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root},
        }
    if backend != S3:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be {LOCAL!r} or {S3!r}, not {backend!r}.")
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty: Amazon S3 itself; set for MinIO, Ceph, a Vietnamese cloud's object storage.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Private objects (the bucket's policy decides, never a public-read ACL); a URL,
            # if anything ever asked for one, is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Like local files: a name in use gets a suffix instead of replacing another file.
            "file_overwrite": False,
            # A file read from the bucket spills to a temporary file past 1 MB, not to memory.
            "max_memory_size": 1024 * 1024,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        },
    }


def pooled(database: dict[str, Any], env: environ.Env) -> dict[str, Any]:
    """A PostgreSQL DATABASES entry with psycopg's pool when DB_POOL is on, else persistent
    connections (CONN_MAX_AGE). SQLite entries are returned unchanged."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    database = {**database, "OPTIONS": {**database.get("OPTIONS", {})}}
    database["CONN_HEALTH_CHECKS"] = True
    if not env.bool("DB_POOL", default=False):
        database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        return database
    threads = env.int("WEB_THREADS", default=4)
    max_size = env.int("DB_POOL_MAX_SIZE", default=threads)
    min_size = min(env.int("DB_POOL_MIN_SIZE", default=1), max_size)
    database["OPTIONS"]["pool"] = {
        "min_size": min_size,
        "max_size": max_size,
        # Seconds a thread waits for a free connection before the request fails.
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
    # The pool keeps the connections: Django must hand each back after a request. With
    # CONN_HEALTH_CHECKS Django has the pool check a connection before lending it.
    database["CONN_MAX_AGE"] = 0
    return database
