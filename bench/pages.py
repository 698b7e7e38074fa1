"""Server time of the board's main pages on the synthetic province (bench/synthetic.py): the
median and 90th percentile of 30 requests each, and the number of SQL queries per page.

    python bench/pages.py   (make bench runs synthetic.py first; DATABASE_URL picks the database)
    python bench/pages.py --profile "board dashboard"   (where one page's time goes: cProfile)

It goes through Django's full stack (middleware, sessions, templates) with the test client, in
one process, without a network: the figures are the application's own cost.
"""

import argparse
import cProfile
import pstats
import statistics
import time

from synthetic import BOARD_EMAIL, YEARS, ensure_province, setup_django

REQUESTS = 30
WARM_UP = 3


def measure(client, url: str, expect: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        response = client.get(url, secure=True)
        # Measure the page itself, never a redirect to the login or the TOTP enrolment.
        assert response.status_code == 200, (url, response.status_code)
        assert expect in response.content.decode(), (url, expect)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    query_count = len(queries)  # now: the next request_started signal empties the log
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url, secure=True)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(samples),
        "p90": statistics.quantiles(samples, n=10)[-1],
        "queries": query_count,
    }


def profile(client, url: str, requests: int = 50) -> None:
    """cProfile over `requests` requests of one page: the functions by cumulative time, and
    the function calls per request (a count that the machine's other work does not skew)."""
    client.get(url, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url, secure=True)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    print(f"  {stats.total_calls / requests:.0f} function calls per request")
    stats.print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="PAGE", help="profile one page (its name below)")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from blocs.models import Agency, Bloc

    province, _created = ensure_province()
    year = YEARS[-1]
    bloc = Bloc.objects.filter(province=province).order_by("name").first()
    agency = Agency.objects.filter(province=province).order_by("name").first()
    assert bloc is not None
    assert agency is not None
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=BOARD_EMAIL))
    pages = [
        ("board dashboard", f"{reverse('blocs:dashboard')}?nam={year}", bloc.name),
        ("bloc list", f"{reverse('blocs:bloc_list')}?nam={year}", bloc.name),
        (
            "bloc-year detail",
            reverse("blocs:bloc_year_detail", args=[bloc.pk, year]),
            bloc.name,
        ),
        ("agency list", reverse("blocs:agency_list"), agency.name),
        ("agency", reverse("blocs:agency_detail", args=[agency.pk]), agency.name),
    ]
    if args.profile:
        url = next((url for name, url, _expect in pages if name == args.profile), None)
        if url is None:
            parser.error(f"--profile: one of {', '.join(name for name, _, _ in pages)}")
        print(f"{args.profile} ({url}), {connection.vendor}:")
        profile(client, url)
        return
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}), {province.name}, {year}: "
        f"{REQUESTS} requests per page after {WARM_UP} to warm up"
    )
    print(f"  {'page':<18} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    for name, url, expect in pages:
        result = measure(client, url, expect)
        print(
            f"  {name:<18} {result['median']:>10.1f} {result['p90']:>8.1f} {result['queries']:>8}"
        )


if __name__ == "__main__":
    main()
