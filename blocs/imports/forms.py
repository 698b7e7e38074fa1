"""The upload form of the membership import: a year besides the file."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.excel.forms import UploadForm

from ..models import FIRST_YEAR, LAST_YEAR


class MembershipUploadForm(UploadForm):
    # No default: a year the province has not opened would be opened by the import, so the
    # user chooses it (issue 10: today's year was offered and opened silently).
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    field_order = ["year", "file"]

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"].help_text = _(
                "The year whose members the file lists. Years the province has: %(years)s. The "
                "import opens the year for the blocs in the file that do not have it yet; the "
                "preview names them."
            ) % {"years": ", ".join(str(year) for year in years)}
        else:
            self.fields["year"].help_text = _(
                "The year whose members the file lists. The province has no bloc-year yet: the "
                "import opens this year for the blocs in the file; the preview names them."
            )
