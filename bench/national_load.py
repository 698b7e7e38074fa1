"""National scale under load (issue 14): every page of bench/national.py, served from the one
province's database and from the 34 provinces' database side by side, page by page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoithidua_national \\
        python bench/national_load.py [--db-single NAME] [--duration 10] [--rounds 5] [--only ...]

Two gunicorns as production runs them (config/gunicorn.py, 2 workers), one on each database
(bench/national.py builds them: DATABASE_URL's holds the 34 provinces, `--db-single`, by default
its name + "_single", the synthetic province alone), each with its own Redis databases for the
cache. wrk with 20 logged-in connections (each page with its own user's session in that database)
takes each page for `--duration` seconds on each server, in `--rounds` rounds; within a round a
page is measured on both servers one right after the other (which one first alternates between
rounds), so that whatever else the machine does falls on both alike. That is what a comparison of
two separate runs of bench/load.py could not give: there a page's two figures were minutes apart.

Prints per page: p95 on each server and their ratio (the goal: national at most 1.2 × one
province), the CPU time per request (gunicorn workers and PostgreSQL) on each and its ratio, and
each server's p95 against its own bare view; saved in bench/results/national-load-<time>.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["REQUIRE_2FA"] = "0"

from load import (
    Page,
    gunicorn,
    login_session,
    logout,
    national_pages,
    queries_per_request,
    run_wrk,
)
from national import GOAL_RATIO, database_url
from synthetic import ROOT, setup_django

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
# Each server's cache in Redis databases of its own (CACHE_URL: REDIS_URL's next): the two
# databases hold the same province under the same keys.
REDIS_DATABASES = {"one": 10, "national": 12}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db-single", help="the one province's database (DATABASE_URL's + _single)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and server (10)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the duration (5)")
    parser.add_argument("--connections", type=int, default=20, help="wrk connections (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--only", default="", help="comma-separated page names to run")
    parser.add_argument("--step", choices=["prepare", "logout"], help=argparse.SUPPRESS)
    return parser.parse_args()


def redis_url(number: int) -> str:
    parts = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return parts._replace(path=f"/{number}").geturl()


def prepare() -> dict:
    """(In a process on one database) the pages, each one's Cookie header with its user's new
    session, and the queries of each page."""
    from django.conf import settings
    from django.utils.crypto import get_random_string

    cookies = {settings.CSRF_COOKIE_NAME: get_random_string(32)}
    chosen, page_cookies, sessions = national_pages(cookies)
    bare_session = login_session(_board_user())
    page_cookies["bare view"] = {**cookies, settings.SESSION_COOKIE_NAME: bare_session}
    return {
        "pages": chosen,
        "cookies": {
            name: "; ".join(f"{key}={value}" for key, value in page_cookies[name].items())
            for name, _path, _expect in chosen
        },
        "queries": {
            name: queries_per_request(page_cookies[name], path, expect)
            for name, path, expect in chosen
        },
        "sessions": [*sessions, bare_session],
    }


def _board_user():
    from national import emails
    from synthetic import PROVINCE_CODE

    from accounts.models import User

    return User.objects.get(email=emails(PROVINCE_CODE)["board"])


def in_database(name: str, *args: str, stdin: str = "") -> str:
    """This script in a process of its own on database `name`; its standard output."""
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    done = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        input=stdin,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return done.stdout


def main() -> None:
    args = parse_args()
    if args.step:  # one database, in this process
        os.chdir(ROOT)
        sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
        sys.path.append(str(BENCH))
        setup_django()
        if args.step == "prepare":
            print(json.dumps(prepare()))
        else:
            for session in json.loads(sys.stdin.read()):
                logout(session)
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y --no-install-recommends wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name bench/national.py's PostgreSQL database")
    national = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    databases = {"one": args.db_single or f"{national}_single", "national": national}
    prepared = {
        side: json.loads(in_database(name, "--step", "prepare").splitlines()[-1])
        for side, name in databases.items()
    }
    names = {n.strip() for n in args.only.split(",")} | {"bare view"} if args.only else None
    chosen = [p for p in prepared["one"]["pages"] if names is None or p[0] in names]
    os.chdir(ROOT)
    setup_django()  # for database_backends: any database of the server will do
    round_seconds = max(1, args.duration // args.rounds)
    load_before = os.getloadavg()[0]
    measured = {
        side: [Page(name, path, prepared[side]["queries"][name]) for name, path, _e in chosen]
        for side in databases
    }
    servers = {}
    bare = chosen[0][1]
    try:
        with (
            gunicorn(
                args.workers, [], bare, prepared["one"]["cookies"]["bare view"],
                env={"DATABASE_URL": database_url(databases["one"]),
                     "REDIS_URL": redis_url(REDIS_DATABASES["one"])},
            ) as one,
            gunicorn(
                args.workers, [], bare, prepared["national"]["cookies"]["bare view"],
                env={"DATABASE_URL": database_url(databases["national"]),
                     "REDIS_URL": redis_url(REDIS_DATABASES["national"])},
            ) as many,
        ):  # fmt: skip
            servers = {"one": one, "national": many}
            print(
                f"gunicorn {args.workers} workers on {databases['one']} and on "
                f"{databases['national']}; wrk {args.connections} connections, {args.rounds} "
                f"rounds of {round_seconds} s per page and server, the two servers one after "
                "the other"
            )
            for side, (base, _command, _master) in servers.items():
                for name, path, _expect in chosen:
                    run_wrk(base + path, prepared[side]["cookies"][name], args.connections, 2)
            for number in range(args.rounds):
                order = ["one", "national"] if number % 2 == 0 else ["national", "one"]
                shift = number % len(chosen)
                for index in [*range(shift, len(chosen)), *range(shift)]:
                    for side in order:
                        base, _command, master = servers[side]
                        page = measured[side][index]
                        page.measure(
                            base + page.path,
                            prepared[side]["cookies"][page.name],
                            args.connections,
                            round_seconds,
                            master,
                            databases[side],
                        )
    finally:
        for side, name in databases.items():
            in_database(name, "--step", "logout", stdin=json.dumps(prepared[side]["sessions"]))
    load_after = os.getloadavg()[0]
    results = {side: [page.result() for page in pages] for side, pages in measured.items()}
    report(results, databases, (load_before, load_after), args)


def report(results: dict, databases: dict, load: tuple[float, float], args) -> None:
    print(f"  load average (1 min) {load[0]:.1f} before, {load[1]:.1f} after")
    print(
        f"  {'page':<22} {'p95 one':>8} {'national':>8} {'×':>5}   {'cpu one':>7} "
        f"{'national':>8} {'×':>5}   {'one/bare':>8} {'nat/bare':>8} {'queries':>7}"
    )
    rows = []
    bare = {side: results[side][0]["p95"] for side in results}
    failures = []
    for alone, beside in zip(results["one"], results["national"], strict=True):
        cpu_one = alone["app_cpu_ms"] + alone["db_cpu_ms"]
        cpu_many = beside["app_cpu_ms"] + beside["db_cpu_ms"]
        row = {
            "page": alone["name"],
            "one": alone,
            "national": beside,
            "p95_ratio": round(beside["p95"] / alone["p95"], 2),
            "cpu_ratio": round(cpu_many / cpu_one, 2) if cpu_one else None,
        }
        rows.append(row)
        flag = "" if row["p95_ratio"] <= GOAL_RATIO else "  > goal"
        print(
            f"  {alone['name']:<22} {alone['p95']:>8.0f} {beside['p95']:>8.0f} "
            f"{row['p95_ratio']:>5.2f}   {cpu_one:>7.1f} {cpu_many:>8.1f} "
            f"{row['cpu_ratio'] or 0:>5.2f}   {alone['p95'] / bare['one']:>8.2f} "
            f"{beside['p95'] / bare['national']:>8.2f} {alone['queries']:>3}/{beside['queries']:<3}"
            f"{flag}"
        )
        for side, result in (("one", alone), ("national", beside)):
            if result["not_200"] or result["socket_errors"]:
                failures.append(f"{result['name']} ({side})")
    RESULTS.mkdir(exist_ok=True)
    saved = RESULTS / f"national-load-{datetime.now():%Y%m%d-%H%M%S}.json"
    saved.write_text(
        json.dumps(
            {
                "when": datetime.now().isoformat(timespec="seconds"),
                "databases": databases,
                "workers": args.workers,
                "connections": args.connections,
                "duration_s": args.duration,
                "rounds": args.rounds,
                "load_average": list(load),
                "pages": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"  saved in {saved.relative_to(ROOT)}")
    if failures:
        sys.exit(f"answers other than 200 or socket errors: {', '.join(failures)}")


if __name__ == "__main__":
    main()
