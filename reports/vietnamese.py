"""Dates and lists as Vietnamese administrative documents write them (NĐ 30/2020, Phụ lục I)."""

import datetime


def document_date(date: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2021": a leading zero for days 1–9 and for months 1 and 2 only
    (NĐ 30/2020, Phụ lục I, mục II.5: "ngày 01 tháng 7 năm 2016")."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def place_and_date(place: str, date: datetime.date) -> str:
    """ "Trà Vinh, ngày 10 tháng 8 năm 2020" """
    return f"{place}, {document_date(date)}"


def recipient_lines(recipients: tuple[str, ...] | list[str]) -> list[str]:
    """ "Nơi nhận": each line "- …;" and the last one "- …."."""
    lines = [r.strip().rstrip(";.") for r in recipients if r.strip()]
    return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]
