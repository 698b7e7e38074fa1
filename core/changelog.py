"""One change log for every app (style.md 13): each service records its events here, and every
history page shows its slice of the same table (core.selectors, core/_history.html).

An app registers, in its AppConfig.ready(), the labels of its actions and how to read the
values its entries carry, per model:

    changelog.register_actions(ChangeAction.choices)    # "signed" -> "đã ký", …
    changelog.describe(Pledge, labels={"sha256": _("SHA-256 hash"), "status": _("status")},
                       values={"sha256": changelog.short_hash,
                               "status": changelog.choice(PledgeStatus)})

and its services record business events, not field diffs of rows:

    changelog.record(actor, ChangeAction.SIGNED, pledge, province_id=…, bloc_year_id=…,
                     subject=agency.name, after={…})
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import Change

Label = str | Promise

_ACTIONS: dict[str, Label] = {}
# Per model ("pledges.pledge"): the label of each key its entries' before/after carry, and how
# to show a value when str() is not enough.
_LABELS: dict[str, dict[str, Label]] = {}
_FORMATS: dict[str, dict[str, Callable[[Any], "str | Shown"]]] = {}

SUBJECT_LENGTH = 500


# --- Registering ------------------------------------------------------------------------------


def register_actions(choices: Iterable[tuple[str, Label]]) -> None:
    """Action keys and their labels, e.g. a TextChoices' `.choices`. Apps share keys ("edited")
    only with the same label: a clash is a mistake found when the site starts."""
    for key, label in choices:
        known = _ACTIONS.get(key)
        if known is not None and str(known) != str(label):
            raise ImproperlyConfigured(
                f"Change log action {key!r} registered as {known!r} and as {label!r}."
            )
        _ACTIONS[key] = label


def describe(
    model: type[models.Model],
    *,
    labels: Mapping[str, Label],
    values: Mapping[str, Callable[[Any], "str | Shown"]] | None = None,
) -> None:
    """How the history shows the before/after of `model`'s entries: a translated label per
    key, and a formatter for values that are codes (choices), hashes or lists."""
    name = model._meta.label_lower
    _LABELS.setdefault(name, {}).update(labels)
    _FORMATS.setdefault(name, {}).update(values or {})


def action_label(action: str) -> str:
    return str(_ACTIONS.get(action, action))


# --- Recording --------------------------------------------------------------------------------


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    province_id: int,
    bloc_year_id: int | None = None,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> Change:
    """One entry: `actor` did `action` to `obj`. Call it inside the service's transaction, so
    that the entry and the change are saved together or not at all. `before` and `after` hold
    JSON values (strings for decimals and dates)."""
    if action not in _ACTIONS:
        raise ValueError(f"Unregistered change log action {action!r} (changelog.register_actions)")
    if not province_id:
        raise ValueError("Every change belongs to a province.")
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        province_id=province_id,
        bloc_year_id=bloc_year_id,
        actor=actor if getattr(actor, "pk", None) else None,  # core.actors.SYSTEM: no person
        action=action,
        subject=(subject or str(obj))[:SUBJECT_LENGTH],
        reason=reason,
        before=before,
        after=after,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what differs, so that the history shows the change, not the whole record."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A value as the history shows it, and the whole value when `text` shortens it."""

    text: str
    full: str = ""


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    full: str = ""


def plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(plain(item) for item in value)
    return str(value)


def short_hash(value: Any) -> Shown:
    """A SHA-256 as its first 12 characters; the page shows the whole one on hover."""
    text = str(value or "")
    return Shown(f"{text[:12]}…", text) if len(text) > 12 else Shown(text)


def choice(choices: type[models.Choices] | Mapping[Any, Label]) -> Callable[[Any], str]:
    """A stored code shown by its label ("online" → "Ký trực tuyến")."""
    labels = dict(choices.choices) if isinstance(choices, type) else dict(choices)
    return lambda value: str(labels.get(value, plain(value)))


def readable(change: Change, values: Any) -> list[Item]:
    """An entry's before or after as labelled, readable values."""
    if not values:
        return []
    if not isinstance(values, dict):
        return [Item("", plain(values))]
    content_type = ContentType.objects.get_for_id(change.content_type_id)  # cached
    name = f"{content_type.app_label}.{content_type.model}"
    labels, formats = _LABELS.get(name, {}), _FORMATS.get(name, {})
    items = []
    for key, value in values.items():
        shown = formats.get(key, plain)(value)
        if not isinstance(shown, Shown):
            shown = Shown(shown)
        items.append(Item(str(labels.get(key, key)), shown.text, shown.full))
    return items
