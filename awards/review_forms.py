"""The board's review forms (issue 13 §4): the inbox's filters, a step's reason, a decision. They
clean what is typed; services/review.py holds the rules. Kept apart from forms.py, which holds
the forms of the award types and the agency records."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import FIRST_YEAR, LAST_YEAR, Bloc, Province
from blocs.terms import BOTH
from core.text import NFCForm

from .forms import date_field
from .models import AwardType, NominationStatus

BOARD_STATUSES = [
    (value, label)
    for value, label in NominationStatus.choices
    if value not in (NominationStatus.DRAFT, NominationStatus.REFUSED_BY_BALLOT)
]


class InboxFilterForm(forms.Form):
    """GET filters; anything out of range or of another province is dropped (the inbox shows
    everything then), never an error page."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *BOARD_STATUSES], required=False
    )
    bloc = forms.ModelChoiceField(
        label=BOTH.capital,  # f3: the province's blocs and clusters
        queryset=Bloc.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    award = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardType.objects.none(), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(
        label=_("Year of the achievement"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
    )

    def __init__(self, *args: Any, province: Province | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bloc_field: Any = self.fields["bloc"]
        award_field: Any = self.fields["award"]
        bloc_field.queryset = Bloc.objects.filter(province=province).order_by("sort_key", "pk")
        award_field.queryset = AwardType.objects.filter(province=province).order_by(
            "position", "pk"
        )

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}


class StepForm(NFCForm):
    """A step without more to say (start the review, send to the council)."""

    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)


class ReasonStepForm(StepForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(StepForm):
    award_type = forms.ModelChoiceField(
        label=_("Award given"),
        queryset=AwardType.objects.none(),
        help_text=_("The council may give another award than the one proposed."),
    )
    number = forms.CharField(
        label=_("Decision number"), max_length=100, help_text=_("e.g. “Số 250/QĐ-UBND”.")
    )
    date = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I have checked the decision: once recorded, the nomination never changes."),
    )

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["award_type"]
        field.queryset = AwardType.objects.filter(province=province).order_by("position", "pk")
