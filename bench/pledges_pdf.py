"""What the signed pledge's PDF costs (issue 5), printed as a Markdown table:

a bloc of 20 member agencies, all of which signed online, and a criteria set of 80 criteria
(three sections of 25 scored criteria and one of 3 bonus and 2 deduction points). The pledge is
rendered warm through reports.services.render_report (data from the database, template,
WeasyPrint, file), median of RUNS runs after one to warm up, with the time split into building
the data (snapshot, signatures, QR code), the template and the layout.

    python bench/pledges_pdf.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Its data is a province of its own ("bench-pledge", created on first use and re-used); like
bench/pdf.py it works in VAR_DIR=var/bench. The documents it renders are deleted at the end.
"""

import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pdf.py and synthetic.py

import pdf as pdf_bench  # bench/pdf.py, found through the path above

RUNS = 12
TARGET_SECONDS = 1.0
PROVINCE_CODE = "bench-pledge"
BOARD_EMAIL = "bench-pledge-board@example.vn"
YEAR = 2020
AGENCIES = 20
STANDARD_SECTIONS = 3
CRITERIA_PER_SECTION = 25
BONUS, DEDUCTIONS = 3, 2  # 3 × 25 + 3 + 2 = 80 criteria
BENCH_PASSWORD = "bench-pledge-password"  # noqa: S105 (throw-away bench accounts)


# --- Data ------------------------------------------------------------------------------------


def ensure_pledge():
    """The bench bloc's pledge, in force (all 20 agencies signed); made once, and again when an
    earlier run left it half-made."""
    from blocs.models import Province
    from pledges.models import Pledge, PledgeStatus

    province = Province.objects.filter(code=PROVINCE_CODE).first()
    if province is not None:
        pledge = Pledge.objects.filter(
            bloc_year__bloc__province=province, status=PledgeStatus.IN_FORCE
        ).first()
        if pledge is not None and pledge.signatures.count() == AGENCIES:
            return pledge
        _delete_data(province)
    return _create_data()


def _delete_data(province) -> None:
    from accounts.models import User
    from blocs.models import Agency, Bloc, BlocYear, Membership
    from core.models import Change
    from pledges.models import CriteriaSet, Pledge, Reminder, Signature

    for user in User.objects.filter(province=province):
        pdf_bench.delete_reports(user)
    Change.objects.filter(province_id=province.pk).delete()
    Reminder.objects.filter(pledge__bloc_year__bloc__province=province).delete()
    Signature.objects.filter(pledge__bloc_year__bloc__province=province).delete()
    Pledge.objects.filter(bloc_year__bloc__province=province).delete()
    CriteriaSet.objects.filter(province=province).delete()  # sections and criteria cascade
    User.objects.filter(province=province).delete()
    Membership.objects.filter(bloc_year__bloc__province=province).delete()
    BlocYear.objects.filter(bloc__province=province).delete()
    for model in (Bloc, Agency):
        model.objects.filter(province=province).delete()
    province.delete()


def _create_data():
    from django.conf import settings
    from django.db import transaction
    from synthetic import nfc

    from accounts.models import Role, User
    from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Province
    from pledges.models import CriterionKind, SectionKind
    from pledges.services import criteria, criteria_sets, signatures, signing

    # Signing checks each officer's password: a fast hasher for these throw-away accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with transaction.atomic():
        province = Province.objects.create(name=nfc("Thử nghiệm Giao ước"), code=PROVINCE_CODE)
        agencies = Agency.objects.bulk_create(
            Agency(province=province, name=nfc(f"Sở Thử nghiệm Giao ước số {n:02d}"))
            for n in range(1, AGENCIES + 1)
        )
        bloc = Bloc.objects.create(province=province, name=nfc("Khối thi đua số 9"), code="KTĐ9")
        bloc_year = BlocYear.objects.create(bloc=bloc, year=YEAR)
        roles = {0: MemberRole.HEAD, 1: MemberRole.DEPUTY}
        Membership.objects.bulk_create(
            Membership(
                bloc_year=bloc_year, agency=agency, year=YEAR, role=roles.get(k, MemberRole.MEMBER)
            )
            for k, agency in enumerate(agencies)
        )
        board = User(
            email=BOARD_EMAIL, full_name=nfc("Cán bộ Ban Thi đua"), role=Role.BOARD,
            province=province,
        )  # fmt: skip
        board.set_unusable_password()
        board.save()
        officers = []
        for n, agency in enumerate(agencies, start=1):
            officer = User(
                email=f"bench-pledge-{n:02d}@example.vn",
                full_name=nfc(f"Nguyễn Văn Thủ Trưởng {n:02d}"),
                role=Role.AGENCY,
                province=province,
                agency=agency,
                can_sign=True,
            )
            officer.set_password(BENCH_PASSWORD)
            officer.save()
            officers.append(officer)

        criteria_set = criteria_sets.create_criteria_set(
            actor=board, province=province, year=YEAR, bloc_year=bloc_year
        )
        for s in range(1, STANDARD_SECTIONS + 1):
            section = criteria.add_section(
                criteria_set,
                actor=board,
                title=nfc(f"Nhóm tiêu chí thử nghiệm {s}"),
                kind=SectionKind.STANDARD,
            )
            for c in range(1, CRITERIA_PER_SECTION + 1):
                criteria.add_criterion(
                    section,
                    actor=board,
                    text=nfc(
                        f"Tiêu chí {s}.{c}: hoàn thành đúng hạn và đạt chất lượng các nhiệm vụ "
                        "được giao trong kế hoạch công tác năm của đơn vị"
                    ),
                    max_points=Decimal("2.5") if c % 2 else Decimal(3),
                    guidance=nfc("Báo cáo kết quả thực hiện") if c % 5 == 0 else "",
                )
        extra = criteria.add_section(
            criteria_set,
            actor=board,
            title=nfc("Điểm thưởng, điểm trừ"),
            kind=SectionKind.ADJUSTMENT,
        )
        for n in range(1, BONUS + 1):
            criteria.add_criterion(
                extra,
                actor=board,
                text=nfc(f"Sáng kiến được công nhận số {n}"),
                max_points=Decimal(1),
                kind=CriterionKind.BONUS,
            )
        for n in range(1, DEDUCTIONS + 1):
            criteria.add_criterion(
                extra,
                actor=board,
                text=nfc(f"Vi phạm quy định số {n}"),
                max_points=Decimal(2),
                kind=CriterionKind.DEDUCTION,
            )

        pledge = signing.create_draft(
            bloc_year,
            actor=board,
            preamble=nfc("Căn cứ Luật Thi đua, khen thưởng năm 2022;\nCăn cứ kế hoạch năm;"),
            commitments=nfc("Thực hiện tốt nhiệm vụ chính trị\nTham gia đầy đủ hoạt động khối"),
            criteria_set=criteria_set,
        )
        pledge = signing.open_for_signing(pledge, actor=board)
        for officer in officers:
            signatures.sign_online(
                pledge,
                actor=officer,
                password=BENCH_PASSWORD,
                signer_title=nfc("Giám đốc"),
                seen_sha256=pledge.snapshot_sha256,
                ip="127.0.0.1",
            )
    pledge.refresh_from_db()
    assert pledge.status == "in_force", pledge.status
    return pledge


# --- Measuring -------------------------------------------------------------------------------


def stage_runs(pledge, runs: int) -> dict[str, list[float]]:
    """The render split into its stages, each timed over `runs` runs."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from pledges.documents import load_pledge
    from reports.kinds import get_kind
    from reports.rendering import render_pdf

    kind = get_kind("pledge")
    samples: dict[str, list[float]] = {"build": [], "template": [], "layout": []}
    with translation.override(settings.LANGUAGE_CODE):
        for _ in range(runs):
            started = time.perf_counter()
            document = kind.build(load_pledge(pledge.pk), {})
            built = time.perf_counter()
            html = render_to_string(kind.template, {"doc": document})
            templated = time.perf_counter()
            render_pdf(html)
            done = time.perf_counter()
            samples["build"].append(built - started)
            samples["template"].append(templated - built)
            samples["layout"].append(done - templated)
    return samples


def service_runs(pledge, user, runs: int) -> tuple[list[float], list[float], int]:
    """`runs` renders of new reports through the service: wall seconds and this process's CPU
    seconds each (the CPU time does not count other programs sharing the machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        report = pdf_bench.queued_report("pledge", pledge, {}, user)
        started = time.process_time()
        wall.append(pdf_bench.render_through_service(report))
        cpu.append(time.process_time() - started)
    return wall, cpu, report.page_count


def main() -> None:
    pdf_bench.configure_environment()
    from synthetic import setup_django

    setup_django()
    import weasyprint
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    pledge = ensure_pledge()
    setup = time.perf_counter() - started
    user = User.objects.get(email=BOARD_EMAIL)
    pdf_bench.delete_reports(user)  # left over by an interrupted run
    try:
        (cold,), (cold_cpu,), _pages = service_runs(pledge, user, 1)  # the process's first
        wall, cpu, pages = service_runs(pledge, user, RUNS)
        stages = stage_runs(pledge, RUNS)
    finally:
        pdf_bench.delete_reports(user)

    median, p90 = pdf_bench.median_p90(wall)
    cpu_median, cpu_p90 = pdf_bench.median_p90(cpu)
    criteria = sum(len(s["criteria"]) for s in pledge.snapshot["sections"])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"## Signed pledge PDF: {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load} (data ready in {setup:.1f} s)\n"
    )
    print("| Measurement | Runs | Pages | Median s | p90 s | CPU median s | CPU p90 s | Target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    verdict = "met" if median < TARGET_SECONDS else "**missed**"
    name = f"services.render_report, {AGENCIES} agencies signed, {criteria} criteria"
    print(f"| {name}, first in the process | 1 | {pages} | {cold:.3f} | | {cold_cpu:.3f} | | |")
    print(
        f"| {name}, warm | {RUNS} | {pages} | {median:.3f} | {p90:.3f} | {cpu_median:.3f} | "
        f"{cpu_p90:.3f} | < {TARGET_SECONDS:.0f} s: {verdict} |"
    )
    for stage, label in (
        ("build", "of which: build the data (snapshot, signatures, QR code)"),
        ("template", "of which: the template to HTML"),
        ("layout", "of which: WeasyPrint layout and PDF (render_pdf)"),
    ):
        stage_median, stage_p90 = pdf_bench.median_p90(stages[stage])
        print(f"| {label} | {RUNS} | | {stage_median:.3f} | {stage_p90:.3f} | | | |")
    print(f"\nAll {RUNS} warm runs (wall s): " + ", ".join(f"{s:.3f}" for s in wall))
    print(f"Mean {statistics.mean(wall):.3f} s.")


if __name__ == "__main__":
    main()
