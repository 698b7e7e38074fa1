"""The years the app keeps records for, and the one way to read a year someone typed or sent.

A year comes from query strings (?nam=), forms and document parameters; out of range it once
reached the database (PostgreSQL: "smallint out of range") or a document ("năm -1").
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _message() -> str:
    return _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


# In the language of the request that shows it, not of the import that built a form's fields.
OUT_OF_RANGE = lazy(_message, str)()


def _out_of_range() -> ValidationError:
    return ValidationError(OUT_OF_RANGE, code="year")


def parse_year(raw: Any) -> int | None:
    """The year in `raw` (a query parameter, a form value), or None when it is not one."""
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):  # ValueError also for more than 4,300 digits
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def check_year(year: int) -> None:
    """For services: a year out of range is refused with a message, never sent to the database."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _out_of_range()


class YearField(forms.IntegerField):
    """A year in forms: one message for empty, not a number, and out of range."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
        for code in ("required", "invalid", "min_value", "max_value", "step_size"):
            self.error_messages[code] = OUT_OF_RANGE
