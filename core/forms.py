"""Form parts every app shares: how a field is drawn, the hidden version of a versioned edit."""

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates

from .models import Versioned
from .text import NFCModelForm
from .versioning import save_versioned


class FormRenderer(DjangoTemplates):
    """Django's, with a checkbox inside its label as Pico CSS draws it (settings.FORM_RENDERER);
    Django's own puts the label on a line of its own above the box."""

    field_template_name = "core/field.html"


class VersionField(forms.IntegerField):
    """The version of the record the form was read at (optimistic locking). A form posted
    without it is refused by save_versioned, not saved over a newer version."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, **kwargs)


class VersionedModelForm(NFCModelForm):
    """Carries the version it was read at; saving a stale form fails with a clear message."""

    expected_version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def save_versioned(self) -> Versioned:
        instance = self.save(commit=False)
        save_versioned(instance, self.cleaned_data.get("expected_version"))
        self.save_m2m()
        return instance
