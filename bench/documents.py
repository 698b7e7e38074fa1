"""Documents, fair and horizontal (issue 14, item 3), with real Celery workers on Redis and
PostgreSQL, printed as Markdown and saved as JSON in bench/results/:

a. fairness: 100 documents of three kinds and many sizes (one-page rosters, provinces' lists of
   2 to 30 blocs) requested at once across 34 provinces; the makespan (first dispatch to last
   finish) against the sum of their render times (Report.started_at → finished_at) ÷ the number
   of workers. Target: within 1.2 ×.
b. latency: twenty 38-page lists (bench/pdf.py's 1,000-row list), then a one-page roster; the
   roster's wait, Report.created_at → finished_at. Target: under 5 s. Three ways: first come,
   first served (every document sent as priority 0, for comparison); with priorities; with
   priorities and the short documents' lane (a third process that takes only short documents,
   compose's documents-short).

    DATABASE_URL=postgres://…/bench REDIS_URL=redis://127.0.0.1:6379/4 python bench/documents.py

"2 workers" are two rendering processes: two `celery worker --pool=prefork --concurrency=1`
processes here, as two documents containers with DOCUMENTS_CONCURRENCY=1 (or one with 2: each
pool process takes one message at a time either way, prefetch 1 and acks_late), on a queue of
this run's own. The 34 provinces ("bench-doc-01" …, 15 agencies a bloc) and bench/pdf.py's
province are created on first use; the documents rendered are deleted at the end.
"""

import argparse
import datetime
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdf  # bench/pdf.py: the 38-page list's province and queued_report

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench-documents"
RESULTS = ROOT / "bench" / "results"
PROVINCES = 34
YEAR = 2025
MEMBERS_PER_BLOC = 15
# Blocs of the provinces, in turn: their lists run from 2 to about 18 pages.
BLOC_COUNTS = (2, 4, 6, 10, 16, 24, 30)
DOCUMENTS = 100
BIG_LISTS = 20
TARGETS = {"fairness_ratio": 1.2, "small_wait_seconds": 5.0}


def configure_environment() -> None:
    """Before Django loads: the workers started here share the database, Redis and media."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must be set: this bench measures PostgreSQL and Redis")
    os.environ.setdefault("SECRET_KEY", (ROOT / "var" / "secret_key").read_text().strip())
    os.environ["VAR_DIR"] = str(BENCH_VAR)
    os.environ["MEDIA_ROOT"] = str(BENCH_VAR / "media")
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)


# --- Data ------------------------------------------------------------------------------------


def province_code(n: int) -> str:
    return f"bench-doc-{n:02d}"


def ensure_provinces() -> list:
    """The 34 provinces, each with its blocs of YEAR and a board user; made once, in one
    transaction, and made again if an earlier run left them otherwise."""
    from django.db import transaction

    from blocs.models import Province

    codes = [province_code(n) for n in range(1, PROVINCES + 1)]
    found = Province.objects.filter(code__in=codes).count()
    if found != PROVINCES:
        with transaction.atomic():
            for province in Province.objects.filter(code__in=codes):
                pdf._delete_data(province)
            for n in range(1, PROVINCES + 1):
                _create_province(n)
    return list(Province.objects.filter(code__in=codes).order_by("code"))


def _create_province(n: int) -> None:
    from synthetic import nfc

    from accounts.models import Role, User
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province

    blocs_count = BLOC_COUNTS[(n - 1) % len(BLOC_COUNTS)]
    province = Province.objects.create(
        name=nfc(f"Thử nghiệm Văn bản {n:02d}"), code=province_code(n)
    )
    agencies = Agency.objects.bulk_create(
        Agency(province=province, name=nfc(f"Sở Thử nghiệm số {k:03d}"), short_name=f"STN{k:03d}")
        for k in range(1, blocs_count * MEMBERS_PER_BLOC + 1)
    )
    overseer = Official.objects.create(
        province=province, full_name=nfc("Nguyễn Văn Chỉ Đạo"), title=nfc("Ủy viên Hội đồng")
    )
    blocs = Bloc.objects.bulk_create(
        Bloc(province=province, name=nfc(f"Khối thi đua số {b:02d}"), code=f"KTĐ{b}")
        for b in range(1, blocs_count + 1)
    )
    bloc_years = BlocYear.objects.bulk_create(
        BlocYear(bloc=bloc, province=province, year=YEAR, overseer=overseer) for bloc in blocs
    )
    roles = {0: MemberRole.HEAD, 1: MemberRole.DEPUTY}
    Membership.objects.bulk_create(
        Membership(bloc_year=bloc_year, agency=agency, year=YEAR, role=roles.get(k, "member"))
        for b, bloc_year in enumerate(bloc_years)
        for k, agency in enumerate(agencies[b * MEMBERS_PER_BLOC : (b + 1) * MEMBERS_PER_BLOC])
    )
    user = User(
        email=f"{province_code(n)}@example.vn",
        full_name=nfc(f"Cán bộ Ban Thi đua {n:02d}"),
        role=Role.BOARD,
        province=province,
    )
    user.set_unusable_password()
    user.save()


def board_user(province):
    from accounts.models import User

    return User.objects.get(email=f"{province.code}@example.vn")


def fairness_requests(provinces: list) -> list[tuple[str, object, dict, object]]:
    """DOCUMENTS requests, in a shuffled order: every province's list of its blocs, and rosters
    of its blocs (in turn over the provinces) for the rest."""
    from blocs.models import BlocYear

    requests = [("province_blocs", p, {"year": YEAR}, board_user(p)) for p in provinces]
    rosters = {
        p.pk: list(BlocYear.objects.filter(province=p, year=YEAR).order_by("bloc__code"))
        for p in provinces
    }
    n = 0
    while len(requests) < DOCUMENTS:
        province = provinces[n % len(provinces)]
        bloc_years = rosters[province.pk]
        requests.append(("bloc_roster", bloc_years[n // len(provinces) % len(bloc_years)], {},
                         board_user(province)))  # fmt: skip
        n += 1
    random.Random(14).shuffle(requests)
    return requests


# --- Workers ---------------------------------------------------------------------------------


class Workers:
    """Celery workers (prefork, one pool process each) on queues of this run's own: `count`
    documents workers on both queues, and the short documents' lane when started."""

    def __init__(self, count: int) -> None:
        self.count = count
        run = uuid.uuid4().hex[:12]
        self.queue, self.short_queue = f"bench-documents-{run}", f"bench-documents-short-{run}"
        self.processes: list[subprocess.Popen] = []

    def log(self, k: int) -> Path:
        return BENCH_VAR / f"worker-{k}.log"

    def start(self) -> None:
        self._start([f"{self.short_queue},{self.queue}"] * self.count)

    def start_lane(self) -> None:
        self._start([self.short_queue])

    def _start(self, queues: list[str], timeout: float = 90) -> None:
        celery = Path(sys.executable).with_name("celery")
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # A starting worker's heartbeat and re-sends go to this run's queues.
            "REPORTS_QUEUE": self.queue,
            "REPORTS_SHORT_QUEUE": self.short_queue,
        }
        first = len(self.processes)
        for k, queue in enumerate(queues, start=first):
            command = [
                str(celery), "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
                "-Q", queue, "-n", f"bench-doc-{k}@%h", "--loglevel=INFO",
                "--without-heartbeat", "--without-mingle", "--without-gossip",
            ]  # fmt: skip
            with self.log(k).open("w") as log:
                self.processes.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + timeout
        for k, process in enumerate(self.processes[first:], start=first):
            while " ready." not in self.log(k).read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {k} did not start:\n{self.log(k).read_text()}")
                time.sleep(0.1)
        time.sleep(2)  # the pool processes load the renderer (warm_up) after "ready"

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()  # warm shutdown
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        from config.celery import app

        with app.connection_for_write() as connection:
            for queue in (self.queue, self.short_queue):
                connection.default_channel.queue_delete(queue)  # its priority lists too


# --- Measuring -------------------------------------------------------------------------------


def wait_until_done(reports: list, timeout: float = 900) -> list:
    from reports.models import Report, ReportStatus

    ids = [report.pk for report in reports]
    deadline = time.monotonic() + timeout
    pending = Report.objects.filter(
        pk__in=ids, status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING]
    )
    while pending.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("documents still pending after the timeout")
        time.sleep(0.2)
    done = {report.pk: report for report in Report.objects.filter(pk__in=ids)}
    failed = [r for r in done.values() if r.status != ReportStatus.DONE]
    assert not failed, [(r.pk, r.error) for r in failed]
    return [done[pk] for pk in ids]


def seconds(delta: datetime.timedelta) -> float:
    return delta.total_seconds()


def fairness(workers: Workers, provinces: list) -> dict:
    """a. 100 documents at once: built first (as the web does, one request each), then sent
    together, so that the workers never wait for this process."""
    from reports import services

    reports = [pdf.queued_report(*request) for request in fairness_requests(provinces)]
    for report in reports:
        assert services.dispatch(report), "the broker could not be reached"
    reports = wait_until_done(reports)
    renders = [seconds(r.finished_at - r.started_at) for r in reports]
    first = min(r.dispatched_at for r in reports)
    makespan = seconds(max(r.finished_at for r in reports) - first)
    ideal = sum(renders) / workers.count
    by_province: dict[int, float] = {}
    for r in reports:
        by_province[r.province_id] = max(
            by_province.get(r.province_id, 0), seconds(r.finished_at - first)
        )
    by_kind: dict[tuple[str, int], list[float]] = {}
    for r, render in zip(reports, renders, strict=True):
        by_kind.setdefault((r.kind, r.page_count), []).append(render)
    return {
        "documents": len(reports),
        "provinces": len(by_province),
        "workers": workers.count,
        "sum_render_seconds": sum(renders),
        "mean_render_seconds": statistics.mean(renders),
        "makespan_seconds": makespan,
        "ideal_seconds": ideal,
        "ratio": makespan / ideal,
        "province_done_seconds": {
            "median": statistics.median(by_province.values()),
            "max": max(by_province.values()),
        },
        "render_by_kind_and_pages": [
            {"kind": kind, "pages": pages, "count": len(s), "median_seconds": statistics.median(s)}
            for (kind, pages), s in sorted(by_kind.items())
        ],
        "pages": sum(r.page_count for r in reports),
    }


FIRST_COME, PRIORITIES, LANE = "first come, first served", "priorities", "priorities and a lane"


def latency(big_subject, small_subject, user, *, mode: str) -> dict:
    """b. BIG_LISTS long lists sent, then a one-page roster: how long the roster took."""
    from reports import priorities, services

    saved = priorities.document_priority
    if mode == FIRST_COME:
        priorities.document_priority = lambda rows, **_: 0  # type: ignore[assignment]
    try:
        bigs = [
            pdf.queued_report("province_blocs", big_subject, {"year": pdf.WORKER_YEAR}, user)
            for _ in range(BIG_LISTS)
        ]
        for report in bigs:
            assert services.dispatch(report)
        time.sleep(0.5)  # the workers have taken their first lists
        small = pdf.queued_report("bloc_roster", small_subject, {}, user)
        assert services.dispatch(small)
    finally:
        priorities.document_priority = saved
    *bigs, small = wait_until_done([*bigs, small])
    big_renders = [seconds(r.finished_at - r.started_at) for r in bigs]
    return {
        "mode": mode,
        "small_wait_seconds": seconds(small.finished_at - small.created_at),
        "small_render_seconds": seconds(small.finished_at - small.started_at),
        "small_pages": small.page_count,
        "small_rows": small.estimated_rows,
        "lists_before_it": sum(1 for r in bigs if r.started_at < small.started_at),
        "big_pages": bigs[0].page_count,
        "big_rows": bigs[0].estimated_rows,
        "big_render_median_seconds": statistics.median(big_renders),
        "makespan_seconds": seconds(
            max(r.finished_at for r in [*bigs, small]) - min(r.dispatched_at for r in bigs)
        ),
    }


def sizing(mean_render: float) -> list[dict]:
    """Rendering processes for a peak hour: P provinces each asking D documents of the mix,
    kept at most half busy (a queue stays short and a late list has room)."""
    rows = []
    for provinces in (1, 10, 34):
        for per_hour in (50, 200):
            busy = provinces * per_hour * mean_render / 3600
            rows.append({"provinces": provinces, "documents_per_province_hour": per_hour,
                         "busy_processes": busy, "processes": max(1, -(-busy // 0.5))})  # fmt: skip
    return rows


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**missed**"


def report_results(results: dict) -> None:
    a = results["fairness"]
    print(f"## Documents on {a['workers']} workers (Redis, PostgreSQL), {results['cpus']} CPUs\n")
    print(
        f"a. {a['documents']} documents ({a['pages']} pages) across {a['provinces']} provinces:\n"
    )
    print("| Sum of renders s | ÷ workers s | Makespan s | Ratio | Target |")
    print("|---:|---:|---:|---:|---|")
    target = TARGETS["fairness_ratio"]
    print(
        f"| {a['sum_render_seconds']:.1f} | {a['ideal_seconds']:.1f} | {a['makespan_seconds']:.1f} "
        f"| {a['ratio']:.3f} | ≤ {target}: {verdict(a['ratio'], target)} |"
    )
    done = a["province_done_seconds"]
    print(
        f"\nA province's last document was done {done['median']:.1f} s after the first was sent "
        f"(median over provinces), {done['max']:.1f} s at most. Render time of the mix: "
        f"{a['mean_render_seconds']:.3f} s a document on average.\n"
    )
    print("| Kind | Pages | Documents | Median render s |")
    print("|---|---:|---:|---:|")
    for row in a["render_by_kind_and_pages"]:
        print(f"| {row['kind']} | {row['pages']} | {row['count']} | {row['median_seconds']:.3f} |")
    print(f"\nb. {BIG_LISTS} long lists, then a one-page roster:\n")
    print("| Workers | Order | List pages | List render s | Lists begun before the roster | "
          "Roster's wait s | Target |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---|")
    target = TARGETS["small_wait_seconds"]
    for b in results["latency"]:
        workers = f"{a['workers']} + the lane" if b["mode"] == LANE else str(a["workers"])
        print(
            f"| {workers} | {b['mode']} | "
            f"{b['big_pages']} | {b['big_render_median_seconds']:.2f} | {b['lists_before_it']} | "
            f"{b['small_wait_seconds']:.2f} | < {target:.0f} s: "
            f"{verdict(b['small_wait_seconds'], target)} |"
        )
    print("\nSizing (mean render of the mix; each process at most half busy):\n")
    print("| Provinces | Documents a province in the peak hour | Busy processes | Processes |")
    print("|---:|---:|---:|---:|")
    for row in results["sizing"]:
        print(f"| {row['provinces']} | {row['documents_per_province_hour']} | "
              f"{row['busy_processes']:.2f} | {row['processes']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-comparison", action="store_true", help="skip b. first come, first served"
    )
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    configure_environment()
    from synthetic import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from blocs.models import BlocYear

    assert connection.vendor == "postgresql", "PostgreSQL only"
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    provinces = ensure_provinces()
    pdf_province, pdf_user = pdf.ensure_data()
    small_subject = BlocYear.objects.filter(
        bloc__province=pdf_province, year=pdf.ROSTER_YEAR
    ).order_by("bloc__name")[0]
    users = [board_user(p) for p in provinces] + [pdf_user]
    for user in users:
        pdf.delete_reports(user)  # left over by an interrupted run
    data_seconds = time.perf_counter() - started
    workers = Workers(options.workers)
    settings.REPORTS_QUEUE, settings.REPORTS_SHORT_QUEUE = workers.queue, workers.short_queue
    subjects = (pdf_province, small_subject, pdf_user)
    try:
        workers.start()
        results = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "data_seconds": data_seconds,
            "fairness": fairness(workers, provinces),
            "latency": [],
        }
        modes = [PRIORITIES] if options.no_comparison else [FIRST_COME, PRIORITIES]
        for mode in modes:
            results["latency"].append(latency(*subjects, mode=mode))
        workers.start_lane()
        results["latency"].append(latency(*subjects, mode=LANE))
    finally:
        workers.stop()
        for user in users:
            pdf.delete_reports(user)
    results["sizing"] = sizing(results["fairness"]["mean_render_seconds"])
    report_results(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"documents-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nSaved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
