"""Import of a year's memberships: which agency is in which bloc, and who leads each bloc.

Blocs are found by name or symbol, agencies by full or short name, only in the board's province,
as people write them (core.names: "VP UBND tỉnh" is "Văn phòng Ủy ban nhân dân tỉnh"); a name
that matches nothing is answered with the closest ones.
The import adds members and fills empty head/deputy roles, opening the bloc-year when needed; it
never removes a member nor takes a role away (that is done on the bloc-year's page), so a file
that contradicts the database is refused row by row instead of silently winning.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel.base import (
    Column,
    ImportChanged,
    Issue,
    Outcome,
    Preview,
    RowResult,
    SourceRow,
    Spec,
    check_cells,
    example_issue,
    name_key,
)
from core.excel.write import GuideList, build_template
from core.names import closest, index_by_names, match_key

from .. import services
from ..models import Agency, Bloc, BlocYear, MemberRole, Membership, Province

SPEC = Spec(
    kind="memberships",
    columns=(
        Column("bloc", "Khối", required=True),
        Column("agency", "Đơn vị", required=True),
        Column("role", "Vai trò"),
    ),
    sheet_title="Thành viên",
)
# The words the template offers (the file format), then the roles' labels in the user's language.
ROLE_WORDS = {
    "Trưởng khối": MemberRole.HEAD,
    "Khối trưởng": MemberRole.HEAD,
    "Khối phó": MemberRole.DEPUTY,
    "Phó khối": MemberRole.DEPUTY,
    # A cluster's (cụm) words.
    "Cụm trưởng": MemberRole.HEAD,
    "Trưởng cụm": MemberRole.HEAD,
    "Cụm phó": MemberRole.DEPUTY,
    "Phó cụm": MemberRole.DEPUTY,
    "Thành viên": MemberRole.MEMBER,
}
TEMPLATE_ROLES = ["Trưởng khối", "Khối phó", "Cụm trưởng", "Cụm phó", "Thành viên"]
LEADER_ROLES = (MemberRole.HEAD, MemberRole.DEPUTY)
ROLE_HELP = gettext_lazy(
    "“Trưởng khối” or “Cụm trưởng” (head), “Khối phó” or “Cụm phó” (deputy), “Thành viên” or "
    "empty (member). One head and one deputy per bloc or cluster."
)


# The example row of a province that has no bloc or agency yet.
NEUTRAL_EXAMPLE = ["Khối thi đua số …", "Sở …", "Thành viên"]


def example(province: Province) -> list[str]:
    """The template's example row, from the province's own data: the head (or a member) of its
    first bloc in the latest year it has; else its first bloc and agency; else neutral words."""
    latest = (
        Membership.objects.filter(
            bloc_year__bloc__province=province,
            bloc_year__bloc__is_active=True,
            agency__is_active=True,
        )
        .select_related("bloc_year__bloc", "agency")
        .order_by("-year", "bloc_year__bloc__sort_key", "agency__sort_key")
    )
    first = latest.first()
    if first is not None:
        members = list(latest.filter(bloc_year=first.bloc_year))
        chosen = next((m for m in members if m.role == MemberRole.HEAD), first)
        words = chosen.bloc_year.bloc.terms.vi
        role = {MemberRole.HEAD: words.head, MemberRole.DEPUTY: words.deputy}.get(
            MemberRole(chosen.role), "Thành viên"
        )
        return [chosen.bloc_year.bloc.name, _agency_name(chosen.agency), role]
    bloc = Bloc.objects.filter(province=province, is_active=True).order_by("sort_key").first()
    agency = Agency.objects.filter(province=province, is_active=True).order_by("sort_key").first()
    if bloc is None or agency is None:
        return list(NEUTRAL_EXAMPLE)
    return [bloc.name, _agency_name(agency), "Thành viên"]


def _agency_name(agency: Agency) -> str:
    return agency.short_name or agency.name


def _roles() -> dict[str, str]:
    table = {name_key(word): str(role) for word, role in ROLE_WORDS.items()}
    for value, label in MemberRole.choices:
        table.setdefault(name_key(value), value)
        table.setdefault(name_key(str(label)), value)
    return table


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


def _load_state(province: Province, year: int) -> _State:
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


def _resolve[T: (Bloc, Agency)](
    index: dict[str, list[T]],
    text: str,
    column: str,
    unknown: str,
    inactive: str,
    *,
    advice: str = "",
) -> tuple[T | None, Issue | None]:
    """The bloc or agency a cell names; when none, `unknown`, the closest names, `advice`."""
    matches = index.get(match_key(text), []) if text else []
    if not text:
        return None, None
    if not matches:
        parts: list[str] = [unknown]
        suggestions = [str(item.name) for item in closest(text, index)]
        if suggestions:
            parts.append(_("Did you mean: %(names)s?") % {"names": "; ".join(suggestions)})
        return None, Issue(f"unknown_{column}", " ".join([*parts, advice]).strip(), column)
    if len(matches) > 1:
        return None, Issue(
            "ambiguous",
            _("“%(value)s” matches several records: %(names)s. Write the full name.")
            % {"value": text, "names": ", ".join(m.name for m in matches)},
            column,
        )
    if not matches[0].is_active:
        return None, Issue(f"inactive_{column}", inactive, column)
    return matches[0], None


def preview(province: Province, year: int, rows: list[SourceRow]) -> Preview:
    blocs = index_by_names(
        Bloc.objects.filter(province=province), lambda b: b.name, lambda b: b.code
    )
    agencies = index_by_names(
        Agency.objects.filter(province=province), lambda a: a.name, lambda a: a.short_name
    )
    example_row = example(province)
    roles = _roles()
    state = _load_state(province, year)
    result = Preview(SPEC, [])
    for row in rows:
        issues = check_cells(SPEC, row)
        if found := example_issue(SPEC, row, example_row):
            issues.append(found)
        values = {"value": row["bloc"], "province": province.name}
        bloc, issue = _resolve(
            blocs,
            row["bloc"],
            "bloc",
            _("No bloc of %(province)s is named or coded “%(value)s”.") % values,
            _("The bloc “%(value)s” is no longer active.") % values,
        )
        issues += [issue] if issue else []
        values["value"] = row["agency"]
        agency, issue = _resolve(
            agencies,
            row["agency"],
            "agency",
            _("No agency of %(province)s has the name or short name “%(value)s”.") % values,
            _("The agency “%(value)s” is no longer active.") % values,
            advice=_("Add it (for example with the agency import) and upload the file again."),
        )
        issues += [issue] if issue else []
        role = roles.get(name_key(row["role"])) if row["role"] else None
        if row["role"] and role is None:
            issues.append(
                Issue(
                    "unknown_role",
                    _("Unknown role “%(value)s”. Allowed: %(allowed)s, or empty.")
                    % {"value": row["role"], "allowed": ", ".join(TEMPLATE_ROLES)},
                    "role",
                )
            )
        cells = [row["bloc"], row["agency"], row["role"]]
        if bloc is not None and agency is not None:
            issues += _check_membership(state, row.number, bloc, agency, role)
        if issues or bloc is None or agency is None:
            result.rows.append(RowResult(row.number, cells, issues))
            continue
        result.rows.append(_plan_row(state, row.number, cells, bloc, agency, role))
    _plan_writes(result, state)
    return result


def _check_membership(
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


def _plan_row(
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


def _plan_writes(result: Preview, state: _State) -> None:
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


def summary(result: Preview) -> dict[str, int]:
    """What an import did, for the message shown afterwards."""
    done = [row for row in result.rows if not row.issues]
    return {
        "added": result.count(Outcome.NEW),
        "roles": sum(
            1 for row in done if row.plan[2] in LEADER_ROLES and row.outcome != Outcome.UNCHANGED
        ),
        "unchanged": result.count(Outcome.UNCHANGED),
        "opened": len(result.extra_plan),
    }


def run(
    province: Province, year: int, rows: list[SourceRow], signature: str, *, actor: Any
) -> Preview:
    """Check the rows again and import them all, or nothing (see agencies.run)."""
    with transaction.atomic():
        Province.objects.select_for_update().get(pk=province.pk)
        result = preview(province, year, rows)
        if result.has_errors or result.signature != signature:
            raise ImportChanged(result)
        for action in result.actions:
            action(actor)
    return result


def template(province: Province) -> bytes:
    blocs = Bloc.objects.filter(province=province, is_active=True).order_by("sort_key")
    agencies = Agency.objects.filter(province=province, is_active=True).order_by("sort_key")
    return build_template(
        SPEC,
        example=example(province),
        intro=_("How to fill in the members of the blocs for one year"),
        descriptions={
            "bloc": _("The bloc's name or symbol, as in the list below."),
            "agency": _(
                "The agency's full name or short name, as in the list below. An agency is in "
                "one bloc only in a year."
            ),
            "role": str(ROLE_HELP),
        },
        lists=[
            GuideList(
                _("Allowed values of “%(column)s”") % {"column": "Vai trò"},
                [[word] for word in TEMPLATE_ROLES],
                column="role",
            ),
            GuideList(
                _("Blocs of %(province)s (name, symbol)") % {"province": province.name},
                [[bloc.name, bloc.code] for bloc in blocs],
            ),
            GuideList(
                _("Agencies of %(province)s (full name, short name)") % {"province": province.name},
                [[agency.name, agency.short_name] for agency in agencies],
            ),
        ],
    )
