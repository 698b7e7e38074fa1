from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.typing import AuthenticatedRequest

from .. import selectors, todo
from ..access import can_create_in_own_province, is_secretariat, sees_every_province
from ..models import BlocYear
from ..stages import STAGES, StageState, stage_states
from ..terms import terms_for

BOARD_PAGE = "blocs/dashboard_board.html"


def add_stage_cells(rows: list[selectors.BlocRow]) -> None:
    """Each row's stage cells. The table shows four a row but a cell is one of three states (or
    empty): each is rendered once (the "stage_cell" partial), not 120 times in the loop."""
    states: list[StageState | None] = [*StageState, None]
    cell = {
        state: render_to_string(f"{BOARD_PAGE}#stage_cell", {"state": state}) for state in states
    }
    for row in rows:
        # A bloc that has not opened the year has empty cells.
        row_states: list[StageState | None] = [state for _stage, state in row.stages]
        row_states = row_states or [None] * len(STAGES)
        row.stage_cells = mark_safe("".join(cell[state] for state in row_states))  # noqa: S308  the partial's output


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """One page per role: the board sees the province's year, an agency its bloc and its tasks,
    an overseer the blocs they direct."""
    user = request.user
    years = selectors.visible_years(user)
    year = selectors.selected_year(request.GET.get("nam"), years)
    context: dict = {"nav": "dashboard", "year": year, "years": years}
    if user.is_board_staff or user.is_superuser:
        show_province = sees_every_province(user)
        rows = selectors.blocs_in_year(user, year, with_stages=True, with_province=show_province)
        add_stage_cells(rows)
        context.update(
            rows=rows,
            can_manage=can_create_in_own_province(user),
            show_province=show_province,
            missing_year=[row.bloc for row in rows if row.bloc_year is None],
            terms=terms_for(row.bloc for row in rows),
            # The columns come from the stages, not from a row: the first bloc listed may not
            # have opened the year.
            stages=STAGES,
        )
        return render(request, BOARD_PAGE, context)
    if user.is_agency_officer:
        memberships = selectors.agency_officer_memberships(user)
        current = next((m for m in memberships if m.year == year), None)
        context.update(
            memberships=memberships,
            terms=terms_for(m.bloc_year.bloc for m in memberships),
            current=current,
            runs_bloc=bool(current and is_secretariat(user, current.bloc_year)),
            todo=todo.for_user(user),
        )
        if current is None:  # the page names the province's board to ask
            context["office"] = user.province.emulation_office
        return render(request, "blocs/dashboard_agency.html", context)
    if user.is_overseer:
        summaries = selectors.year_summaries(
            BlocYear.objects.visible_to(user).order_by("-year", "bloc__sort_key")
        )
        # Their blocs' progress through the year: the same stages as the board's table.
        states = stage_states([summary.pk for summary in summaries])
        context["rows"] = [(summary, states[summary.pk]) for summary in summaries]
        context["stages"] = STAGES
        # Later apps' sections (meetings) read the bloc-years themselves.
        context["bloc_years"] = list(
            BlocYear.objects.visible_to(user).select_related("bloc").order_by("-year")
        )
        context["terms"] = terms_for(bloc_year.bloc for bloc_year in context["bloc_years"])
        return render(request, "blocs/dashboard_overseer.html", context)
    return render(request, "blocs/dashboard_none.html", context)
