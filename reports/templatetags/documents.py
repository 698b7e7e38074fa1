"""Template filters for official documents (reports/decree30.html and the kinds extending it)."""

import datetime
import unicodedata

from django import template

from .. import layout, vietnamese
from ..kinds import Letterhead

register = template.Library()


@register.filter
def place_and_date(date: datetime.date, place: str) -> str:
    return vietnamese.place_and_date(place, date)


@register.filter
def recipient_lines(recipients: tuple[str, ...]) -> list[str]:
    return vietnamese.recipient_lines(recipients)


@register.filter
def vn_upper(value: str) -> str:
    """Capitals for letterheads: Python's upper() knows every Vietnamese letter (ư → Ư, đ → Đ)."""
    return str(value).upper()


@register.filter
def document_date(date: datetime.date) -> str:
    return vietnamese.document_date(date)


@register.simple_tag
def letterhead_columns(letterhead: Letterhead) -> layout.LetterheadColumns:
    """The letterhead's column widths and date-line size (reports/layout.py)."""
    return layout.letterhead_columns(
        unicodedata.normalize("NFC", vietnamese.place_and_date(letterhead.place, letterhead.date))
    )
