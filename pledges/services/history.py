"""Criteria sets' and pledges' entries in the change log (core.changelog), scoped by their
province and bloc-year, and how the history reads their values."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy

from core import changelog
from core.changelog import changed_fields
from core.models import Change
from core.numbers import decimal_number

from ..models import (
    ChangeAction,
    CriteriaSet,
    CriterionKind,
    Pledge,
    PledgeStatus,
    SectionKind,
    SignatureMethod,
)

__all__ = ["changed_fields", "on_pledge", "on_set", "register"]


def on_set(
    actor: Any,
    action: ChangeAction,
    criteria_set: CriteriaSet,
    subject: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Change:
    return changelog.record(
        actor,
        action,
        criteria_set,
        province_id=criteria_set.province_id,
        bloc_year_id=criteria_set.bloc_year_id,
        subject=subject,
        before=before,
        after=after,
    )


def on_pledge(
    actor: Any,
    action: ChangeAction,
    pledge: Pledge,
    subject: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> Change:
    return changelog.record(
        actor,
        action,
        pledge,
        province_id=pledge.bloc_year.bloc.province_id,
        bloc_year_id=pledge.bloc_year_id,
        subject=subject,
        before=before,
        after=after,
        reason=reason,
    )


def _points(value: Any) -> str:
    try:
        return decimal_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return changelog.plain(value)


def _criteria(value: Any) -> str:
    """A number of criteria, or (a deleted section's) the criteria themselves."""
    if isinstance(value, list):
        return "; ".join(str(item.get("text", item)) for item in value)
    return changelog.plain(value)


# The keys the services above write, by model. "title" is the document's title on both; the
# signer's title (chức vụ) is "signer_title" (entries before the change log said "title").
LABELS = {
    "title": pgettext_lazy("document", "title"),
    "text": gettext_lazy("criterion"),
    "max_points": gettext_lazy("maximum points"),
    "kind": gettext_lazy("kind"),
    "guidance": gettext_lazy("evidence guidance"),
    "preamble": gettext_lazy("preamble"),
    "commitments": gettext_lazy("commitments"),
    "criteria_set": gettext_lazy("criteria set"),
    "criteria": gettext_lazy("criteria"),
    "sections": gettext_lazy("sections"),
    "source": gettext_lazy("copied from"),
    "status": gettext_lazy("status"),
    "reason": gettext_lazy("reason"),
    "agency": gettext_lazy("agency"),
    "signer": gettext_lazy("signer"),
    "signer_title": pgettext_lazy("signer", "position"),
    "method": gettext_lazy("method"),
    "sha256": gettext_lazy("SHA-256 hash"),
    "signatures": gettext_lazy("signatures"),
    "revision": gettext_lazy("revision"),
    "number": gettext_lazy("document number"),
    "opened_on": gettext_lazy("opened for signing"),
}


def register() -> None:
    """Called from PledgesConfig.ready()."""
    changelog.register_actions(ChangeAction.choices)
    values: dict[str, Callable[[Any], str | changelog.Shown]] = {
        "kind": changelog.choice({**dict(SectionKind.choices), **dict(CriterionKind.choices)}),
        "max_points": _points,
        "criteria": _criteria,
        "method": changelog.choice(SignatureMethod),
        "status": changelog.choice(PledgeStatus),
        "sha256": changelog.short_hash,
    }
    for model in (CriteriaSet, Pledge):
        changelog.describe(model, labels=LABELS, values=values)
