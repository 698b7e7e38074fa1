"""A synthetic province for the benchmarks, in the configured database (DATABASE_URL, else the
SQLite file under var/): 30 blocs, 450 agencies, 10 years. Each year every bloc has 15 member
agencies (shuffled from one year to the next), a head, a deputy and an overseer; one board user
sees it all. Idempotent: a second run finds the province and leaves it as it is.

    python bench/synthetic.py          (make bench runs it, after migrate)
"""

import os
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCS = 30
AGENCIES_PER_BLOC = 15
AGENCIES = BLOCS * AGENCIES_PER_BLOC
YEARS = range(2016, 2026)
PROVINCE_CODE = "bench-synthetic"
BOARD_EMAIL = "bench-board@example.vn"


def setup_django() -> None:
    """Django configured for measuring: no TOTP step for the board user, and a host the test
    client may use whatever ALLOWED_HOSTS production sets."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["REQUIRE_2FA"] = "0"
    import django

    django.setup()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ensure_province():
    """The synthetic province, created on first use in one transaction (never half-made)."""
    from django.db import transaction

    from blocs.models import Province

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is not None:
        return province, False
    with transaction.atomic():
        province = _create_province()
    analyze()
    return province, True


def analyze() -> None:
    """Statistics for the planner now, as autovacuum would give them some time later: on
    freshly loaded tables it plans for one row where there are hundreds (the bench's other
    provinces call it too once made)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _create_province(
    code: str = PROVINCE_CODE,
    name: str = "Tỉnh Thử nghiệm Hiệu năng",
    board_email: str = BOARD_EMAIL,
):
    """The province's blocs, agencies, officials, years and memberships, and its board user
    (bench/national.py makes 33 more the same way, each with its own code)."""
    from accounts.models import Role, User
    from blocs.models import (
        Agency,
        AgencyKind,
        Bloc,
        BlocYear,
        MemberRole,
        Membership,
        Official,
        Province,
    )

    province = Province.objects.create(name=nfc(name), code=code)
    kinds = list(AgencyKind.values)
    agencies = Agency.objects.bulk_create(
        Agency(
            province=province,
            name=nfc(f"Sở Thử nghiệm số {n:03d}"),
            short_name=nfc(f"STN{n:03d}"),
            kind=kinds[n % len(kinds)],
        )
        for n in range(1, AGENCIES + 1)
    )
    officials = Official.objects.bulk_create(
        Official(
            province=province,
            full_name=nfc(f"Nguyễn Văn Chỉ Đạo {n:02d}"),
            title=nfc("Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh"),
        )
        for n in range(1, BLOCS + 1)
    )
    blocs = Bloc.objects.bulk_create(
        Bloc(province=province, name=nfc(f"Khối thi đua số {n:02d}"), code=nfc(f"KTĐ{n}"))
        for n in range(1, BLOCS + 1)
    )
    bloc_years = BlocYear.objects.bulk_create(
        BlocYear(bloc=bloc, province=province, year=year, overseer=officials[i])
        for year in YEARS
        for i, bloc in enumerate(blocs)
    )
    memberships = []
    for year in YEARS:
        order = list(agencies)
        random.Random(year).shuffle(order)  # agencies move between blocs, reproducibly
        year_bloc_years = [by for by in bloc_years if by.year == year]
        for b, bloc_year in enumerate(year_bloc_years):
            chunk = order[b * AGENCIES_PER_BLOC : (b + 1) * AGENCIES_PER_BLOC]
            for k, agency in enumerate(chunk):
                role = {0: MemberRole.HEAD, 1: MemberRole.DEPUTY}.get(k, MemberRole.MEMBER)
                memberships.append(
                    Membership(bloc_year=bloc_year, agency=agency, year=year, role=role)
                )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    board = User(
        email=board_email,
        full_name=nfc("Cán bộ Ban Thi đua (thử nghiệm)"),
        role=Role.BOARD,
        province=province,
    )
    board.set_unusable_password()
    board.save()
    return province


def describe(province) -> str:
    from blocs.models import Agency, Bloc, BlocYear, Membership

    return (
        f"{Bloc.objects.filter(province=province).count()} blocs, "
        f"{Agency.objects.filter(province=province).count()} agencies, "
        f"{BlocYear.objects.filter(bloc__province=province).count()} bloc-years, "
        f"{Membership.objects.filter(agency__province=province).count()} memberships"
    )


def main() -> None:
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    province, created = ensure_province()
    elapsed = time.perf_counter() - started
    state = f"created in {elapsed:.1f} s" if created else "already there"
    print(f"{province.name} ({connection.vendor}, {connection.settings_dict['NAME']}): {state}")
    print(f"  {describe(province)}; board user {BOARD_EMAIL}")


if __name__ == "__main__":
    main()
