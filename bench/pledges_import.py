"""What the Excel import of a criteria set costs (issue 5): a file of 500 criteria in 8
sections, the size of the largest real tables, read, previewed and imported.

    python bench/pledges_import.py   (DATABASE_URL picks the database, else var/bench.sqlite3)

Two paths, each timed over several runs after one to warm up, median and slowest printed:
a. the service path: core.excel.read.read_upload + pledges.excel.preview (what the user
   waits for after uploading), then pledges.excel.run (the confirmation: the same check again
   and the replacement of the whole set);
b. the view path, through Django's full stack with the test client: the upload that renders
   the 500-row preview page, then the confirmation and its redirect.
Target: under 2 s for each step. The export of the set is timed too.

Its data is a province of its own ("bench-pledges", created on first use) with a board user
and a template criteria set that every run replaces with the same 500 criteria.
"""

import io
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNS = 7
PROVINCE_CODE = "bench-pledges"
USER_EMAIL = "bench-pledges@example.vn"
YEAR = 2001
CRITERIA = 500
SECTIONS = 8  # the last one holds bonus and deduction points
TARGET_SECONDS = 2.0
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def configure_environment() -> None:
    url = os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):  # a relative path
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    (ROOT / "var").mkdir(exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # synthetic.py, whatever the cwd


def ensure_data():
    """The bench province, its board user and its template set (created once)."""
    from django.db import transaction

    from accounts.models import Role, User
    from blocs.models import Province
    from pledges.models import CriteriaSet
    from pledges.services import criteria_sets

    with transaction.atomic():
        province, _created = Province.objects.get_or_create(
            code=PROVINCE_CODE, defaults={"name": "Thử nghiệm Bảng điểm"}
        )
        user = User.objects.filter(email=USER_EMAIL).first()
        if user is None:
            user = User(
                email=USER_EMAIL,
                full_name="Cán bộ Ban Thi đua (thử nghiệm bảng điểm)",
                role=Role.BOARD,
                province=province,
            )
            user.set_unusable_password()
            user.save()
        criteria_set = CriteriaSet.objects.filter(
            province=province, year=YEAR, bloc_year__isnull=True
        ).first()
        if criteria_set is None:
            criteria_set = criteria_sets.create_criteria_set(
                actor=user, province=province, year=YEAR
            )
    return criteria_set, user


def workbook_bytes() -> bytes:
    """500 criteria in 8 sections, with texts and guidance as long as real ones."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    sheet.append(["Phần", "Tiêu chí", "Điểm tối đa", "Loại", "Hướng dẫn minh chứng"])
    per_section = -(-CRITERIA // SECTIONS)
    for n in range(CRITERIA):
        section = n // per_section + 1
        adjustment = section == SECTIONS
        kind = ("Điểm thưởng" if n % 2 else "Điểm trừ") if adjustment else ""
        sheet.append(
            [
                f"Phần {section}. Thực hiện nhiệm vụ chính trị, chuyên môn nhóm {section}",
                f"Tiêu chí {n + 1}: hoàn thành đúng tiến độ, chất lượng các chỉ tiêu, nhiệm vụ "
                f"được Ủy ban nhân dân tỉnh giao trong năm, báo cáo đầy đủ, kịp thời ({n + 1})",
                "2,5" if n % 3 else 4,
                kind,
                "Báo cáo tổng kết năm, văn bản giao chỉ tiêu, số liệu thống kê có xác nhận",
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bang-diem-500.xlsx", content)


def timed(action: Callable[[], object], runs: int = RUNS) -> list[float]:
    action()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def service_path(criteria_set, user, content: bytes) -> dict[str, list[float]]:
    from core.excel.read import read_upload
    from pledges import excel

    def read_and_preview():
        rows = read_upload(upload(content), excel.SPEC)
        result = excel.preview(criteria_set, rows)
        assert not result.has_errors, result.bad_rows[:3]
        assert result.criteria_count == CRITERIA
        return rows, result

    rows, _result = read_and_preview()
    read = timed(lambda: read_upload(upload(content), excel.SPEC))
    previewed = timed(read_and_preview)

    def confirm():
        # The preview's signature covers the set's contents, which each import replaces.
        signature = excel.preview(criteria_set, rows).signature
        started = time.perf_counter()
        excel.run(criteria_set, rows, signature, actor=user, source="bench")
        return time.perf_counter() - started

    confirm()
    imported = [confirm() for _ in range(RUNS)]
    exported = timed(lambda: excel.export(criteria_set))
    return {"read": read, "read+preview": previewed, "run": imported, "export": exported}


def view_path(criteria_set, user, content: bytes) -> dict[str, list[float]]:
    from django.test import Client
    from django.urls import reverse

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    upload_url = reverse("pledges:criteria_import", args=[criteria_set.pk])
    confirm_url = reverse("pledges:criteria_import_confirm", args=[criteria_set.pk])
    samples: dict[str, list[float]] = {"upload+preview page": [], "confirm": []}
    for run in range(RUNS + 1):
        started = time.perf_counter()
        response = client.post(upload_url, {"file": upload(content)}, secure=True)
        uploaded = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        # response.context is only recorded under the test runner: read the page's form.
        found = TOKEN.search(response.content.decode())
        assert found, "the preview has errors"
        token = found.group(1)
        started = time.perf_counter()
        response = client.post(confirm_url, {"token": token}, secure=True)
        confirmed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        assert response.url == criteria_set.get_absolute_url(), response.url
        if run:  # the first run warms up
            samples["upload+preview page"].append(uploaded)
            samples["confirm"].append(confirmed)
    return samples


def main() -> None:
    configure_environment()
    from synthetic import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from pledges.services.criteria_sets import count_criteria

    call_command("migrate", interactive=False, verbosity=0)
    criteria_set, user = ensure_data()
    content = workbook_bytes()
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}): a {len(content) // 1024} KB "
        f"file of {CRITERIA} criteria in {SECTIONS} sections; median and slowest of {RUNS} runs "
        f"after one to warm up; target < {TARGET_SECONDS:.0f} s"
    )
    results = {
        "a. service": service_path(criteria_set, user, content),
        "b. view": view_path(criteria_set, user, content),
    }
    assert count_criteria(criteria_set) == CRITERIA
    print(f"  {'path':<12} {'step':<22} {'median s':>9} {'slowest s':>10}")
    slow = []
    for path, steps in results.items():
        for step, samples in steps.items():
            median, slowest = statistics.median(samples), max(samples)
            print(f"  {path:<12} {step:<22} {median:>9.3f} {slowest:>10.3f}")
            if median >= TARGET_SECONDS:
                slow.append(f"{path} {step}")
    print("  target met" if not slow else f"  TARGET MISSED: {', '.join(slow)}")


if __name__ == "__main__":
    main()
