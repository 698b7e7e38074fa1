"""Server time and SQL queries of the selection pages (issue 13 §2–3, aw2), for a large bloc:
40 member agencies ranked two years running (results entered by the board), 5 award types;
the selection grid (40 × 5 eligibility cells), a closed ballot of 40 lines, the dossier page
and the bloc-year page; then what an online vote and the close of a 40-line ballot cost.

    python bench/awards_selection.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Through Django's whole stack with the test client, in one process. Its data is a province of
its own ("bench-awards"), created on first use.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CODE = "bench-awards"
YEAR = 2024
AGENCIES = 40
REQUESTS, WARM_UP = 30, 3
TARGET_MS = 150.0
PASSWORD = "bench-awards-password"  # noqa: S105 (bench users only)
BOARD_EMAIL = "bench-awards-board@example.vn"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def configure() -> None:
    url = os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _create():
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User
    from awards.services.award_types import _top_band
    from awards.services.records import enter_result
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
    from core.actors import SYSTEM
    from meetings.models import Meeting, MeetingKind

    province = Province.objects.create(name="Tỉnh Thử nghiệm Khen thưởng", code=PROVINCE_CODE)
    board = User.objects.create(
        email=BOARD_EMAIL, password=make_password(PASSWORD), role=Role.BOARD, province=province
    )
    bloc = Bloc.objects.create(province=province, name="Khối thi đua thử nghiệm", code="KTN")
    bloc_year = BlocYear.objects.create(bloc=bloc, year=YEAR)
    band = _top_band(province.pk)
    for index in range(AGENCIES):
        agency = Agency.objects.create(province=province, name=f"Sở Thử nghiệm {index + 1:02d}")
        role = MemberRole.HEAD if index == 0 else MemberRole.MEMBER
        Membership.objects.create(bloc_year=bloc_year, agency=agency, role=role)
        for year in (YEAR - 1, YEAR):
            enter_result(agency, actor=SYSTEM, year=year, band=band, rank=index + 1, source="bench")
        User.objects.create(
            email=f"bench-awards-{index}@example.vn",
            password=make_password(PASSWORD),
            role=Role.AGENCY,
            province=province,
            agency=agency,
            can_sign=True,
        )
    Meeting.objects.create(
        bloc_year=bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(YEAR + 1, 1, 10, 8, tzinfo=VIETNAM),
        place="Hội trường",
    )
    return province, board


def measure(client, url: str, expect: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert expect in response.content.decode(), (url, expect)
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p90": samples[int(len(samples) * 0.9) - 1],
        "queries": len(queries.captured_queries),
    }


def main() -> None:
    configure()
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from awards.models import AwardType, Ballot
    from awards.services import ballots, ballots_online, selection
    from blocs.models import Province
    from meetings.models import Meeting

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        with transaction.atomic():
            province, _board = _create()
    board_user = User.objects.get(email=BOARD_EMAIL)
    meeting = Meeting.objects.get(bloc_year__bloc__province=province)
    bloc_year = meeting.bloc_year
    certificate = AwardType.objects.get(province=province, key="bang-khen-tinh")
    members = list(bloc_year.memberships.order_by("pk").values_list("agency_id", flat=True))
    closed = Ballot.objects.filter(meeting=meeting, kind="paper").first()
    if closed is None:
        closed = selection.create_ballot(
            meeting,
            actor=board_user,
            kind="paper",
            picks=[(agency_id, certificate.pk) for agency_id in members],
        )
        lines = list(closed.lines.all())
        ballots.record_paper_count(
            closed,
            actor=board_user,
            issued=AGENCIES,
            returned=AGENCIES,
            valid=AGENCIES,
            yes={line.pk: (AGENCIES if i % 2 else 3) for i, line in enumerate(lines)},
        )
    nomination = closed.lines.filter(passed=True).first().nomination
    client = Client(SERVER_NAME="localhost")
    client.force_login(board_user)
    print(
        f"{connection.vendor}: {AGENCIES} agencies, 5 award types, a closed ballot of "
        f"{AGENCIES} lines; {REQUESTS} requests per page after {WARM_UP} to warm up"
    )
    pages = [
        ("selection grid", reverse("awards:selection", args=[meeting.pk]), 'id="candidates"'),
        ("ballot (closed)", reverse("awards:ballot", args=[closed.pk]), 'id="ballot-lines"'),
        ("dossier", reverse("awards:nomination", args=[nomination.pk]), 'id="checklist"'),
        (
            "nominations list",
            reverse("awards:bloc_year_nominations", args=[bloc_year.bloc_id, bloc_year.year]),
            "nomination-list",
        ),
        ("bloc-year page", bloc_year.get_absolute_url(), 'id="awards"'),
    ]
    print(f"  {'page':<20} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    slow = []
    for name, url, expect in pages:
        result = measure(client, url, expect)
        print(
            f"  {name:<20} {result['median']:>10.1f} {result['p90']:>8.1f} {result['queries']:>8}"
        )
        if result["median"] >= TARGET_MS:
            slow.append(name)
    verdict = f"missed by {', '.join(slow)}" if slow else "met"
    print(f"  target: median under {TARGET_MS:.0f} ms: {verdict}")

    # An online ballot of 40 lines: every agency votes (password checked each time), then close.
    from django.core.cache import cache

    # Another award than the paper ballot's (whose nominations hold their places).
    labour = AwardType.objects.get(province=province, key="tap-the-lao-dong-xuat-sac")
    voters = list(User.objects.filter(province=province, agency__isnull=False).order_by("pk"))
    with transaction.atomic():
        sid = transaction.savepoint()
        Ballot.objects.filter(meeting=meeting, status="draft").delete()
        lines_ballot = Ballot.objects.create(
            meeting=meeting,
            sequence=Ballot.objects.filter(meeting=meeting).count() + 1,
            kind="online",
        )
        from awards.models import BallotLine

        BallotLine.objects.bulk_create(
            BallotLine(ballot=lines_ballot, agency_id=a, award_type=labour, position=i)
            for i, a in enumerate(members, start=1)
        )
        ballots_online.open_ballot(lines_ballot, actor=board_user)
        ids = list(lines_ballot.lines.values_list("pk", flat=True))
        votes = []
        for voter in voters:
            cache.delete_many([f"accounts:reauth:{voter.pk}:tries"])
            started = time.perf_counter()
            ballots_online.cast_vote(
                lines_ballot, actor=voter, password=PASSWORD, choices={pk: "yes" for pk in ids}
            )
            votes.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        ballots_online.close_ballot(lines_ballot, actor=board_user)
        closing = (time.perf_counter() - started) * 1000
        transaction.savepoint_rollback(sid)
    print(
        f"  online vote on {AGENCIES} lines: median {statistics.median(votes):.1f} ms "
        f"(password hash included), max {max(votes):.1f} ms; close and count {closing:.0f} ms "
        f"({AGENCIES} nominations)"
    )


if __name__ == "__main__":
    main()
