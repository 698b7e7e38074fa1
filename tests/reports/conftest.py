"""Shared by the document tests: ask for a document as a user would, and read the PDF back with
poppler's tools (pdftotext, pdffonts, pdfinfo), the way a reader's viewer sees it."""

import datetime
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports import services, tasks
from reports.models import Report, ReportStatus

# The day the frozen documents are dated (see `document_day`).
DOCUMENT_DAY = datetime.date(2021, 2, 5)


def _pdf_path(pdf: Report | Path | bytes, folder: Path) -> Path:
    if isinstance(pdf, Report):
        return Path(pdf.file.path)
    if isinstance(pdf, bytes):
        path = folder / "document.pdf"
        path.write_bytes(pdf)
        return path
    return pdf


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdftotext(
    pdf: Report | Path | bytes,
    *,
    page: int | None = None,
    top_points: float | None = None,
) -> str:
    """The PDF's text, of one page if asked, or only of the band `top_points` high at the top
    of the page (where the page number goes)."""
    options: list[str] = []
    if page is not None:
        options += ["-f", str(page), "-l", str(page)]
    if top_points is not None:
        # -r 72: one pixel is one point; an A4 page is 595.276 points wide.
        options += ["-r", "72", "-x", "0", "-y", "0", "-W", "596", "-H", str(int(top_points))]
    with tempfile.TemporaryDirectory() as folder:
        return _run("pdftotext", *options, str(_pdf_path(pdf, Path(folder))), "-")


def words(text: str) -> str:
    """Text with every run of white space (line ends too) made one space."""
    return " ".join(text.split())


def pdffonts(pdf: Report | Path | bytes) -> list[dict[str, str]]:
    """One row per font: name (without the subset prefix) and whether it is embedded."""
    with tempfile.TemporaryDirectory() as folder:
        lines = _run("pdffonts", str(_pdf_path(pdf, Path(folder)))).splitlines()
    rows = []
    for line in lines[2:]:  # a header line, then a line of dashes
        parts = line.split()
        # name, type (may contain spaces), encoding, emb, sub, uni, object id (two numbers)
        rows.append({"name": parts[0].partition("+")[2] or parts[0], "emb": parts[-5]})
    return rows


def pdfinfo(pdf: Report | Path | bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        lines = _run("pdfinfo", str(_pdf_path(pdf, Path(folder)))).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


@pytest.fixture
def export(django_capture_on_commit_callbacks) -> Callable[..., Report]:
    """export("bloc_roster", bloc_year.pk, user): the user's document, as the service gives
    it (rendered at once: Celery is eager in tests), read back from the database."""

    def export(kind: str, subject_id: int, user: Any, **params: Any) -> Report:
        with django_capture_on_commit_callbacks(execute=True):
            requested = services.request_report(kind, subject_id, params, user)
        requested.report.refresh_from_db()
        return requested.report

    return export


@pytest.fixture
def idle_worker(monkeypatch) -> list[int]:
    """The broker takes the task but no worker runs it: the report stays queued. Returns the
    ids of the reports sent."""
    sent: list[int] = []
    monkeypatch.setattr(
        tasks.render_report, "apply_async", lambda args, **options: sent.append(args[0])
    )
    return sent


@pytest.fixture
def broker_down(monkeypatch) -> None:
    """Redis is unreachable: sending a task fails the way kombu fails."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "apply_async", refuse)


@pytest.fixture
def document_day(monkeypatch) -> datetime.date:
    """Documents are dated DOCUMENT_DAY instead of today."""

    class Day(datetime.date):
        @classmethod
        def today(cls) -> "Day":
            return cls(DOCUMENT_DAY.year, DOCUMENT_DAY.month, DOCUMENT_DAY.day)

    monkeypatch.setattr("reports.documents.datetime", SimpleNamespace(date=Day))
    return DOCUMENT_DAY


def make_report(user: Any, bloc_year: Any, **fields: Any) -> Report:
    """A report row as the service leaves it, without rendering anything (for pages and
    lists). A done one points at a file that need not exist."""
    status = fields.pop("status", ReportStatus.DONE)
    defaults: dict[str, Any] = {
        "kind": "bloc_roster",
        "subject_id": bloc_year.pk,
        "title": f"Danh sách thành viên {bloc_year.bloc.name} năm {bloc_year.year}",
        "province_id": bloc_year.bloc.province_id,
        "requested_by": user,
        "inputs_sha256": "0" * 64,
        "status": status,
        "dispatched_at": timezone.now(),
    }
    if status == ReportStatus.DONE:
        defaults |= {"file": "reports/x.pdf", "sha256": "1" * 64, "page_count": 1, "size": 10}
    if status == ReportStatus.FAILED:
        defaults["error"] = "TemplateSyntaxError: hỏng"
    return Report.objects.create(**(defaults | fields))
