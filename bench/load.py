"""The main pages under load, measured from outside as a browser would reach them: gunicorn with
production's settings (config/gunicorn.py) and 2 workers on the synthetic province
(bench/synthetic.py) in PostgreSQL, and wrk with 20 logged-in connections for 10 s per URL.
Every page is compared with a bare login-required view that goes through the same middleware
(bench/urls.py), in the same run: the goal is a p95 at most 3 times the bare view's.
The review's pages (the secretariat's grid of 15 × 60, the ranking, the minutes) are those of
the sơ kết bench/scoring.py builds, read by its province's board user; the award inbox (1,000
nominations) and statistics are bench/awards.py's, read by its board user, and the
self-assessment page is bench/scoring.py's member agency's own.

    DATABASE_URL=postgres://... python bench/load.py [--duration 10] [--rounds 5] [--only ...]
    DATABASE_URL=postgres://... python bench/load.py --national   (bench/national.py's pages)

The 10 s of each URL are taken in rounds (5 of 2 s), the URLs in turn, so that whatever else
the machine does meanwhile falls on every URL alike; the rounds' latencies are pooled.

Needs wrk (Debian package `wrk`; `make bench` installs it). Prints a table (requests/s, p50,
p90, p95, p99, the p95's ratio to the bare view's, SQL queries per request measured in-process,
CPU time per request of the gunicorn workers and of their PostgreSQL server processes) and saves
it with the run's settings in bench/results/load-<time>.json.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

# The bench's settings (bench/settings.py) add the bare view; set before Django starts.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["REQUIRE_2FA"] = "0"

from synthetic import BOARD_EMAIL, ROOT, YEARS, ensure_province, setup_django

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
GOAL_RATIO = 3.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (10)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds the duration is split into (5)"
    )
    parser.add_argument("--connections", type=int, default=20, help="wrk connections (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--gunicorn",
        default="",
        help="gunicorn options over config/gunicorn.py's, e.g. '--worker-class sync'",
    )
    parser.add_argument("--only", default="", help="comma-separated page names to run")
    parser.add_argument(
        "--national",
        action="store_true",
        help="bench/national.py's pages of every user type, each with its user (issue 14)",
    )
    return parser.parse_args()


def pages(province) -> list[tuple[str, str, str]]:
    """(name, path, a text the page must contain) for the bare view and the main pages."""
    from django.urls import reverse

    from bench.urls import BARE_URL, LAYOUT_URL
    from blocs.models import Agency, Bloc

    year = YEARS[-1]
    bloc = Bloc.objects.filter(province=province).order_by("name").first()
    agency = Agency.objects.filter(province=province).order_by("name").first()
    assert bloc is not None
    assert agency is not None
    return [
        ("bare view", BARE_URL, "ok"),
        ("layout only", LAYOUT_URL, "</html>"),
        ("board dashboard", f"{reverse('blocs:dashboard')}?nam={year}", bloc.name),
        ("bloc list", f"{reverse('blocs:bloc_list')}?nam={year}", bloc.name),
        ("bloc-year", reverse("blocs:bloc_year_detail", args=[bloc.pk, year]), bloc.name),
        ("agency list", reverse("blocs:agency_list"), agency.name),
        ("agency", reverse("blocs:agency_detail", args=[agency.pk]), agency.name),
    ]


# --- f1: the review's pages (issue 12, "Numbers") ---------------------------------------------
# The secretariat's grid of 15 agencies × 60 criteria, the ranking and the minutes page of the
# sơ kết that bench/scoring.py builds (its own province, "bench-scoring", created on first use),
# read by that province's board user: a session of its own, sent on these pages' requests only.
REVIEW_PAGES = ("scoring grid", "ranking", "minutes")


def review_pages() -> tuple[list[tuple[str, str, str]], str]:
    """The review's pages (name, path, a text the page must contain) and whose they are."""
    from django.urls import reverse
    from scoring import BOARD_EMAIL as SCORING_BOARD_EMAIL
    from scoring import ensure_round

    round_, _created = ensure_round()
    meeting = round_.meeting
    return [
        ("scoring grid", reverse("meetings:grid", args=[meeting.pk]), 'id="score-grid"'),
        ("ranking", reverse("meetings:ranking", args=[meeting.pk]), 'id="ranking"'),
        ("minutes", reverse("meetings:minutes", args=[meeting.pk]), 'id="minutes-form"'),
    ], SCORING_BOARD_EMAIL


# --- end f1 ------------------------------------------------------------------------------------


# --- perf: the board's award pages (issue 13, "Numbers") and the agency's self-assessment -----
# The inbox of 1,000 nominations and the statistics over 10 years × 450 agencies of
# bench/awards.py's province ("bench-awards", created on first use), read by its board user;
# and the self-assessment page of 60 criteria of bench/scoring.py's sơ kết, read by the agency
# officer who enters it. Each with a session of its own.
AWARD_PAGES = ("award inbox", "award statistics")
SELF_ASSESSMENT = "self-assessment"


def award_pages() -> tuple[list[tuple[str, str, str]], str]:
    """The board's award pages (name, path, a text the page must contain) and whose they are."""
    from django.urls import reverse

    from bench.awards import BOARD_EMAIL as AWARDS_BOARD_EMAIL
    from bench.awards import YEARS as AWARD_YEARS
    from bench.awards import ensure_province as ensure_awards_province

    ensure_awards_province()
    statistics = f"{reverse('awards:statistics')}?year={AWARD_YEARS[-1]}"
    return [
        ("award inbox", reverse("awards:board"), 'id="inbox"'),
        ("award statistics", statistics, "chart-by-bloc"),
    ], AWARDS_BOARD_EMAIL


def self_assessment_page() -> tuple[tuple[str, str, str], str]:
    """The agency officer's own assessment in bench/scoring.py's round, and whose it is."""
    from scoring import AGENCIES as SCORED_AGENCIES
    from scoring import MEMBER_EMAIL, ensure_round

    round_, _created = ensure_round()
    own = round_.assessments.get(agency__short_name=f"C{SCORED_AGENCIES}")
    return (SELF_ASSESSMENT, own.get_absolute_url(), "subtotals"), MEMBER_EMAIL


# --- end perf ----------------------------------------------------------------------------------
# --- issue 14: bench/national.py's pages, each with its own user's session --------------------
def national_pages(cookies: dict[str, str]) -> tuple[list, dict, list[str]]:
    """The bare view and bench/national.py's pages of the synthetic province (built there),
    each page's cookies with the session of its user (board, secretariat, agency, overseer)."""
    from django.conf import settings
    from national import emails, page_list

    from accounts.models import User
    from bench.urls import BARE_URL

    province, _created = ensure_province()
    sessions = {
        role: login_session(User.objects.get(email=email))
        for role, email in emails(province.code).items()
    }
    chosen = [("bare view", BARE_URL, "ok")]
    page_cookies = {"bare view": cookies}
    for name, role, path, expect in page_list(province):
        chosen.append((name, path, expect))
        page_cookies[name] = {**cookies, settings.SESSION_COOKIE_NAME: sessions[role]}
    return chosen, page_cookies, list(sessions.values())


# --- end issue 14 ------------------------------------------------------------------------------


def login_session(user) -> str:
    """A session for the board user written with the session engine itself, as a login would
    (no password or TOTP step: the bench measures pages, not the login)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def logout(session_key: str) -> None:
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()


def queries_per_request(cookies: dict[str, str], url_path: str, expect: str) -> int:
    """SQL queries of one request, in this process through the full stack (test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(url_path)  # warm: the first request fills per-process caches
    assert response.status_code == 200, (url_path, response.status_code)
    assert expect in response.content.decode(), (url_path, expect)
    with CaptureQueriesContext(connection) as queries:
        client.get(url_path)
    return len(queries)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int, extra: list[str], ready_url: str, cookie: str, env: dict | None = None):
    """gunicorn as production runs it (config/gunicorn.py) with the bench's Django settings,
    on a free local port, until the block ends. The access log is written as in production, to
    /dev/null rather than to this terminal. `env`: variables over this process's (e.g. another
    DATABASE_URL)."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--config",
        "config/gunicorn.py",
        *extra,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--access-logfile",
        "/dev/null",
    ]
    settings = {"DJANGO_SETTINGS_MODULE": "bench.settings", "REQUIRE_2FA": "0"}
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ | (env or {}) | settings)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(port, ready_url, cookie, server)
        yield base, command, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_ready(port: int, path: str, cookie: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit code {server.returncode})")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {path} within 60 s")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU time of each process (Linux /proc), by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile (a recycled worker)
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    return times


def children(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def database_backends(database: str) -> list[int]:
    """The PostgreSQL server processes serving the bench's database (the workers' connections),
    when the server runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before[pid] for pid in after if pid in before)


def run_wrk(url: str, cookie: str, connections: int, seconds: int) -> dict:
    """One wrk run: its counts and its latency percentiles 1 to 99 and 99.9, in ms."""
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={BENCH / 'load.lua'}",
        f"--header=Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    figures["quantiles"] = [q / 1000 for q in figures.pop("quantiles_us")]
    return figures


class Page:
    """A URL's rounds, merged: wrk's counts added up, and its latency distributions pooled
    (each round's percentiles stand for its requests, weighted by their number)."""

    PERCENTILES = [*range(1, 100), 99.9]

    def __init__(self, name: str, path: str, queries: int) -> None:
        self.name, self.path, self.queries = name, path, queries
        self.requests = self.not_200 = self.socket_errors = 0
        self.seconds = self.app_cpu = self.db_cpu = 0.0
        self.samples: list[tuple[float, float]] = []  # (latency ms, weight)

    def add(self, figures: dict, app_cpu: float, db_cpu: float) -> None:
        self.requests += figures["requests"]
        self.seconds += figures["duration_us"] / 1e6
        self.not_200 += figures["not_200"]
        self.socket_errors += figures["socket_errors"]
        self.app_cpu += app_cpu
        self.db_cpu += db_cpu
        # Percentile p stands for the requests between it and the previous one.
        previous = 0.0
        for p, latency in zip(self.PERCENTILES, figures["quantiles"], strict=True):
            self.samples.append((latency, figures["requests"] * (p - previous) / 100))
            previous = p

    def measure(
        self, url: str, cookie: str, connections: int, seconds: int, server: int, database: str
    ) -> None:
        """One wrk round on `url`, with the CPU time it cost the gunicorn workers of `server`
        (its master's pid) and their PostgreSQL processes on `database`."""
        workers, backends = children(server), database_backends(database)
        app_before, db_before = cpu_seconds(workers), cpu_seconds(backends)
        figures = run_wrk(url, cookie, connections, seconds)
        self.add(
            figures,
            cpu_used(app_before, cpu_seconds(workers)),
            cpu_used(db_before, cpu_seconds(backends)),
        )

    def percentile(self, p: float) -> float:
        samples = sorted(self.samples)
        total = sum(weight for _latency, weight in samples)
        seen = 0.0
        for latency, weight in samples:
            seen += weight
            if seen >= total * p / 100:
                return latency
        return samples[-1][0]

    def result(self) -> dict:
        per_request = 1000 / max(self.requests, 1)
        return {
            "name": self.name,
            "url": self.path,
            "queries": self.queries,
            "requests": self.requests,
            "requests_per_s": self.requests / self.seconds,
            "not_200": self.not_200,
            "socket_errors": self.socket_errors,
            **{f"p{p:g}": self.percentile(p) for p in (50, 90, 95, 99)},
            "app_cpu_ms": self.app_cpu * per_request,
            "db_cpu_ms": self.db_cpu * per_request,
        }


def print_table(results: list[dict]) -> None:
    print(
        f"  {'page':<16} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        f" {'p95/bare':>8} {'queries':>7} {'app ms':>6} {'db ms':>6}  url"
    )
    for r in results:
        print(
            f"  {r['name']:<16} {r['requests_per_s']:>7.0f} {r['p50']:>7.1f} {r['p90']:>7.1f}"
            f" {r['p95']:>7.1f} {r['p99']:>7.1f} {r['ratio']:>8.2f} {r['queries']:>7}"
            f" {r['app_cpu_ms']:>6.2f} {r['db_cpu_ms']:>6.2f}  {r['url']}"
        )


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y --no-install-recommends wrk")
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils.crypto import get_random_string

    from accounts.models import User

    if connection.vendor != "postgresql":
        sys.exit("bench/load.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    province, _created = ensure_province()
    session_key = login_session(User.objects.get(email=BOARD_EMAIL))
    # A browser that has opened one page sends the CSRF cookie back; without it every page
    # would make and set a new secret, a cost real visits do not have.
    cookies = {
        settings.SESSION_COOKIE_NAME: session_key,
        settings.CSRF_COOKIE_NAME: get_random_string(32),
    }
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    chosen = pages(province)
    names = {name.strip() for name in args.only.split(",")} | {"bare view"} if args.only else None
    # f1: the review's pages, with the session of their province's board user.
    page_cookies = {name: cookies for name, _path, _expect in chosen}
    review_session = ""
    national_sessions: list[str] = []
    if args.national:  # issue 14
        chosen, page_cookies, national_sessions = national_pages(cookies)
    elif names is None or names & set(REVIEW_PAGES):
        reviewed, review_email = review_pages()
        review_session = login_session(User.objects.get(email=review_email))
        review_cookies = {**cookies, settings.SESSION_COOKIE_NAME: review_session}
        chosen += reviewed
        page_cookies.update({name: review_cookies for name, _path, _expect in reviewed})
    # perf: the award pages and the self-assessment, each with its user's session.
    other_sessions = []
    if not args.national and (names is None or names & {*AWARD_PAGES, SELF_ASSESSMENT}):
        awarded, awards_email = award_pages()
        own_page, member_email = self_assessment_page()
        for pages_of, email in ((awarded, awards_email), ([own_page], member_email)):
            other_sessions.append(login_session(User.objects.get(email=email)))
            session_cookies = {**cookies, settings.SESSION_COOKIE_NAME: other_sessions[-1]}
            chosen += pages_of
            page_cookies.update({name: session_cookies for name, _path, _expect in pages_of})
    if names is not None:
        chosen = [page for page in chosen if page[0] in names]
    queries = {
        name: queries_per_request(page_cookies[name], path, expect) for name, path, expect in chosen
    }
    page_cookie = {
        name: "; ".join(f"{key}={value}" for key, value in page_cookies[name].items())
        for name, _path, _expect in chosen
    }
    connection.close()  # the server's workers are the only clients during the run

    extra = args.gunicorn.split()
    load_before = os.getloadavg()[0]
    database = connection.settings_dict["NAME"]
    measured = [Page(name, path, queries[name]) for name, path, _expect in chosen]
    round_seconds = max(1, args.duration // args.rounds)  # wrk takes whole seconds
    with gunicorn(args.workers, extra, chosen[0][1], cookie) as (base, command, master):
        print(f"{database} ({province.name}), gunicorn: {' '.join(command[1:])}")
        print(
            f"wrk: {args.connections} connections, {args.rounds} rounds of {round_seconds} s per "
            "URL taking the URLs in turn, after 2 s each to warm up"
        )
        for page in measured:
            run_wrk(base + page.path, page_cookie[page.name], args.connections, 2)
        for number in range(args.rounds):
            # Rounds take the URLs in turn, each from a different one: whatever else the
            # machine does meanwhile falls on every URL alike.
            for page in measured[number % len(measured) :] + measured[: number % len(measured)]:
                page.measure(
                    base + page.path,
                    page_cookie[page.name],
                    args.connections,
                    round_seconds,
                    master,
                    database,
                )
    load_after = os.getloadavg()[0]
    # The machine's other work skews every figure: say how busy it was.
    print(f"  load average (1 min) {load_before:.1f} before, {load_after:.1f} after")
    results = [page.result() for page in measured]
    bare_p95 = results[0]["p95"]
    for result in results:
        result["ratio"] = result["p95"] / bare_p95
    print_table(results)

    failures = [r for r in results if r["not_200"] or r["socket_errors"]]
    for r in failures:
        print(
            f"  FAILED {r['name']}: {r['not_200']} answers other than 200, "
            f"{r['socket_errors']} socket errors"
        )
    slow = [r["name"] for r in results if r["ratio"] > GOAL_RATIO]
    if slow:
        print(f"  above {GOAL_RATIO:g}x the bare view's p95: {', '.join(slow)}")
    # wrk counts only the requests that end within a round: when they take a good part of it,
    # the slowest are left out and the percentiles read low.
    cut = [r["name"] for r in results if r["p99"] > round_seconds * 1000 / 3]
    if cut:
        print(
            f"  latencies near the {round_seconds} s rounds ({', '.join(cut)}): the slowest "
            "requests are not counted; use fewer, longer rounds (--rounds 1)"
        )

    RESULTS.mkdir(exist_ok=True)
    saved = RESULTS / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    saved.write_text(
        json.dumps(
            {
                "when": datetime.now().isoformat(timespec="seconds"),
                "database": connection.settings_dict["NAME"],
                "gunicorn": command[1:],
                "connections": args.connections,
                "duration_s": args.duration,
                "rounds": args.rounds,
                "load_average": [load_before, load_after],
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"  saved in {saved.relative_to(ROOT)}")
    logout(session_key)
    if review_session:
        logout(review_session)  # f1
    for other in other_sessions:  # perf
        logout(other)
    for session in national_sessions:  # issue 14
        logout(session)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
