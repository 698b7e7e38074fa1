import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import FIRST_YEAR, LAST_YEAR, Agency, BlocYear
from core.forms import VersionField
from core.numbers import decimal_number
from core.text import NFCForm
from core.uploads import SCAN_KINDS, accept, check_upload

from .models import (
    KINDS_IN_SECTION,
    CriteriaSet,
    Criterion,
    CriterionKind,
    Pledge,
    Section,
    SectionKind,
)
from .services.criteria import parse_points

# --- Criteria sets ---------------------------------------------------------------------------


class StartCriteriaSetForm(NFCForm):
    """How a bloc-year's set begins: empty, a copy of last year's, or the province's template."""

    EMPTY, PREVIOUS, TEMPLATE = "empty", "previous", "template"

    source = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        previous: CriteriaSet | None,
        template: CriteriaSet | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sources = {self.PREVIOUS: previous, self.TEMPLATE: template}
        choices: list[tuple[str, Any]] = []
        if previous is not None:
            choices.append(
                (
                    self.PREVIOUS,
                    _("A copy of last year's set: %(title)s") % {"title": previous.title},
                )
            )
        if template is not None:
            choices.append(
                (
                    self.TEMPLATE,
                    _("A copy of the province's template: %(title)s") % {"title": template.title},
                )
            )
        choices.append((self.EMPTY, _("An empty set")))
        self.fields["source"].choices = choices  # type: ignore[attr-defined]
        self.fields["source"].initial = choices[0][0]

    @property
    def copy_from(self) -> CriteriaSet | None:
        return self.sources.get(self.cleaned_data["source"])


class TemplateForm(NFCForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    title = forms.CharField(
        label=pgettext_lazy("document", "Title"), max_length=255, required=False
    )
    copy_previous = forms.BooleanField(
        label=_("Copy the criteria of the latest earlier template"), required=False, initial=True
    )


class SectionForm(NFCForm):
    title = forms.CharField(
        label=_("Section title"),
        max_length=500,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("e.g. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội")
            }
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SectionKind.choices)
    expected_version = VersionField()

    @classmethod
    def for_section(cls, section: Section, data: Any = None) -> "SectionForm":
        return cls(
            data,
            initial={
                "title": section.title,
                "kind": section.kind,
                "expected_version": section.version,
            },
            prefix=f"section-{section.pk}",
        )


class CriterionForm(NFCForm):
    text = forms.CharField(
        label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    max_points = forms.CharField(
        label=_("Maximum points"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    guidance = forms.CharField(
        label=_("Evidence guidance"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_version = VersionField()

    def __init__(self, *args: Any, section: Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = KINDS_IN_SECTION[SectionKind(section.kind)]
        self.fields["kind"].choices = [(k.value, k.label) for k in allowed]  # type: ignore[attr-defined]
        self.fields["kind"].initial = allowed[0].value

    @classmethod
    def for_criterion(cls, criterion: Criterion, data: Any = None) -> "CriterionForm":
        return cls(
            data,
            section=criterion.section,
            prefix=f"criterion-{criterion.pk}",
            initial={
                "text": criterion.text,
                "max_points": decimal_number(criterion.max_points, grouping=False),
                "kind": criterion.kind,
                "guidance": criterion.guidance,
                "expected_version": criterion.version,
            },
        )

    def clean_max_points(self) -> Any:
        return parse_points(self.cleaned_data["max_points"])

    @property
    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("text", "max_points", "kind", "guidance")}


# --- Pledges ---------------------------------------------------------------------------------


class PledgeForm(NFCForm):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=500)
    preamble = forms.CharField(
        label=_("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The opening paragraph: on what basis and why the members sign."),
    )
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One commitment per line."),
    )
    expected_version = VersionField()

    @classmethod
    def for_pledge(cls, pledge: Pledge, data: Any = None) -> "PledgeForm":
        return cls(
            data,
            initial={
                "title": pledge.title,
                "preamble": pledge.preamble,
                "commitments": pledge.commitments,
                "expected_version": pledge.version,
            },
        )

    @property
    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("title", "preamble", "commitments")}


class OpenForm(NFCForm):
    opened_on = forms.DateField(
        label=_("Opened for signing on"),
        required=False,
        help_text=_(
            "dd/mm/yyyy. Today, unless you are recording a pledge that was opened earlier, "
            "e.g. signed on paper at the bloc's conference: then the day it was opened."
        ),
    )


class SignForm(NFCForm):
    signer_title = forms.CharField(
        label=_("Your title"),
        max_length=255,
        help_text=_("As printed under your name, e.g. “Giám đốc” or “Phó Giám đốc”."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password again to confirm that you sign."),
    )
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(
        label=_("I have read the whole text above and sign it for my agency."),
        error_messages={"required": _("Tick the box to confirm that you have read the text.")},
    )


class PaperSignatureForm(NFCForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    signed_on = forms.DateField(
        label=_("Date of signing"), help_text=_("dd/mm/yyyy, e.g. 15/01/2020")
    )
    scan = forms.FileField(
        label=_("Scanned page with the signature (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": accept(SCAN_KINDS)}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm that this agency signed the pledge on paper. A recorded signature cannot "
            "be removed; only withdrawing the whole round voids it."
        ),
        error_messages={"required": _("Tick the box to confirm the signature.")},
    )

    def __init__(
        self,
        *args: Any,
        bloc_year: BlocYear,
        unsigned: list[int],
        allowed_dates: tuple[datetime.date | None, datetime.date],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            memberships__bloc_year=bloc_year, pk__in=unsigned
        ).order_by("sort_key")
        # The dates the service accepts (signatures.record_paper_signature), said before typing.
        first, last = allowed_dates
        self.fields["signed_on"].help_text = (
            _("dd/mm/yyyy, from %(first)s (the pledge was opened) to %(last)s (today)")
            % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
            if first
            else _("dd/mm/yyyy, up to %(last)s (today)") % {"last": last.strftime("%d/%m/%Y")}
        )

    def clean_scan(self) -> UploadedFile:
        check_upload(
            self.cleaned_data["scan"], kinds=SCAN_KINDS, max_bytes=settings.SCAN_MAX_UPLOAD_BYTES
        )
        return self.cleaned_data["scan"]


class WithdrawForm(NFCForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Shown in the pledge's history, e.g. “Sửa tiêu chí 3 theo góp ý của các đơn vị”."
        ),
    )
