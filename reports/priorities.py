"""Which documents are rendered first, and from which queue (services.dispatch sends them).

Short documents go first: a one-page roster must not wait behind twenty 38-page lists (issue 14).
Two means, both needed:

- Priorities. On Redis, kombu keeps one list per priority step of a queue and a worker's BRPOP
  asks them in step order, 0 first, across all its queues; with prefetch 1 and acks_late a
  worker holds no message besides the one it renders. So a short document waits at most for the
  render in progress that ends first, however many long ones are queued; but that render may be
  a 38-page list, 5 to 15 s on a shared 2-core machine (bench/documents.py). (A queue of short
  documents alone would not do either: kombu rotates a worker's queues after each message, so
  that a worker on both alternates, and the tenth short document would wait for nine long ones.)
- A lane. Short documents (priority 0) go to REPORTS_SHORT_QUEUE when it is set; every documents
  worker takes it with REPORTS_QUEUE, and compose's documents-short worker takes only it: it is
  never in the middle of a long render, so a short document waits for a short one at most.

Fair between provinces: a province that already has PROVINCE_SHARE documents waiting sends its
next ones, short ones apart, at OVER_SHARE_PRIORITY, behind every other province's documents of
any length; so a province asking for fifty lists at once does not make another province's one
list wait for all fifty. Short documents are never put back: they are quick, and have their lane.

The steps are CELERY_BROKER_TRANSPORT_OPTIONS' priority_steps; messages without a priority
(e-mails, the heartbeat) are 0. The filesystem broker (make run) ignores priorities: one worker,
first come, first served. A document's length is kinds.estimated_rows, recorded on its Report
when it is asked for, so that a document sent again (services.dispatch_pending) keeps its place.
"""

from django.conf import settings

# (rows up to, priority), shortest first; longer (or unknown) documents get LONG_DOCUMENT_PRIORITY.
DOCUMENT_PRIORITIES = ((60, 0), (300, 3), (600, 6))  # 60 rows: about two pages
SHORT_DOCUMENT_PRIORITY = 0
LONG_DOCUMENT_PRIORITY = 8
# Documents waiting (sent, not yet taken) beyond which a province's next ones go last.
PROVINCE_SHARE = 10
OVER_SHARE_PRIORITY = 9
# CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"]: one Redis list per step.
PRIORITY_STEPS = [0, 3, 6, LONG_DOCUMENT_PRIORITY, OVER_SHARE_PRIORITY]


def document_priority(rows: int | None, *, waiting_in_province: int = 0) -> int:
    """The Celery priority of a document of `rows` rows whose province has `waiting_in_province`
    other documents waiting: lower is sooner."""
    if rows is not None and rows <= DOCUMENT_PRIORITIES[0][0]:
        return SHORT_DOCUMENT_PRIORITY
    if waiting_in_province >= PROVINCE_SHARE:
        return OVER_SHARE_PRIORITY
    if rows is not None:
        for most, priority in DOCUMENT_PRIORITIES:
            if rows <= most:
                return priority
    return LONG_DOCUMENT_PRIORITY


def document_queue(priority: int) -> str:
    """Short documents' lane when there is one (REPORTS_SHORT_QUEUE), else REPORTS_QUEUE."""
    if priority == SHORT_DOCUMENT_PRIORITY and settings.REPORTS_SHORT_QUEUE:
        return settings.REPORTS_SHORT_QUEUE
    return settings.REPORTS_QUEUE
