"""The minutes part's summary on the meeting's page: its minutes, review report and election,
read in a fixed number of queries."""

from typing import Any

from django import template

from ..models import Election, Meeting, ReviewReport

register = template.Library()


@register.simple_tag
def minutes_summary(meeting: Meeting) -> dict[str, Any]:
    minutes = list(meeting.minutes.select_related("corrects").order_by("-revision"))
    return {
        "finals": [m for m in minutes if m.is_final],
        "draft": next((m for m in minutes if not m.is_final), None),
        "report": ReviewReport.objects.filter(meeting=meeting).first(),
        "election": Election.objects.filter(meeting=meeting)
        .select_related("head", "deputy", "next_bloc_year")
        .first(),
    }
