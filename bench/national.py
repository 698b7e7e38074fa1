"""National scale (issue 14): 34 provinces of the synthetic size in one database, and every page
of the synthetic province measured beside them and alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoithidua python bench/national.py
        [--small] [--db-national NAME] [--db-single NAME] [--skip-build]

Two PostgreSQL databases on the server of DATABASE_URL (created if missing, then migrated):
`--db-national` (default: DATABASE_URL's database) holds the synthetic province
("bench-synthetic", bench/synthetic.py) and 33 more of its size beside it ("bench-national-01"
… "-33"); `--db-single` (default: that name + "_single") holds the synthetic province alone,
built the same way. Each province: 30 blocs, 450 agencies, 10 years of 15 members per bloc, its
officials, a board user, and for its last three years every bloc's pledge in force (60
criteria), its sơ kết and tổng kết scored by all 15 members (self, checked and agreed points:
34 × 30 × 3 × 2 × 15 × 60 ≈ 5.5 million score rows, written with COPY; the past years' minutes
finalised, which freezes their scores), the tổng kết's
nominations (decided, with their decisions and award records, for past years; in every step
of the board's review for the last) and a secretariat, member and overseer user.
`--small`: 3 provinces and one year of scores, for a quick check.

Idempotent and resumable (bench/national_data.py builds it): each province is built in its own
transaction, each of its years only if it has no scoring yet, so a second run finds everything
and does nothing, and an interrupted run resumes with the province it was building. ANALYZE at
the end; the time is printed.

Then, in one process per database (the same pages, users and data in both), every page of the
four kinds of user (`page_list`: board, secretariat, agency, overseer) is requested 3 times to
warm up and 20 times measured through Django's whole stack with the test client: the median
wall time, the CPU time per request of this process and of its PostgreSQL backend (steadier
than wall time on a busy machine) and the SQL queries. Page by page, a round measures the page
in both databases request by request, one database then the other (which first alternates),
`--rounds` times (3), keeping each figure's best; the table shows the ratios national ÷ one
province (the goal: at most 1.2) and is saved in bench/results/national-<time>.json.
bench/national_load.py runs the same pages under load, the two databases side by side.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from national_data import build, describe, emails
from synthetic import PROVINCE_CODE, ROOT, YEARS, setup_django

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
PROVINCES = 34
SMALL_PROVINCES = 3
SCORED_YEARS = 3
REQUESTS = 20
WARM_UP = 3
GOAL_RATIO = 1.2


# --- Measuring --------------------------------------------------------------------------------


def page_list(province) -> list[tuple[str, str, str, str]]:
    """(page, user role, path, a text the page must contain) for the synthetic province's
    pages of every user type."""
    from django.urls import reverse

    from awards.models import Nomination
    from blocs.models import Agency, BlocYear
    from meetings.models import Assessment, MeetingKind

    year = YEARS[-1]
    bloc_year = (
        BlocYear.objects.filter(bloc__province=province, year=year)
        .select_related("bloc")
        .order_by("bloc__sort_key")
        .first()
    )
    assert bloc_year is not None
    bloc = bloc_year.bloc
    agency = Agency.objects.filter(province=province).order_by("sort_key").first()
    assert agency is not None
    midyear = bloc_year.meetings.get(kind=MeetingKind.MIDYEAR)
    yearend = bloc_year.meetings.get(kind=MeetingKind.YEAREND)
    member = emails(province.code)["agency"]
    own = Assessment.objects.get(round__meeting=midyear, agency__officers__email=member)
    nomination = (
        Nomination.objects.filter(bloc_year=bloc_year, status="under_review").first()
        or Nomination.objects.filter(bloc_year=bloc_year).first()
    )
    assert nomination is not None
    dashboard = f"{reverse('blocs:dashboard')}?nam={year}"
    return [
        ("board dashboard", "board", dashboard, bloc.name),
        ("bloc list", "board", f"{reverse('blocs:bloc_list')}?nam={year}", bloc.name),
        ("bloc-year", "board", bloc_year.get_absolute_url(), bloc.name),
        ("add members", "board", reverse("blocs:members_add", args=[bloc.pk, year]), "<form"),
        ("agency list", "board", reverse("blocs:agency_list"), agency.name),
        ("agency", "board", reverse("blocs:agency_detail", args=[agency.pk]), agency.name),
        ("award inbox", "board", reverse("awards:board"), 'id="inbox"'),
        ("award statistics", "board", f"{reverse('awards:statistics')}?year={year - 1}",
         "chart-by-bloc"),
        ("nomination", "board", reverse("awards:board_nomination", args=[nomination.pk]),
         "checklist"),
        ("secretariat dashboard", "secretariat", dashboard, "</html>"),
        ("scoring grid", "secretariat", reverse("meetings:grid", args=[midyear.pk]),
         'id="score-grid"'),
        ("ranking", "secretariat", reverse("meetings:ranking", args=[yearend.pk]),
         'id="ranking"'),
        ("agency dashboard", "agency", dashboard, 'id="tasks"'),
        ("self-assessment", "agency", own.get_absolute_url(), "subtotals"),
        ("overseer dashboard", "overseer", dashboard, "</html>"),
        ("overseer bloc-year", "overseer", bloc_year.get_absolute_url(), bloc.name),
        ("overseer meeting", "overseer", yearend.get_absolute_url(), "</html>"),
    ]  # fmt: skip


def recorded_queries(client, url: str) -> list[tuple[str, object]]:
    """The SQL statements of one request, with their parameters (the debug log's list is
    emptied by the request)."""
    from django.db import connection

    statements: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url, secure=True)
    return statements


def database_backend() -> int:
    """The process id of this process's PostgreSQL connection (kept: CONN_MAX_AGE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a local process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Measurer:
    """This process's side of the measure: its users' clients, and one page measured on demand."""

    def __init__(self) -> None:
        from django.test import Client

        from accounts.models import User
        from blocs.models import Province

        province = Province.objects.get(code=PROVINCE_CODE)
        self.clients = {}
        for role, email in emails(PROVINCE_CODE).items():
            self.clients[role] = Client(SERVER_NAME="localhost")
            self.clients[role].force_login(User.objects.get(email=email))
        self.pages = {name: (role, url, expect) for name, role, url, expect in page_list(province)}
        self.backend = database_backend()

    def prepare(self, name: str) -> dict:
        """The page warmed up (and checked), with its SQL queries counted."""
        role, url, expect = self.pages[name]
        client = self.clients[role]
        for _ in range(WARM_UP):
            response = client.get(url, secure=True)
            assert response.status_code == 200, (name, url, response.status_code)
            assert expect in response.content.decode(), (name, url, expect)
        return {"url": url, "queries": len(recorded_queries(client, url))}

    def request(self, name: str) -> dict:
        """One request of the page (after prepare()): its wall time, and the CPU time this
        process and its PostgreSQL backend spent on it (the backend's in clock ticks: summed
        over a page's requests, it is exact to a tick)."""
        role, url, _expect = self.pages[name]
        app_before, db_before = time.process_time(), cpu_seconds(self.backend)
        started = time.perf_counter()
        self.clients[role].get(url, secure=True)
        wall = time.perf_counter() - started
        app, db = time.process_time() - app_before, cpu_seconds(self.backend) - db_before
        return {"wall_ms": wall * 1000, "app_cpu_ms": app * 1000, "db_cpu_ms": db * 1000}


def serve() -> None:
    """(--step serve) Commands on standard input, one JSON line each: ["prepare", page] or
    ["request", page]; each answer as a JSON line on standard output. The list of pages first."""
    measurer = Measurer()
    print(json.dumps(list(measurer.pages)), flush=True)
    for line in sys.stdin:
        command, page = json.loads(line)
        answer = measurer.prepare(page) if command == "prepare" else measurer.request(page)
        print(json.dumps(answer), flush=True)


def measure_side_by_side(servers: dict, page: str, first: int) -> dict:
    """The page in both databases, request by request: each of the REQUESTS rounds asks one
    server then the other (which first alternates), so that whatever the machine does in a
    given second falls on both. Each side's median wall time and CPU time per request."""
    sides = list(servers)
    if first:
        sides.reverse()
    results = {side: ask(servers[side], "prepare", page) for side in sides}
    samples: dict = {side: [] for side in sides}
    for number in range(REQUESTS):
        for side in sides if number % 2 == 0 else sides[::-1]:
            samples[side].append(ask(servers[side], "request", page))
    for side, taken in samples.items():
        app = sum(s["app_cpu_ms"] for s in taken) / REQUESTS
        db = sum(s["db_cpu_ms"] for s in taken) / REQUESTS
        results[side] |= {"median_ms": statistics.median(s["wall_ms"] for s in taken),
                          "cpu_ms": app + db, "app_cpu_ms": app, "db_cpu_ms": db}  # fmt: skip
    return results


# --- The two databases ------------------------------------------------------------------------


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def serving(name: str, *args: str) -> subprocess.Popen:
    """This script measuring pages on demand in a process of its own on database `name`."""
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    command = [sys.executable, __file__, "--step", "serve", *args]
    return subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )


def ask(server: subprocess.Popen, command: str, page: str) -> dict:
    assert server.stdin is not None
    assert server.stdout is not None
    server.stdin.write(json.dumps([command, page]) + "\n")
    server.stdin.flush()
    return json.loads(server.stdout.readline())


def setup_step() -> None:
    """Django, for a step run in a database's own process (run_in, serving). The apps, never
    bench/'s modules of the same names (bench/awards.py and awards/): Celery's Django fixup puts
    the working directory first, so it must not be bench/."""
    os.chdir(ROOT)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
    setup_django()


def run_in(name: str, *args: str, script: str = __file__) -> str:
    """This script (or another bench script) in a process of its own on database `name`; its
    standard output."""
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    command = [sys.executable, script, *args]
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="3 provinces, one year of scores")
    parser.add_argument("--db-national", help="the national database (DATABASE_URL's)")
    parser.add_argument("--db-single", help="the one province's (the national's + _single)")
    parser.add_argument("--skip-build", action="store_true", help="measure only")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each (3)")
    parser.add_argument("--step", choices=["build", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--provinces", type=int, default=PROVINCES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL database")
    years = list(YEARS[-1:] if args.small else YEARS[-SCORED_YEARS:])
    if args.step:  # one database, in this process
        setup_step()
        from django.core.management import call_command

        if args.step == "build":
            call_command("migrate", verbosity=0, interactive=False)
            build(args.provinces, years)
            print(f"  {describe()}")
        else:
            serve()
        return
    national = args.db_national or urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    single = args.db_single or f"{national}_single"
    provinces = SMALL_PROVINCES if args.small else PROVINCES
    flags = ["--small"] if args.small else []
    figures: dict = {"provinces": provinces, "scored_years": years, "rounds": args.rounds}
    if not args.skip_build:
        for name, count in ((single, 1), (national, provinces)):
            ensure_database(name)
            print(f"{name}: {count} province(s), scores of {years[0]}-{years[-1]}")
            started = time.perf_counter()
            sys.stdout.write(run_in(name, "--step", "build", "--provinces", str(count), *flags))
            figures[f"build_s_{'single' if count == 1 else 'national'}"] = round(
                time.perf_counter() - started, 1
            )
    # Page by page, each round measures the page in both databases request by request
    # (measure_side_by_side), keeping each figure's best: whatever else the machine does then
    # falls on both alike, which two separate runs of every page could not give. CPU time
    # (this process's and its PostgreSQL backend's) is the steadier figure on a busy machine;
    # wall time the user's.
    one: dict = {}
    many: dict = {}
    servers = {"one": serving(single, *flags), "national": serving(national, *flags)}
    try:
        assert servers["one"].stdout is not None
        pages_in_order = json.loads(servers["one"].stdout.readline())
        assert servers["national"].stdout is not None
        servers["national"].stdout.readline()
        for number in range(args.rounds):
            for page in pages_in_order:
                results = measure_side_by_side(servers, page, first=number % 2)
                for side, best in (("one", one), ("national", many)):
                    kept = best.setdefault(page, results[side])
                    for key in ("median_ms", "cpu_ms", "app_cpu_ms", "db_cpu_ms"):
                        kept[key] = min(kept[key], results[side][key])
    finally:
        for server in servers.values():
            assert server.stdin is not None
            server.stdin.close()
            server.wait(timeout=60)
    print(
        f"\n{REQUESTS} requests per page after {WARM_UP} to warm up, best of {args.rounds} "
        f"rounds; one province ({single}) vs {provinces} provinces ({national}): wall median "
        "ms, CPU ms per request (app + database), SQL queries"
    )
    print(
        f"  {'page':<22} {'one: wall':>9} {'cpu':>6} {'national':>9} {'cpu':>6} {'queries':>7}"
        f" {'wall ×':>6} {'cpu ×':>6}"
    )
    pages = {}
    for name, alone in one.items():
        beside = many[name]
        wall = beside["median_ms"] / alone["median_ms"]
        cpu = beside["cpu_ms"] / alone["cpu_ms"]
        pages[name] = {"one": alone, "national": beside, "wall_ratio": round(wall, 2),
                       "cpu_ratio": round(cpu, 2)}  # fmt: skip
        flag = "" if min(wall, cpu) <= GOAL_RATIO else "  > goal"
        print(
            f"  {name:<22} {alone['median_ms']:>9.1f} {alone['cpu_ms']:>6.1f}"
            f" {beside['median_ms']:>9.1f} {beside['cpu_ms']:>6.1f}"
            f" {alone['queries']:>3}/{beside['queries']:<3} {wall:>6.2f} {cpu:>6.2f}{flag}"
        )
    figures["load_average"] = os.getloadavg()[0]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"national-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({**figures, "pages": pages}, indent=2, ensure_ascii=False))
    print(f"  saved in {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
