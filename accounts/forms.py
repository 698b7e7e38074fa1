"""Forms of the user pages. They validate input; the services in services.py save it."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import Agency, Official, Province
from core.text import NFCForm

from . import services
from .models import Role, User


class UserForm(NFCForm):
    """Invite (no instance) or edit (instance) an account of `province`."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The user signs in with this address and receives the invitation there."),
    )
    full_name = forms.CharField(label=pgettext_lazy("person", "Full name"), max_length=200)
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("e.g. “Phó Giám đốc Sở”, “Chuyên viên Văn phòng Sở”."),
    )
    # No default: board staff is the most powerful role and must be chosen on purpose.
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("No agency"),
        help_text=_("Agency officers only: the agency they work for."),
    )
    can_sign = forms.BooleanField(
        label=_("May sign for the agency"),
        required=False,
        help_text=_("The agency's head or deputy who signs pledges and reports."),
    )
    official = forms.ModelChoiceField(
        label=_("Council member"),
        queryset=Official.objects.none(),
        required=False,
        empty_label=_("No council member"),
        help_text=_("Council overseers only: the council member this account belongs to."),
    )
    marker = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        province: Province | None,
        instance: User | None = None,
        lock_role: bool = False,
        **kwargs: Any,
    ) -> None:
        self.instance = instance
        self.province = province
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "email": instance.email,
                    "full_name": instance.full_name,
                    "job_title": instance.job_title,
                    "role": instance.role,
                    "agency": instance.agency_id,
                    "can_sign": instance.can_sign,
                    "official": instance.official_id,
                    "marker": services.edit_marker(instance),
                },
            )
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["marker"]
        if lock_role:  # nobody changes their own role (they could lock themselves out)
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _("You cannot change your own role.")
        # Only the province's agencies and council members can be chosen; an inactive agency
        # stays available to the officer who already has it.
        agencies = Agency.objects.filter(province=province, is_active=True)
        if instance is not None and instance.agency_id:
            agencies = Agency.objects.filter(
                Q(pk__in=agencies.values("pk")) | Q(pk=instance.agency_id)
            )
        self.fields["agency"].queryset = agencies.order_by("sort_key")  # type: ignore[attr-defined]
        self.fields["official"].queryset = Official.objects.filter(  # type: ignore[attr-defined]
            province=province
        ).order_by("sort_key", "title")

    def clean_email(self) -> str:
        email = services.normalise_email(self.cleaned_data["email"])
        if services.email_taken(email, exclude_pk=self.instance.pk if self.instance else None):
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "role" in cleaned:
            try:
                services.validate_assignment(
                    self.province,
                    role=cleaned["role"],
                    agency=cleaned.get("agency"),
                    official=cleaned.get("official"),
                    can_sign=bool(cleaned.get("can_sign")),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field, messages)
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "full_name": data["full_name"],
            "job_title": data.get("job_title", ""),
            "role": data["role"],
            "agency": data.get("agency"),
            "official": data.get("official"),
            "can_sign": bool(data.get("can_sign")),
        }


class BoardOfficerForm(NFCForm):
    """An officer of a province's emulation board, invited by an operator."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The user signs in with this address and receives the invitation there."),
    )
    full_name = forms.CharField(label=pgettext_lazy("person", "Full name"), max_length=200)
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("e.g. “Trưởng ban Thi đua - Khen thưởng”, “Chuyên viên”."),
    )

    def clean_email(self) -> str:
        email = services.normalise_email(self.cleaned_data["email"])
        if services.email_taken(email):
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email

    @property
    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("email", "full_name", "job_title")}
