"""A real Celery worker process runs the background work, in both modes of config/celery.py:
the embedded filesystem queue (`make run`, no Redis) and Redis (production, CI): e-mails, and
PDF documents (rendered in the worker, read back by the test from the shared media folder).

The worker is a separate process, so it must share the test database: these tests need a
database server (PostgreSQL in CI) and are skipped on the in-memory SQLite test database.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from kombu.exceptions import OperationalError

from reports import priorities, services, tasks
from reports.kinds import get_kind
from reports.models import Report, ReportStatus
from tests.factories import BoardStaffFactory, MembershipFactory, UserFactory
from tests.reports.conftest import pdftotext, words

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


def _start_worker(
    tmp_path: Path, *args: str, app: str = "config", pool: str = "solo", **env: str
) -> subprocess.Popen:
    """A worker in a process group of its own (so that a test can kill it whole, pool and all)."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        **env,
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            app,
            "worker",
            f"--pool={pool}",
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
        start_new_session=True,
    )


def _wait_for_mail(folder: Path, worker: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(folder.glob("*.log")) if folder.exists() else []
        if files and (text := files[0].read_text()):  # the file exists before it is written
            return text
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read().decode()}")
        time.sleep(0.2)
    pytest.fail("the worker sent no e-mail in time")


def _filesystem_queue(tmp_path: Path) -> dict[str, str]:
    """The embedded queue of a worker started with VAR_DIR=tmp_path/var (config/settings.py)."""
    queue = tmp_path / "var" / "celery"
    folders = {
        "data_folder_in": queue / "queue",
        "data_folder_out": queue / "queue",
        "processed_folder": queue / "processed",
        "control_folder": queue / "control",  # the exchange tables, shared with the worker
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {name: str(path) for name, path in folders.items()}


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
        if worker.poll() is not None:
            continue
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@pytest.mark.django_db(transaction=True)
def test_embedded_worker_reads_the_filesystem_queue(tmp_path, worker_stopper):
    user = _invited_user()
    producer = Celery(
        set_as_current=False,  # the project's app stays the one tasks are sent with
        broker="filesystem://",
        broker_transport_options=_filesystem_queue(tmp_path),
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


# --- PDF documents ---------------------------------------------------------------------------


def _documents_world():
    """A bloc-year of a province and its board, who exports documents about it."""
    board = BoardStaffFactory()
    bloc_year = MembershipFactory(
        bloc_year__bloc__province=board.province,
        bloc_year__bloc__name="Khối thi đua số 6",
        agency__name="Sở Khoa học và Công nghệ",
    ).bloc_year
    return board, bloc_year


def _wait_for_report(report: Report, worker: subprocess.Popen, timeout: float = 60) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return report
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read().decode()}")
        time.sleep(0.2)
    pytest.fail(f"the worker did not render the document in time (status {report.status})")


@pytest.fixture
def reports_queue(settings):
    """Documents go to a queue of this test's own, through the real broker (no eager mode)."""
    from config.celery import app

    queue = f"test-reports-{os.getpid()}-{time.monotonic_ns()}"
    settings.REPORTS_QUEUE = queue
    app.conf.task_always_eager = False
    return queue


def _assert_rendered(report: Report) -> None:
    assert report.status == ReportStatus.DONE, report.error
    text = words(pdftotext(report))
    assert "KHỐI THI ĐUA SỐ 6" in text
    assert "Sở Khoa học và Công nghệ" in text


def _start_redis_worker(tmp_path: Path, settings, queue: str) -> subprocess.Popen:
    """A worker on Redis that takes only this test's queue and writes files where it reads them."""
    return _start_worker(
        tmp_path,
        "--queues",
        queue,
        REDIS_URL=settings.REDIS_URL,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_worker_renders_a_document_from_the_redis_queue(
    tmp_path, settings, reports_queue, worker_stopper
):
    board, bloc_year = _documents_world()

    requested = services.request_report("bloc_roster", bloc_year.pk, {}, board)

    assert requested.sent
    assert requested.report.status == ReportStatus.QUEUED
    worker = _start_redis_worker(tmp_path, settings, reports_queue)
    worker_stopper(worker)
    _assert_rendered(_wait_for_report(requested.report, worker))


def _queued_roster(board, bloc_year, rows: int) -> Report:
    """A queued roster recorded as `rows` rows long: sent as a document of that length, though
    rendered as fast as the roster it is."""
    kind = get_kind("bloc_roster")
    document = kind.build(bloc_year, {})
    fingerprint = f"{Report.objects.count():064d}"  # each one a document of its own
    report = services.unsaved_report(kind, bloc_year, {}, document, fingerprint, board)
    report.estimated_rows = rows
    report.save()
    return report


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_worker_renders_a_short_document_before_long_ones_queued_earlier(
    tmp_path, settings, reports_queue, worker_stopper
):
    """Three long lists are queued, then a one-page roster; the worker, started afterwards,
    renders the roster first (Redis serves priority 0 first). The long ones are rosters too,
    recorded as 1,000 rows long, so that the test renders nothing big."""
    board, bloc_year = _documents_world()
    reports = [_queued_roster(board, bloc_year, rows) for rows in [1000, 1000, 1000, 1]]
    for report in reports:  # in the order asked for: the short one last
        assert services.dispatch(report)

    worker = _start_redis_worker(tmp_path, settings, reports_queue)
    worker_stopper(worker)
    for report in reports:
        _wait_for_report(report, worker)

    *long, short = reports
    assert all(report.status == ReportStatus.DONE for report in reports)
    assert short.started_at < min(report.started_at for report in long)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_the_lane_renders_a_short_document_while_every_documents_worker_renders_a_long_one(
    tmp_path, settings, reports_queue, worker_stopper
):
    """Compose's documents-short: a worker on the short documents' queue alone renders a roster
    while the documents worker is in the middle of a long list (a render slowed to 30 s)."""
    short_queue = settings.REPORTS_SHORT_QUEUE = f"{reports_queue}-short"
    board, bloc_year = _documents_world()
    redis = {"REDIS_URL": settings.REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    busy = _start_worker(
        tmp_path,
        "--queues",
        f"{short_queue},{reports_queue}",
        app="tests.slow_render_worker",
        **redis,
    )
    worker_stopper(busy)
    lane = _start_worker(tmp_path, "--queues", short_queue, "-n", "lane@%h", **redis)
    worker_stopper(lane)
    long = _queued_roster(board, bloc_year, 1000)
    assert services.dispatch(long)
    _wait_for_status(long, ReportStatus.RENDERING, busy)

    short = _queued_roster(board, bloc_year, 1)
    assert services.dispatch(short)

    _assert_rendered(_wait_for_report(short, lane, timeout=25))
    assert short.rendered_by.startswith("lane@")
    long.refresh_from_db()
    assert long.status == ReportStatus.RENDERING
    _kill_whole(busy)  # rather than wait for its slow render to end


def _requested_through_the_filesystem_queue(tmp_path, monkeypatch, board, bloc_year) -> Report:
    """The request is recorded here; the task goes through the worker's own filesystem queue."""
    monkeypatch.setattr(tasks.render_report, "apply_async", lambda *args, **kwargs: None)
    report = services.request_report("bloc_roster", bloc_year.pk, {}, board).report
    producer = Celery(
        set_as_current=False,
        broker="filesystem://",
        broker_transport_options=_filesystem_queue(tmp_path),
    )
    # With a priority, as dispatch sends long documents: the filesystem queue ignores it.
    producer.send_task(
        "reports.tasks.render_report", args=[report.pk], priority=priorities.LONG_DOCUMENT_PRIORITY
    )
    return report


@pytest.mark.django_db(transaction=True)
def test_embedded_worker_renders_a_document_from_the_filesystem_queue(
    tmp_path, settings, monkeypatch, worker_stopper
):
    board, bloc_year = _documents_world()
    report = _requested_through_the_filesystem_queue(tmp_path, monkeypatch, board, bloc_year)

    worker = _start_worker(tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    worker_stopper(worker)
    _assert_rendered(_wait_for_report(report, worker))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_document_asked_for_while_the_broker_was_down_is_rendered_once_it_is_back(
    tmp_path, settings, monkeypatch, reports_queue, worker_stopper
):
    board, bloc_year = _documents_world()

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "apply_async", refuse)
    requested = services.request_report("bloc_roster", bloc_year.pk, {}, board)
    assert requested.sent is False
    monkeypatch.undo()  # Redis is back; beat's dispatch_pending sends what waited

    worker = _start_redis_worker(tmp_path, settings, reports_queue)
    worker_stopper(worker)
    assert services.dispatch_pending() == 1
    _assert_rendered(_wait_for_report(requested.report, worker))


@contextlib.contextmanager
def _broker_at(url: str):
    """The project's Celery app sends through another broker URL for a while."""
    from config.celery import app

    saved = app.conf.broker_url

    def reconnect(to: str) -> None:
        app.conf.broker_url = to
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    reconnect(url)
    try:
        yield
    finally:
        reconnect(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_export_while_redis_is_down_answers_at_once(reports_queue):
    board, bloc_year = _documents_world()

    with _broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        started = time.monotonic()
        requested = services.request_report("bloc_roster", bloc_year.pk, {}, board)
        elapsed = time.monotonic() - started

    report = Report.objects.get()
    assert (requested.sent, report.status, report.dispatched_at) == (
        False,
        ReportStatus.QUEUED,
        None,
    )
    assert elapsed < 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_invitation_while_redis_is_down_answers_at_once(reports_queue):
    from accounts.models import Role, User
    from accounts.services import invite_user

    board = BoardStaffFactory()
    with _broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        started = time.monotonic()
        invite_user(
            actor=board,
            email="moi@example.vn",
            full_name="Cán bộ mới",
            role=Role.BOARD,
            base_url="http://testserver/",
        )
        elapsed = time.monotonic() - started

    # The account is kept (the board can send the invitation again) and nobody waited.
    assert User.objects.filter(email="moi@example.vn").exists()
    assert elapsed < 2


# --- A worker killed mid-render ---------------------------------------------------------------


def _wait_for_status(report: Report, status: str, worker: subprocess.Popen, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status == status:
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read().decode()}")
        time.sleep(0.1)
    pytest.fail(f"the document never reached {status} (status {report.status})")


def _kill_whole(worker: subprocess.Popen) -> None:
    """SIGKILL the worker's process group: the main process and its pool at once, as when a
    machine or a container dies: no signal handler, no shutdown, nothing acknowledged."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_document_of_a_worker_killed_mid_render_is_finished_when_the_worker_starts_again(
    tmp_path, settings, monkeypatch, worker_stopper
):
    """As with `make run` (the embedded queue, one prefork process): the whole worker is killed
    while it renders, then started again. The task it had taken is gone from the queue; the
    starting worker takes the render back at once instead of after a lease or ten minutes."""
    board, bloc_year = _documents_world()
    report = _requested_through_the_filesystem_queue(tmp_path, monkeypatch, board, bloc_year)
    media = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}

    slow = _start_worker(
        tmp_path, "--concurrency=1", app="tests.slow_render_worker", pool="prefork", **media
    )
    worker_stopper(slow)
    _wait_for_status(report, ReportStatus.RENDERING, slow)
    _kill_whole(slow)

    again = _start_worker(tmp_path, "--concurrency=1", pool="prefork", **media)
    worker_stopper(again)
    _assert_rendered(_wait_for_report(report, again, timeout=90))

    assert report.attempts == 2
    assert report.lease_until is None


@pytest.mark.django_db(transaction=True)
def test_document_of_a_killed_pool_process_is_rendered_again_at_once(
    tmp_path, settings, monkeypatch, worker_stopper
):
    """Only the pool process that renders dies (e.g. killed for its memory): the worker hands
    the task back at once (reject_on_worker_lost) and a new pool process, seeing the render's
    process gone, takes it back without waiting for the lease."""
    board, bloc_year = _documents_world()
    report = _requested_through_the_filesystem_queue(tmp_path, monkeypatch, board, bloc_year)
    worker = _start_worker(
        tmp_path,
        "--concurrency=1",
        app="tests.slow_render_worker",
        pool="prefork",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SLOW_RENDER_SECONDS="3",
    )
    worker_stopper(worker)
    _wait_for_status(report, ReportStatus.RENDERING, worker)
    os.kill(report.render_pid, signal.SIGKILL)

    # No beat here: only the pid check can take the render back before its lease runs out.
    _assert_rendered(_wait_for_report(report, worker, timeout=40))

    assert report.attempts == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")
def test_another_worker_takes_over_a_render_whose_worker_was_killed_once_its_lease_ran_out(
    tmp_path, settings, reports_queue, worker_stopper
):
    """The killed worker does not come back (its machine is gone): another worker, under another
    name, renders the document once the lease has run out and beat has sent it again. The slow
    worker's lease is 4 s here instead of services.RENDER_LEASE."""
    board, bloc_year = _documents_world()
    redis = {"REDIS_URL": settings.REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    slow = _start_worker(
        tmp_path,
        "--queues",
        reports_queue,
        app="tests.slow_render_worker",
        TEST_RENDER_LEASE_SECONDS="4",
        **redis,
    )
    worker_stopper(slow)
    report = services.request_report("bloc_roster", bloc_year.pk, {}, board).report
    _wait_for_status(report, ReportStatus.RENDERING, slow)
    _kill_whole(slow)
    killed = time.monotonic()

    other = _start_worker(tmp_path, "--queues", reports_queue, "-n", "other@%h", **redis)
    worker_stopper(other)
    # What beat does every minute, done every second here.
    while report.status != ReportStatus.DONE:
        # Generous: a worker starting on a busy 2-core machine takes its time.
        assert time.monotonic() - killed < 120, f"not taken over (status {report.status})"
        services.dispatch_pending()
        time.sleep(1)
        report.refresh_from_db()
    _assert_rendered(report)
    assert report.rendered_by.startswith("other@")
    assert report.attempts == 2


# --- The worker's heartbeat --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_makes_healthz_ok_within_seconds(
    tmp_path, client, settings, worker_stopper
):
    """A fresh `make run`: the worker stamps its heartbeat as it starts, not at beat's first
    minute; before that /healthz says the worker is stale."""
    assert client.get("/healthz").json()["worker"] == "stale"
    started = time.monotonic()
    worker = _start_worker(tmp_path)
    worker_stopper(worker)

    while client.get("/healthz").status_code != 200:
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.stdout.read().decode()}")
        assert time.monotonic() - started < 60, client.get("/healthz").json()
        time.sleep(0.2)
    assert client.get("/healthz").json()["worker_age_seconds"] < 60
