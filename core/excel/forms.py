"""The upload form of every Excel import: the file is read (and refused with a clear message)
while the form is cleaned."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.text import NFCForm

from .base import XLSX_CONTENT_TYPE, SourceRow, Spec
from .read import read_upload


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
