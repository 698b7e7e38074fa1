"""Short documents go ahead of long ones (reports/priorities.py): a document's length in rows is
estimated when it is requested (kinds.estimated_rows) and sent as the task's Celery priority,
which Redis serves lowest first, and short ones to their own lane when there is one.
tests/test_worker.py shows real workers taking a short document before long ones queued earlier,
and the lane rendering one while the other worker is in the middle of a long list."""

from typing import Any

import pytest

from blocs.models import Agency, Membership
from reports import priorities, services, tasks
from reports.kinds import estimated_rows, get_kind
from reports.models import Report

# Member rows of a province's list long enough to go last: about 26 pages.
LONG_LIST_MEMBERS = 700


@pytest.fixture
def sent(monkeypatch) -> list[dict[str, Any]]:
    """What the broker was given for each render: the options the task was published with."""
    published: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.render_report,
        "apply_async",
        lambda args, **options: published.append({"report": args[0], **options}),
    )
    return published


def request(kind: str, subject_id: int, user: Any, capture, **params: Any) -> Report:
    with capture(execute=True):
        report = services.request_report(kind, subject_id, params, user).report
    report.refresh_from_db()
    return report


def long_province_list(world) -> None:
    """The world's bloc-year with LONG_LIST_MEMBERS more members."""
    agencies = Agency.objects.bulk_create(
        Agency(province=world.province, name=f"Sở Thử nghiệm {n:03d}", short_name=f"STN{n}")
        for n in range(LONG_LIST_MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(bloc_year=world.bloc_year, agency=agency, year=world.bloc_year.year)
        for agency in agencies
    )


def test_a_one_page_roster_is_sent_ahead_of_long_documents(
    world, sent, django_capture_on_commit_callbacks
):
    roster = request(
        "bloc_roster", world.bloc_year.pk, world.users["board"], django_capture_on_commit_callbacks
    )

    assert roster.estimated_rows < 10
    (message,) = sent
    assert message["report"] == roster.pk
    assert message["priority"] == 0  # the first one served


def test_a_long_list_waits_behind_short_documents(world, sent, django_capture_on_commit_callbacks):
    long_province_list(world)

    listing = request(
        "province_blocs",
        world.province.pk,
        world.users["board"],
        django_capture_on_commit_callbacks,
        year=world.bloc_year.year,
    )

    assert listing.estimated_rows > LONG_LIST_MEMBERS
    (message,) = sent
    assert message["priority"] == priorities.LONG_DOCUMENT_PRIORITY == 8


def test_a_document_sent_again_keeps_its_place(world, broker_down, monkeypatch):
    """Asked for while the broker was down: beat's dispatch_pending sends it later with the
    priority of its length, kept on the row."""
    long_province_list(world)
    listing = services.request_report(
        "province_blocs", world.province.pk, {"year": 2020}, world.users["board"]
    ).report
    published: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.render_report, "apply_async", lambda args, **options: published.append(options)
    )

    assert services.dispatch_pending() == 1

    assert published[0]["priority"] == priorities.LONG_DOCUMENT_PRIORITY
    listing.refresh_from_db()
    assert listing.dispatched_at is not None


def test_short_documents_take_their_lane_when_there_is_one(
    world, sent, settings, django_capture_on_commit_callbacks
):
    """Compose: REPORTS_SHORT_QUEUE, which one worker takes alone; long lists stay on
    REPORTS_QUEUE."""
    settings.REPORTS_QUEUE, settings.REPORTS_SHORT_QUEUE = "documents", "documents-short"
    long_province_list(world)
    board = world.users["board"]

    roster = world.other_membership.bloc_year  # a bloc of one member
    request("bloc_roster", roster.pk, board, django_capture_on_commit_callbacks)
    request(
        "province_blocs", world.province.pk, board, django_capture_on_commit_callbacks, year=2020
    )

    assert [(m["queue"], m["priority"]) for m in sent] == [
        ("documents-short", 0),
        ("documents", priorities.LONG_DOCUMENT_PRIORITY),
    ]


def test_without_a_lane_every_document_goes_to_the_documents_queue(
    world, sent, settings, django_capture_on_commit_callbacks
):
    """make run: one worker takes REPORTS_QUEUE (the default queue), short documents too."""
    settings.REPORTS_SHORT_QUEUE = ""

    request(
        "bloc_roster", world.bloc_year.pk, world.users["board"], django_capture_on_commit_callbacks
    )

    assert [m["queue"] for m in sent] == [settings.REPORTS_QUEUE] == ["celery"]


@pytest.mark.parametrize(
    ("rows", "priority"),
    [(0, 0), (60, 0), (61, 3), (300, 3), (301, 6), (600, 6), (601, 8), (5000, 8), (None, 8)],
)
def test_priority_grows_with_the_length_of_the_document(rows, priority):
    assert priorities.document_priority(rows) == priority


@pytest.mark.parametrize(("rows", "priority"), [(60, 0), (61, 9), (600, 9), (5000, 9), (None, 9)])
def test_a_province_over_its_share_of_the_queue_goes_last_short_documents_apart(rows, priority):
    waiting = priorities.PROVINCE_SHARE

    assert priorities.document_priority(rows, waiting_in_province=waiting) == priority
    assert priorities.document_priority(rows, waiting_in_province=waiting - 1) <= 8


def test_one_province_asking_for_many_lists_does_not_hold_back_another_provinces_list(world, sent):
    """Fair between provinces: past PROVINCE_SHARE documents waiting, a province's next long
    documents are sent behind every other province's; its short ones are not."""
    from tests.factories import BoardStaffFactory

    def waiting_report(province, user, rows: int) -> Report:
        report = Report.objects.create(
            kind="province_blocs",
            subject_id=province.pk,
            title="Danh sách",
            province=province,
            requested_by=user,
            inputs_sha256="0" * 64,
            estimated_rows=rows,
        )
        services.dispatch(report)
        return report

    board = world.users["board"]
    for _ in range(priorities.PROVINCE_SHARE):
        waiting_report(world.province, board, 5000)
    waiting_report(world.province, board, 5000)
    waiting_report(world.province, board, 10)
    other_board = BoardStaffFactory()
    waiting_report(other_board.province, other_board, 5000)

    *shared, over_share, short, the_other = [m["priority"] for m in sent]
    assert set(shared) == {priorities.LONG_DOCUMENT_PRIORITY}
    assert over_share == priorities.OVER_SHARE_PRIORITY
    assert short == priorities.SHORT_DOCUMENT_PRIORITY
    assert the_other == priorities.LONG_DOCUMENT_PRIORITY


def test_the_priority_steps_are_the_brokers(settings):
    steps = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("priority_steps")

    assert steps in (None, priorities.PRIORITY_STEPS)  # None: the filesystem broker


def test_every_list_in_the_body_counts_its_items(world):
    kind = get_kind("bloc_roster")
    document = kind.build(world.bloc_year, {})

    # Three members, each a row; no other list in a roster's body.
    assert len(document.body["members"]) == 3
    assert estimated_rows(document) == 3


@pytest.mark.parametrize(
    ("queues", "renders"),
    [
        (["celery"], False),  # compose's general worker
        (["documents-short", "documents"], True),
        (["documents-short"], True),
        (["documents"], True),
    ],
)
def test_only_workers_on_the_documents_queues_load_the_renderer(
    settings, monkeypatch, queues, renders
):
    from celery import current_app

    settings.REPORTS_QUEUE, settings.REPORTS_SHORT_QUEUE = "documents", "documents-short"
    monkeypatch.setattr(current_app.amqp.queues, "_consume_from", dict.fromkeys(queues))
    warmed: list[bool] = []
    monkeypatch.setattr(services, "warm_up", lambda: warmed.append(True))

    tasks.warm_up_pool_process()

    assert warmed == ([True] if renders else [])


def test_make_runs_one_worker_loads_the_renderer(settings):
    """No lane, documents on the default queue, which make run's worker takes."""
    settings.REPORTS_SHORT_QUEUE = ""

    assert tasks.takes_documents(["celery"])
