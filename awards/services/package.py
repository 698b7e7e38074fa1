"""The national e-dossier package (issue 13 §6)."""

from typing import Any

from ..models import AwardLevel, Decision, Nomination


def is_national(decision: Decision) -> bool:
    """Decided at the national level: the Government's flag, the Prime Minister's certificate."""
    return decision.award_type.level == AwardLevel.NATIONAL


def package_state(nomination: Nomination, decision: Decision | None) -> dict[str, Any] | None:
    return None
