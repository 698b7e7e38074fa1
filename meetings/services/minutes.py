"""The minutes (biên bản, BB; NĐ 30/2020 Phụ lục III Mẫu 1.9, the Party's layout for a Party
bloc) of a meeting.

The draft is pre-filled from the meeting (time, place, chair, secretary, attendance and guests,
agenda, the score table and ranking when a round exists, at the tổng kết the election, and what
later apps add through minutes_parts, e.g. the ballot results) and the
secretariat writes the sections the meeting produced: the discussion, the conclusions, the tasks
for the rest of the year, and the closing time. Each save carries the version it was read at.

Finalising (after a confirmation) gives the bloc's next BB number of the meeting's year, freezes
everything the minutes say (Minutes.content) and queues the PDF. From then on the minutes, the
meeting's facts and its scores no longer change (`minutes_final`, which the scoring part asks
before every save). A correction is a new revision pointing at the one it corrects; finalising it
gives it its own number.

What the minutes say, their preview and their document are in minutes_content.py.

Locks: the meeting, then the minutes (province → bloc-year → pledge → meeting → assessment).
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DocumentType
from core.numbering import issue_number
from core.versioning import StaleEdit
from reports.letterheads import bloc_issuer

from ..history import MinutesAction, on_meeting
from ..models import Meeting, Minutes, ScoringRound
from .meetings import check_can_run, is_past, lock_meeting
from .minutes_content import build_content, meeting_day

logger = logging.getLogger(__name__)

SECTIONS = ("discussion", "conclusions", "tasks", "ended_at")


# --- Rules the other parts ask -------------------------------------------------------------------


def minutes_final(meeting: Meeting | int) -> bool:
    """Whether the meeting's minutes are finalised: then its ranking and scores are what the
    minutes say and no longer change (the scoring part refuses saves when this is true)."""
    meeting_id = meeting if isinstance(meeting, int) else meeting.pk
    return Minutes.objects.filter(meeting_id=meeting_id, finalised_at__isnull=False).exists()


def has_final_minutes(meeting: str = "pk") -> IsNull:
    """minutes_final() inside a query: whether the meeting at `meeting` (a path from the query's
    model) has finalised minutes, as a subquery probed meeting by meeting on the minutes'
    (meeting, revision) index. Written as EXISTS, PostgreSQL answered it with a hash of every
    province's finalised minutes, a scan of the whole table: 1.4-2 ms of a dashboard's time
    with 34 provinces."""
    final = Minutes.objects.filter(meeting=OuterRef(meeting), finalised_at__isnull=False)
    # Without Minutes' ordering, which would join each probe to the meeting's bloc-year and bloc.
    return IsNull(Subquery(final.order_by().values("pk")[:1]), False)


def finalised_meetings(meeting_ids: Iterable[int]) -> set[int]:
    """Of these meetings, those whose minutes are finalised (their scores no longer change):
    one query."""
    return set(
        Minutes.objects.filter(meeting_id__in=list(meeting_ids), finalised_at__isnull=False)
        .order_by()
        .values_list("meeting_id", flat=True)
    )


def draft(meeting: Meeting) -> Minutes | None:
    return meeting.minutes.filter(finalised_at__isnull=True).first()


def latest_final(meeting: Meeting) -> Minutes | None:
    return meeting.minutes.filter(finalised_at__isnull=False).order_by("-revision").first()


def check_can_finalise(minutes: Minutes) -> None:
    """What must be true before the minutes can be finalised (asked by the page too)."""
    if minutes.is_final:
        raise ValidationError(
            _("These minutes were finalised as %(number)s and can no longer be changed.")
            % {"number": minutes.number},
            code="final",
        )
    if not is_past(minutes.meeting):
        raise ValidationError(
            _("The meeting has not taken place yet: its minutes cannot be finalised."),
            code="not_held",
        )
    if minutes.ended_at is None:
        raise ValidationError(
            {"ended_at": _("Give the closing time before finalising the minutes.")},
            code="no_end",
        )
    starts = timezone.localtime(minutes.meeting.starts_at).time()
    if minutes.ended_at <= starts:
        message = _("The closing time must be after the start, %(time)s.") % {
            "time": f"{starts:%H:%M}"
        }
        raise ValidationError({"ended_at": message}, code="end_before_start")


# --- The draft -----------------------------------------------------------------------------------


@transaction.atomic
def start_minutes(meeting: Meeting, *, actor: Any) -> Minutes:
    """The meeting's draft: the one being written, or a first one (a meeting whose minutes are
    final gets a new draft only as a correction, `start_correction`)."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    current = draft(meeting)
    if current is not None:
        return current
    if latest_final(meeting) is not None:
        raise ValidationError(
            _("The minutes are finalised. To change them, start a correction."), code="final"
        )
    return Minutes.objects.create(meeting=meeting, revision=1)


def _lock_minutes(minutes: Minutes) -> Minutes:
    """The minutes' row locked and re-read as committed now (the meeting is locked first)."""
    current = Minutes.objects.select_for_update().filter(pk=minutes.pk).first()
    if current is None:
        raise ValidationError(_("These minutes no longer exist."), code="gone")
    current.meeting = minutes.meeting
    return current


def _sections(minutes: Minutes) -> dict[str, Any]:
    return {
        "discussion": minutes.discussion,
        "conclusions": minutes.conclusions,
        "tasks": minutes.tasks,
        "ended_at": f"{minutes.ended_at:%H:%M}" if minutes.ended_at else "",
    }


@transaction.atomic
def update_minutes(
    minutes: Minutes, expected_version: int | None, *, actor: Any, **values: Any
) -> Minutes:
    """Save the draft's sections (SECTIONS) if nobody saved it since `expected_version`."""
    meeting = minutes.meeting
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    current = _lock_minutes(minutes)
    if current.is_final:
        check_can_finalise(current)  # raises: final
    if expected_version is None or current.version != expected_version:
        raise StaleEdit
    before = _sections(current)
    for name in SECTIONS:
        if name in values:
            value = values[name]
            setattr(current, name, value if name == "ended_at" else (value or "").strip())
    current.full_clean(exclude=["meeting", "corrects"], validate_constraints=False)
    current.version += 1
    current.save()
    after = _sections(current)
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        on_meeting(
            actor,
            MinutesAction.MINUTES_EDITED,
            meeting,
            obj=current,
            subject=_subject(current),
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return current


def _subject(minutes: Minutes) -> str:
    label = _("Minutes")
    if minutes.revision > 1:
        return f"{label} – {minutes.meeting} ({_('revision')} {minutes.revision})"
    return f"{label} – {minutes.meeting}"


# --- Finalising and correcting -------------------------------------------------------------------


@transaction.atomic
def finalise_minutes(minutes: Minutes, expected_version: int | None, *, actor: Any) -> Minutes:
    """Number, freeze and queue the PDF of the draft as the user confirmed it (its version);
    a second finalisation of the same minutes is refused with the number the first gave."""
    meeting = minutes.meeting
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    current = _lock_minutes(minutes)
    if current.is_final:
        check_can_finalise(current)  # raises: already final, with its number
    if expected_version is None or current.version != expected_version:
        raise StaleEdit
    check_can_finalise(current)
    day = meeting_day(meeting)
    bloc_year = meeting.bloc_year
    issuer = bloc_issuer(bloc_year, on=day)
    number = issue_number(
        bloc_year.bloc,
        year=day.year,
        doc_type=DocumentType.MINUTES,
        symbol=issuer.symbol,
        subject=current,
    ).printed(issuer.style)
    by = getattr(actor, "pk", None)
    current.content = build_content(current, issuer, number)
    current.number = number
    current.finalised_at = timezone.now()
    current.finalised_by = actor if by else None
    current.version += 1
    current.save()
    # The agreed scores are frozen with the minutes (ScoringRound.agreed_at).
    ScoringRound.objects.filter(meeting=meeting, agreed_at__isnull=True).update(
        agreed_at=current.finalised_at
    )
    on_meeting(
        actor,
        MinutesAction.MINUTES_FINALISED,
        meeting,
        obj=current,
        subject=f"{_subject(current)} – {number}",
        after={"number": number, "dated": f"{day:%d/%m/%Y}", "revision": current.revision},
    )
    if by:
        transaction.on_commit(lambda: queue_pdf(current, actor))
    return current


def queue_pdf(minutes: Minutes, user: Any) -> None:
    """Ask the reports engine for the PDF (rendered by the worker), so that it is ready when
    someone downloads it; a broker that is down only delays it (reports.dispatch_pending)."""
    from reports.services import request_report

    try:
        request_report("meeting_minutes", minutes.pk, {}, user)
    except Exception:
        logger.warning("minutes %s: the PDF could not be queued", minutes.pk, exc_info=True)


@transaction.atomic
def start_correction(minutes: Minutes, *, actor: Any) -> Minutes:
    """A new draft revision that corrects the latest finalised minutes, starting from their
    text; the finalised minutes stay as they are."""
    meeting = minutes.meeting
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    current = _lock_minutes(minutes)
    if not current.is_final:
        raise ValidationError(_("These minutes are a draft: edit them instead."), code="draft")
    if draft(meeting) is not None:
        raise ValidationError(_("A correction of these minutes is already being written."))
    latest = latest_final(meeting)
    if latest is None or latest.pk != current.pk:
        raise ValidationError(_("Only the latest minutes can be corrected."), code="not_latest")
    try:
        with transaction.atomic():
            correction = Minutes.objects.create(
                meeting=meeting,
                revision=current.revision + 1,
                corrects=current,
                discussion=current.discussion,
                conclusions=current.conclusions,
                tasks=current.tasks,
                ended_at=current.ended_at,
            )
    except IntegrityError:
        raise ValidationError(
            _("A correction of these minutes is already being written.")
        ) from None
    on_meeting(
        actor,
        MinutesAction.MINUTES_CORRECTION,
        meeting,
        obj=correction,
        subject=_subject(correction),
        after={"revision": correction.revision, "number": current.number},
    )
    return correction
