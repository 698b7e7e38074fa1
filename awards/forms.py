"""The board's forms: an award type's rules, flags, awards entered by hand, results of years
before the system, nomination deadlines. They clean what is typed; the services hold the rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from blocs.models import FIRST_YEAR, LAST_YEAR, Province
from core.forms import VersionField
from core.numbers import decimal_number, parse_decimal
from core.text import NFCForm
from meetings.services.rules import rules_for

from .models import (
    AwardLevel,
    AwardRecord,
    AwardType,
    DossierItem,
    FlagKind,
    NominationDeadline,
    QuotaRule,
    Recipient,
    ThresholdBase,
)
from .services.standings import bands_best_first


class PercentField(forms.CharField):
    """A percentage as Vietnamese type it ("50", "66,67"): above 0, at most 100, two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return decimal_number(value, grouping=False)
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        number = parse_decimal(text)
        if number is None:
            raise ValidationError(_("Enter a number, e.g. 50 or 66,67."), code="not_number")
        if number <= 0 or number > 100:
            raise ValidationError(_("Enter a percentage above 0 and at most 100."), code="range")
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("At most two decimals."), code="decimals")
        return number.quantize(Decimal("0.01"))


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or _("dd/mm/yyyy, e.g. 15/01/2020"),
    )


def year_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR)


# --- Award types ------------------------------------------------------------------------------


class AwardTypeForm(NFCForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=AwardLevel.choices)
    recipient = forms.ChoiceField(label=_("Awarded to"), choices=Recipient.choices)
    decider = forms.CharField(label=_("Decided by"), max_length=200)
    citation = forms.CharField(
        label=_("Legal article"),
        max_length=300,
        help_text=_("Cited when a nomination is refused."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_active = forms.BooleanField(label=_("In use"), required=False)
    required_band = forms.ChoiceField(label=_("Band required"), required=False)
    band_years = forms.IntegerField(
        label=_("Consecutive years with that band"), min_value=1, max_value=10
    )
    max_rank = forms.IntegerField(
        label=_("Rank at most"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("In the bloc's year-end ranking; empty: any rank."),
    )
    quota_rule = forms.ChoiceField(label=_("Quota"), choices=QuotaRule.choices)
    quota_base = forms.ModelChoiceField(
        label=_("Counted against"), queryset=AwardType.objects.none(), required=False
    )
    quota_percent = PercentField(label=_("Share in percent"), required=False)
    threshold_percent = PercentField(label=_("Ballot threshold in percent"))
    threshold_strict = forms.BooleanField(
        label=_("Strictly above the threshold"),
        required=False,
        help_text=_("Ticked: more than the percentage (> 50 %). Not ticked: at least (≥ 70 %)."),
    )
    threshold_base = forms.ChoiceField(label=_("Percentage of"), choices=ThresholdBase.choices)
    standard_items = forms.MultipleChoiceField(
        label=_("Dossier checklist"),
        choices=DossierItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_items = forms.CharField(
        label=_("Other items of the dossier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    expected_version = VersionField()

    def __init__(self, *args: Any, award_type: AwardType, **kwargs: Any) -> None:
        self.award_type = award_type
        items = award_type.checklist_items
        standard = {item["key"] for item in items if item.get("key") in DossierItem.values}
        kwargs.setdefault(
            "initial",
            {
                **{name: getattr(award_type, name) for name in self.rule_fields()},
                "standard_items": [key for key in DossierItem.values if key in standard],
                "other_items": "\n".join(
                    item.get("label", "") for item in items if item.get("key") not in standard
                ),
                "expected_version": award_type.version,
            },
        )
        super().__init__(*args, **kwargs)
        bands = bands_best_first(rules_for(award_type.province_id).bands)
        choices = [("", _("No band required")), *((band, band) for band in bands)]
        if award_type.required_band and award_type.required_band not in bands:
            # A band the province no longer has: shown so that saving keeps it visibly.
            choices.append((award_type.required_band, award_type.required_band))
        self.fields["required_band"].choices = choices  # type: ignore[attr-defined]
        self.fields["quota_base"].queryset = AwardType.objects.filter(  # type: ignore[attr-defined]
            province_id=award_type.province_id
        ).exclude(pk=award_type.pk)
        self.standard_labels = {item.get("key"): item.get("label", "") for item in items}

    @staticmethod
    def rule_fields() -> tuple[str, ...]:
        return (
            "name",
            "short_name",
            "level",
            "recipient",
            "decider",
            "citation",
            "legal_basis",
            "is_active",
            "required_band",
            "band_years",
            "max_rank",
            "quota_rule",
            "quota_base",
            "quota_percent",
            "threshold_percent",
            "threshold_strict",
            "threshold_base",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("quota_rule") == QuotaRule.SHARE_OF_AWARD:
            if not cleaned.get("quota_base"):
                self.add_error("quota_base", _("Choose the award this quota is a share of."))
            if cleaned.get("quota_percent") is None:
                self.add_error("quota_percent", _("Enter the share in percent."))
        return cleaned

    @property
    def checklist(self) -> list[dict[str, str]]:
        """Standard items keep the province's wording if it had one; other items get a key
        from their text."""
        chosen = self.cleaned_data.get("standard_items") or []
        items = [
            {"key": key, "label": self.standard_labels.get(key) or str(DossierItem(key).label)}
            for key in DossierItem.values
            if key in chosen
        ]
        taken = {item["key"] for item in items}
        for line in (self.cleaned_data.get("other_items") or "").splitlines():
            label = line.strip()
            if not label:
                continue
            # slugify drops "đ" (it has no decomposition): spell it "d" first.
            ascii_label = label.replace("đ", "d").replace("Đ", "D")
            key = slugify(ascii_label).replace("-", "_")[:50] or "muc"
            base, n = key, 2
            while key in taken:
                key, n = f"{base[:46]}_{n}", n + 1
            taken.add(key)
            items.append({"key": key, "label": label})
        return items

    @property
    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in self.rule_fields()}
        values["checklist"] = self.checklist
        return values


# --- Flags, awards, results -------------------------------------------------------------------


class FlagForm(NFCForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=FlagKind.choices)
    starts_on = date_field(_("From"))
    ends_on = date_field(
        _("Until"),
        required=False,
        help_text=_("dd/mm/yyyy; empty: until the board ends it."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the decision or letter that opened the matter. Only the board sees it."),
    )


class EndFlagForm(NFCForm):
    ends_on = date_field(_("Ended on"), required=False, help_text=_("dd/mm/yyyy; empty: today."))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the conclusion that closed the matter."),
    )
    expected_version = VersionField()


class AwardRecordForm(NFCForm):
    award_type = forms.ModelChoiceField(
        label=_("Award"),
        queryset=AwardType.objects.none(),
        required=False,
        help_text=_("Empty for an award outside the province's list: write its name below."),
    )
    award_name = forms.CharField(label=_("Name of another award"), max_length=200, required=False)
    year = year_field(_("Year of the achievement"))
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=100, help_text=_("e.g. “Số 250/QĐ-UBND”.")
    )
    decision_date = date_field(_("Decision date"))
    issuer = forms.CharField(
        label=_("Issued by"), max_length=200, help_text=_("e.g. “UBND tỉnh Điện Biên”.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = VersionField()

    def __init__(
        self, *args: Any, province: Province, record: AwardRecord | None = None, **kwargs: Any
    ) -> None:
        if record is not None:
            kwargs.setdefault(
                "initial",
                {
                    "award_type": record.award_type_id,
                    "award_name": "" if record.award_type_id else record.award_name,
                    "year": record.year,
                    "decision_number": record.decision_number,
                    "decision_date": record.decision_date,
                    "issuer": record.issuer,
                    "note": record.note,
                    "expected_version": record.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(  # type: ignore[attr-defined]
            province=province
        ).order_by("position", "pk")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("award_type") and not cleaned.get("award_name"):
            self.add_error("award_name", _("Choose the award or write its name."))
        if cleaned.get("award_type"):
            cleaned["award_name"] = ""
        return cleaned

    @property
    def values(self) -> dict[str, Any]:
        names = ("award_type", "award_name", "year", "decision_number", "decision_date")
        return {name: self.cleaned_data[name] for name in (*names, "issuer", "note")}


class ReasonForm(NFCForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class YearResultForm(NFCForm):
    year = year_field(_("Year"))
    band = forms.ChoiceField(label=_("Band"))
    rank = forms.IntegerField(
        label=_("Rank in the bloc"), min_value=1, max_value=100, required=False
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Where it was found, e.g. “Biên bản tổng kết năm 2019 của Khối …”."),
    )

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bands = bands_best_first(rules_for(province.pk).bands)
        self.fields["band"].choices = [(band, band) for band in bands]  # type: ignore[attr-defined]


class DeadlineForm(NFCForm):
    deadline = date_field(_("Last day to submit"), help_text=_("dd/mm/yyyy, e.g. 10/12/2020"))
    late_allowed = forms.BooleanField(
        label=_("Receive late nominations"),
        required=False,
        help_text=_("Nominations submitted after the deadline are received and marked as late."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = VersionField()

    def __init__(self, *args: Any, deadline: NominationDeadline | None = None, **kwargs: Any):
        if deadline is not None:
            kwargs.setdefault(
                "initial",
                {
                    "deadline": deadline.deadline,
                    "late_allowed": deadline.late_allowed,
                    "note": deadline.note,
                    "expected_version": deadline.version,
                },
            )
        super().__init__(*args, **kwargs)


class EligibilityYearForm(forms.Form):
    nam = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
