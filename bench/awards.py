"""Server time and SQL queries of the board's award pages (issue 13, "Numbers"), for a large
province: 30 blocs of 15 agencies (450) over 10 years (2015-2024), 1,000 nominations in every
status of the board's inbox and about 1,350 awards in the agencies' histories. For each page,
the median and 90th percentile of 30 warm requests and the number of SQL queries; then what the
worker spends on one national e-dossier package (the .zip of five .docx, five PDFs and the
manifest).

    python bench/awards.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Like bench/pages.py it goes through Django's whole stack with the test client, in one process.
Its data is a province of its own ("bench-awards"), created on first use.
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
YEARS = list(range(2015, 2025))
BLOCS = 30
AGENCIES = 15
NOMINATIONS = 1000
TARGET_MS = 150.0
PACKAGE_TARGET_S = 5.0
BOARD_EMAIL = "bench-awards-board@example.vn"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def configure() -> None:
    url = os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):  # a relative path
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # synthetic.py, whatever the cwd
    from synthetic import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_province():
    from django.db import transaction

    from blocs.models import Province

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is not None:
        return province, False
    with transaction.atomic():
        province = _create()
    from synthetic import analyze

    analyze()
    return province, True


def _create():
    from accounts.models import Role, User
    from awards.models import AwardRecord, AwardType, Nomination, NominationStatus, RecordSource
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
    from meetings.models import Meeting, MeetingKind

    province = Province.objects.create(name="Tỉnh Thử nghiệm Khen thưởng", code=PROVINCE_CODE)
    User.objects.create(
        email=BOARD_EMAIL, full_name="Ban Thi đua (thử nghiệm)", role=Role.BOARD, province=province
    )
    types = list(AwardType.objects.filter(province=province).order_by("position"))
    statuses = [
        NominationStatus.SUBMITTED,
        NominationStatus.UNDER_REVIEW,
        NominationStatus.RETURNED,
        NominationStatus.SENT_TO_COUNCIL,
        NominationStatus.DECIDED,
        NominationStatus.REJECTED,
    ]
    nominations, records = [], []
    for b in range(1, BLOCS + 1):
        bloc = Bloc.objects.create(province=province, name=f"Khối thi đua số {b}", code=f"KT{b}")
        agencies = Agency.objects.bulk_create(
            Agency(
                province=province, name=f"Sở Khen thưởng {b:02d}-{n:02d}", short_name=f"K{b}-{n}"
            )
            for n in range(1, AGENCIES + 1)
        )
        for year in YEARS:
            bloc_year = BlocYear.objects.create(bloc=bloc, year=year)
            Membership.objects.bulk_create(
                Membership(
                    bloc_year=bloc_year,
                    agency=agency,
                    year=year,
                    role={0: MemberRole.HEAD, 1: MemberRole.DEPUTY}.get(n, MemberRole.MEMBER),
                )
                for n, agency in enumerate(agencies)
            )
            meeting = Meeting.objects.create(
                bloc_year=bloc_year,
                kind=MeetingKind.YEAREND,
                starts_at=datetime.datetime(year + 1, 1, 10, 8, 0, tzinfo=VIETNAM),
                place="Hội trường",
            )
            for n, agency in enumerate(agencies[:5]):
                award = types[(n + year) % len(types)]
                status = statuses[(n + b + year) % len(statuses)]
                reason = "Thiếu hồ sơ" if status in ("returned", "rejected") else ""
                if len(nominations) < NOMINATIONS:
                    nominations.append(
                        Nomination(
                            bloc_year=bloc_year,
                            province=province,
                            meeting=meeting,
                            award_type=award,
                            agency=agency,
                            year=year,
                            status=status,
                            status_reason=reason,
                            submitted_at=datetime.datetime(year, 12, 1, tzinfo=VIETNAM),
                        )
                    )
                records.append(
                    AwardRecord(
                        agency=agency,
                        province=province,
                        award_type=award,
                        award_name=award.name,
                        award_key=award.name.casefold(),
                        year=year,
                        decision_number=f"Số {b}{n}/QĐ-UBND",
                        decision_date=datetime.date(year + 1, 2, 1),
                        issuer="UBND tỉnh",
                        source=RecordSource.BOARD,
                    )
                )
    Nomination.objects.bulk_create(nominations)
    AwardRecord.objects.bulk_create(records[:1350])
    return province


def _national_decided(province):
    """One nomination of the Government's flag decided, for the package (made once)."""
    from awards.models import AwardRecord, Nomination, NominationStatus
    from awards.services import review
    from core.actors import SYSTEM

    nomination = (
        Nomination.objects.filter(
            bloc_year__bloc__province=province, award_type__key="co-thi-dua-chinh-phu"
        )
        .order_by("pk")
        .first()
    )
    if nomination is None:
        raise SystemExit("no national nomination in the bench data")
    if nomination.status != NominationStatus.DECIDED:
        # The bench's own history may hold that award already (one achievement, one award).
        AwardRecord.objects.filter(
            agency=nomination.agency, award_type=nomination.award_type, year=nomination.year
        ).delete()
        Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.UNDER_REVIEW)
        nomination.refresh_from_db()
        review.decide(
            nomination,
            actor=SYSTEM,
            number="Số 1/QĐ-TTg",
            date=datetime.date(nomination.year + 1, 4, 1),
            issuer="Thủ tướng Chính phủ",
        )
    elif not hasattr(nomination, "decision"):
        raise SystemExit("a decided national nomination without its decision")
    return nomination


def main() -> None:
    configure()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from pages import REQUESTS, WARM_UP, measure  # the board pages' timing (bench/pages.py)

    from accounts.models import User
    from awards.models import Nomination
    from awards.services import package

    started = time.perf_counter()
    province, created = ensure_province()
    state = f"created in {time.perf_counter() - started:.1f} s" if created else "already there"
    count = Nomination.objects.filter(bloc_year__bloc__province=province).count()
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}): {province.name} ({state}): "
        f"{BLOCS} blocs of {AGENCIES} agencies over {len(YEARS)} years, {count} nominations; "
        f"{REQUESTS} requests per page after {WARM_UP} to warm up"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=BOARD_EMAIL))
    nomination = _national_decided(province)
    inbox = reverse("awards:board")
    pages = [
        ("inbox, all", inbox, 'id="inbox"'),
        ("inbox, submitted", inbox + "?status=submitted", 'id="inbox"'),
        ("inbox, page 5", inbox + "?page=5", 'id="inbox"'),
        ("inbox, bloc+year", inbox + f"?year={YEARS[-1]}", 'id="inbox"'),
        ("nomination page", reverse("awards:board_nomination", args=[nomination.pk]), "checklist"),
        ("statistics", reverse("awards:statistics") + f"?year={YEARS[-1]}", "chart-by-bloc"),
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

    url = reverse("awards:statistics_xlsx") + f"?year={YEARS[-1]}"
    exports = []
    for _ in range(10):
        started = time.perf_counter()
        assert client.get(url, secure=True).status_code == 200
        exports.append((time.perf_counter() - started) * 1000)
    print(f"  statistics .xlsx: median {statistics.median(exports):.1f} ms")

    samples = []
    for _ in range(3):
        started = time.perf_counter()
        path = package.build_package(nomination.pk)
        samples.append(time.perf_counter() - started)
    print(
        f"  national package ({path}): median {statistics.median(samples):.2f} s "
        f"(target < {PACKAGE_TARGET_S:.0f} s in the worker)"
    )


if __name__ == "__main__":
    main()
