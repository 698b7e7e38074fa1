"""Template filters for official documents (reports/decree30.html and the kinds extending it)."""

import datetime

from django import template

from .. import vietnamese

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
