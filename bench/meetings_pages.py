"""Server time and SQL queries of the meetings pages and the dashboards that show meetings
(issue 12), for a large province: 30 blocs of 15 agencies in one year, each with its sơ kết
(attendance of all 15, three guests, an invitation) and a planned tổng kết; one council member
oversees 10 of the blocs. For each page, the median and 90th percentile of 30 warm requests and
the number of SQL queries; then what one invitation costs the worker (its PDF and calendar file).

    python bench/meetings_pages.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Like bench/pages.py it goes through Django's whole stack with the test client, in one process.
Its data is a province of its own ("bench-meetings"), created on first use.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CODE = "bench-meetings"
YEAR = 2024
BLOCS = 30
AGENCIES = 15
OVERSEEN = 10
GUESTS = 3
TARGET_MS = 150.0
PASSWORD = "bench-meetings-password"  # noqa: S105 (bench users only)
BOARD_EMAIL = "bench-meetings-board@example.vn"
SECRETARIAT_EMAIL = "bench-meetings-head@example.vn"
MEMBER_EMAIL = "bench-meetings-member@example.vn"
OVERSEER_EMAIL = "bench-meetings-overseer@example.vn"
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


def _user(email: str, **fields):
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    return User.objects.create(email=email, password=make_password(PASSWORD), **fields)


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
    from accounts.models import Role
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province
    from core.actors import SYSTEM
    from meetings.models import MeetingKind, Presence
    from meetings.services import attendance, invitations, meetings

    province = Province.objects.create(name="Tỉnh Thử nghiệm Hội nghị", code=PROVINCE_CODE)
    overseer = Official.objects.create(
        province=province, full_name="Nguyễn Văn Chỉ Đạo", title="Ủy viên Hội đồng TĐKT tỉnh"
    )
    _user(BOARD_EMAIL, full_name="Ban Thi đua (thử nghiệm)", role=Role.BOARD, province=province)
    _user(OVERSEER_EMAIL, full_name="Người chỉ đạo", role=Role.OVERSEER, province=province,
          official=overseer)  # fmt: skip
    for b in range(1, BLOCS + 1):
        bloc = Bloc.objects.create(province=province, name=f"Khối thi đua số {b}", code=f"KH{b}")
        bloc_year = BlocYear.objects.create(
            bloc=bloc, year=YEAR, overseer=overseer if b <= OVERSEEN else None
        )
        agencies = Agency.objects.bulk_create(
            Agency(province=province, name=f"Sở Hội nghị {b:02d}-{n:02d}", short_name=f"H{b}-{n}")
            for n in range(1, AGENCIES + 1)
        )
        Membership.objects.bulk_create(
            Membership(
                bloc_year=bloc_year,
                agency=agency,
                year=YEAR,
                role={0: MemberRole.HEAD, 1: MemberRole.DEPUTY}.get(n, MemberRole.MEMBER),
            )
            for n, agency in enumerate(agencies)
        )
        Official.objects.create(
            province=province, full_name=f"Giám đốc {b}", title="Giám đốc", agency=agencies[0]
        )
        if b == 1:
            _user(SECRETARIAT_EMAIL, full_name="Trưởng khối", role=Role.AGENCY,
                  province=province, agency=agencies[0])  # fmt: skip
            _user(MEMBER_EMAIL, full_name="Thành viên", role=Role.AGENCY, province=province,
                  agency=agencies[-1])  # fmt: skip
        meeting = meetings.plan_meeting(
            bloc_year,
            actor=SYSTEM,
            kind=MeetingKind.MIDYEAR,
            starts_at=datetime.datetime(YEAR, 7, 15, 8, 0, tzinfo=VIETNAM),
            place=f"Hội trường {agencies[1].name}",
            host=agencies[1],
            chair=meetings.default_chair(bloc_year),
            agenda="Báo cáo sơ kết\nChấm điểm\nPhương hướng",
        )
        for g in range(GUESTS):
            meetings.add_guest(meeting, actor=SYSTEM, name=f"Khách mời {g + 1}", title="Phó Ban")
        attendance.record_attendance(
            meeting,
            0,
            actor=SYSTEM,
            marks=[
                attendance.Mark(a.pk, Presence.PRESENT, f"Lãnh đạo {a.short_name}", "Giám đốc")
                for a in agencies
            ],
            guests_present={g.pk for g in meeting.guests.all()},
        )
        invitations.issue_invitation(meeting, actor=SYSTEM, dated=datetime.date(YEAR, 7, 8))
        meetings.plan_meeting(
            bloc_year,
            actor=SYSTEM,
            kind=MeetingKind.YEAREND,
            starts_at=datetime.datetime(YEAR + 1, 1, 10, 8, 0, tzinfo=VIETNAM),
            place="Hội trường",
        )
    return province


def main() -> None:
    configure()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from pages import REQUESTS, WARM_UP, measure  # the board pages' timing (bench/pages.py)

    from accounts.models import User
    from blocs.models import BlocYear
    from meetings import ics
    from meetings.models import Invitation, MeetingKind
    from meetings.services import invitations
    from reports.kinds import get_kind
    from reports.services import render_document

    started = time.perf_counter()
    province, created = ensure_province()
    state = f"created in {time.perf_counter() - started:.1f} s" if created else "already there"
    bloc_year = BlocYear.objects.get(bloc__province=province, bloc__code="KH1", year=YEAR)
    meeting = bloc_year.meetings.get(kind=MeetingKind.MIDYEAR)
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}): {province.name} ({state}): "
        f"{BLOCS} blocs of {AGENCIES} agencies, each with a sơ kết ({GUESTS} guests, "
        f"attendance, invitation) and a tổng kết; {REQUESTS} requests per page after {WARM_UP} "
        "to warm up"
    )

    def client_for(email: str) -> Client:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=email))
        return client

    board, secretariat = client_for(BOARD_EMAIL), client_for(SECRETARIAT_EMAIL)
    member, overseer = client_for(MEMBER_EMAIL), client_for(OVERSEER_EMAIL)
    dashboard = reverse("blocs:dashboard") + f"?nam={YEAR}"
    pages = [
        ("board dashboard", board, dashboard, "badge-in_progress"),
        ("overseer dashboard", overseer, dashboard, "overseen-meeting-list"),
        ("agency dashboard", member, dashboard, 'id="tasks"'),
        ("bloc-year page", secretariat, bloc_year.get_absolute_url(), "meetings-section"),
        (
            "meetings list",
            secretariat,
            reverse("meetings:bloc_year_meetings", args=[bloc_year.bloc_id, YEAR]),
            'id="meetings"',
        ),
        ("meeting page", secretariat, meeting.get_absolute_url(), "invitation-status"),
        ("plan form", secretariat, reverse("meetings:meeting_edit", args=[meeting.pk]), "chair"),
        ("guests", secretariat, reverse("meetings:guests", args=[meeting.pk]), "guest-table"),
        (
            "attendance",
            secretariat,
            reverse("meetings:attendance", args=[meeting.pk]),
            "attendance-form",
        ),
        (
            "invitation",
            secretariat,
            reverse("meetings:invitation", args=[meeting.pk]),
            "invitation-form",
        ),
    ]
    print(f"  {'page':<20} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    slow = []
    for name, client, url, expect in pages:
        result = measure(client, url, expect)
        print(
            f"  {name:<20} {result['median']:>10.1f} {result['p90']:>8.1f} {result['queries']:>8}"
        )
        if result["median"] >= TARGET_MS:
            slow.append(name)
    verdict = f"missed by {', '.join(slow)}" if slow else "met"
    print(f"  target: median under {TARGET_MS:.0f} ms: {verdict}")

    # What the worker spends on one invitation before sending it: the PDF and the .ics.
    invitation = Invitation.objects.get(meeting=meeting)
    kind = get_kind("meeting_invitation")
    renders, calendars = [], []
    for _ in range(5):
        started = time.perf_counter()
        pdf = render_document(kind, invitations.document(invitation))
        renders.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        ics.calendar_file(invitations.calendar_event(invitation))
        calendars.append((time.perf_counter() - started) * 1000)
    print(
        f"  invitation PDF: median {statistics.median(renders):.0f} ms ({pdf.page_count} page, "
        f"{len(pdf.content) // 1024} KB); calendar file: median "
        f"{statistics.median(calendars):.2f} ms"
    )


if __name__ == "__main__":
    main()
