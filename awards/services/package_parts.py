"""What each document of the national e-dossier package says (services/package.py): the five
parts in the national checklist's order, and each as a reports Document for its PDF."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from reports.kinds import Document, Signer
from reports.letterheads import bloc_issuer, board_issuer, board_signer

from ..models import AwardRecord, Decision, DossierItem, Nomination

# (code in the manifest, file stem): the national checklist's order.
NAMES = (
    (DossierItem.PROPOSAL, "01_ToTrinh"),
    (DossierItem.LIST, "02_DanhSach"),
    (DossierItem.MINUTES, "03_BienBan"),
    (DossierItem.BALLOT_RESULT, "04_KiemPhieu"),
    (DossierItem.ACHIEVEMENT_REPORT, "05_BaoCaoThanhTich"),
)


@dataclass
class Part:
    item: str
    stem: str
    doc_type: str
    summary: str
    title: str
    issuer: Any  # reports.letterheads.Issuer
    dated: datetime.date
    number: str = ""
    paragraphs: list[str] = field(default_factory=list)
    headers: tuple[str, str, str] = ("", "", "")
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    signer: Signer | None = None


def _results(nomination: Nomination) -> list[tuple[str, str, str]]:
    from .standings import standings_of

    years = [nomination.year - 1, nomination.year]
    found = standings_of([nomination.agency_id], years)
    rows = []
    for year in years:
        standing = found.get((nomination.agency_id, year))
        if standing is not None:
            rank = str(standing.rank) if standing.rank else "—"
            rows.append((str(year), standing.band or "—", rank))
    return rows


def parts(nomination: Nomination, decision: Decision) -> list[Part]:
    bloc_year = nomination.bloc_year
    year = nomination.year
    bloc = bloc_year.bloc.name_in(year)
    agency = nomination.agency.name_in(year)
    award = nomination.award_type
    meeting = nomination.meeting
    meeting_day = timezone.localtime(meeting.starts_at).date()
    number = ""  # the tờ trình's number is the register's (aw2's dossier); left to fill in
    board = board_issuer(bloc_year.bloc.province, year)
    signer = board_signer(bloc_year.bloc.province, year)
    issuer = bloc_issuer(bloc_year, on=meeting_day)
    ballot_line = nomination.ballot_line
    ballot = ballot_line.ballot if ballot_line is not None else None
    history = [
        (str(r.year), r.award_name, f"{r.decision_number}, {r.decision_date:%d/%m/%Y}")
        for r in AwardRecord.objects.filter(agency_id=nomination.agency_id).order_by("-year")[:10]
    ]
    common = f"{award.name} cho {agency} (thành tích năm {year})"
    # The finalised minutes of the selection meeting, when the system holds them (the latest
    # revision: a correction replaces what it corrects).
    from meetings.models import Minutes

    minutes = (
        Minutes.objects.filter(meeting=meeting, finalised_at__isnull=False)
        .order_by("-revision")
        .first()
    )
    minutes_text = (
        [
            f"Biên bản số {minutes.number.removeprefix('Số: ')}.",
            *(text for text in (minutes.discussion, minutes.conclusions) if text),
        ]
        if minutes is not None
        else []
    )
    result = [
        Part(
            item=DossierItem.PROPOSAL,
            stem=NAMES[0][1],
            doc_type="Tờ trình",
            summary=f"Về việc đề nghị tặng {common}",
            title=f"Tờ trình đề nghị tặng {award.name} - {agency}",
            issuer=board,
            dated=decision.date,
            number=number,
            paragraphs=[
                f"Căn cứ {award.citation}.",
                f"Căn cứ kết quả bình xét tại hội nghị tổng kết năm {year} của {bloc} ngày "
                f"{meeting_day:%d/%m/%Y} và Quyết định {decision.number} ngày "
                f"{decision.date:%d/%m/%Y} của {decision.issuer}.",
                f"Đề nghị {award.decider} xem xét, tặng {common}.",
            ],
            headers=("Đơn vị", "Hình thức", "Năm thành tích"),
            rows=[(agency, award.name, str(year))],
            signer=signer,
        ),
        Part(
            item=DossierItem.LIST,
            stem=NAMES[1][1],
            doc_type="Danh sách",
            summary=f"Tập thể được đề nghị tặng {award.name}",
            title=f"Danh sách đề nghị tặng {award.name} - {agency}",
            issuer=board,
            dated=decision.date,
            paragraphs=[f"(Kèm theo Tờ trình đề nghị tặng {common})"],
            headers=("Tên tập thể", "Khối, cụm thi đua", "Thành tích"),
            rows=[(agency, bloc, f"Năm {year}")],
            signer=signer,
        ),
        Part(
            item=DossierItem.MINUTES,
            stem=NAMES[2][1],
            doc_type="Biên bản",
            summary=f"Hội nghị tổng kết năm {year} của {bloc}",
            title=f"Biên bản hội nghị tổng kết năm {year} - {bloc}",
            issuer=issuer,
            dated=meeting_day,
            paragraphs=[
                f"Thời gian: {timezone.localtime(meeting.starts_at):%H giờ %M, ngày %d/%m/%Y}.",
                f"Địa điểm: {meeting.place}.",
                f"Hội nghị bình xét, bỏ phiếu kín đề nghị tặng {common}.",
                *minutes_text,
            ],
            number=minutes.number if minutes is not None else "",
            headers=("Đơn vị", "Hình thức đề nghị", "Kết quả"),
            rows=[(agency, award.name, "Đề nghị")],
        ),
        Part(
            item=DossierItem.BALLOT_RESULT,
            stem=NAMES[3][1],
            doc_type="Biên bản",
            summary=f"Kiểm phiếu bình xét khen thưởng năm {year} của {bloc}",
            title=f"Biên bản kiểm phiếu - {bloc}",
            issuer=issuer,
            dated=meeting_day,
            number=ballot.number if ballot is not None else "",
            paragraphs=[
                f"Số phiếu phát ra: {ballot.issued}; thu về: {ballot.returned}; hợp lệ: "
                f"{ballot.valid}; số đơn vị thành viên: {ballot.members}."
                if ballot is not None
                else "Kết quả kiểm phiếu theo biên bản của hội nghị (kèm theo).",
            ],
            headers=("Đơn vị", "Hình thức", "Số phiếu đồng ý"),
            rows=[
                (
                    agency,
                    award.name,
                    str(ballot_line.yes_votes)
                    if ballot_line is not None and ballot_line.yes_votes is not None
                    else "—",
                )
            ],
        ),
        Part(
            item=DossierItem.ACHIEVEMENT_REPORT,
            stem=NAMES[4][1],
            doc_type="Báo cáo",
            summary=f"Thành tích đề nghị tặng {award.name} năm {year}",
            title=f"Báo cáo thành tích - {agency}",
            issuer=board,
            dated=decision.date,
            paragraphs=[
                f"Tên đơn vị: {agency}. Thành viên {bloc} năm {year}.",
                "Kết quả xếp hạng thi đua và các hình thức khen thưởng đã nhận (theo hệ thống). "
                "Báo cáo thành tích có chữ ký của thủ trưởng đơn vị được đính kèm.",
            ],
            headers=("Năm", "Xếp loại / hình thức", "Thứ hạng / quyết định"),
            rows=[*_results(nomination), *history],
        ),
    ]
    return result


def document_of(part: Part) -> Document:
    letterhead = part.issuer.letterhead(part.dated)
    if part.number:
        import dataclasses

        letterhead = dataclasses.replace(letterhead, number=part.number)
    return Document(
        letterhead=letterhead,
        doc_type=part.doc_type,
        summary=part.summary,
        title=part.title,
        body={
            "paragraphs": part.paragraphs,
            "headers": list(part.headers),
            "rows": [list(row) for row in part.rows],
        },
        signer=part.signer,
    )
