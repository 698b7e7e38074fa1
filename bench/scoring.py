"""Scoring's numbers (issue 12, "Numbers"): the secretariat's grid of 15 agencies × 60 criteria
(SQL queries and server time), saving one cell, ranking one bloc, and the memory a 10 MB
evidence upload costs.

    python bench/scoring.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Its data is a province of its own ("bench-scoring"), created on first use: one bloc of 15
agencies with a pledge in force of 60 criteria (6 groups of 9 standard ones, 3 bonus and 3
deduction criteria) and a sơ kết whose round is open, every agency submitted with self points
and checked points entered. Pages go through Django's whole stack with the test client.

The upload is sent the way a browser sends it: the multipart body is streamed from a file on disk
(wsgi.input), so what the process grows by is the server's own cost (Django's upload handlers
write anything over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file in chunks; the content check,
the hash and the move to storage read it in chunks). Peak Python allocations are measured with
tracemalloc, and the peak resident size of the process before and after.
"""

import datetime
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CODE = "bench-scoring"
YEAR = 2024
AGENCIES = 15
GROUPS, PER_GROUP = 6, 9  # 54 standard criteria, then 3 bonus and 3 deduction: 60
SAVES = 30
RANKS = 30
UPLOAD_MB = 10
PASSWORD = "bench-scoring-password"  # noqa: S105 (bench users only)
BOARD_EMAIL = "bench-scoring-board@example.vn"
MEMBER_EMAIL = "bench-scoring-member@example.vn"
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


def snapshot() -> dict:
    next_id = 9_000_000
    sections = []
    for g in range(1, GROUPS + 2):
        criteria = []
        kinds = ["standard"] * PER_GROUP if g <= GROUPS else ["bonus"] * 3 + ["deduction"] * 3
        for index, kind in enumerate(kinds, start=1):
            criteria.append(
                {"id": next_id, "number": str(index), "text": f"Tiêu chí {g}.{index} (ví dụ)",
                 "max_points": "10" if kind == "standard" else "2", "kind": kind, "guidance": ""}
            )  # fmt: skip
            next_id += 1
        sections.append(
            {"id": g, "number": str(g), "title": f"Nhóm {g}", "kind": "standard",
             "criteria": criteria}
        )  # fmt: skip
    return {"format": 2, "title": "Giao ước (thử nghiệm)", "sections": sections}


def ensure_round():
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import Role, User
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
    from core.actors import SYSTEM
    from meetings.models import (
        Assessment,
        AssessmentStatus,
        MeetingKind,
        ReviewSettings,
        Score,
        ScoringRound,
    )
    from meetings.services import meetings, scoring
    from pledges.models import Pledge, PledgeStatus

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is not None:
        return ScoringRound.objects.get(meeting__bloc_year__bloc__province=province), False
    with transaction.atomic():
        province = Province.objects.create(name="Tỉnh Thử nghiệm Chấm điểm", code=PROVINCE_CODE)
        User.objects.create(email=BOARD_EMAIL, password=make_password(PASSWORD),
                            role=Role.BOARD, province=province)  # fmt: skip
        bloc = Bloc.objects.create(province=province, name="Khối chấm điểm", code="KCĐ")
        bloc_year = BlocYear.objects.create(bloc=bloc, year=YEAR)
        agencies = Agency.objects.bulk_create(
            Agency(province=province, name=f"Sở Chấm điểm {n:02d}", short_name=f"C{n}")
            for n in range(1, AGENCIES + 1)
        )
        Membership.objects.bulk_create(
            Membership(bloc_year=bloc_year, agency=agency, year=YEAR,
                       role={0: MemberRole.HEAD, 1: MemberRole.DEPUTY}.get(n, MemberRole.MEMBER))
            for n, agency in enumerate(agencies)
        )  # fmt: skip
        User.objects.create(email=MEMBER_EMAIL, password=make_password(PASSWORD),
                            role=Role.AGENCY, province=province, agency=agencies[-1])  # fmt: skip
        opened = datetime.datetime(YEAR, 2, 1, 8, 0, tzinfo=VIETNAM)
        Pledge.objects.create(bloc_year=bloc_year, title="Giao ước", status=PledgeStatus.IN_FORCE,
                              snapshot=snapshot(), snapshot_sha256="b" * 64, opened_at=opened,
                              in_force_at=opened)  # fmt: skip
        ReviewSettings.objects.create(bloc_year=bloc_year, score_first_half=True)
        meeting = meetings.plan_meeting(
            bloc_year, actor=SYSTEM, kind=MeetingKind.MIDYEAR,
            starts_at=datetime.datetime(YEAR, 7, 15, 8, 0, tzinfo=VIETNAM), place="Hội trường",
        )  # fmt: skip
        board = User.objects.get(email=BOARD_EMAIL)
        round_ = scoring.open_round(meeting, actor=board)
        Score.objects.filter(assessment__round=round_).update(
            self_points=Decimal(2), checked_points=Decimal(2)
        )
        # The member's own stays a draft, for the upload.
        Assessment.objects.filter(round=round_).exclude(agency=agencies[-1]).update(
            status=AssessmentStatus.SUBMITTED
        )
    from synthetic import analyze

    analyze()
    return round_, True


def big_pdf(megabytes: int) -> bytes:
    """A valid one-page PDF of about `megabytes` MB (one large content stream)."""
    payload = b"%" + os.urandom(megabytes * 1024 * 1024 // 2).hex().encode()[: megabytes * 2**20]
    stream = b"BT /F1 12 Tf 72 720 Td (Minh chung vi du) Tj ET\n" + payload
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    configure()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from pages import measure

    from accounts.models import User
    from meetings.models import Evidence, Score
    from meetings.services.ranking import rank_round

    started = time.perf_counter()
    round_, created = ensure_round()
    state = f"created in {time.perf_counter() - started:.1f} s" if created else "already there"
    meeting = round_.meeting
    criteria = sum(len(s["criteria"]) for s in round_.pledge.snapshot["sections"])
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}): {state}: "
        f"{round_.assessments.count()} agencies × {criteria} criteria"
    )

    def client_for(email: str) -> Client:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=email))
        return client

    board = client_for(BOARD_EMAIL)
    grid_url = reverse("meetings:grid", args=[meeting.pk])
    result = measure(board, grid_url, 'id="score-grid"')
    print(
        f"  grid 15×60: median {result['median']:.1f} ms, p90 {result['p90']:.1f} ms, "
        f"{result['queries']} queries (target ≤ 10 queries, p50 < 150 ms)"
    )
    for name, url, expect in (
        ("ranking page", reverse("meetings:ranking", args=[meeting.pk]), 'id="ranking"'),
        ("round page", reverse("meetings:scoring", args=[meeting.pk]), 'id="assessments"'),
    ):
        r = measure(board, url, expect)
        print(f"  {name}: median {r['median']:.1f} ms, {r['queries']} queries")
    assessment = round_.assessments.exclude(agency__short_name=f"C{AGENCIES}").order_by("pk")[1]
    r = measure(board, assessment.get_absolute_url(), "subtotals")
    print(f"  assessment page (60 criteria): median {r['median']:.1f} ms, {r['queries']} queries")

    # One cell saved through the grid's htmx POST, each with the version it showed.
    cell_url = reverse("meetings:grid_cell", args=[meeting.pk])
    criterion = round_.pledge.snapshot["sections"][0]["criteria"][0]["id"]
    samples = []
    for n in range(SAVES + 3):
        version = Score.objects.get(assessment=assessment, criterion_id=criterion).checked_version
        data = {"assessment": assessment.pk, "criterion": criterion, "column": "checked",
                "points": str(5 + n % 2), "version": version}  # fmt: skip
        t = time.perf_counter()
        response = board.post(cell_url, data, HTTP_HX_REQUEST="true", secure=True)
        elapsed = (time.perf_counter() - t) * 1000
        assert response.status_code == 200
        assert b'role="alert"' not in response.content
        if n >= 3:
            samples.append(elapsed)
    print(f"  one cell save: median {statistics.median(samples):.1f} ms (target < 50 ms)")

    times = []
    for _ in range(RANKS):
        t = time.perf_counter()
        rank_round(round_)
        times.append((time.perf_counter() - t) * 1000)
    print(f"  ranking one bloc (rank_round): median {statistics.median(times):.1f} ms (< 50 ms)")

    # A 10 MB evidence PDF, streamed in, checked, hashed and stored.
    member = client_for(MEMBER_EMAIL)
    own = round_.assessments.get(agency__short_name=f"C{AGENCIES}")
    upload_url = reverse("meetings:evidence_upload", args=[own.pk])
    path = Path(tempfile.gettempdir()) / "bench-scoring-evidence.pdf"
    path.write_bytes(big_pdf(1))
    assert _stream_from_path(member, upload_url, criterion, path) == 302  # warm up
    content = big_pdf(UPLOAD_MB)
    size = len(content)
    path.write_bytes(content)
    del content
    before_rss = rss_mb()
    tracemalloc.start()
    tracemalloc.reset_peak()
    status = _stream_from_path(member, upload_url, criterion, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after_rss = rss_mb()
    stored = Evidence.objects.filter(assessment=own).order_by("-pk").first()
    assert status == 302, status
    assert stored is not None
    assert stored.size == size
    print(
        f"  evidence upload {size / 2**20:.1f} MB: stored; peak Python allocations during the "
        f"request {peak / 2**20:.2f} MB; peak RSS {before_rss:.0f} → {after_rss:.0f} MB "
        f"(+{after_rss - before_rss:.1f} MB)"
    )
    path.unlink()
    Evidence.objects.filter(assessment=own).delete()


def _stream_from_path(client, url: str, criterion: int, path: Path) -> int:
    """POST the file at `path` as "minh-chung.pdf" in a multipart body written to a temporary
    file in chunks and streamed to Django from it (as a server reads a socket)."""
    from django.test.client import ClientHandler

    boundary = "----benchscoringboundary"
    with tempfile.TemporaryFile() as body, path.open("rb") as source:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="criterion"\r\n\r\n'
            f"{criterion}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="minh-chung.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        body.write(head.encode())
        while chunk := source.read(64 * 1024):
            body.write(chunk)
        body.write(f"\r\n--{boundary}--\r\n".encode())
        length = body.tell()
        body.seek(0)
        cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "HTTP_COOKIE": cookie,
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(length),
            "wsgi.input": body,
            "wsgi.url_scheme": "https",
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        return ClientHandler(enforce_csrf_checks=False)(environ).status_code


if __name__ == "__main__":
    main()
