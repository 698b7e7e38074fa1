"""The count record of a closed ballot (biên bản kiểm phiếu, services/ballots.py) as the reports
engine renders it: the kind "ballot_result"."""

import dataclasses

from reports.kinds import Document, Signer
from reports.letterheads import bloc_issuer

from ..models import Ballot, BallotKind
from .ballots import meeting_day, percent, results


def document(ballot: Ballot) -> Document:
    """The biên bản kiểm phiếu of a closed ballot: a closed ballot never changes."""
    bloc_year = ballot.meeting.bloc_year
    year = bloc_year.year
    dated = meeting_day(ballot)
    issuer = bloc_issuer(bloc_year, on=dated)
    letterhead = dataclasses.replace(issuer.letterhead(dated), number=ballot.number)
    bloc_name = bloc_year.bloc.name_in(year)
    rows = []
    for result in results(ballot):
        line = result.line
        rows.append(
            {
                "position": line.position,
                "agency": line.agency.name_in(year),
                "award": line.award_type.name,
                "yes": line.yes_votes or 0,
                "base": result.base,
                "percent": percent(line.yes_votes or 0, result.base),
                "rule": result.threshold.describe(),
                "citation": line.award_type.citation,
                "passed": result.passed,
            }
        )
    return Document(
        letterhead=letterhead,
        doc_type="Biên bản",
        summary=f"Kiểm phiếu bình xét đề nghị khen thưởng năm {year}",
        title=f"Biên bản kiểm phiếu {bloc_name} {year} (lần {ballot.sequence})",
        body={
            "bloc": bloc_name,
            "year": year,
            "meeting": str(ballot.meeting),
            "day": dated.strftime("%d/%m/%Y"),
            "place": ballot.meeting.place,
            "kind": str(BallotKind(ballot.kind).label),
            "members": ballot.members or 0,
            "issued": ballot.issued or 0,
            "returned": ballot.returned or 0,
            "valid": ballot.valid or 0,
            "invalid": (ballot.returned or 0) - (ballot.valid or 0),
            "rows": rows,
        },
        signer=Signer(title="Trưởng ban kiểm phiếu", authority="TM. Ban kiểm phiếu"),
        recipients=("Ban Thi đua - Khen thưởng tỉnh", "Các đơn vị thành viên", "Lưu: VT"),
    )
