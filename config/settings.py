"""One settings module, configured from the environment (README.md, "Settings").

Defaults run locally: SQLite under var/, console e-mail, Celery on kombu's filesystem transport.
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import scaling

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything a running checkout writes (SQLite, uploads, queue, local key) lives in var/. These
# settings only read: `make` prepares var/ (Makefile), the Celery app its queue folders.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """The per-checkout key that `make` writes to var/secret_key (never in the repository)."""
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and {path} does not exist: `make run` and `make test` "
            "create it for a checkout; production sets SECRET_KEY (the same for web and worker)."
        ) from None


# Production sets SECRET_KEY (the same for web and worker); a checkout makes its own in var/.
SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies of ours stand in front of the application. Each appends the address
# it received the request from to X-Forwarded-For, so the client is the Nth entry from the right;
# the entries further left are whatever the client wrote. 0 (no proxy): REMOTE_ADDR. Used for
# the addresses recorded on signatures and for allauth's rate limits (core/client_address.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # The project's apps in their layers' order (design.md): each may use those above it here.
    "core",
    "blocs",
    "accounts",
    "reports",
    "pledges",
    "meetings",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "core.middleware.CacheUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# PostgreSQL in production and CI (DATABASE_URL=postgres://...); SQLite under var/ otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker share the file: WAL and immediate transactions avoid
    # "database is locked" under concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Persistent connections, or psycopg's pool with DB_POOL=1 (config/scaling.py).
    DATABASES["default"] = scaling.pooled(DATABASES["default"], env)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, background work ----------------------------------------------------------
# REDIS_URL is the Celery broker. The cache (sign-in rate limits, re-authentication tries, used
# TOTP codes) lives in a Redis database of its own, CACHE_URL, by default the broker's next one
# (redis://redis:6379/0 -> redis://redis:6379/1): clearing one never drops the other's data.
REDIS_URL = env.str("REDIS_URL", default="")


def next_redis_database(url: str) -> str:
    """The same Redis server, the next database (a URL without one means database 0); after the
    last of Redis's 16 default databases comes database 0."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + 1) % 16}"))


CACHE_URL = env.str("CACHE_URL", default="") or (
    next_redis_database(REDIS_URL) if REDIS_URL else ""
)
if CACHE_URL and CACHE_URL == REDIS_URL:
    raise ImproperlyConfigured("CACHE_URL must not be the broker's database (REDIS_URL).")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A dead Redis must not hold requests: fail within a second, then answer 503
            # (core.middleware.CacheUnavailableMiddleware).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "visibility_timeout": 3600,
        # A queue's priority lists, served 0 first: short documents before long ones
        # (reports/priorities.py: PRIORITY_STEPS, the same steps).
        "priority_steps": [0, 3, 6, 8, 9],
    }
else:
    # Embedded mode: a real worker process reads the queue from files (no Redis needed); the
    # Celery app (config/celery.py) makes the folders.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # The exchange tables: web and worker must share them (kombu's default is ./control).
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
        # The folder is polled: every 0.2 s instead of every second, so a PDF starts at once.
        "polling_interval": 0.2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_ACKS_LATE = True  # a killed worker's task goes back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Documents requested while the broker was down, or whose worker vanished, are sent again.
    "dispatch-pending-reports": {
        "task": "reports.tasks.dispatch_pending_reports",
        "schedule": 60.0,
    },
    # Agencies that have not signed an open pledge are reminded by e-mail every morning.
    "pledge-signing-reminders": {
        "task": "pledges.tasks.send_signing_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Agencies that have not submitted their assessment for a coming meeting, every morning
    # from ScoringRules.remind_days_before days before it.
    "meeting-assessment-reminders": {
        "task": "meetings.tasks.send_assessment_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
# The queue PDF rendering goes to. The default queue suits one worker (make run renders in its
# embedded worker); docker-compose.yml sets "documents" and runs the `documents` workers on it.
REPORTS_QUEUE = env.str("REPORTS_QUEUE", default="celery")
# Short documents' lane (reports/priorities.py): a queue that every documents worker
# takes too, and one worker only it, so that a one-page document never waits for a long one.
# Empty (make run): short documents go to REPORTS_QUEUE with the others.
REPORTS_SHORT_QUEUE = env.str("REPORTS_SHORT_QUEUE", default="")
# E-mails and beat's own tasks: Celery's default queue, which compose's `worker` takes.
CELERY_TASK_DEFAULT_QUEUE = "celery"
# A worker takes from each queue: beat sends a heartbeat to each (reports/heartbeat.py) every
# minute, and /healthz reports their ages. The documents' queue (503 when it is stale), and the
# short documents' lane and the default queue (e-mails) when each is a queue of its own.


def _heartbeat(queue: str) -> dict:
    return {
        "task": "reports.tasks.heartbeat",
        "schedule": 60.0,
        "args": (queue,),
        "options": {"queue": queue, "expires": 60},
    }


CELERY_BEAT_SCHEDULE["worker-heartbeat"] = _heartbeat(REPORTS_QUEUE)
if REPORTS_SHORT_QUEUE and REPORTS_SHORT_QUEUE != REPORTS_QUEUE:
    CELERY_BEAT_SCHEDULE["short-documents-heartbeat"] = _heartbeat(REPORTS_SHORT_QUEUE)
if CELERY_TASK_DEFAULT_QUEUE != REPORTS_QUEUE:
    CELERY_BEAT_SCHEDULE["default-queue-heartbeat"] = _heartbeat(CELERY_TASK_DEFAULT_QUEUE)

# Housekeeping (reports/housekeeping.py, README.md "Scaling out"): what grows with the country
# is deleted by beat once it has served. Superseded renders of re-made lists, and failed
# requests, after REPORT_RETENTION_DAYS; an import's preview waits IMPORT_PREVIEW_TTL seconds for
# its confirmation, and expired sessions (which hold the previews) are cleared every night.
REPORT_RETENTION_DAYS = env.int("REPORT_RETENTION_DAYS", default=90)
IMPORT_PREVIEW_TTL = env.int("IMPORT_PREVIEW_TTL", default=3600)
CELERY_BEAT_SCHEDULE["delete-expired-documents"] = {
    "task": "reports.housekeeping.delete_expired_documents",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["clear-expired-sessions"] = {
    "task": "reports.housekeeping.clear_expired_sessions",
    "schedule": crontab(hour=2, minute=45),
}

# --- Accounts (django-allauth) ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, each loading the user's province with the user (accounts.backends).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "blocs:dashboard"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are created by board staff, by invitation
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# One address per account: board staff manage e-mail addresses (accounts/services.py).
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
# allauth's defaults, written out: failed logins are limited per IP and per account. The IP is
# the client's behind our proxies (AccountAdapter.get_client_ip asks core.client_address;
# allauth's own setting is given the same count for any code of allauth that reads it).
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Khối thi đua")
# Board staff and operators (superusers) must enrol TOTP before using the site or the admin.
# The demo (make run) turns it off. REQUIRE_BOARD_STAFF_2FA is its former name, still read.
REQUIRE_2FA = env.bool(
    "REQUIRE_2FA", default=env.bool("REQUIRE_BOARD_STAFF_2FA", default=not DEBUG)
)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = INVITATION_VALID_DAYS * 24 * 3600

# --- E-mail ----------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.vn:587 ; console by default.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_EMAIL_OPTIONS = {  # EMAIL_URL's parts -> the backend's OPTIONS (Django 6.1 MAILERS)
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_FILE_PATH": "file_path",
}
_backend = _email["EMAIL_BACKEND"]
if _backend == "django.core.mail.backends.console.EmailBackend":
    _backend = "core.mail.ReadableConsoleBackend"  # links readable in make run's terminal
_wanted = {
    "smtp": {"host", "port", "username", "password", "use_tls", "use_ssl"},
    "filebased": {"file_path"},
}.get(_backend.rsplit(".", 2)[-2], set())
MAILERS = {
    "default": {
        "BACKEND": _backend,
        "OPTIONS": {
            option: _email[key]
            for key, option in _EMAIL_OPTIONS.items()
            if option in _wanted and _email.get(key) not in (None, "")
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Khối thi đua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language, time, numbers -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Our format module overrides Django's vi formats: dd/mm/yyyy, 153.135.000 (config/formats/vi).
FORMAT_MODULE_PATH = ["config.formats"]
# Ours first (makemessages writes there), then what allauth and Django ship without Vietnamese.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "allauth",
    BASE_DIR / "locale" / "django",
]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Without collectstatic (make run, tests) WhiteNoise serves from the app and project folders.
WHITENOISE_USE_FINDERS = not env.bool("STATIC_MANIFEST", default=False)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Never routed: uploaded and generated files are served by views that check access every time.
MEDIA_URL = "/media/"
STORAGES = {
    # Local files under MEDIA_ROOT, or an S3-compatible bucket with STORAGE_BACKEND=s3
    # (config/scaling.py); every file the apps keep goes through this storage only.
    "default": scaling.default_storage(env, MEDIA_ROOT),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Largest scanned page of a paper signature (PDF, JPEG or PNG), in bytes.
SCAN_MAX_UPLOAD_BYTES = env.int("SCAN_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# mb: largest evidence file (minh chứng) of a self score: PDF, image, Word or Excel, in bytes.
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# --- Pledges ---------------------------------------------------------------------------------
# Days after a pledge opens for signing before agencies that have not signed are reminded
# (then every day until they sign).
PLEDGE_REMINDER_AFTER_DAYS = env.int("PLEDGE_REMINDER_AFTER_DAYS", default=3)
# The site's address, for links in e-mails sent by the worker and in the pledge's QR code.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading is hard to undo (browsers ship the list): a separate, deliberate opt-in.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]  # preload: see above
# Content Security Policy (Django 6): only our own files; the one inline script carries a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 or 404 is logged in one line, without its traceback (core/log.py).
    "filters": {"client_errors_in_one_line": {"()": "core.log.ClientErrorsInOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors_in_one_line"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers for its logger (a second console one when DEBUG) go: its
        # records reach the root's handler once, through the filter above.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
