"""Beat's nightly housekeeping: superseded document files and failed requests past the retention
are deleted (files really gone from the storage), while what must stay stays: the newest render,
recent ones, numbered and verified kinds, a document a dossier points at, a file another row
shares; import previews expire; expired sessions are cleared."""

import datetime
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from awards.models import DossierFile
from config.celery import app
from core.excel import pending
from core.numbering import issue_number
from reports import housekeeping, retention
from reports.models import Report, ReportStatus
from tests.awards.conftest import submitted_nomination

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _report(world, *, days_old, kind="bloc_roster", status=ReportStatus.DONE, file=None, **extra):
    """A render of the member's bloc roster made `days_old` days ago, its file in the storage."""
    fields = {
        "kind": kind,
        "subject_id": world.bloc_year.pk,
        "title": "Danh sách thành viên",
        "province_id": world.province.pk,
        "requested_by": world.users["member"],
        "inputs_sha256": f"{days_old:064d}",
        "status": status,
        **extra,
    }
    if status == ReportStatus.DONE:
        name = file or default_storage.save(
            f"reports/{kind}-{days_old}.pdf", ContentFile(b"%PDF-1.4 " + kind.encode())
        )
        fields |= {"file": name, "sha256": "1" * 64, "page_count": 1, "size": 10}
    else:
        fields["error"] = "TemplateSyntaxError: hỏng"
    report = Report.objects.create(**fields)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - days_old * DAY)
    return report


def _run_housekeeping(django_capture_on_commit_callbacks) -> retention.Removed:
    with django_capture_on_commit_callbacks(execute=True):
        return retention.delete_expired()


def test_superseded_lists_past_the_retention_go_with_their_files(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RETENTION_DAYS = 90
    oldest = _report(world, days_old=400)
    older = _report(world, days_old=200)
    recent = _report(world, days_old=30)  # superseded, but within the retention
    newest = _report(world, days_old=1)
    files = {report.pk: report.file.name for report in (oldest, older, recent, newest)}

    removed = _run_housekeeping(django_capture_on_commit_callbacks)

    assert removed == retention.Removed(superseded=2, failed=0, files=2)
    assert set(Report.objects.values_list("pk", flat=True)) == {recent.pk, newest.pk}
    assert not default_storage.exists(files[oldest.pk])
    assert not default_storage.exists(files[older.pk])
    assert default_storage.exists(files[recent.pk])
    assert default_storage.exists(files[newest.pk])
    # A second run finds nothing more to do.
    assert _run_housekeeping(django_capture_on_commit_callbacks) == retention.Removed()


def test_the_newest_render_stays_however_old(world, django_capture_on_commit_callbacks):
    only = _report(world, days_old=900)
    other_year = _report(world, days_old=800, params={"year": 2019})  # other parameters

    _run_housekeeping(django_capture_on_commit_callbacks)

    assert set(Report.objects.values_list("pk", flat=True)) == {only.pk, other_year.pk}
    assert default_storage.exists(only.file.name)


def test_numbered_and_verified_documents_keep_every_render(
    world, django_capture_on_commit_callbacks
):
    # The pledge: a printed copy is checked against each render's SHA-256 (pledges/verify).
    for kind in ("pledge", "meeting_minutes", "nomination_proposal"):
        _report(world, kind=kind, days_old=500)
        _report(world, kind=kind, days_old=2)

    _run_housekeeping(django_capture_on_commit_callbacks)

    assert Report.objects.count() == 6
    assert all(default_storage.exists(report.file.name) for report in Report.objects.all())


def test_a_document_in_a_dossier_is_kept(world, django_capture_on_commit_callbacks):
    in_dossier = _report(world, days_old=500)
    _report(world, days_old=2)
    DossierFile.objects.create(
        nomination=submitted_nomination(world.bloc_year, world.member),
        item="to_trinh",
        report=in_dossier,
        name="Tờ trình.pdf",
        added_by=world.users["secretariat"],
    )

    removed = _run_housekeeping(django_capture_on_commit_callbacks)

    assert removed.superseded == 0
    assert Report.objects.filter(pk=in_dossier.pk).exists()
    assert default_storage.exists(in_dossier.file.name)


def test_a_document_given_a_number_of_the_register_is_kept(
    world, django_capture_on_commit_callbacks
):
    numbered = _report(world, days_old=500)
    _report(world, days_old=2)
    issue_number(world.bloc, year=2020, doc_type="BC", symbol="KTĐ6", subject=numbered)

    _run_housekeeping(django_capture_on_commit_callbacks)

    assert Report.objects.filter(pk=numbered.pk).exists()
    assert default_storage.exists(numbered.file.name)


def test_a_file_shared_with_a_remaining_request_stays(world, django_capture_on_commit_callbacks):
    # Someone else asked for the same document and was given the same file (re-used render).
    old = _report(world, days_old=500)
    sharing = _report(world, days_old=10, file=old.file.name)
    _report(world, days_old=2)

    removed = _run_housekeeping(django_capture_on_commit_callbacks)

    assert removed.superseded == 1
    assert removed.files == 0
    assert not Report.objects.filter(pk=old.pk).exists()
    assert Report.objects.filter(pk=sharing.pk).exists()
    assert default_storage.exists(old.file.name)


def test_failed_requests_go_after_the_retention(world, django_capture_on_commit_callbacks):
    old = _report(world, days_old=120, status=ReportStatus.FAILED)
    recent = _report(world, days_old=3, status=ReportStatus.FAILED)

    removed = _run_housekeeping(django_capture_on_commit_callbacks)

    assert removed.failed == 1
    assert not Report.objects.filter(pk=old.pk).exists()
    assert Report.objects.filter(pk=recent.pk).exists()


def test_deletes_run_in_batches(world, django_capture_on_commit_callbacks):
    for days in range(200, 207):
        _report(world, days_old=days)
    _report(world, days_old=1)

    with django_capture_on_commit_callbacks(execute=True):
        removed = retention.delete_expired(batch=3)

    assert removed.superseded == 7
    assert Report.objects.count() == 1


def test_each_batch_is_read_through_the_retention_index(world, postgresql_only):
    # Migration reports/0005: without it the batches walked the whole table by pk.
    _report(world, days_old=400, status=ReportStatus.FAILED)
    superseded, failed = retention.expired()
    assert len(superseded) == len(retention.expiring_kinds()) > 0
    for candidates in [*superseded, failed]:
        with transaction.atomic(), connection.cursor() as cursor:
            sql, params = retention.next_batch(candidates, 500).query.sql_with_params()
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        # Read in the index's order: no sort of every candidate before the limit.
        assert "Index Scan using report_retention on reports_report " in plan, plan
        assert "Sort" not in plan, plan


def test_beat_schedules_the_housekeeping_nightly(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "reports.housekeeping.delete_expired_documents",
        "reports.housekeeping.clear_expired_sessions",
    } <= tasks
    assert "reports.housekeeping.delete_expired_documents" in app.tasks


def test_the_task_deletes_expired_documents(world, django_capture_on_commit_callbacks):
    old = _report(world, days_old=300)
    _report(world, days_old=1)

    with django_capture_on_commit_callbacks(execute=True):
        housekeeping.delete_expired_documents.delay()

    assert not Report.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)


# --- Import previews and sessions --------------------------------------------------------------


def test_an_import_preview_expires_after_its_ttl(settings, monkeypatch):
    settings.IMPORT_PREVIEW_TTL = 600
    session = SessionStore()
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    old = pending.stash(session, "imports", {"kind": "agencies", "rows": [1]})
    monkeypatch.setattr(time, "time", lambda: start + 599)
    young = pending.stash(session, "imports", {"kind": "agencies", "rows": [2]})
    monkeypatch.setattr(time, "time", lambda: start + 601)

    assert pending.take(session, "imports", old, kind="agencies") is None
    assert pending.take(session, "imports", young, kind="agencies")["rows"] == [2]


def test_an_expired_preview_cannot_be_confirmed(settings, monkeypatch):
    settings.IMPORT_PREVIEW_TTL = 600
    session = SessionStore()
    token = pending.stash(session, "imports", {"kind": "agencies", "rows": [1]})
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)

    assert pending.take(session, "imports", token, kind="agencies") is None
    assert session["imports"] == {}


def test_previews_of_the_former_format_are_dropped():
    session = SessionStore()
    session["imports"] = {"old-token": {"kind": "agencies", "rows": []}}

    assert pending.take(session, "imports", "old-token", kind="agencies") is None


def test_expired_sessions_are_cleared(db):
    expired = SessionStore()
    expired["imports"] = {"t": {"kind": "agencies"}}
    expired.set_expiry(-1)
    expired.save()
    alive = SessionStore()
    alive["x"] = 1
    alive.save()

    housekeeping.clear_expired_sessions.delay()

    assert set(Session.objects.values_list("session_key", flat=True)) == {alive.session_key}
