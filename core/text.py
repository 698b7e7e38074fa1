"""Text normalisation: everything stored is Unicode NFC, so a name typed in decomposed form
(e.g. from a Mac keyboard or a pasted PDF) matches the same name typed precomposed."""

import unicodedata
from typing import Any

from django import forms
from django.db import models


def nfc(value: Any) -> Any:
    """NFC-normalise a string and trim it; anything else is returned unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class _NFCMixin:
    """Normalises on assignment to the database and in every lookup (`filter(name=...)`)."""

    def get_prep_value(self, value: Any) -> Any:
        return nfc(super().get_prep_value(value))  # type: ignore[misc]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = nfc(super().pre_save(model_instance, add))  # type: ignore[misc]
        setattr(model_instance, self.attname, value)  # type: ignore[attr-defined]
        return value


class NFCCharField(_NFCMixin, models.CharField):
    pass


class NFCTextField(_NFCMixin, models.TextField):
    pass


class NFCFormMixin:
    """Normalises every string a form cleans, for forms that do not save through a model."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        return {key: nfc(value) for key, value in cleaned.items()}


class NFCModelForm(NFCFormMixin, forms.ModelForm):
    pass


class NFCForm(NFCFormMixin, forms.Form):
    pass


def name_key(value: str | None) -> str:
    """The form of a name used to match and to keep names unique: NFC, case-folded, single
    spaces. Computed in Python because SQLite's lower() only folds ASCII ("SỞ" ≠ "sở")."""
    return " ".join(nfc(value or "").casefold().split())


class NameKeyField(models.CharField):
    """A copy of another field in `name_key` form, kept up to date on every save (and
    bulk_create), for unique constraints and look-ups: `filter(name_key=name_key(typed))`."""

    def __init__(self, *args: Any, source: str = "name", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = name_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
