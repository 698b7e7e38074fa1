"""The review report (báo cáo sơ kết / tổng kết, BC): results, shortcomings and tasks written by
the secretariat, with figures drawn from the attendance and the scores (how many came, the
ranking, the bands, the leading unit), issued with a number from the register and then frozen.

Amounts typed in the texts ("153135000 đồng") are printed the Vietnamese way ("153.135.000
đồng", core.numbers). The report is dated the day of its meeting and signed "TM. <bloc>" by the
head agency, as the invitation is.
"""

import dataclasses
import datetime
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DocumentType
from core.numbering import issue_number
from core.numbers import decimal_number, money
from core.versioning import StaleEdit
from reports.kinds import Document, Signer
from reports.letterheads import Issuer, bloc_issuer

from ..history import MinutesAction, on_meeting
from ..models import Meeting, MeetingKind, Presence, ReviewReport, ScoringRound
from ..wording import document_name
from .invitations import bloc_signer
from .meetings import check_can_run, lock_meeting, members
from .ranking import rank_round

FORMAT = 1
TEXTS = ("results", "shortcomings", "tasks")
# "153135000 đồng", "153.135.000 đồng", "1 500 000 đ": an amount in đồng as people type it.
AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[. ]\d{3})+|\d+)\s*(đồng|đ)(?!\w)")


def with_money(text: str) -> str:
    """The text with its amounts in đồng written the Vietnamese way."""
    return AMOUNT.sub(lambda m: money(int(re.sub(r"[. ]", "", m.group(1)))), text)


def current(meeting: Meeting) -> ReviewReport | None:
    return ReviewReport.objects.filter(meeting=meeting).first()


def check_can_issue(meeting: Meeting, report: ReviewReport | None) -> None:
    if meeting.kind == MeetingKind.OTHER:
        raise ValidationError(_("Only a six-month or year-end review has a review report."))
    if report is not None and report.issued_at is not None:
        raise ValidationError(
            _("The review report was issued as %(number)s and can no longer be changed.")
            % {"number": report.number},
            code="final",
        )
    if report is None or not report.results.strip():
        raise ValidationError(
            {"results": _("Write the results before issuing the report.")}, code="empty"
        )


# --- The figures ---------------------------------------------------------------------------------


def figures(meeting: Meeting) -> dict[str, Any]:
    """What the attendance and the scores say, for the report (plain data)."""
    year = meeting.bloc_year.year
    agencies = members(meeting.bloc_year)
    names = {agency.pk: agency.name_in(year) for agency in agencies}
    came = meeting.attendance.filter(presence__in=[Presence.PRESENT, Presence.REPRESENTED]).count()
    result: dict[str, Any] = {
        "members": len(agencies),
        "came": came,
        "guests": meeting.guests.filter(present=True).count(),
        "scored": 0,
        "ranking": [],
        "bands": [],
        "average": "",
        "leading": "",
    }
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("pledge").first()
    if scoring is None:
        return result
    ranking = rank_round(scoring)
    rows = ranking.rows
    if not rows:
        return result
    extra = {
        a.agency_id: a.agency.name_in(year)
        for a in scoring.assessments.select_related("agency")
        if a.agency_id not in names
    }
    names.update(extra)
    totals = [row.totals.total for row in rows]
    bands = Counter(row.band for row in rows if row.band)
    result.update(
        scored=len(rows),
        standard_max=decimal_number(ranking.standard_max),
        average=decimal_number(sum(totals, Decimal(0)) / len(totals)),
        highest=decimal_number(max(totals)),
        lowest=decimal_number(min(totals)),
        ranking=[
            {
                "rank": f"{row.rank}{' (đồng hạng)' if row.tied else ''}",
                "name": names.get(row.totals.agency_id, ""),
                "total": decimal_number(row.totals.total),
                "band": row.band,
            }
            for row in rows
        ],
        bands=[{"band": band, "count": count} for band, count in bands.items()],
        leading=names.get(ranking.leading, "") if ranking.leading else "",
    )
    return result


# --- Writing and issuing -------------------------------------------------------------------------


def _lock_report(meeting: Meeting) -> ReviewReport | None:
    return ReviewReport.objects.select_for_update().filter(meeting=meeting).first()


@transaction.atomic
def save_report(
    meeting: Meeting, expected_version: int | None, *, actor: Any, **texts: str
) -> ReviewReport:
    """Create or change the report's texts, if nobody saved it since `expected_version`."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    report = _lock_report(meeting)
    if report is not None and report.issued_at is not None:
        check_can_issue(meeting, report)  # raises: issued
    if meeting.kind == MeetingKind.OTHER:
        check_can_issue(meeting, report)  # raises: not a review
    version = report.version if report is not None else 0
    if expected_version is None or expected_version != version:
        raise StaleEdit
    before = {name: getattr(report, name) if report else "" for name in TEXTS}
    if report is None:
        report = ReviewReport(meeting=meeting)
    for name in TEXTS:
        if name in texts:
            setattr(report, name, (texts[name] or "").strip())
    report.version = version + 1
    report.save()
    after = {name: getattr(report, name) for name in TEXTS}
    changed = [name for name in TEXTS if before[name] != after[name]]
    if changed:
        on_meeting(
            actor,
            MinutesAction.REPORT_EDITED,
            meeting,
            obj=report,
            subject=f"{_('Review report')} – {meeting}",
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return report


def build_content(meeting: Meeting, report: ReviewReport, issuer: Issuer, number: str) -> dict:
    bloc_year = meeting.bloc_year
    bloc_name = bloc_year.bloc.name_in(bloc_year.year)
    day = timezone.localtime(meeting.starts_at).date()
    name = document_name(meeting)
    kind_word = "tổng kết" if meeting.kind == MeetingKind.YEAREND else "sơ kết"
    period = (
        f"năm {bloc_year.year}"
        if meeting.kind == MeetingKind.YEAREND
        else f"6 tháng đầu năm {bloc_year.year}"
    )
    overseer = bloc_year.overseer
    return {
        "format": FORMAT,
        "issuer": issuer.frozen(),
        "number": number,
        "dated": day.isoformat(),
        "bloc": bloc_name,
        "name": name,
        "summary": f"{kind_word.capitalize()} công tác thi đua, khen thưởng {period}",
        "figures": figures(meeting),
        "results": _paragraphs(with_money(report.results)),
        "shortcomings": _paragraphs(with_money(report.shortcomings)),
        "tasks": _paragraphs(with_money(report.tasks)),
        "signer": bloc_signer(meeting, bloc_name),
        "recipients": [
            "Ban Thi đua - Khen thưởng tỉnh",
            *(
                [f"Đồng chí {overseer.full_name} (chỉ đạo {bloc_year.bloc.terms.vi.noun})"]
                if overseer
                else []
            ),
            f"Các đơn vị thành viên {bloc_name}",
            "Lưu: VT",
        ],
    }


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@transaction.atomic
def issue_report(meeting: Meeting, expected_version: int | None, *, actor: Any) -> ReviewReport:
    """Number and freeze the report as the user confirmed it (its version)."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    report = _lock_report(meeting)
    check_can_issue(meeting, report)
    if report is None or expected_version is None or report.version != expected_version:
        raise StaleEdit
    day = timezone.localtime(meeting.starts_at).date()
    issuer = bloc_issuer(meeting.bloc_year, on=day)
    number = issue_number(
        meeting.bloc_year.bloc,
        year=day.year,
        doc_type=DocumentType.REPORT,
        symbol=issuer.symbol,
        subject=report,
    ).printed(issuer.style)
    report.content = build_content(meeting, report, issuer, number)
    report.number = number
    report.issued_at = timezone.now()
    report.version += 1
    report.save()
    on_meeting(
        actor,
        MinutesAction.REPORT_ISSUED,
        meeting,
        obj=report,
        subject=f"{_('Review report')} – {meeting} – {number}",
        after={"number": number, "dated": f"{day:%d/%m/%Y}"},
    )
    return report


def document(report: ReviewReport) -> Document:
    content = report.content or {}
    issuer = Issuer.from_frozen(content["issuer"])
    dated = datetime.date.fromisoformat(content["dated"])
    letterhead = dataclasses.replace(issuer.letterhead(dated), number=content["number"])
    signer = Signer(**content["signer"]) if content.get("signer") else None
    return Document(
        letterhead=letterhead,
        doc_type="Báo cáo",
        summary=content["summary"],
        title=f"Báo cáo {content['summary'].lower()} - {content['bloc']}",
        body=content,
        signer=signer,
        recipients=tuple(content["recipients"]),
    )
