"""Upload forms: the file is read (and refused with a clear message) while the form is cleaned."""

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.text import NFCForm

from ..models import FIRST_YEAR, LAST_YEAR
from .base import SourceRow, Spec
from .workbook import XLSX_CONTENT_TYPE, read_upload


class UploadForm(NFCForm):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args: Any, spec: Spec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.rows: list[SourceRow] = []

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        self.rows = read_upload(upload, self.spec)
        return upload


class MembershipUploadForm(UploadForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    field_order = ["year", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year
