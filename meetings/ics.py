"""A meeting as a calendar file (.ics, RFC 5545), attached to the invitation e-mail.

One VEVENT with a UID that stays the same for the meeting, so that the file of an invitation
sent again after a change (a higher SEQUENCE) updates the event already in a calendar instead of
adding a second one. The start is given in Asia/Ho_Chi_Minh with its VTIMEZONE (UTC+7 all year,
no daylight saving). METHOD:PUBLISH: the file is for importing, not an iTIP request needing an
organiser and replies.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//Khoi thi dua//Hoi nghi khoi//VI"

# The model records no end time; a bloc's review conference takes a morning or an afternoon.
DEFAULT_DURATION = datetime.timedelta(hours=4)


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    starts_at: datetime.datetime  # aware
    summary: str
    location: str
    description: str
    stamp: datetime.datetime  # aware: when this version of the event was issued
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (§3.1), never inside a UTF-8 character: each
    continuation starts with a space."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


def calendar_file(event: Event) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART;TZID={TZID}:{_local(event.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(event.starts_at + DEFAULT_DURATION)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(event.description)}",
    ]
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
