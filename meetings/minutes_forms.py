"""Forms of the minutes, review report and election pages (times typed HH:MM)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs.terms import BLOC, Terms
from core.forms import VersionField
from core.text import NFCForm

TEXT_LIMIT = 20000


def _text(label: Any, help_text: Any = "", rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class MinutesForm(NFCForm):
    expected_version = VersionField()
    discussion = _text(_("Discussion"), _("What the participants said; one paragraph per line."))
    conclusions = _text(_("Conclusions"), _("The chair's conclusions."))
    tasks = _text(
        _("Tasks for the coming period"),
        _("E.g. the directions for the last six months of the year."),
    )
    ended_at = forms.TimeField(
        label=_("Closing time"),
        required=False,
        input_formats=["%H:%M", "%H giờ %M", "%Hh%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "11:30"}),
        help_text=_("HH:MM, e.g. 11:30. Needed to finalise."),
    )


class ConfirmVersionForm(NFCForm):
    """A confirmation step that carries the version of what the user saw."""

    expected_version = VersionField()


class ReportForm(NFCForm):
    expected_version = VersionField()
    results = _text(_("Results"), _("What the bloc achieved; one paragraph per line."), rows=8)
    shortcomings = _text(_("Shortcomings"), _("Limitations and their causes."))
    tasks = _text(_("Tasks"), _("Tasks and solutions for the coming period."))

    def __init__(self, *args: Any, terms: Terms = BLOC, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["results"].help_text = (
            _("What the %(noun)s achieved; one paragraph per line.") % terms.words()
        )


class ElectionForm(NFCForm):
    method = forms.ChoiceField(label=_("Method"), choices=())
    head = forms.TypedChoiceField(label=_("Head of bloc next year"), coerce=int, choices=())
    deputy = forms.TypedChoiceField(label=_("Deputy head next year"), coerce=int, choices=())
    voters = forms.IntegerField(
        label=_("Voters"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Acclamation only: the number of delegates who voted."),
    )
    head_votes = forms.IntegerField(
        label=_("Votes for the head"), required=False, min_value=0, max_value=1000
    )
    deputy_votes = forms.IntegerField(
        label=_("Votes for the deputy"), required=False, min_value=0, max_value=1000
    )

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], terms: Terms = BLOC, **kwargs: Any
    ) -> None:
        from .models import ElectionMethod

        super().__init__(*args, **kwargs)
        # f3: the labels in the bloc's or the cluster's words.
        self.terms = terms
        words = terms.words()
        for name, label in (
            ("head", _("%(head)s next year")),
            ("deputy", _("%(deputy)s next year")),
            ("head_votes", _("Votes for the %(head)s")),
            ("deputy_votes", _("Votes for the %(deputy)s")),
        ):
            self.fields[name].label = label % words
        blank: list[tuple[Any, str]] = [("", "—")]
        for name, choices in (
            ("method", list(ElectionMethod.choices)),
            ("head", blank + agencies),
            ("deputy", blank + agencies),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("head") and data.get("head") == data.get("deputy"):
            raise ValidationError(
                {"deputy": _("The %(deputy)s must be another agency.") % self.terms.words()}
            )
        return data


class RotationForm(NFCForm):
    """The rotation order: a position per agency (1 = first to take the head's role)."""

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for position, (agency_id, name) in enumerate(agencies, start=1):
            self.fields[f"position_{agency_id}"] = forms.IntegerField(
                label=name, min_value=1, max_value=len(agencies), initial=position
            )

    @property
    def order(self) -> list[int]:
        positions = {
            agency_id: self.cleaned_data[f"position_{agency_id}"] for agency_id, _n in self.agencies
        }
        return sorted(positions, key=lambda agency_id: (positions[agency_id], agency_id))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"position_{agency_id}") for agency_id, _n in self.agencies]
        if None not in values and len(set(values)) != len(values):
            raise ValidationError(_("Give each agency a different position."))
        return data
