"""Vietnamese formats: dates dd/mm/yyyy, numbers 153.135.000 (config/formats/vi)."""

import datetime
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format


def test_dates_are_dd_mm_yyyy():
    with translation.override("vi"):
        assert date_format(datetime.date(2020, 8, 10), "SHORT_DATE_FORMAT") == "10/08/2020"
        rendered = Template("{{ d|date }}").render(Context({"d": datetime.date(2021, 1, 11)}))
        assert rendered == "11/01/2021"


def test_money_uses_dots_between_thousands():
    with translation.override("vi"):
        assert intcomma(153135000) == "153.135.000"
        assert number_format(Decimal("12.5"), 1) == "12,5"


def test_years_are_not_grouped_in_templates():
    with translation.override("vi"):
        assert Template("{{ y }}").render(Context({"y": 2020})) == "2020"


def test_date_input_accepts_dd_mm_yyyy():
    from django import forms

    with translation.override("vi"):
        field = forms.DateField()
        assert field.clean("05/02/2021") == datetime.date(2021, 2, 5)
