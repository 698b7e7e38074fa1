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

Locks: the meeting, then the minutes (province → bloc-year → pledge → meeting → assessment).
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DocumentType
from core.numbering import issue_number
from core.versioning import StaleEdit
from reports.documents import role_name
from reports.kinds import Document
from reports.letterheads import Issuer, bloc_issuer
from reports.vietnamese import document_date

from .. import minutes_parts
from ..history import MinutesAction, on_meeting
from ..models import (
    Election,
    ElectionMethod,
    Meeting,
    MeetingKind,
    Minutes,
    Presence,
    ScoringRound,
)
from ..wording import document_name, time_and_day
from .meetings import _lock, check_can_run, is_past, members
from .score_table import compact_rows, ranking_for, table_for

logger = logging.getLogger(__name__)

FORMAT = 1
SECTIONS = ("discussion", "conclusions", "tasks", "ended_at")


# --- Rules the other parts ask -------------------------------------------------------------------


def minutes_final(meeting: Meeting | int) -> bool:
    """Whether the meeting's minutes are finalised: then its ranking and scores are what the
    minutes say and no longer change (the scoring part refuses saves when this is true)."""
    meeting_id = meeting if isinstance(meeting, int) else meeting.pk
    return Minutes.objects.filter(meeting_id=meeting_id, finalised_at__isnull=False).exists()


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
    _lock(meeting)
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
    _lock(meeting)
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


# --- What the minutes say ------------------------------------------------------------------------


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _attendance(meeting: Meeting, year: int) -> dict[str, Any]:
    rows = {row.agency_id: row for row in meeting.attendance.all()}
    agencies = members(meeting.bloc_year)
    lines = []
    came = 0
    for agency in agencies:
        row = rows.get(agency.pk)
        name = agency.name_in(year)
        if row is None:
            lines.append({"name": name, "presence": "", "text": name})
            continue
        if row.presence in (Presence.PRESENT, Presence.REPRESENTED):
            came += 1
            who = ", ".join(p for p in (row.attendee_name, row.attendee_title) if p)
            word = "dự" if row.presence == Presence.PRESENT else "dự thay"
            text = f"{name}: {who} {word}" if who else name
        else:
            text = f"{name}: vắng mặt ({row.reason})"
        lines.append({"name": name, "presence": row.presence, "text": text})
    return {"lines": lines, "came": came, "members": len(agencies)}


def _election(meeting: Meeting, year: int) -> dict[str, Any] | None:
    election = (
        Election.objects.filter(meeting=meeting).select_related("head", "deputy").first()
        if meeting.kind == MeetingKind.YEAREND
        else None
    )
    if election is None:
        return None
    words = meeting.bloc_year.bloc.terms.vi
    votes = election.votes or {}
    head_votes = (votes.get("head") or {}).get(str(election.head_id))
    deputy_votes = (votes.get("deputy") or {}).get(str(election.deputy_id))
    return {
        "method": "luân phiên" if election.method == ElectionMethod.ROTATION else "suy tôn",
        "year": year + 1,
        "head": election.head.name_in(year),
        "deputy": election.deputy.name_in(year),
        "head_title": role_name(words, "head"),
        "deputy_title": role_name(words, "deputy"),
        "head_votes": head_votes,
        "deputy_votes": deputy_votes,
        "voters": votes.get("voters"),
    }


def build_content(
    minutes: Minutes,
    issuer: Issuer,
    number: str,
    *,
    finalised_by: str = "",
    with_table: bool = True,
) -> dict[str, Any]:
    """Everything the minutes say, as plain data (frozen when finalised; the page previews a
    draft from the same function, `with_table=False`: the page shows the ranking, not the score
    table of every criterion and agency that only the PDF's annex prints)."""
    meeting = minutes.meeting
    bloc_year = meeting.bloc_year
    year = bloc_year.year
    bloc_name = bloc_year.bloc.name_in(year)
    day = meeting_day(meeting)
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    table: dict[str, Any] | None = None
    ranked: dict[str, Any] | None = None  # the table, or its agencies' totals and ranks only
    if scoring is not None:
        scoring.meeting = meeting  # with its bloc-year and bloc, as the caller read them
        if with_table:
            ranked = table = table_for(scoring)
        else:
            ranked = ranking_for(scoring)
    guests = [
        ", ".join(p for p in (g.name, g.title, g.organisation) if p)
        for g in meeting.guests.all()
        if g.present
    ]
    overseer = bloc_year.overseer
    corrects = minutes.corrects
    ranking = (
        [
            {"rank": a["rank"], "name": a["name"], "total": a["total"], "band": a["band"]}
            for a in ranked["agencies"]
        ]
        if ranked
        else []
    )
    return {
        "format": FORMAT,
        "issuer": issuer.frozen(),
        "number": number,
        "dated": day.isoformat(),
        "bloc": bloc_name,
        "name": document_name(meeting),
        "kind": meeting.kind,
        "time": time_and_day(meeting.starts_at),
        "place": meeting.place,
        "host": meeting.host.name_in(year) if meeting.host else "",
        "chair": (
            {"name": meeting.chair.full_name, "title": meeting.chair.title}
            if meeting.chair
            else {"name": "", "title": ""}
        ),
        "secretary": {"name": meeting.secretary_name, "title": meeting.secretary_title},
        "overseer": f"{overseer.full_name}, {overseer.title}" if overseer else "",
        "guests": guests,
        "attendance": _attendance(meeting, year),
        "agenda": meeting.agenda_items,
        "table": table,
        "ranking": ranking,
        "leading": ranked["leading"] if ranked else "",
        "election": _election(meeting, year),
        # f2: what later apps add (minutes_parts: e.g. the ballot results), frozen with the rest.
        "parts": minutes_parts.parts(meeting),
        "discussion": _paragraphs(minutes.discussion),
        "conclusions": _paragraphs(minutes.conclusions),
        "tasks": _paragraphs(minutes.tasks),
        "ended_at": (
            f"{minutes.ended_at:%H} giờ {minutes.ended_at:%M}, {document_date(day)}"
            if minutes.ended_at
            else ""
        ),
        "revision": minutes.revision,
        "corrects": (
            {"number": corrects.number, "dated": f"{meeting_day(meeting):%d/%m/%Y}"}
            if corrects is not None
            else None
        ),
        "finalised_by": finalised_by,
    }


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def preview(minutes: Minutes) -> dict[str, Any]:
    """The draft as it would be finalised now, without a number and without the score table
    (its "table" is None; its ranking is the table's)."""
    issuer = bloc_issuer(minutes.meeting.bloc_year, on=meeting_day(minutes.meeting))
    return build_content(minutes, issuer, "", with_table=False)


def document(minutes: Minutes) -> Document:
    """The biên bản as the reports engine renders it, from the frozen content only."""
    content = minutes.content or {}
    issuer = Issuer.from_frozen(content["issuer"])
    dated = datetime.date.fromisoformat(content["dated"])
    letterhead = dataclasses.replace(issuer.letterhead(dated), number=content["number"])
    return Document(
        letterhead=letterhead,
        doc_type="Biên bản",
        summary=content["name"],
        title=f"Biên bản {content['name']} - {content['bloc']}",
        body={
            **content,
            # The annex: the points that count, every agency across one landscape table (the
            # score table document has self, checked and agreed apart).
            "compact": compact_rows(content["table"]) if content.get("table") else [],
            "annex_note": f"(Kèm theo Biên bản {content['number']})",
        },
        signer=None,  # two columns, THƯ KÝ and CHỦ TỌA: the template's own signatures block
        recipients=(),
    )


# --- Finalising and correcting -------------------------------------------------------------------


@transaction.atomic
def finalise_minutes(minutes: Minutes, expected_version: int | None, *, actor: Any) -> Minutes:
    """Number, freeze and queue the PDF of the draft as the user confirmed it (its version);
    a second finalisation of the same minutes is refused with the number the first gave."""
    meeting = minutes.meeting
    check_can_run(actor, meeting)
    _lock(meeting)
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
    _lock(meeting)
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
