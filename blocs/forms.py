from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from core.models import Versioned
from core.text import NFCForm, NFCModelForm, name_key
from core.versioning import save_versioned

from . import services
from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    Agency,
    Bloc,
    BlocYear,
    Membership,
    Official,
    Province,
)
from .years import YearField


def limit_choices(field: forms.Field, queryset: models.QuerySet) -> None:
    """Restrict a choice field to what the form's context allows (its province, its year)."""
    field.queryset = queryset  # type: ignore[attr-defined]


class ProvinceScopedForm(VersionedModelForm):
    """A form for a record of one province: names must be unique in it (case-insensitive)."""

    unique_in_province: tuple[str, ...] = ()

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.province = province

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        model: type[models.Model] = self._meta.model
        for name in self.unique_in_province:
            value = cleaned.get(name)
            if not value:
                continue
            clash = model._default_manager.filter(
                province=self.instance.province, **{f"{name}_key": name_key(value)}
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    name, _("This name is already used by another record in the province.")
                )
        return cleaned


class RenamingModelForm(VersionedModelForm):
    """Editing a province, an agency or a bloc: a change of name is a correction unless the user
    gives the year the new name applies from; then earlier years keep the old name
    (Renamable)."""

    renamed_from = forms.IntegerField(
        label=_("New name applies from the year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_(
            "Only for an official renaming: the years before keep the old name on pages and "
            "documents. Leave empty to correct a mistake in the name."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["renamed_from"]
            return
        # Right under the name fields it is about.
        order = [name for name in self.fields if name != "renamed_from"]
        after = max(order.index(f) for f in self._meta.model.NAME_FIELDS if f in order)
        order.insert(after + 1, "renamed_from")
        self.order_fields(order)

    def save_versioned(self) -> Versioned:
        instance = self.save(commit=False)
        save_versioned(
            instance,
            self.cleaned_data.get("expected_version"),
            renamed_from=self.cleaned_data.get("renamed_from"),
        )
        return instance


class RenamingForm(RenamingModelForm, ProvinceScopedForm):
    """An agency or a bloc: renamed by year, its names unique in its province."""


class ProvinceEditForm(RenamingModelForm):
    """A province's names and the bodies its documents print; renamed from a year when the
    change is official (2025: many boards became "Phòng Thi đua, Khen thưởng – Sở Nội vụ")."""

    class Meta:
        model = Province
        fields = list(Province.NAME_FIELDS)


class AgencyForm(RenamingForm):
    unique_in_province = ("name", "short_name")

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "is_active"]


class BlocForm(RenamingForm):
    unique_in_province = ("name",)

    class Meta:
        model = Bloc
        fields = ["name", "code", "kind", "letterhead", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OfficialForm(ProvinceScopedForm):
    class Meta:
        model = Official
        fields = ["full_name", "title", "agency"]

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, province=province, **kwargs)
        limit_choices(self.fields["agency"], Agency.objects.filter(province=province))


class BlocYearCreateForm(NFCForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    overseer = forms.ModelChoiceField(
        label=_("Overseeing council member"), queryset=Official.objects.none(), required=False
    )

    def __init__(self, *args: Any, bloc: Bloc, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bloc = bloc
        limit_choices(self.fields["overseer"], Official.objects.filter(province=bloc.province_id))

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if BlocYear.objects.filter(bloc=self.bloc, year=year).exists():
            raise ValidationError(
                _("%(bloc)s already has the year %(year)s."),
                params={"bloc": self.bloc.name, "year": year},
            )
        return year


class BlocYearForm(VersionedModelForm):
    """The year's overseer, head and deputy (head and deputy are chosen among the members)."""

    head = forms.ModelChoiceField(
        label=_("Head of bloc"), queryset=Agency.objects.none(), required=False
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy head of bloc"), queryset=Agency.objects.none(), required=False
    )

    class Meta:
        model = BlocYear
        fields = ["overseer"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        bloc_year: BlocYear = self.instance
        self.terms = bloc_year.bloc.terms
        self.fields["head"].label = self.terms.head
        self.fields["deputy"].label = self.terms.deputy
        members = Agency.objects.filter(memberships__bloc_year=bloc_year)
        limit_choices(self.fields["head"], members)
        limit_choices(self.fields["deputy"], members)
        self.fields["head"].initial = bloc_year.head
        self.fields["deputy"].initial = bloc_year.deputy
        limit_choices(
            self.fields["overseer"],
            Official.objects.filter(province=bloc_year.bloc.province_id),
        )
        for name in self.ROLE_FIELDS:
            self.fields[name].empty_label = _("— none —")  # type: ignore[attr-defined]

    ROLE_FIELDS = ("overseer", "head", "deputy")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Leaving a role empty is a choice made in the list ("none"), never what a form posted
        # without the field does: an empty POST must not clear head, deputy and overseer.
        for name in self.ROLE_FIELDS:
            if name not in self.data:
                self.add_error(name, _("Choose one, or “none” to leave the role empty."))
        head, deputy = cleaned.get("head"), cleaned.get("deputy")
        if head is not None and head == deputy:
            self.add_error(
                "deputy",
                _("%(head)s and %(deputy)s must be different agencies.") % self.terms.words(),
            )
        return cleaned

    @transaction.atomic
    def save_versioned(self) -> Versioned:
        instance = super().save_versioned()
        services.set_head_and_deputy(
            self.instance,
            actor=self.actor,
            head=self.cleaned_data["head"],
            deputy=self.cleaned_data["deputy"],
        )
        return instance


class ProvinceForm(NFCModelForm):
    """A new province (operators): its name and code, and the names its documents print."""

    class Meta:
        model = Province
        fields = [
            "name",
            "code",
            "kind",
            "emulation_office",
            "emulation_office_parent",
            "people_committee",
        ]
        help_texts = {"code": _("Lower-case letters and hyphens, e.g. “tra-vinh”.")}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if services.province_name_taken(name):
            raise ValidationError(_("A province with this name already exists."))
        return name

    @property
    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class StartYearForm(NFCForm):
    """The board's "open this year for every bloc" button."""

    year = YearField()


class AddMembersForm(NFCForm):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies to add"),
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Only active agencies that are in no bloc this year are listed."),
    )

    def __init__(self, *args: Any, bloc_year: BlocYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        # NOT EXISTS per agency of the province (the (agency, year) unique index), never
        # NOT IN the year's memberships of every province.
        taken = Membership.objects.filter(agency=OuterRef("pk"), year=bloc_year.year)
        available = Agency.objects.filter(province=bloc_year.bloc.province_id, is_active=True)
        limit_choices(self.fields["agencies"], available.exclude(Exists(taken)))


class MergerForm(NFCForm):
    """An operator records that a province was merged into this one (blocs.merger)."""

    merged = forms.ModelChoiceField(
        label=_("Province merged into this one"), queryset=Province.objects.none()
    )
    effective = forms.DateField(
        label=_("Merged from"),
        help_text=_("dd/mm/yyyy, e.g. 01/07/2025: the day the new province began."),
    )
    rename_clashes = forms.BooleanField(
        label=_("Rename the merged province's records whose names this province already uses"),
        required=False,
        help_text=_(
            "Their names get the merged province's name in brackets from the first year after "
            "the merger; earlier years keep the old names. Without it, the merger is refused "
            "while names clash."
        ),
    )

    def __init__(self, *args: Any, into: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.into = into
        limit_choices(
            self.fields["merged"],
            Province.objects.filter(merged_into__isnull=True).exclude(pk=into.pk),
        )
