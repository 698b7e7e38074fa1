"""The membership import's rows checked against the year in the database and against the rows
before them, and the writes planned for each bloc (through blocs.services)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from core.excel.base import Issue, Outcome, Preview, RowResult

from .. import services
from ..models import Agency, Bloc, BlocYear, MemberRole, Membership, Province

LEADER_ROLES = (MemberRole.HEAD, MemberRole.DEPUTY)


def _role_label(role: str, bloc: Bloc) -> str:
    """The role as the bloc's kind names it ("Cụm phó" in a cluster)."""
    return str(bloc.terms.role(role))


@dataclass
class _State:
    """What the database holds for the year, and what the file has claimed so far."""

    year: int
    bloc_years: dict[int, BlocYear]  # bloc id -> bloc-year
    memberships: dict[int, Membership]  # agency id -> membership of that year
    leaders: dict[tuple[int, str], Membership]  # (bloc-year id, role) -> membership
    seen: dict[int, tuple[int, Bloc, str]] = field(default_factory=dict)  # agency -> row
    file_leaders: dict[tuple[int, str], int] = field(default_factory=dict)  # -> row
    # bloc id -> the bloc and its rows (agency, role, is a new member), in the file's order
    plan: dict[int, tuple[Bloc, list[tuple[Agency, str, bool]]]] = field(default_factory=dict)


def load_state(province: Province, year: int) -> _State:
    bloc_years = BlocYear.objects.filter(bloc__province=province, year=year)
    memberships = Membership.objects.filter(
        year=year, bloc_year__bloc__province=province
    ).select_related("agency", "bloc_year__bloc")
    return _State(
        year=year,
        bloc_years={by.bloc_id: by for by in bloc_years},
        memberships={m.agency_id: m for m in memberships},
        leaders={(m.bloc_year_id, m.role): m for m in memberships if m.role in LEADER_ROLES},
    )


def check_membership(
    state: _State, number: int, bloc: Bloc, agency: Agency, role: str | None
) -> list[Issue]:
    names = bloc.terms.words(agency=agency.name, bloc=bloc.name, year=state.year)
    earlier = state.seen.get(agency.pk)
    if earlier is not None:
        row, earlier_bloc, earlier_role = earlier
        if earlier_bloc != bloc:
            message = _("The agency is also listed for %(bloc)s in row %(row)s.")
            return [
                Issue("twice_in_file", message % {"bloc": earlier_bloc.name, "row": row}, "agency")
            ]
        if {earlier_role, role} == set(LEADER_ROLES):
            message = _(
                "The agency is already the other leader of %(bloc)s in row %(row)s: %(head)s "
                "and %(deputy)s must be different agencies."
            )
            return [Issue("head_is_deputy", message % {**names, "row": row}, "role")]
        message = _("The agency is already listed for %(bloc)s in row %(row)s.")
        return [Issue("twice_in_file", message % {**names, "row": row}, "agency")]
    state.seen[agency.pk] = (number, bloc, role or "")
    current = state.memberships.get(agency.pk)
    if current is not None and current.bloc_year.bloc_id != bloc.pk:
        message = _("%(agency)s is already in %(other)s in %(year)s.")
        return [Issue("in_other_bloc", message % {**names, "other": current.bloc_year.bloc.name})]
    bloc_year = state.bloc_years.get(bloc.pk)
    current_role = current.role if current is not None else None
    if role == MemberRole.MEMBER and current_role in LEADER_ROLES:
        message = _(
            "%(agency)s is %(role)s of %(bloc)s in %(year)s. The import does not take roles "
            "away: change them on its page, or leave this cell empty."
        )
        label = _role_label(current_role, bloc)
        return [Issue("role_conflict", message % {**names, "role": label})]
    if role not in LEADER_ROLES:
        return []
    other = MemberRole.DEPUTY if role == MemberRole.HEAD else MemberRole.HEAD
    if current_role == other:
        message = _(
            "%(agency)s is %(role)s of %(bloc)s in %(year)s: %(head)s and %(deputy)s must be "
            "different agencies."
        )
        label = _role_label(other, bloc)
        return [Issue("head_is_deputy", message % {**names, "role": label}, "role")]
    first = state.file_leaders.get((bloc.pk, role))
    if first is not None:
        message = _("The file already gives %(bloc)s its %(role)s in row %(row)s.")
        code = "two_heads" if role == MemberRole.HEAD else "two_deputies"
        label = _role_label(role, bloc)
        return [Issue(code, message % {**names, "role": label, "row": first}, "role")]
    holder = state.leaders.get((bloc_year.pk, role)) if bloc_year else None
    if holder is not None and holder.agency_id != agency.pk:
        message = _("%(bloc)s already has %(holder)s as %(role)s in %(year)s.") % {
            **names,
            "holder": holder.agency.name,
            "role": _role_label(role, bloc),
        }
        hint = _("Change it on the page of %(bloc)s first, or leave this cell empty.") % names
        return [Issue(f"{role}_conflict", f"{message} {hint}")]
    state.file_leaders[(bloc.pk, role)] = number
    return []


def plan_row(
    state: _State, number: int, cells: list[str], bloc: Bloc, agency: Agency, role: str | None
) -> RowResult:
    current = state.memberships.get(agency.pk)
    is_new = current is None
    if current is None:
        outcome, detail = Outcome.NEW, _role_label(role or MemberRole.MEMBER, bloc)
    elif role is not None and role in LEADER_ROLES and current.role != role:
        outcome = Outcome.UPDATE
        detail = f"{_role_label(current.role, bloc)} → {_role_label(role, bloc)}"
    else:
        outcome, detail = Outcome.UNCHANGED, _role_label(current.role, bloc)
    state.plan.setdefault(bloc.pk, (bloc, []))[1].append((agency, role or "", is_new))
    return RowResult(
        number, cells, outcome=outcome, detail=detail, plan=(bloc.pk, agency.pk, role or "")
    )


def plan_writes(result: Preview, state: _State) -> None:
    """One action per bloc, through the services: open the year, add members, set roles."""
    opened = []
    for bloc, entries in state.plan.values():
        bloc_year = state.bloc_years.get(bloc.pk)
        new = [agency for agency, _role, is_new in entries if is_new]
        head = next((a for a, r, _new in entries if r == MemberRole.HEAD), None)
        deputy = next((a for a, r, _new in entries if r == MemberRole.DEPUTY), None)
        if bloc_year is None:
            opened.append(bloc)
            result.actions.append(_opener(bloc, state.year, new, head, deputy))
            continue
        current_head = _leader(state, bloc_year, MemberRole.HEAD)
        current_deputy = _leader(state, bloc_year, MemberRole.DEPUTY)
        roles = None
        if head not in (None, current_head) or deputy not in (None, current_deputy):
            roles = (head or current_head, deputy or current_deputy)
        if new or roles:
            result.actions.append(_adder(bloc_year, new, roles))
    result.extra_plan = sorted(bloc.pk for bloc in opened)
    if opened:
        result.notes.append(
            _("Year %(year)s will be opened for: %(blocs)s.")
            % {"year": state.year, "blocs": ", ".join(bloc.name for bloc in opened)}
        )


def _opener(
    bloc: Bloc, year: int, new: list[Agency], head: Agency | None, deputy: Agency | None
) -> Callable[[Any], object]:
    return lambda actor: services.create_bloc_year(
        bloc, year, actor=actor, members=new, head=head, deputy=deputy
    )


def _adder(
    bloc_year: BlocYear,
    new: list[Agency],
    roles: tuple[Agency | None, Agency | None] | None,
) -> Callable[[Any], None]:
    def write(actor: Any) -> None:
        if new:
            services.add_members(bloc_year, new, actor=actor)
        if roles is not None:
            services.set_head_and_deputy(bloc_year, actor=actor, head=roles[0], deputy=roles[1])

    return write


def _leader(state: _State, bloc_year: BlocYear, role: str) -> Agency | None:
    holder = state.leaders.get((bloc_year.pk, role))
    return holder.agency if holder else None
