"""The secretariat's grid table (agencies × criteria, up to 15 × 60 cells, some 600 KB of HTML)
rendered once per state of its round and kept in the cache, which every web worker shares
(Redis in production): the board and the secretariat reload the grid far more often than its
scores change.

The state is read from the database on every request, so that no write anywhere can leave a
stale table: the assessments (status, version, agency names), the scores' state
(scoring_selectors.score_states: one aggregate query), whether the minutes are final, the frozen
pledge and the language. One entry per round holds the state it was rendered for and the HTML;
a request whose state differs renders the table again and replaces the entry. With the cache
unreachable the table is rendered every time (never a 503 for this page).
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import digest, kept_for_state

from .models import Assessment, ScoringRound
from .scoring_selectors import score_states

# Bump when the table's markup changes, so that a deploy never serves the old one.
FORMAT = 1


def _key(scoring: ScoringRound) -> str:
    return f"meetings:grid-table:{scoring.pk}"


def state(scoring: ScoringRound, assessments: list[Assessment], final: bool) -> str:
    """A digest of everything the grid table shows (one query: the scores' state)."""
    year = scoring.meeting.bloc_year.year
    parts = (
        FORMAT,
        scoring.pk,
        scoring.meeting_id,
        scoring.pledge_id,
        scoring.pledge.snapshot_sha256,
        final,
        get_language(),
        score_states([scoring.pk]).get(scoring.pk),
        [
            (a.pk, a.version, a.status, a.agency_id, a.agency.short_name, a.agency.name_in(year))
            for a in assessments
        ],
    )
    return digest(*parts)


def table(
    scoring: ScoringRound, assessments: list[Assessment], final: bool, render: Callable[[], str]
) -> SafeString:
    """The grid table for the round's current state: from the cache, else `render()` (then
    kept for the next request)."""
    current = state(scoring, assessments, final)
    html = kept_for_state(_key(scoring), current, lambda: str(render()))
    return mark_safe(html)  # noqa: S308 (the template's own output)
