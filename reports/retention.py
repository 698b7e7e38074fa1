"""How long documents are kept (Celery beat, daily: reports/housekeeping.py).

- A render of a kind that `expires` (lists re-made from live data) is deleted, file and row,
  once it is older than REPORT_RETENTION_DAYS and superseded: a newer finished render of the same
  kind, subject and parameters exists, with another file. Every other kind (numbered documents,
  the pledge whose printed copies are verified by their SHA-256) keeps every render.
- A failed request's row is deleted after the same time (it has no file).
- Never a report that another record points at (a dossier's file is a Report, PROTECT): any
  foreign key to Report keeps it, whatever app it is in, and so does a number of the register
  (core.DocumentNumber) given to the report itself.

Rows are deleted in batches, each in its own transaction; a file goes once its transaction has
committed and no remaining row shares it (an identical request shares the file of the render it
re-used): the rule for every deleted Report (core/stored_files.py, ReportsConfig.ready), which
this module counts but does not repeat.
"""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, ForeignObjectRel, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from core.models import DocumentNumber

from .kinds import all_kinds
from .models import Report, ReportStatus

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class Removed:
    superseded: int = 0
    failed: int = 0
    files: int = 0


def _referenced() -> Q:
    """Reports some other row points at: kept, whatever the retention."""
    kept = Q()
    # Hidden ones too: a foreign key without a reverse name (related_name="+") still protects.
    relations = [
        field
        for field in Report._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]
    for relation in relations:
        column = relation.field.attname
        model = cast(type[Model], relation.related_model)
        pointing = model._base_manager.filter(**{f"{column}__isnull": False})
        kept |= Q(pk__in=pointing.values(column))
    # A number of the register given to a document itself (generic, so no foreign key says it).
    numbered = DocumentNumber.objects.filter(subject_type=ContentType.objects.get_for_model(Report))
    return kept | Q(pk__in=numbered.values("subject_id"))


def expiring_kinds() -> list[str]:
    return [kind.key for kind in all_kinds() if kind.expires]


def expired(
    now: datetime.datetime | None = None,
) -> tuple[Sequence[QuerySet[Report]], QuerySet[Report]]:
    """(superseded renders past the retention, one query per kind that expires; failed requests
    past the retention).

    One kind per query: with `kind` equal to one value the index report_retention (status, kind,
    created_at) gives the rows oldest first, so a batch stops reading at its end, however many
    old renders wait (a first run) or however few (every other night).
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.REPORT_RETENTION_DAYS)
    newer = Report.objects.filter(
        kind=OuterRef("kind"),
        subject_id=OuterRef("subject_id"),
        params=OuterRef("params"),
        status=ReportStatus.DONE,
        created_at__gt=OuterRef("created_at"),
    ).exclude(file=OuterRef("file"))
    old = Report.objects.filter(created_at__lt=cutoff).exclude(_referenced())
    superseded = [
        old.filter(status=ReportStatus.DONE, kind=key).filter(Exists(newer))
        for key in expiring_kinds()
    ]
    failed = old.filter(status=ReportStatus.FAILED)
    return superseded, failed


def delete_expired(now: datetime.datetime | None = None, *, batch: int = BATCH) -> Removed:
    superseded, failed = expired(now)
    counts = {"superseded": 0, "failed": 0, "files": 0}
    groups = [("superseded", of_kind) for of_kind in superseded]
    for name, candidates in [*groups, ("failed", failed)]:
        while True:
            deleted, files = _delete_batch(candidates, batch)
            if not deleted:
                break
            counts[name] += deleted
            counts["files"] += files
    if any(counts.values()):
        logger.info("documents past their retention deleted: %s", counts)
    return Removed(**counts)


def next_batch(candidates: QuerySet[Report], batch: int) -> QuerySet[Report, tuple[int, str]]:
    """The batch's rows, oldest first in the order of the index report_retention (migration
    0005), locked (a concurrent run skips them). Inside a transaction."""
    return (
        candidates.order_by("kind", "created_at")
        .select_for_update(skip_locked=True)
        .values_list("pk", "file")[:batch]
    )


def _delete_batch(candidates: QuerySet[Report], batch: int) -> tuple[int, int]:
    with transaction.atomic():
        rows = list(next_batch(candidates, batch))
        if not rows:
            return 0, 0
        Report.objects.filter(pk__in=[pk for pk, _file in rows]).delete()
        names = {name for _pk, name in rows if name}
        # A file still shared by a remaining report (a re-used render) stays; the others go
        # after commit, through Report's post_delete (core/stored_files.py).
        shared = set(Report.objects.filter(file__in=names).values_list("file", flat=True))
    return len(rows), len(names - shared)
