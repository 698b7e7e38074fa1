# syntax=docker/dockerfile:1
# One image for web (gunicorn), worker and beat (Celery); docker-compose.yml runs it.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # Writable state: var/ keeps the collected static files (built below) and beat's schedule;
    # uploads and reports live on the media volume that web and worker share.
    VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    # Hashed, compressed static files served by WhiteNoise from var/staticfiles.
    STATIC_MANIFEST=1

# WeasyPrint needs Pango and HarfBuzz's subsetter (PDF fonts); gettext's msgfmt compiles the
# Vietnamese catalogues. Fonts for the documents ship in static/fonts, not from the host.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the pins change.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

# The code stays owned by root: the app user can write only var/ and the media volume.
COPY . .

# Build-time only values: settings need a SECRET_KEY (a throw-away one here), and REDIS_URL keeps
# the Celery app from making the filesystem queue's folders. Neither reaches the running
# containers, which take theirs from .env.
RUN SECRET_KEY=build-only-not-secret REDIS_URL=redis://build-only:6379/0 \
        python manage.py compilemessages -l vi -v 0 \
    && SECRET_KEY=build-only-not-secret REDIS_URL=redis://build-only:6379/0 \
        python manage.py collectstatic --no-input -v 0 \
    && mkdir -p "$MEDIA_ROOT" \
    && chown app:app "$VAR_DIR" "$MEDIA_ROOT"

USER app
EXPOSE 8000

# docker-compose.yml runs migrations first and passes the worker/beat commands.
CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"]
