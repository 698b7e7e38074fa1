"""What the minutes PDF costs (issue 12, "Numbers"): finalised minutes of a bloc of 15 agencies
scored on 60 criteria, with the 15 × 60 score table as a landscape annex, printed as Markdown:

a. in-process through services.render_report (the worker's function), warm, several runs;
b. rendered by a real Celery worker process (--pool=solo): wall time from dispatch, the task's
   own time, and the worker's peak memory. Target: under 2 s in the worker.

    python bench/minutes_pdf.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Its data is a province of its own ("bench-minutes", created on first use); the worker and this
process share VAR_DIR=var/bench (bench/pdf.py's set-up). The documents it renders are deleted at
the end.
"""

import datetime
import logging
import signal
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/pdf.py: the environment, the worker and the measuring helpers.
import pdf

PROVINCE_CODE = "bench-minutes"
USER_EMAIL = "bench-minutes@example.vn"
AGENCIES = 15
CRITERIA = 60
RUNS = 5
TARGET_SECONDS = 2.0


def ensure_data():
    """The province, a 2001 bloc-year of 15 agencies, its sơ kết with a round over a 60-criteria
    pledge, every score entered, and the minutes finalised; created once."""
    from django.db import transaction

    from accounts.models import Role, User
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
    from meetings.models import Minutes

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is not None:
        minutes = Minutes.objects.filter(
            meeting__bloc_year__bloc__province=province, finalised_at__isnull=False
        ).first()
        if minutes is not None:
            return minutes, User.objects.get(email=USER_EMAIL)
    with transaction.atomic():
        province = Province.objects.create(name="Thử nghiệm Biên bản", code=PROVINCE_CODE)
        agencies = Agency.objects.bulk_create(
            Agency(province=province, name=f"Sở Thử nghiệm số {n:02d}", short_name=f"STN{n:02d}")
            for n in range(1, AGENCIES + 1)
        )
        bloc = Bloc.objects.create(province=province, name="Khối thi đua số 1", code="KTĐ1")
        bloc_year = BlocYear.objects.create(bloc=bloc, year=2001)
        Membership.objects.bulk_create(
            Membership(
                bloc_year=bloc_year,
                agency=agency,
                year=2001,
                role=MemberRole.HEAD if i == 0 else MemberRole.DEPUTY if i == 1 else "member",
            )
            for i, agency in enumerate(agencies)
        )
        user = User.objects.create_user(
            email=USER_EMAIL,
            password=None,
            role=Role.BOARD,
            province=province,
            full_name="Người Thử Nghiệm",
        )
        minutes = _finalised_minutes(bloc_year, agencies, user)
    return minutes, user


def _finalised_minutes(bloc_year, agencies, user):
    from meetings.models import Assessment, Meeting, Score, ScoringRound
    from meetings.services import minutes as services
    from pledges.models import Pledge

    sections = []
    next_id = 1
    for s in range(4):
        criteria = []
        for n in range(1, CRITERIA // 4 + 1):
            criteria.append(
                {
                    "id": next_id,
                    "number": str(n),
                    "text": f"Tiêu chí thử nghiệm {s + 1}.{n}: thực hiện tốt nhiệm vụ được giao",
                    "max_points": "1.5",
                    "kind": "standard",
                    "guidance": "",
                }
            )
            next_id += 1
        sections.append(
            {
                "id": s + 1,
                "number": "IV"[: s + 1],
                "title": f"Nhóm {s + 1}",
                "kind": "scored",
                "criteria": criteria,
            }
        )
    pledge = Pledge.objects.create(
        bloc_year=bloc_year,
        title="Giao ước thử nghiệm",
        snapshot={"format": 2, "sections": sections},
    )
    meeting = Meeting.objects.create(
        bloc_year=bloc_year,
        kind="midyear",
        starts_at=datetime.datetime(2001, 7, 10, 1, tzinfo=datetime.UTC),  # 08:00 in Vietnam
        place="Hội trường thử nghiệm",
        secretary_name="Thư Ký Thử Nghiệm",
    )
    scoring = ScoringRound.objects.create(
        meeting=meeting, pledge=pledge, period="first_half", checking="secretariat"
    )
    scores = []
    for i, agency in enumerate(agencies):
        assessment = Assessment.objects.create(round=scoring, agency=agency, status="submitted")
        for c in range(1, CRITERIA + 1):
            value = Decimal("1.5") - Decimal("0.25") * ((i + c) % 3)
            scores.append(
                Score(
                    assessment=assessment,
                    criterion_id=c,
                    self_points=value,
                    checked_points=value,
                    agreed_points=value,
                )
            )
    Score.objects.bulk_create(scores)
    draft = services.start_minutes(meeting, actor=user)
    draft = services.update_minutes(
        draft, draft.version, actor=user, discussion="Thảo luận.", ended_at=datetime.time(11)
    )
    return services.finalise_minutes(draft, draft.version, actor=user)


def render_in_worker(worker: "pdf.Worker", minutes, user) -> dict:
    from django.conf import settings

    from reports import services
    from reports.models import ReportStatus

    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    report = pdf.queued_report("meeting_minutes", minutes, {}, user)
    settings.REPORTS_QUEUE = worker.queue
    started = time.perf_counter()
    assert services.dispatch(report), "the broker could not be reached"
    while report.status not in (ReportStatus.DONE, ReportStatus.FAILED):
        if time.perf_counter() > started + 120:
            raise RuntimeError(f"report {report.pk} still {report.status} after 120 s")
        time.sleep(0.02)
        report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return {
        "wall": time.perf_counter() - started,
        "render": (report.finished_at - report.started_at).total_seconds(),
        "pages": report.page_count,
    }


def main() -> None:
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    pdf.configure_environment()
    from synthetic import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    minutes, user = ensure_data()
    pdf.delete_reports(user)
    worker = pdf.Worker()
    try:
        samples, pages = pdf.service_runs("meeting_minutes", minutes, {}, user, RUNS)
        worker.start()
        first = render_in_worker(worker, minutes, user)
        second = render_in_worker(worker, minutes, user)
        peak_mb = worker.memory_mb("VmHWM")
    finally:
        worker.stop()
        pdf.delete_reports(user)
    median = statistics.median(samples)
    print(f"Minutes PDF, {AGENCIES} agencies × {CRITERIA} criteria annex: {pages} pages\n")
    print("| Where | Median s | Max s | Target |")
    print("|---|---|---|---|")
    print(
        f"| in-process render_report ({RUNS} runs, warm) | {median:.2f} | {max(samples):.2f} | – |"
    )
    for name, run in (("worker, first task", first), ("worker, second task", second)):
        verdict = "met" if run["wall"] <= TARGET_SECONDS else "**missed**"
        target = f"< {TARGET_SECONDS:.0f} s wall: {verdict}"
        print(f"| {name} (task / wall) | {run['render']:.2f} | {run['wall']:.2f} | {target} |")
    print(f"\nWorker peak RSS: {peak_mb:.0f} MB.")


if __name__ == "__main__":
    main()
