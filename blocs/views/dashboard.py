from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.typing import AuthenticatedRequest

from .. import selectors, todo
from ..access import can_create_in_own_province, is_secretariat, sees_every_province
from ..models import BlocYear
from ..stages import stage_states


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """One page per role: the board sees the province's year, an agency its bloc and its tasks,
    an overseer the blocs they direct."""
    user = request.user
    years = selectors.visible_years(user)
    year = selectors.selected_year(request.GET.get("nam"), years)
    context: dict = {"nav": "dashboard", "year": year, "years": years}
    if user.is_board_staff or user.is_superuser:
        rows = selectors.blocs_in_year(user, year, with_stages=True)
        context.update(
            rows=rows,
            can_manage=can_create_in_own_province(user),
            show_province=sees_every_province(user),
            missing_year=[row.bloc for row in rows if row.bloc_year is None],
            stage_labels=[stage for stage, _state in rows[0].stages]
            if rows and rows[0].stages
            else [],
        )
        return render(request, "blocs/dashboard_board.html", context)
    if user.is_agency_officer:
        memberships = selectors.agency_officer_memberships(user)
        current = next((m for m in memberships if m.year == year), None)
        context.update(
            memberships=memberships,
            current=current,
            runs_bloc=bool(current and is_secretariat(user, current.bloc_year)),
            todo=todo.for_user(user),
        )
        if current is None:  # the page names the province's board to ask
            context["office"] = user.province.emulation_office
        return render(request, "blocs/dashboard_agency.html", context)
    if user.is_overseer:
        bloc_years = list(
            selectors.with_summary(BlocYear.objects.visible_to(user)).order_by(
                "-year", "bloc__sort_key"
            )
        )
        # Their blocs' progress through the year: the same stages as the board's table.
        states = stage_states(bloc_years)
        for bloc_year in bloc_years:
            bloc_year.stages = states[bloc_year.pk]  # type: ignore[attr-defined]
        context["bloc_years"] = bloc_years
        context["stage_labels"] = (
            [stage for stage, _state in states[bloc_years[0].pk]] if bloc_years else []
        )
        return render(request, "blocs/dashboard_overseer.html", context)
    return render(request, "blocs/dashboard_none.html", context)
