"""The ballot results in the tổng kết minutes (issue 13 §2: "the tổng kết minutes include" the
biên bản kiểm phiếu), through meetings' minutes_parts registry (AwardsConfig.ready()): one part
per closed ballot of the meeting, in the order of its rounds, with the count record's number,
the ballots issued, returned and valid, and per candidate and award the yes votes and whether it
passed or was refused, with the reason and the rule cited. Open or draft ballots say nothing
(their results are not known yet). The minutes freeze the text when they are finalised."""

from django.utils import translation

from core.numbers import decimal_number
from meetings.minutes_parts import Part
from meetings.models import Meeting

from .models import Ballot, BallotStatus
from .services.ballots import line_result


def ballot_results(meeting: Meeting) -> list[Part]:
    ballots = list(
        Ballot.objects.filter(meeting=meeting, status=BallotStatus.CLOSED).order_by("sequence")
    )
    if not ballots:
        return []
    year = meeting.bloc_year.year
    parts = []
    with translation.override("vi"):
        for ballot in ballots:
            lines = ballot.lines.select_related("agency", "award_type").order_by("position", "pk")
            title = f"Kết quả bỏ phiếu kín bình xét đề nghị khen thưởng (lần {ballot.sequence})"
            if ballot.number:
                title += f", Biên bản kiểm phiếu {ballot.number}"
            text = [
                f"Số đơn vị thành viên: {decimal_number(ballot.members or 0)}; "
                f"số phiếu phát ra: {decimal_number(ballot.issued or 0)}; "
                f"số phiếu thu về: {decimal_number(ballot.returned or 0)}; "
                f"số phiếu hợp lệ: {decimal_number(ballot.valid or 0)}."
            ]
            for line in lines:
                result = line_result(ballot, line)
                verdict = "đạt" if result.passed else "không đạt"
                text.append(
                    f"{line.agency.name_in(year)} – {line.award_type.name}: "
                    f"{decimal_number(line.yes_votes or 0)} phiếu đồng ý, {verdict}. "
                    f"{result.reason}"
                )
            parts.append(Part(title=title, lines=tuple(text)))
    return parts
