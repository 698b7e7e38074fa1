"""Awards' entries in the change log (core.changelog): the actions' labels and how their values
read, registered once from AwardsConfig.ready(); `record` scopes an entry by its province (and
bloc-year, for nominations and ballots)."""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import changelog
from core.changelog import changed_fields
from core.models import Change

from .models import (
    AwardLevel,
    AwardRecord,
    AwardType,
    Ballot,
    BallotKind,
    BallotStatus,
    ChangeAction,
    EligibilityFlag,
    FlagKind,
    Nomination,
    NominationDeadline,
    NominationStatus,
    QuotaRule,
    Recipient,
    RecordSource,
    ThresholdBase,
    YearResult,
)

__all__ = ["changed_fields", "record", "register"]


def record(
    actor: Any,
    action: ChangeAction,
    obj: models.Model,
    *,
    province_id: int,
    bloc_year_id: int | None = None,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> Change:
    return changelog.record(
        actor,
        action,
        obj,
        province_id=province_id,
        bloc_year_id=bloc_year_id,
        subject=subject,
        before=before,
        after=after,
        reason=reason,
    )


def _yes_no(value: Any) -> str:
    return changelog.plain(bool(value)) if value is not None else "—"


def _checklist(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item.get("label", item)) for item in value if item)
    return changelog.plain(value)


def _date(value: Any) -> str:
    """ISO dates as Vietnamese write them (dd/mm/yyyy)."""
    text = str(value or "")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return changelog.plain(value)


LABELS = {
    "name": gettext_lazy("name"),
    "short_name": gettext_lazy("short name"),
    "level": gettext_lazy("level"),
    "recipient": gettext_lazy("awarded to"),
    "decider": gettext_lazy("decided by"),
    "citation": gettext_lazy("legal article"),
    "legal_basis": gettext_lazy("legal basis"),
    "is_active": gettext_lazy("in use"),
    "required_band": gettext_lazy("band required"),
    "band_years": gettext_lazy("consecutive years with that band"),
    "max_rank": gettext_lazy("rank at most"),
    "quota_rule": gettext_lazy("quota"),
    "quota_base": gettext_lazy("counted against"),
    "quota_percent": gettext_lazy("share in percent"),
    "threshold_percent": gettext_lazy("ballot threshold in percent"),
    "threshold_strict": gettext_lazy("strictly above the threshold"),
    "threshold_base": gettext_lazy("percentage of"),
    "checklist": gettext_lazy("dossier checklist"),
    "agency": gettext_lazy("agency"),
    "kind": gettext_lazy("kind"),
    "starts_on": gettext_lazy("from"),
    "ends_on": gettext_lazy("until"),
    "award": gettext_lazy("award"),
    "year": gettext_lazy("year"),
    "decision_number": gettext_lazy("decision number"),
    "decision_date": gettext_lazy("decision date"),
    "issuer": gettext_lazy("issued by"),
    "source": gettext_lazy("source"),
    "note": gettext_lazy("note"),
    "band": gettext_lazy("band"),
    "rank": gettext_lazy("rank"),
    "deadline": gettext_lazy("last day to submit"),
    "late_allowed": gettext_lazy("late submissions allowed"),
    "status": gettext_lazy("status"),
    "round": gettext_lazy("round"),
    "number": gettext_lazy("document number"),
    "reason": gettext_lazy("reason"),
    "ballot_kind": pgettext_lazy("ballot", "kind"),
}

# aw2: what ballots and dossiers record.
LABELS.update(
    {
        "candidates": gettext_lazy("candidates"),
        "issued": gettext_lazy("ballots issued"),
        "returned": gettext_lazy("ballots returned"),
        "valid": gettext_lazy("valid ballots"),
        "yes": gettext_lazy("yes votes"),
        "file": gettext_lazy("file"),
    }
)


def register() -> None:
    """Called from AwardsConfig.ready()."""
    changelog.register_actions(ChangeAction.choices)
    values: dict[str, Callable[[Any], str | changelog.Shown]] = {
        "level": changelog.choice(AwardLevel),
        "recipient": changelog.choice(Recipient),
        "quota_rule": changelog.choice(QuotaRule),
        "threshold_base": changelog.choice(ThresholdBase),
        "threshold_strict": _yes_no,
        "is_active": _yes_no,
        "late_allowed": _yes_no,
        "checklist": _checklist,
        "kind": changelog.choice({**dict(FlagKind.choices), **dict(BallotKind.choices)}),
        "source": changelog.choice(RecordSource),
        "status": changelog.choice(
            {**dict(NominationStatus.choices), **dict(BallotStatus.choices)}
        ),
        "starts_on": _date,
        "ends_on": _date,
        "decision_date": _date,
        "deadline": _date,
    }
    for model in (
        AwardType,
        EligibilityFlag,
        YearResult,
        AwardRecord,
        NominationDeadline,
        Nomination,
        Ballot,
    ):
        changelog.describe(model, labels=LABELS, values=values)
