"""Where a page's SQL costs more with 34 provinces (issue 14): every query of the given pages of
bench/national.py, run with EXPLAIN ANALYZE in the one province's database and in the national
one, side by side, with each page's total.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khoithidua_national \\
        python bench/national_explain.py ["board dashboard,overseer dashboard"] [--plans 0.5]

Run bench/national.py first (it builds both databases). Each query's time is its planning and
execution time, the median of 7. `--plans MS` also prints the plan, in the national database,
of every query at least MS slower there: a `Seq Scan` or a hashed SubPlan over a table of
every province's rows is what to look for (tests/national/test_explain.py catches the first
kind, not the second).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from national import database_url, emails, page_list
from synthetic import PROVINCE_CODE, ROOT, setup_django

BENCH = Path(__file__).resolve().parent
REPEATS = 7


def explain_pages(names: list[str]) -> dict:
    """(In a database's own process) each page's queries: SQL, parameters, median time."""
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from blocs.models import Province

    province = Province.objects.get(code=PROVINCE_CODE)
    pages = {name: (role, url) for name, role, url, _expect in page_list(province)}
    found = {}
    if names == ["*"]:
        names = list(pages)
    for name in names:
        role, url = pages[name]
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=emails(PROVINCE_CODE)[role]))
        client.get(url, secure=True)  # warm: caches, sessions
        recorded: list = []

        def record(execute, sql, params, many, context, recorded=recorded):
            recorded.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            client.get(url, secure=True)
        queries = []
        with connection.cursor() as cursor:
            for sql, params in recorded:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                times = []
                for _ in range(REPEATS):
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                    plan = cursor.fetchone()[0]
                    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                    times.append(plan["Planning Time"] + plan["Execution Time"])
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                text = "\n".join(row[0] for row in cursor.fetchall())
                queries.append({"sql": sql, "ms": statistics.median(times), "plan": text})
        found[name] = queries
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", help="comma-separated page names (all)")
    parser.add_argument(
        "--db-single", help="the one province's database (DATABASE_URL's + _single)"
    )
    parser.add_argument("--plans", type=float, help="print plans of queries this many ms slower")
    parser.add_argument("--step", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL database")
    if args.step:  # one database, in this process (as bench/national.py's steps)
        os.chdir(ROOT)
        sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
        setup_django()
        print(json.dumps(explain_pages(args.pages.split(","))))
        return
    national = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    single = args.db_single or f"{national}_single"
    results = {}
    for side, name in (("one", single), ("national", national)):
        env = {**os.environ, "DATABASE_URL": database_url(name)}
        command = [sys.executable, __file__, args.pages or "*", "--step"]
        done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
        results[side] = json.loads(done.stdout)
    for page, queries in results["one"].items():
        beside = results["national"][page]
        total_one = sum(q["ms"] for q in queries)
        total_national = sum(q["ms"] for q in beside)
        print(f"\n{page}: {total_one:.2f} → {total_national:.2f} ms ({len(queries)} queries)")
        for alone, there in zip(queries, beside, strict=False):
            difference = there["ms"] - alone["ms"]
            print(
                f"  {alone['ms']:6.2f} {there['ms']:6.2f} {difference:+6.2f}  {alone['sql'][:90]}"
            )
            if args.plans is not None and difference >= args.plans:
                print("    " + there["plan"].replace("\n", "\n    "))


if __name__ == "__main__":
    main()
