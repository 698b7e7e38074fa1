"""How official documents and e-mails name a meeting and its time: always in Vietnamese, whatever
the reader's language (documents are official records, as in reports.documents)."""

import datetime

from django.utils import timezone

from reports.vietnamese import document_date

from .models import Meeting, MeetingKind

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def document_name(meeting: Meeting) -> str:
    """ "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020" """
    year = meeting.bloc_year.year
    if meeting.kind == MeetingKind.MIDYEAR:
        return f"Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}"
    if meeting.kind == MeetingKind.YEAREND:
        return f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}"
    return meeting.title or f"Cuộc họp {meeting.bloc_year.bloc.terms.vi.noun}"


def time_and_day(moment: datetime.datetime) -> str:
    """ "08 giờ 00, thứ Hai, ngày 10 tháng 8 năm 2020" (local time)"""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M}, {WEEKDAYS[local.weekday()]}, {document_date(local.date())}"


def short_time(moment: datetime.datetime) -> str:
    """ "08:00 ngày 10/08/2020" """
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"
