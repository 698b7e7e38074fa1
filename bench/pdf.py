"""What a PDF document costs (issue 4), printed as Markdown tables:

a. the engine's overhead: the same bloc roster HTML through bare WeasyPrint and through
   reports.rendering.render_pdf (NFC, page count, SHA-256, our URL fetcher), alternated; and the
   whole service path, services.render_report (data from the database, template, render, file);
b. a two-page roster, warm, through services.render_report;
c. the province's list of blocs ("province_blocs") growing from 1 to about 30 pages;
d. the 1,000-row list (38 pages) rendered by a real Celery worker process: wall time and peak
   memory.

    python bench/pdf.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Its data is a province of its own ("bench-pdf", created on first use); the worker and this process
share VAR_DIR=var/bench (kombu's filesystem queue, generated files), never the checkout's var/.
The documents it renders are deleted at the end.
"""

import logging
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"

RUNS = 15  # a. and b.: alternated runs after warming up
GROWTH_RUNS = 3  # c.: runs per size
PROVINCE_CODE = "bench-pdf"
USER_EMAIL = "bench-pdf@example.vn"
ROSTER_YEAR = 2001
TYPICAL_MEMBERS = 15  # a usual bloc (as in bench/synthetic.py): a one-page roster
TWO_PAGE_MEMBERS = 35  # the middle of the 18 to 51 members that fill exactly two pages
# c. year → (blocs, members a bloc), for lists of about 1, 2, 5, 10, 20 and 30 pages, and the
# 1,000 member rows the issue names (about 38 pages: each bloc adds a heading and a table head)
GROWTH = {
    2011: (1, 12),
    2012: (2, 20),
    2013: (6, 20),
    2014: (12, 20),
    2015: (26, 20),
    2016: (39, 20),
    2017: (50, 20),
}
WORKER_YEAR = 2017  # the 1,000-row list: more than the 30-page case
TARGETS = {"overhead": 15.0, "two_pages": 0.5, "worker_seconds": 5.0, "worker_mb": 400.0}


def configure_environment() -> None:
    """Before Django loads: the worker started in d. must see the same database, queue folder
    and media folder as this process."""
    url = os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):  # a relative path
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    # The bench's own VAR_DIR holds no key: use the checkout's (make writes var/secret_key).
    os.environ.setdefault("SECRET_KEY", (ROOT / "var" / "secret_key").read_text().strip())
    os.environ["VAR_DIR"] = str(BENCH_VAR)
    os.environ["MEDIA_ROOT"] = str(BENCH_VAR / "media")
    os.environ.pop("REDIS_URL", None)  # kombu's filesystem transport under VAR_DIR/celery
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # synthetic.py, whatever the cwd
    # kombu's filesystem transport keeps its exchange tables in ./control: keep them in here.
    os.chdir(BENCH_VAR)


# --- Data ------------------------------------------------------------------------------------


def expected_memberships() -> int:
    return TYPICAL_MEMBERS + TWO_PAGE_MEMBERS + sum(b * m for b, m in GROWTH.values())


def ensure_data():
    """The bench province, its blocs by year and a board user; created once, and made again
    when an earlier version of this file made it otherwise."""
    from django.db import transaction

    from accounts.models import User
    from blocs.models import Membership, Province

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    with transaction.atomic():
        if province is not None:
            found = Membership.objects.filter(agency__province=province).count()
            if found != expected_memberships():
                _delete_data(province)
                province = None
        if province is None:
            province = _create_data()
    return province, User.objects.get(email=USER_EMAIL)


def _delete_data(province) -> None:
    from accounts.models import User
    from blocs.models import Agency, Bloc, BlocYear, Membership, Official

    for user in User.objects.filter(province=province):
        delete_reports(user)
        user.delete()
    Membership.objects.filter(bloc_year__bloc__province=province).delete()
    BlocYear.objects.filter(bloc__province=province).delete()
    for model in (Bloc, Agency, Official):
        model.objects.filter(province=province).delete()
    province.delete()


def _create_data():
    from synthetic import nfc

    from accounts.models import Role, User
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province

    # The letterhead reads "UBND tỉnh <name>".
    province = Province.objects.create(name=nfc("Thử nghiệm Tài liệu"), code=PROVINCE_CODE)
    agency_count = max(TYPICAL_MEMBERS + TWO_PAGE_MEMBERS, *(b * m for b, m in GROWTH.values()))
    agencies = Agency.objects.bulk_create(
        Agency(province=province, name=nfc(f"Sở Thử nghiệm số {n:03d}"), short_name=f"STN{n:03d}")
        for n in range(1, agency_count + 1)
    )
    overseer = Official.objects.create(
        province=province,
        full_name=nfc("Nguyễn Văn Chỉ Đạo"),
        title=nfc("Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh"),
    )
    blocs = Bloc.objects.bulk_create(
        Bloc(province=province, name=nfc(f"Khối thi đua số {n:02d}"), code=f"KTĐ{n}")
        for n in range(1, max(2, *(b for b, _m in GROWTH.values())) + 1)
    )
    # (bloc, year, agencies) for every bloc-year
    plan = [
        (blocs[0], ROSTER_YEAR, agencies[:TYPICAL_MEMBERS]),
        (blocs[1], ROSTER_YEAR, agencies[TYPICAL_MEMBERS : TYPICAL_MEMBERS + TWO_PAGE_MEMBERS]),
    ]
    for year, (count, size) in GROWTH.items():
        for b in range(count):
            plan.append((blocs[b], year, agencies[b * size : (b + 1) * size]))
    bloc_years = BlocYear.objects.bulk_create(
        BlocYear(bloc=bloc, province=province, year=year, overseer=overseer)
        for bloc, year, _members in plan
    )
    roles = {0: MemberRole.HEAD, 1: MemberRole.DEPUTY}
    Membership.objects.bulk_create(
        (
            Membership(
                bloc_year=bloc_year, agency=agency, year=year, role=roles.get(k, MemberRole.MEMBER)
            )
            for bloc_year, (_bloc, year, members) in zip(bloc_years, plan, strict=True)
            for k, agency in enumerate(members)
        ),
        batch_size=1000,
    )
    user = User(
        email=USER_EMAIL,
        full_name=nfc("Cán bộ Ban Thi đua (thử nghiệm PDF)"),
        role=Role.BOARD,
        province=province,
    )
    user.set_unusable_password()
    user.save()
    return province


def queued_report(kind_key: str, subject, params: dict, user):
    """A new queued Report row, as services.request_report makes it (without dispatching)."""
    from django.conf import settings
    from django.utils import translation

    from reports.kinds import get_kind
    from reports.services import unsaved_report

    kind = get_kind(kind_key)
    with translation.override(settings.LANGUAGE_CODE):
        document = kind.build(subject, params)
    fingerprint = kind.fingerprint(subject.pk, params, document)
    report = unsaved_report(kind, subject, params, document, fingerprint, user)
    report.save()
    return report


def delete_reports(user) -> None:
    from reports.models import Report

    for report in Report.objects.filter(requested_by=user).exclude(file=""):
        report.file.delete(save=False)
    Report.objects.filter(requested_by=user).delete()


# --- Measuring -------------------------------------------------------------------------------


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_p90(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=10)[-1]


def render_through_service(report) -> float:
    """services.render_report on a queued report: the seconds it took; checks it is done."""
    from reports import services
    from reports.models import ReportStatus

    elapsed = seconds(lambda: services.render_report(report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, (report.status, report.error)
    return elapsed


def service_runs(kind_key: str, subject, params: dict, user, runs: int) -> tuple[list[float], int]:
    """`runs` renders of new reports (after one to warm up): seconds each, and the page count."""
    warm_up = queued_report(kind_key, subject, params, user)
    render_through_service(warm_up)
    samples = []
    for _ in range(runs):
        report = queued_report(kind_key, subject, params, user)
        samples.append(render_through_service(report))
    return samples, report.page_count


def engine_overhead(bloc_year) -> dict:
    """a. The same HTML through bare WeasyPrint and through render_pdf, alternated."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from reports import rendering
    from reports.kinds import get_kind

    kind = get_kind("bloc_roster")
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(kind.template, {"doc": kind.build(bloc_year, {})})
    fetcher = rendering._url_fetcher()
    # WeasyPrint's own fetcher, reading the same font files from file:// URLs.
    static_uri = (ROOT / "static").as_uri() + "/"
    file_html = html.replace(rendering.STATIC_PREFIX, static_uri)
    own_fetcher = URLFetcher(fail_on_errors=True)
    variants: dict[str, Callable[[], object]] = {
        "bare": lambda: HTML(
            string=html, base_url=rendering.STATIC_PREFIX, url_fetcher=fetcher
        ).write_pdf(),
        "bare_file": lambda: HTML(
            string=file_html, base_url=static_uri, url_fetcher=own_fetcher
        ).write_pdf(),
        "engine": lambda: rendering.render_pdf(html),
    }
    pages = {
        "bare": len(
            HTML(string=html, base_url=rendering.STATIC_PREFIX, url_fetcher=fetcher).render().pages
        ),
        "bare_file": len(
            HTML(string=file_html, base_url=static_uri, url_fetcher=own_fetcher).render().pages
        ),
        "engine": rendering.render_pdf(html).page_count,
    }
    assert len(set(pages.values())) == 1, pages
    for action in variants.values():  # warm up
        action()
        action()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(RUNS):
        for name, action in variants.items():
            samples[name].append(seconds(action))
    return {"samples": samples, "pages": pages["engine"], "html_chars": len(html)}


# --- d. A real worker ------------------------------------------------------------------------


def proc_status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


class Worker:
    """`celery -A config worker --pool=solo` on a queue of its own, logging to var/bench."""

    def __init__(self) -> None:
        self.queue = f"bench-pdf-{uuid.uuid4().hex[:12]}"
        self.log = BENCH_VAR / "celery-worker.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]
        command += [
            "-A", "config", "worker", "--pool=solo", "-Q", self.queue, "--loglevel=INFO",
            "--without-heartbeat", "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=BENCH_VAR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while " ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def memory_mb(self, field: str) -> float:
        assert self.process is not None
        return proc_status_mb(self.process.pid, field)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # Whatever this run left behind for its queue.
        for leftover in (BENCH_VAR / "celery" / "queue").glob(f"*.{self.queue}.msg"):
            leftover.unlink(missing_ok=True)
        (BENCH_VAR / "control" / f"{self.queue}.exchange").unlink(missing_ok=True)


def render_in_worker(worker: Worker, province, user) -> dict:
    """Dispatch the report to the worker's queue and wait until it is done."""
    from django.conf import settings

    from reports import services
    from reports.models import ReportStatus

    # kombu warns that a filesystem:// URL has no host name.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    report = queued_report("province_blocs", province, {"year": WORKER_YEAR}, user)
    settings.REPORTS_QUEUE = worker.queue
    started = time.perf_counter()
    assert services.dispatch(report), "the broker could not be reached"
    deadline = started + 120
    while report.status not in (ReportStatus.DONE, ReportStatus.FAILED):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"report {report.pk} still {report.status} after 120 s")
        time.sleep(0.02)
        report.refresh_from_db()
    wall = time.perf_counter() - started
    assert report.status == ReportStatus.DONE, report.error
    return {
        "wall": wall,
        "queued": (report.started_at - report.dispatched_at).total_seconds(),
        "render": (report.finished_at - report.started_at).total_seconds(),
        "pages": report.page_count,
    }


# --- Output ----------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**missed**"


def main() -> None:
    # A plain `kill` still stops the worker (the finally below).
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    configure_environment()
    from synthetic import setup_django

    setup_django()
    import weasyprint
    from django.core.management import call_command
    from django.db import connection

    from blocs.models import BlocYear

    call_command("migrate", interactive=False, verbosity=0)
    province, user = ensure_data()
    delete_reports(user)  # left over by an interrupted run
    typical, two_page = BlocYear.objects.filter(bloc__province=province, year=ROSTER_YEAR).order_by(
        "bloc__name"
    )
    worker = Worker()
    try:
        started = time.perf_counter()
        overhead = engine_overhead(typical)
        service, service_pages = service_runs("bloc_roster", typical, {}, user, RUNS)
        two, two_pages = service_runs("bloc_roster", two_page, {}, user, RUNS)
        assert two_pages == 2, f"the {TWO_PAGE_MEMBERS}-member roster has {two_pages} pages"
        growth = []
        for year, (blocs, size) in GROWTH.items():
            samples, pages = service_runs(
                "province_blocs", province, {"year": year}, user, GROWTH_RUNS
            )
            growth.append((pages, blocs, blocs * size, statistics.median(samples)))
        worker.start()
        idle_mb = worker.memory_mb("VmRSS")
        first = render_in_worker(worker, province, user)
        second = render_in_worker(worker, province, user)
        peak_mb = worker.memory_mb("VmHWM")
        total = time.perf_counter() - started
    finally:
        worker.stop()
        delete_reports(user)

    bare, bare_file, engine = (
        median_p90(overhead["samples"][name]) for name in ("bare", "bare_file", "engine")
    )
    percent = (engine[0] / bare[0] - 1) * 100
    percent_file = (engine[0] / bare_file[0] - 1) * 100
    service_m, service_p90 = median_p90(service)
    two_m, two_p90 = median_p90(two)
    print(
        f"## PDF documents: {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {total:.0f} s\n"
    )
    print("| Measurement | Runs | Pages | Median s | p90 s | Target |")
    print("|---|---:|---:|---:|---:|---|")
    roster = f"roster of {TYPICAL_MEMBERS} members ({overhead['html_chars']:,} chars of HTML)"
    rows = [
        (f"a. bare WeasyPrint, {roster}, our fetcher", RUNS, overhead["pages"], *bare, ""),
        (
            "a. bare WeasyPrint, same HTML, WeasyPrint's own file:// fetcher",
            RUNS, overhead["pages"], *bare_file, "",
        ),
        ("a. reports.rendering.render_pdf, same HTML", RUNS, overhead["pages"], *engine, ""),
        (
            "a. services.render_report (database, template, render, file)",
            RUNS, service_pages, service_m, service_p90, "",
        ),
        (
            f"b. services.render_report, roster of {TWO_PAGE_MEMBERS} members",
            RUNS, two_pages, two_m, two_p90,
            f"< {TARGETS['two_pages']} s: {verdict(two_m, TARGETS['two_pages'])}",
        ),
    ]  # fmt: skip
    for name, runs, pages, median, p90, target in rows:
        print(f"| {name} | {runs} | {pages} | {median:.3f} | {p90:.3f} | {target} |")
    print(
        f"\nEngine overhead (render_pdf against bare WeasyPrint, medians): {percent:+.1f} % "
        f"with the same fetcher (target ≤ {TARGETS['overhead']:.0f} %: "
        f"{verdict(percent, TARGETS['overhead'])}); {percent_file:+.1f} % against WeasyPrint's "
        "own fetcher reading the same font files.\n"
    )
    print(f"c. The province's list of blocs, services.render_report, median of {GROWTH_RUNS}:\n")
    print("| Pages | Blocs | Member rows | Seconds | Seconds per page |")
    print("|---:|---:|---:|---:|---:|")
    for pages, blocs, members, elapsed in growth:
        print(f"| {pages} | {blocs} | {members} | {elapsed:.3f} | {elapsed / pages:.3f} |")
    workers_rows = GROWTH[WORKER_YEAR][0] * GROWTH[WORKER_YEAR][1]
    print(
        f"\nd. The {first['pages']}-page list ({workers_rows} rows) "
        "in a Celery worker (--pool=solo, filesystem transport; wall = dispatch until this "
        "process sees it done, including the transport's polling):\n"
    )
    print("| Task | Wall s | Waiting in the queue s | Task in the worker s | Target |")
    print("|---|---:|---:|---:|---|")
    wall_target = TARGETS["worker_seconds"]
    for name, run in (("first in a fresh worker", first), ("second", second)):
        print(
            f"| {name} | {run['wall']:.2f} | {run['queued']:.2f} | {run['render']:.2f} | "
            f"< {wall_target:.0f} s: {verdict(run['wall'], wall_target)} |"
        )
    print(
        f"\nWorker memory: {idle_mb:.0f} MB resident when idle, peak {peak_mb:.0f} MB (VmHWM) "
        f"after both renders (target < {TARGETS['worker_mb']:.0f} MB: "
        f"{verdict(peak_mb, TARGETS['worker_mb'])})."
    )


if __name__ == "__main__":
    main()
