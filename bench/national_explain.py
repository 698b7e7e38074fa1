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
from urllib.parse import urlsplit

from national import Measurer, recorded_queries, run_in, setup_step

REPEATS = 7


def explain_pages(names: list[str]) -> dict:
    """(In a database's own process) each page's queries: SQL, median time, plan."""
    from django.db import connection

    measurer = Measurer()
    found = {}
    for name in list(measurer.pages) if names == ["*"] else names:
        role, url, _expect = measurer.pages[name]
        client = measurer.clients[role]
        client.get(url, secure=True)  # warm: caches, sessions
        queries = []
        with connection.cursor() as cursor:
            for sql, params in recorded_queries(client, url):
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
    parser.add_argument("--db-single", help="the one province's (DATABASE_URL's + _single)")
    parser.add_argument("--plans", type=float, help="print plans of queries this many ms slower")
    parser.add_argument("--step", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL database")
    if args.step:  # one database, in this process (as bench/national.py's steps)
        setup_step()
        print(json.dumps(explain_pages(args.pages.split(","))))
        return
    national = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    single = args.db_single or f"{national}_single"
    results = {
        side: json.loads(run_in(name, args.pages or "*", "--step", script=__file__))
        for side, name in (("one", single), ("national", national))
    }
    for page, queries in results["one"].items():
        beside = results["national"][page]
        total_one = sum(q["ms"] for q in queries)
        total_national = sum(q["ms"] for q in beside)
        print(f"\n{page}: {total_one:.2f} → {total_national:.2f} ms ({len(queries)} queries)")
        for alone, there in zip(queries, beside, strict=False):
            difference = there["ms"] - alone["ms"]
            sql = alone["sql"][:90]
            print(f"  {alone['ms']:6.2f} {there['ms']:6.2f} {difference:+6.2f}  {sql}")
            if args.plans is not None and difference >= args.plans:
                print("    " + there["plan"].replace("\n", "\n    "))


if __name__ == "__main__":
    main()
