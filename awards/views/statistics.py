"""Award statistics (issue 13 §5): the province's page of a year with server-drawn SVG charts, its
.xlsx export (the PDF is the reports engine's "award_statistics"), and an agency's score trend."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest
from blocs.models import FIRST_YEAR, LAST_YEAR, Province
from core.excel.flow import xlsx_response

from .. import charts
from ..access import get_agency_for_awards, require_awards_manager
from ..services import statistics, statistics_scores


def _year(request: AuthenticatedRequest) -> int:
    """The year asked for; out of range or not a number: last year (never an error)."""
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _province(request: AuthenticatedRequest) -> Province:
    """The board's own province (operators have none: 403)."""
    require_awards_manager(request.user, request.user.province_id)
    if request.user.province is None:
        raise PermissionDenied
    return request.user.province


@login_required
def province_statistics(request: AuthenticatedRequest) -> HttpResponse:
    require_awards_manager(request.user, request.user.province_id)
    year = _year(request)
    stats = statistics.province_statistics(_province(request), year)
    by_bloc = _("Awards of %(year)s by bloc") % {"year": year}
    nominated = _("Nominations and decisions, %(year)s") % {"year": year}
    by_year = _("Awards by year of the achievement")
    scores = statistics_scores.bloc_scores(stats.province, year)
    compared = _("Year-end scores of the blocs, %(year)s") % {"year": year}
    return render(
        request,
        "awards/statistics.html",
        {
            "nav": "awards",
            "stats": stats,
            "scores": scores,
            "year": year,
            "years": range(min(LAST_YEAR, timezone.localdate().year), FIRST_YEAR - 1, -1),
            "charts": [
                (title, charts.cached_inline((stats, scores), draw, chart_id, title))
                for title, draw, chart_id in (
                    (by_bloc, lambda: statistics.by_bloc_chart(stats), "chart-by-bloc"),
                    (
                        compared,
                        lambda: statistics.bloc_scores_chart(year, scores),
                        "chart-bloc-scores",
                    ),
                    (
                        nominated,
                        lambda: statistics.nominations_chart(stats),
                        "chart-nominations",
                    ),
                    (by_year, lambda: statistics.years_chart(stats), "chart-by-year"),
                )
            ],
        },
    )


@login_required
def statistics_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    require_awards_manager(request.user, request.user.province_id)
    year = _year(request)
    stats = statistics.province_statistics(_province(request), year)
    return xlsx_response(statistics.workbook(stats), f"thong-ke-khen-thuong-{year}.xlsx")


@login_required
def agency_trend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_awards(request.user, pk)
    last = min(LAST_YEAR, timezone.localdate().year)
    years = list(range(max(FIRST_YEAR, last - statistics.YEARS_SHOWN + 1), last + 1))
    points = statistics_scores.agency_trend(agency, years)
    title = _("Year-end score of %(agency)s") % {"agency": agency.name}
    return render(
        request,
        "awards/statistics_trend.html",
        {
            "nav": "agencies",
            "agency": agency,
            "points": points,
            "chart": charts.inline(
                statistics.trend_chart(agency.name, points), "chart-trend", title
            )
            if points
            else "",
            "title": title,
        },
    )
