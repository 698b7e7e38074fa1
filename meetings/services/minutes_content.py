"""What the minutes say (services/minutes.py): the content built from the meeting, its round,
its election and the later apps' parts (frozen when finalised, previewed while a draft), and
the document the reports engine renders from the frozen content."""

import dataclasses
import datetime
from typing import Any

from django.utils import timezone

from reports.documents import role_name
from reports.kinds import Document
from reports.letterheads import Issuer, bloc_issuer
from reports.vietnamese import document_date

from .. import minutes_parts
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
from .meetings import members
from .score_table import compact_rows, ranking_for, table_for

FORMAT = 1


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
