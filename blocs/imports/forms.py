"""The upload form of the membership import: a year besides the file."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.excel.forms import UploadForm

from ..models import FIRST_YEAR, LAST_YEAR


class MembershipUploadForm(UploadForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    field_order = ["year", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year
