"""The history of criteria sets and pledges: every service records its change here."""

from typing import Any

from ..models import Change, ChangeAction, CriteriaSet, Pledge


def record(
    actor: Any,
    action: ChangeAction,
    subject: str,
    *,
    criteria_set: CriteriaSet | None = None,
    pledge: Pledge | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Change:
    return Change.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        subject=subject[:500],
        criteria_set=criteria_set,
        pledge=pledge,
        before=before,
        after=after,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what differs, so that the history shows the change, not the whole record."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
