"""Versioned edits (optimistic locking): a form carries the version of the row it showed, and
the save is refused if someone else saved the row since, instead of silently overwriting it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Renamable, Versioned


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened (or the form did not say which
    version it showed, which is treated the same way: never a blind overwrite)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Reload the page to "
                "see their changes, then make yours again."
            ),
            code="stale",
        )


@transaction.atomic
def save_versioned(
    instance: Versioned, expected_version: int | None, *, renamed_from: int | None = None
) -> None:
    """Save an edit only if nobody saved the row since the form was read. An existing row needs
    the version the form showed: without it the edit is refused (StaleEdit).

    `renamed_from` (a year) marks an official renaming of a Renamable record: the names it had
    are kept for the years before, so that old pages and documents still show them. Without it,
    a change of name is a correction and applies to every year."""
    if instance.pk is None:
        instance.save()
        return
    model = type(instance)
    fields = ["version", *(instance.NAME_FIELDS if isinstance(instance, Renamable) else ())]
    current = model._base_manager.select_for_update().values(*fields).get(pk=instance.pk)
    if expected_version is None or current["version"] != expected_version:
        raise StaleEdit
    if renamed_from is not None and isinstance(instance, Renamable):
        _keep_former_names(instance, current, renamed_from)
    instance.version = current["version"] + 1
    instance.save()


def _keep_former_names(instance: Renamable, before: dict[str, Any], renamed_from: int) -> None:
    old = {field: before[field] for field in instance.NAME_FIELDS}
    if all(getattr(instance, field) == old[field] for field in instance.NAME_FIELDS):
        raise ValidationError(_("The name has not changed: leave the year empty."))
    last = max((entry["until"] for entry in instance.former_names), default=None)
    if last is not None and renamed_from <= last + 1:
        raise ValidationError(
            _("The new name must apply from a year after %(year)s, the last renaming.")
            % {"year": last + 1}
        )
    instance.former_names = [*instance.former_names, {"until": renamed_from - 1, **old}]
