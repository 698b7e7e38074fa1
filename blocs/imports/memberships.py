"""Import of a year's memberships: which agency is in which bloc, and who leads each bloc.

Blocs are found by name or symbol, agencies by full or short name, only in the board's province,
as people write them (core.names: "VP UBND tỉnh" is "Văn phòng Ủy ban nhân dân tỉnh"); a name
that matches nothing is answered with the closest ones.
The import adds members and fills empty head/deputy roles, opening the bloc-year when needed; it
never removes a member nor takes a role away (that is done on the bloc-year's page), so a file
that contradicts the database is refused row by row instead of silently winning.
The rows' checks against the year and the writes planned per bloc: memberships_rows.py.
"""

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

from ..models import Agency, Bloc, MemberRole, Membership, Province
from .memberships_rows import (
    LEADER_ROLES,
    check_membership,
    load_state,
    plan_row,
    plan_writes,
)

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
    state = load_state(province, year)
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
            issues += check_membership(state, row.number, bloc, agency, role)
        if issues or bloc is None or agency is None:
            result.rows.append(RowResult(row.number, cells, issues))
            continue
        result.rows.append(plan_row(state, row.number, cells, bloc, agency, role))
    plan_writes(result, state)
    return result


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
