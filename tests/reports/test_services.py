"""A requested document's life (reports/services.py and reports/tasks.py): queued, rendered,
re-used while nothing changes, kept while the broker is down, failed with a reason."""

import datetime
import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404
from django.template import TemplateSyntaxError
from django.utils import timezone

from blocs.models import Agency, BlocYear
from reports import services, tasks
from reports.models import Report, ReportStatus
from tests.factories import BlocYearFactory

from .conftest import pdftotext, words


def _never(*args, **kwargs):
    raise AssertionError("the document was rendered again")


def test_requested_document_is_rendered_with_its_checksum_and_size(world, export):
    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert report.status == ReportStatus.DONE, report.error
    content = Path(report.file.path).read_bytes()
    assert content.startswith(b"%PDF")
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.size == len(content)
    assert report.page_count == 1
    assert report.attempts == 1
    assert report.error == ""
    assert report.title == "Danh sách thành viên Khối thi đua số 6 năm 2020"
    assert report.province == world.province
    assert report.requested_by == world.users["member"]
    assert report.dispatched_at <= report.started_at <= report.finished_at


def test_asking_again_for_an_unchanged_document_reuses_it(world, export, monkeypatch):
    first = export("bloc_roster", world.bloc_year.pk, world.users["member"])
    monkeypatch.setattr(services, "render_document", _never)

    again = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert again.pk == first.pk
    assert Report.objects.count() == 1


def test_renamed_member_gives_a_new_document(world, export):
    first = export("bloc_roster", world.bloc_year.pk, world.users["member"])
    world.member.name = "Thanh tra tỉnh Trà Vinh"
    world.member.save()

    second = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert second.pk != first.pk
    assert second.status == ReportStatus.DONE
    assert second.inputs_sha256 != first.inputs_sha256
    assert second.sha256 != first.sha256
    assert "Thanh tra tỉnh Trà Vinh" in words(pdftotext(second))
    assert "Thanh tra tỉnh Trà Vinh" not in words(pdftotext(first))


def test_same_document_for_another_user_is_their_own_and_ready_at_once(world, export, monkeypatch):
    first = export("bloc_roster", world.bloc_year.pk, world.users["member"])
    monkeypatch.setattr(services, "render_document", _never)

    requested = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["secretariat"]
    )

    mine = requested.report
    assert requested.sent
    assert mine.pk != first.pk
    assert mine.requested_by == world.users["secretariat"]
    assert mine.status == ReportStatus.DONE
    assert (mine.file.name, mine.sha256, mine.page_count, mine.size) == (
        first.file.name,
        first.sha256,
        first.page_count,
        first.size,
    )
    assert Report.objects.count() == 2


def test_failed_document_of_another_user_is_not_shared(world, export, monkeypatch):
    monkeypatch.setattr(services, "render_document", _raise_template_error)
    failed = export("bloc_roster", world.bloc_year.pk, world.users["member"])
    monkeypatch.undo()

    mine = export("bloc_roster", world.bloc_year.pk, world.users["secretariat"])

    assert failed.status == ReportStatus.FAILED
    assert mine.status == ReportStatus.DONE
    assert mine.file.name != ""


# --- The broker ------------------------------------------------------------------------------


def test_document_asked_for_while_the_broker_is_down_waits_and_is_sent_later(
    world, broker_down, monkeypatch
):
    requested = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    )

    assert requested.sent is False
    report = Report.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert report.dispatched_at is None

    # Asking again while it is down neither loses nor duplicates the request.
    again = services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])
    assert (again.report.pk, again.sent) == (report.pk, False)
    assert services.dispatch_pending() == 0

    monkeypatch.undo()  # the broker is back
    assert services.dispatch_pending() == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert report.dispatched_at is not None
    assert services.dispatch_pending() == 0


def test_render_whose_worker_vanished_is_sent_again(world, idle_worker):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, started_at=long_ago, dispatched_at=long_ago, attempts=1
    )

    sent = services.dispatch_pending(stale_after=datetime.timedelta(minutes=15))

    assert sent == 1
    assert idle_worker == [report.pk, report.pk]
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert report.dispatched_at > long_ago


def test_render_in_progress_and_recently_sent_jobs_are_left_alone(world, idle_worker):
    rendering = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Report.objects.filter(pk=rendering.pk).update(
        status=ReportStatus.RENDERING,
        started_at=timezone.now() - datetime.timedelta(hours=1),  # a long one
        lease_until=timezone.now() + datetime.timedelta(seconds=30),  # its worker renews it
    )
    services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["board"])

    assert services.dispatch_pending(stale_after=datetime.timedelta(minutes=15)) == 0
    assert len(idle_worker) == 2  # the two first sends, nothing more
    assert Report.objects.get(pk=rendering.pk).status == ReportStatus.RENDERING


def test_render_whose_lease_ran_out_is_sent_again_within_the_minute(world, idle_worker):
    """Its worker was killed a minute ago: nobody renews the lease; beat sends it again."""
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING,
        started_at=timezone.now() - datetime.timedelta(seconds=70),
        rendered_by="celery@gone",
        lease_until=timezone.now() - datetime.timedelta(seconds=10),
        attempts=1,
    )

    assert services.dispatch_pending() == 1

    assert idle_worker == [report.pk, report.pk]
    report.refresh_from_db()
    assert (report.status, report.lease_until) == (ReportStatus.QUEUED, None)


def test_a_render_holding_its_lease_is_not_rendered_by_a_second_delivery(
    world, idle_worker, monkeypatch
):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    lease = timezone.now() + datetime.timedelta(seconds=40)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING,
        started_at=timezone.now(),
        rendered_by="celery@busy",
        lease_until=lease,
        attempts=1,
    )
    monkeypatch.setattr(services, "render_document", _never)

    assert services.render_report(report.pk, worker="celery@other") is None

    report.refresh_from_db()
    assert (report.status, report.rendered_by, report.attempts) == (
        ReportStatus.RENDERING,
        "celery@busy",
        1,
    )


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.mark.parametrize(
    ("worker", "pid", "taken_back"),
    [
        ("celery@a", "dead", True),  # its pool process was killed: the task came back at once
        ("celery@a", "alive", False),  # another pool process of the same worker renders it
        ("celery@b", "dead", False),  # a process id of another machine means nothing here
    ],
)
def test_a_render_whose_pool_process_was_killed_is_taken_back_without_waiting_for_the_lease(
    world, idle_worker, worker, pid, taken_back
):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING,
        started_at=timezone.now(),
        rendered_by="celery@a",
        render_pid=_dead_pid() if pid == "dead" else os.getpid(),
        lease_until=timezone.now() + datetime.timedelta(seconds=50),
        attempts=1,
    )

    services.render_report(report.pk, worker=worker)

    report.refresh_from_db()
    if taken_back:
        assert (report.status, report.attempts, report.render_pid) == (
            ReportStatus.DONE,
            2,
            os.getpid(),
        )
    else:
        assert (report.status, report.attempts) == (ReportStatus.RENDERING, 1)


def test_a_render_whose_lease_ran_out_is_taken_over_and_its_late_result_dropped(
    world, idle_worker, monkeypatch
):
    """A worker stalled past its lease: another worker began again; the stalled one's PDF,
    finished later, is not saved over the new render."""
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    real_render = services.render_document

    def stalled(kind, document):
        Report.objects.filter(pk=report.pk).update(lease_until=timezone.now())
        # Meanwhile the other worker takes the render over (claims it under its own mark).
        Report.objects.filter(pk=report.pk).update(
            started_at=timezone.now() + datetime.timedelta(seconds=1),
            rendered_by="celery@b",
            lease_until=timezone.now() + datetime.timedelta(seconds=60),
        )
        return real_render(kind, document)

    monkeypatch.setattr(services, "render_document", stalled)

    services.render_report(report.pk, worker="celery@a")

    report.refresh_from_db()
    assert (report.status, report.rendered_by, report.file.name) == (
        ReportStatus.RENDERING,
        "celery@b",
        "",
    )


def test_a_worker_starting_again_takes_back_the_renders_it_had_begun(world, idle_worker):
    """Killed mid-render and started again under the same name: its earlier renders have no
    one left to finish them, even though their lease has not run out yet."""
    booted = timezone.now()
    earlier = booted - datetime.timedelta(seconds=20)
    lease = booted + datetime.timedelta(seconds=40)
    reports = {}
    for name, role, worker, started in [
        ("killed", "member", "celery@a", earlier),
        ("other_worker", "board", "celery@b", earlier),
        ("begun_since", "secretariat", "celery@a", booted + datetime.timedelta(seconds=1)),
    ]:
        reports[name] = services.request_report(
            "bloc_roster", world.bloc_year.pk, {}, world.users[role]
        ).report
        Report.objects.filter(pk=reports[name].pk).update(
            status=ReportStatus.RENDERING, started_at=started, rendered_by=worker, lease_until=lease
        )

    assert services.reclaim_renders("celery@a", started_before=booted) == 1
    assert services.dispatch_pending() == 1

    status = {name: Report.objects.get(pk=r.pk).status for name, r in reports.items()}
    assert status == {
        "killed": ReportStatus.QUEUED,
        "other_worker": ReportStatus.RENDERING,
        "begun_since": ReportStatus.RENDERING,
    }
    assert idle_worker.count(reports["killed"].pk) == 2  # asked for, then sent again


def test_lost_queued_job_is_rendered_by_dispatch_pending(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Report.objects.filter(pk=report.pk).update(
        dispatched_at=timezone.now() - datetime.timedelta(hours=1)
    )
    monkeypatch.undo()  # a worker runs again

    assert services.dispatch_pending(stale_after=datetime.timedelta(minutes=15)) == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error


def test_beat_task_dispatches_what_waits(world, broker_down, monkeypatch):
    services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])
    monkeypatch.undo()

    assert tasks.dispatch_pending_reports.apply().get() == 1
    assert Report.objects.get().status == ReportStatus.DONE


# --- Rendering -------------------------------------------------------------------------------


def test_rendering_twice_does_not_render_again(world, export, monkeypatch):
    report = export("bloc_roster", world.bloc_year.pk, world.users["member"])
    monkeypatch.setattr(services, "render_document", _never)

    assert services.render_report(report.pk) is None
    assert tasks.render_report.apply(args=(report.pk,)).get() is None

    again = Report.objects.get(pk=report.pk)
    assert (again.status, again.sha256, again.attempts) == (
        ReportStatus.DONE,
        report.sha256,
        1,
    )


def test_job_started_too_often_is_given_up(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Report.objects.filter(pk=report.pk).update(attempts=services.MAX_ATTEMPTS)
    monkeypatch.setattr(services, "render_document", _never)

    services.render_report(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "Không tạo được tài liệu sau nhiều lần thử."
    assert report.finished_at is not None


def _raise_template_error(kind, document):
    raise TemplateSyntaxError("Invalid block tag on line 3: 'endfor'")


def test_broken_template_fails_the_document_with_the_error(world, export, monkeypatch):
    monkeypatch.setattr(services, "render_document", _raise_template_error)

    failed = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert failed.status == ReportStatus.FAILED
    assert failed.error == "TemplateSyntaxError: Invalid block tag on line 3: 'endfor'"
    assert failed.file.name == ""

    monkeypatch.undo()  # the template is fixed
    retried = export("bloc_roster", world.bloc_year.pk, world.users["member"])

    assert retried.pk != failed.pk
    assert retried.status == ReportStatus.DONE, retried.error


def test_document_loading_a_forbidden_url_fails_with_the_error(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    monkeypatch.setattr(
        services,
        "render_document",
        lambda kind, document: services.render_pdf('<img src="file:///etc/passwd">'),
    )

    services.render_report(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "file:///etc/passwd" in report.error


def test_document_about_a_deleted_bloc_year_fails_with_the_reason(world, idle_worker):
    empty = BlocYearFactory(bloc=world.bloc, year=2021)
    report = services.request_report("bloc_roster", empty.pk, {}, world.users["board"]).report
    BlocYear.objects.filter(pk=empty.pk).delete()

    services.render_report(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "Đối tượng của tài liệu này không còn tồn tại."


def test_document_records_the_data_it_was_rendered_from(world, idle_worker, monkeypatch):
    """The data changed between the request and the render: the PDF and its fingerprint
    are of the new data, so the next request with the new data re-uses it."""
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    Agency.objects.filter(pk=world.member.pk).update(name="Thanh tra tỉnh Trà Vinh")

    services.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert "Thanh tra tỉnh Trà Vinh" in words(pdftotext(report))

    monkeypatch.setattr(services, "render_document", _never)
    again = services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])
    assert again.report.pk == report.pk


# --- Bad requests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year": ""}, {}, {"year": "-1"}, {"year": "3000"}, {"year": "9" * 30}],
)
def test_province_list_needs_a_year_in_range(world, params):
    """A year of -1 or of 30 digits once printed an official-looking "năm -1"."""
    with pytest.raises(ValidationError) as error:
        services.request_report("province_blocs", world.province.pk, params, world.users["board"])
    assert error.value.messages == ["Hãy chọn một năm từ 2000 đến 2100."]
    assert not Report.objects.exists()


def test_unknown_kind_of_document_is_not_found(world):
    with pytest.raises(Http404):
        services.request_report("bien_ban_hop", world.bloc_year.pk, {}, world.users["board"])


def test_outsiders_cannot_request_a_document(world):
    with pytest.raises(Http404):
        services.request_report(
            "bloc_roster", world.bloc_year.pk, {}, world.users["other_bloc_member"]
        )
    with pytest.raises(PermissionDenied):
        services.request_report(
            "province_blocs", world.province.pk, {"year": 2020}, world.users["member"]
        )
    assert not Report.objects.exists()


# --- The task --------------------------------------------------------------------------------


def test_task_retries_after_a_transient_database_error(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    real_render = services.render_report
    calls = []

    def flaky(report_id, **kwargs):
        calls.append(report_id)
        if len(calls) == 1:
            raise DatabaseOperationalError("server closed the connection unexpectedly")
        return real_render(report_id, **kwargs)

    monkeypatch.setattr(services, "render_report", flaky)

    result = tasks.render_report.apply(args=(report.pk,))

    assert result.get() == ReportStatus.DONE
    assert calls == [report.pk, report.pk]
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_a_render_interrupted_by_the_database_is_retried_at_once(world, idle_worker, monkeypatch):
    """The retry must not wait for the lease of the render the error interrupted."""
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    real_render = services.render_document
    calls = []

    def flaky(kind, document):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseOperationalError("server closed the connection unexpectedly")
        return real_render(kind, document)

    monkeypatch.setattr(services, "render_document", flaky)

    assert tasks.render_report.apply(args=(report.pk,)).get() == ReportStatus.DONE
    report.refresh_from_db()
    assert (report.status, report.attempts, len(calls)) == (ReportStatus.DONE, 2, 2)


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_worker_renders(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    monkeypatch.setattr(services, "LEASE_RENEWAL", datetime.timedelta(seconds=0.1))
    real_render = services.render_document
    leases = []

    def slow(kind, document):
        for _ in range(5):
            leases.append(Report.objects.get(pk=report.pk).lease_until)
            time.sleep(0.15)
        return real_render(kind, document)

    monkeypatch.setattr(services, "render_document", slow)

    services.render_report(report.pk)

    assert len(set(leases)) > 2  # renewed, and pushed forward each time
    assert leases == sorted(leases)
    report.refresh_from_db()
    assert (report.status, report.lease_until) == (ReportStatus.DONE, None)


def test_task_gives_up_after_its_retries(world, idle_worker, monkeypatch):
    report = services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    calls = []

    def down(report_id, **kwargs):
        calls.append(report_id)
        raise DatabaseOperationalError("could not connect to server")

    monkeypatch.setattr(services, "render_report", down)

    assert tasks.render_report.apply(args=(report.pk,)).get() is None

    assert len(calls) == tasks.MAX_RETRIES + 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "OperationalError: could not connect to server"


@pytest.mark.dispatch_on_commit
def test_document_asked_for_inside_a_transaction_is_sent_after_the_commit(
    world, idle_worker, django_capture_on_commit_callbacks
):
    # e.g. a service that signs a pledge asks for its PDF before its own transaction commits:
    # a worker must not look for a report row that is not there yet.
    with django_capture_on_commit_callbacks(execute=True):
        requested = services.request_report(
            "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
        )
        assert idle_worker == []
        assert Report.objects.get().dispatched_at is None

    assert idle_worker == [requested.report.pk]
    assert Report.objects.get().dispatched_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.dispatch_on_commit
def test_in_autocommit_asking_again_while_the_broker_is_down_says_it_is_still_down(
    world, broker_down
):
    # As in a view: no transaction around the call, so the answer is known at once.
    first = services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])
    again = services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])

    assert (first.sent, again.sent) == (False, False)
    assert again.report.pk == first.report.pk
    assert Report.objects.get().dispatched_at is None
