"""The minutes part's summary on the meeting's page: its minutes, review report and election,
read in a fixed number of queries."""

from typing import Any

from django import template

from ..access import can_read_score_table
from ..models import Election, Meeting, ReviewReport, ScoringRound

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_summary(context: Any, meeting: Meeting) -> dict[str, Any]:
    minutes = list(meeting.minutes.select_related("corrects").order_by("-revision"))
    scoring = ScoringRound.objects.filter(meeting=meeting).select_related("meeting").first()
    user = context["request"].user
    return {
        "scoring": scoring,
        "score_table": scoring is not None and can_read_score_table(user, scoring),
        "finals": [m for m in minutes if m.is_final],
        "draft": next((m for m in minutes if not m.is_final), None),
        "report": ReviewReport.objects.filter(meeting=meeting).first(),
        "election": Election.objects.filter(meeting=meeting)
        .select_related("head", "deputy", "next_bloc_year")
        .first(),
    }
