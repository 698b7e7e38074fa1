"""docker-compose.yml, the Dockerfile's context and .env.example, checked without Docker: the
services are wired as production needs them, and every command they run works in this venv."""

import importlib
import json
import re
import runpy
import secrets
import shlex
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
APP_SERVICES = ("web", "worker", "documents", "documents-short", "beat")
WORKER_SERVICES = ("worker", "documents", "documents-short")
GUNICORN_SETTINGS = "config/gunicorn.py"


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def interpolate(value: str, env: dict[str, str] | None = None) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} against `env` (defaults otherwise)."""
    env = env or {}

    def replace(match: re.Match) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        if env.get(name):
            return env[name]
        if op == ":?":
            raise LookupError(f"{name} is required: {arg}")
        return arg

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, value)


def read_env_example() -> dict[str, str]:
    """.env.example's active lines, as compose's env_file reads them (quotes stripped)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[name.strip()] = value
    return values


def test_compose_has_web_workers_beat_postgres_and_redis(services):
    assert set(services) == {
        "web",
        "worker",
        "documents",
        "documents-short",
        "beat",
        "postgres",
        "redis",
    }


def test_app_services_share_one_image_build_and_env_file(services):
    for name in APP_SERVICES:
        assert services[name]["build"] == ".", name
        assert services[name]["env_file"] == ".env", name
    assert len({services[name]["image"] for name in APP_SERVICES}) == 1


def test_app_services_start_after_postgres_and_redis_are_healthy(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        for backing in ("postgres", "redis"):
            assert depends_on[backing] == {"condition": "service_healthy"}, name
    # The web service migrates; background work waits for it.
    for name in WORKER_SERVICES:
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}, name


def test_app_services_refuse_to_start_without_a_shared_secret_key(services):
    for name in APP_SERVICES:
        with pytest.raises(LookupError):
            interpolate(services[name]["environment"]["SECRET_KEY"])
        assert interpolate(services[name]["environment"]["SECRET_KEY"], {"SECRET_KEY": "k"}) == "k"


def test_media_volume_is_shared_by_web_and_worker(services):
    media_root = read_env_example()["MEDIA_ROOT"]
    for name in ("web", *WORKER_SERVICES):
        assert f"media:{media_root}" in services[name]["volumes"], name


def test_postgres_and_redis_have_healthchecks_and_volumes(services):
    assert services["postgres"]["image"].startswith(("postgres:16", "postgres:15"))
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_web_migrates_then_serves_the_wsgi_application_with_gunicorn(services):
    shell, flag, script = services["web"]["command"]
    assert (shell, flag) == ("sh", "-c")
    migrate, serve = (shlex.split(part) for part in script.split("&&"))
    assert migrate[:3] == ["python", "manage.py", "migrate"]
    assert (ROOT / "manage.py").is_file()
    assert serve[0] == "exec"
    assert (VENV_BIN / serve[1]).is_file(), f"{serve[1]} is not installed in the venv"
    options = GunicornConfig().parser().parse_args(serve[2:])  # exits on an unknown option
    module, _, attribute = options.args[0].partition(":")
    assert module == "config.wsgi"
    assert callable(getattr(importlib.import_module(module), attribute))
    assert options.config == GUNICORN_SETTINGS


def test_the_image_and_web_run_gunicorn_with_its_settings_file():
    """config/gunicorn.py (threaded workers, recycling, preloading) holds only settings gunicorn
    knows, with values it accepts; the image's default command uses it too."""
    config = GunicornConfig()
    namespace = runpy.run_path(str(ROOT / GUNICORN_SETTINGS))
    names = {name for name in namespace if not name.startswith("_") and name != "os"}
    assert names <= set(config.settings)
    for name in names:
        config.set(name, namespace[name])  # raises on a value of the wrong kind
    assert config.worker_class_str == "gthread"
    assert config.threads >= 2
    assert config.preload_app
    assert config.max_requests > 0
    assert config.bind == ["0.0.0.0:8000"]
    command = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    )
    assert json.loads(command.removeprefix("CMD")) == [
        "gunicorn",
        "config.wsgi:application",
        "--config",
        GUNICORN_SETTINGS,
    ]


@pytest.mark.parametrize(
    ("name", "subcommand_name"),
    [
        ("worker", "worker"),
        ("documents", "worker"),
        ("documents-short", "worker"),
        ("beat", "beat"),
    ],
)
def test_celery_commands_load_the_config_app_and_accept_their_options(
    services, name, subcommand_name
):
    executable, app_flag, app_name, subcommand, *options = services[name]["command"]
    assert (VENV_BIN / executable).is_file(), f"{executable} is not installed in the venv"
    assert (app_flag, subcommand) == ("-A", subcommand_name)
    app = find_app(app_name)
    assert isinstance(app, Celery)
    assert app.main == "khoithidua"
    # Parsing (not running) the subcommand rejects unknown options and badly typed values.
    context = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
    celery_cli.commands[subcommand].make_context(
        subcommand, [interpolate(option) for option in options], obj=context
    )


def worker_options(service: dict, env: dict[str, str] | None = None) -> dict[str, str]:
    """A Celery worker service's --name=value options, compose's ${...} filled in from `env`."""
    return dict(
        interpolate(option, env).removeprefix("--").split("=", 1)
        for option in service["command"]
        if option.startswith("--")
    )


@pytest.mark.parametrize("name", WORKER_SERVICES)
def test_worker_limits_default_to_the_settings_values(services, settings, name):
    options = worker_options(services[name])
    assert int(options["max-tasks-per-child"]) == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    assert int(options["time-limit"]) == settings.CELERY_TASK_TIME_LIMIT


def test_documents_are_rendered_by_their_own_workers_and_e_mails_by_the_general_one(
    services, tmp_path
):
    """Compose sends PDFs to queues of their own (REPORTS_QUEUE and the short documents' lane,
    for every app service, beat's heartbeat included) that only the documents services take;
    the general worker takes the default queue (e-mails, beat's tasks), so that an e-mail never
    waits behind a long list. The lane's worker takes nothing else."""
    queues = {
        name: set(worker_options(services[name])["queues"].split(",")) for name in WORKER_SERVICES
    }
    environments = {
        (services[name]["environment"]["REPORTS_QUEUE"],
         services[name]["environment"]["REPORTS_SHORT_QUEUE"])
        for name in APP_SERVICES
    }  # fmt: skip
    assert environments == {("documents", "documents-short")}
    assert queues == {
        "worker": {"celery"},
        "documents": {"documents", "documents-short"},
        "documents-short": {"documents-short"},
    }
    assert worker_options(services["documents-short"])["concurrency"] == "1"
    # /healthz reads the heartbeat that beat sends to the documents' queue.
    run = settings_with(
        {"REPORTS_QUEUE": "documents"},
        "settings.CELERY_BEAT_SCHEDULE['worker-heartbeat']['options']['queue']",
        tmp_path,
    )
    assert run.stdout.split() == ["documents"]


def test_documents_workers_run_as_many_renders_as_documents_concurrency_says(services):
    documents = services["documents"]
    assert worker_options(documents)["concurrency"] == "2"
    assert worker_options(documents, {"DOCUMENTS_CONCURRENCY": "4"})["concurrency"] == "4"
    # Several of them (scaled, or on other hosts) have names of their own.
    assert worker_options(documents)["hostname"] == "documents@%h"
    # .env.example documents it with its default.
    assert re.search(r"^# DOCUMENTS_CONCURRENCY=2$", (ROOT / ".env.example").read_text(), re.M)


def test_make_run_renders_documents_in_its_one_worker(settings):
    """Without compose, REPORTS_QUEUE stays the default queue, which make run's worker takes."""
    assert settings.REPORTS_QUEUE == "celery"
    assert "--queues=celery,$${REPORTS_QUEUE:-celery}" in (ROOT / "Makefile").read_text()


@pytest.mark.django_db
def test_web_healthcheck_passes_allowed_hosts_and_the_https_redirect(
    services, settings, client, monkeypatch
):
    """The probe runs inside the container against gunicorn: replay its request through
    Django with the production host and HTTPS settings."""
    kind, *argv = services["web"]["healthcheck"]["test"]
    assert kind == "CMD"
    assert argv[:2] == ["python", "-c"]
    sent: list[urllib.request.Request] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: sent.append(request))
    monkeypatch.setenv("ALLOWED_HOSTS", "khoithidua.example.vn,www.khoithidua.example.vn")
    exec(compile(argv[2], "healthcheck", "exec"), {})  # noqa: S102 - our own compose file
    (request,) = sent
    # Web's own health: the worker waits for a healthy web, so web's check cannot wait for it.
    assert request.full_url == "http://127.0.0.1:8000/healthz/web"
    settings.ALLOWED_HOSTS = ["khoithidua.example.vn", "www.khoithidua.example.vn"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz/web", headers=dict(request.header_items()))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # No worker has ever stamped a heartbeat here: the full check would keep web unhealthy.
    assert client.get("/healthz", headers=dict(request.header_items())).status_code == 503


def test_env_example_documents_every_setting_read_from_the_environment():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"(\w+)\"", settings_source))
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL"} <= names
    documented = set(re.findall(r"^#? ?(\w+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names - documented == set()


def test_env_example_passes_the_deployment_checks(tmp_path):
    env = {
        **read_env_example(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PATH": str(VENV_BIN),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_docker_build_context_leaves_out_local_state_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text().split()
    # var/ holds the checkout's SQLite database and its generated secret key.
    for entry in ("var", ".env", ".venv", ".git"):
        assert entry in ignored


def test_env_example_names_one_host_for_links_hosts_and_origins():
    env = read_env_example()
    site = urllib.parse.urlsplit(env["SITE_URL"])
    origins = [urllib.parse.urlsplit(o.strip()) for o in env["CSRF_TRUSTED_ORIGINS"].split(",")]

    assert site.scheme == "https"
    assert site.hostname in [h.strip() for h in env["ALLOWED_HOSTS"].split(",")]
    assert (site.scheme, site.netloc) in [(o.scheme, o.netloc) for o in origins]


def test_env_example_trusts_the_one_reverse_proxy_it_asks_for():
    # README's "Production": one TLS proxy in front of web, which listens on loopback only.
    assert read_env_example()["TRUSTED_PROXY_COUNT"] == "1"


def settings_with(environment: dict[str, str], expression: str, tmp_path: Path):
    """`expression` evaluated on the settings loaded with only `environment` set."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; from django.conf import settings; django.setup(); print({expression})",
        ],
        cwd=ROOT,
        env={
            "PATH": str(VENV_BIN),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "VAR_DIR": str(tmp_path),
            "SECRET_KEY": "settings-test-only",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_cache_and_the_broker_use_different_redis_databases(tmp_path):
    run = settings_with(
        {"REDIS_URL": read_env_example()["REDIS_URL"]},
        "settings.CELERY_BROKER_URL, settings.CACHES['default']['LOCATION']",
        tmp_path,
    )

    assert run.stdout.split() == ["redis://redis:6379/0", "redis://redis:6379/1"]


def test_a_broker_in_the_last_redis_database_puts_the_cache_in_the_first(tmp_path):
    run = settings_with(
        {"REDIS_URL": "redis://redis:6379/15"}, "settings.CACHES['default']['LOCATION']", tmp_path
    )

    assert run.stdout.split() == ["redis://redis:6379/0"]


def test_a_cache_in_the_brokers_database_is_refused(tmp_path):
    url = "redis://redis:6379/0"
    run = settings_with({"REDIS_URL": url, "CACHE_URL": url}, "settings.CACHES", tmp_path)

    assert run.returncode != 0
    assert "CACHE_URL must not be the broker's database" in run.stderr


def test_one_setting_says_how_many_proxies_for_the_site_and_for_allauth(tmp_path):
    run = settings_with(
        {"TRUSTED_PROXY_COUNT": "1"},
        "settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT",
        tmp_path,
    )

    assert run.stdout.split() == ["1", "1"]


def test_settings_write_nothing_and_ask_for_a_secret_key(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.SECRET_KEY"],
        cwd=ROOT,
        env={
            "PATH": str(VENV_BIN),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "VAR_DIR": str(tmp_path / "var"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode != 0
    assert "SECRET_KEY is not set" in run.stderr
    assert not (tmp_path / "var").exists()
