"""Import of the province's agency list: new names are created, known names updated.

A row matches an existing agency of the board's province by its full name (NFC, case-insensitive);
agencies of other provinces are never looked at. An empty "Tên viết tắt" or "Loại" keeps what an
existing agency has (and gives the default to a new one): the import never erases data.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

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
    index_by,
    name_key,
)
from core.excel.write import GuideList, build_template
from core.versioning import save_versioned

from ..access import can_manage_province
from ..models import Agency, AgencyKind, Province

SPEC = Spec(
    kind="agencies",
    columns=(
        Column("name", "Tên đơn vị", required=True, max_length=255),
        Column("short_name", "Tên viết tắt", max_length=100),
        Column("kind", "Loại"),
    ),
    sheet_title="Đơn vị",
)


def example() -> list[str]:
    return ["Sở Khoa học và Công nghệ", "Sở KH&CN", str(AgencyKind.DEPARTMENT.label)]


def _kinds() -> dict[str, str]:
    """The kind's label in the user's language, or its code, -> the code."""
    table = {}
    for value, label in AgencyKind.choices:
        table[name_key(value)] = value
        table[name_key(str(label))] = value
    return table


def _kind_label(value: str) -> str:
    return str(AgencyKind(value).label)


def preview(province: Province, rows: list[SourceRow]) -> Preview:
    agencies = list(Agency.objects.filter(province=province))
    by_name = index_by(agencies, lambda a: a.name)
    by_short = index_by(agencies, lambda a: a.short_name)
    kinds = _kinds()
    first_name: dict[str, int] = {}
    first_short: dict[str, int] = {}
    result = Preview(SPEC, [])
    for row in rows:
        name, short_name, kind_text = row["name"], row["short_name"], row["kind"]
        issues = check_cells(SPEC, row)
        if found := example_issue(SPEC, row, example()):
            issues.append(found)
        kind = kinds.get(name_key(kind_text)) if kind_text else None
        if kind_text and kind is None:
            issues.append(
                Issue(
                    "unknown_kind",
                    _("Unknown kind “%(value)s”. Allowed: %(allowed)s.")
                    % {
                        "value": kind_text,
                        "allowed": ", ".join(str(label) for _v, label in AgencyKind.choices),
                    },
                    "kind",
                )
            )
        agency = None
        if name:
            if name_key(name) in first_name:
                issues.append(
                    Issue(
                        "duplicate",
                        _("The same agency is already in row %(row)s of the file.")
                        % {"row": first_name[name_key(name)]},
                        "name",
                    )
                )
            else:
                first_name[name_key(name)] = row.number
            matches = by_name.get(name_key(name), [])
            if len(matches) > 1:
                issues.append(
                    Issue(
                        "ambiguous",
                        _("Several agencies of the province have this name: rename them first."),
                        "name",
                    )
                )
            elif matches:
                agency = matches[0]
        if short_name:
            if name_key(short_name) in first_short:
                issues.append(
                    Issue(
                        "duplicate_short_name",
                        _("The short name “%(value)s” is already used in row %(row)s.")
                        % {"value": short_name, "row": first_short[name_key(short_name)]},
                        "short_name",
                    )
                )
            else:
                first_short[name_key(short_name)] = row.number
            owners = [a for a in by_short.get(name_key(short_name), []) if a != agency]
            if owners:
                issues.append(
                    Issue(
                        "short_name_taken",
                        _("The short name “%(value)s” already belongs to %(agency)s.")
                        % {"value": short_name, "agency": owners[0].name},
                        "short_name",
                    )
                )
        cells = [name, short_name, kind_text]
        if issues:
            result.rows.append(RowResult(row.number, cells, issues))
        elif agency is None:
            _plan_new(result, province, row.number, cells, kind or AgencyKind.DEPARTMENT)
        else:
            _plan_update(result, agency, row.number, cells, short_name, kind)
    return result


def _plan_new(
    result: Preview, province: Province, number: int, cells: list[str], kind: str
) -> None:
    name, short_name, _kind = cells
    result.rows.append(
        RowResult(
            number,
            cells,
            outcome=Outcome.NEW,
            detail=_kind_label(kind),
            plan=(name, short_name, kind),
        )
    )

    def create(actor: Any) -> None:
        agency = Agency(province=province, name=name, short_name=short_name, kind=kind)
        save_versioned(agency, None)

    result.actions.append(create)


def _plan_update(
    result: Preview,
    agency: Agency,
    number: int,
    cells: list[str],
    short_name: str,
    kind: str | None,
) -> None:
    new_short = short_name or agency.short_name
    new_kind = kind or agency.kind
    changes = []
    if new_short != agency.short_name:
        changes.append(
            _("short name: “%(old)s” → “%(new)s”") % {"old": agency.short_name, "new": new_short}
        )
    if new_kind != agency.kind:
        changes.append(
            _("kind: %(old)s → %(new)s")
            % {"old": _kind_label(agency.kind), "new": _kind_label(new_kind)}
        )
    outcome = Outcome.UPDATE if changes else Outcome.UNCHANGED
    result.rows.append(
        RowResult(
            number,
            cells,
            outcome=outcome,
            detail="; ".join(changes),
            plan=(agency.pk, agency.version, new_short, new_kind),
        )
    )
    if changes:

        def update(actor: Any) -> None:
            agency.short_name, agency.kind = new_short, new_kind
            save_versioned(agency, agency.version)

        result.actions.append(update)


def run(province: Province, rows: list[SourceRow], signature: str, *, actor: Any) -> Preview:
    """Check the rows again and import them all, or nothing: raises ImportChanged when the
    outcome differs from the preview the user confirmed, and lets a write error roll back."""
    if not can_manage_province(actor, province.pk):
        raise PermissionDenied
    with transaction.atomic():
        # One import at a time per province, so that two cannot both create the same agency.
        Province.objects.select_for_update().get(pk=province.pk)
        result = preview(province, rows)
        if result.has_errors or result.signature != signature:
            raise ImportChanged(result)
        for action in result.actions:
            action(actor)
    return result


def template() -> bytes:
    return build_template(
        SPEC,
        example=example(),
        intro=_("How to fill in the agency list"),
        descriptions={
            "name": _(
                "The agency's full name, e.g. “Sở Khoa học và Công nghệ”. A name the province "
                "already has (capitals do not matter) updates that agency; others are created."
            ),
            "short_name": _(
                "As used in tables, e.g. “Sở KH&CN”; unique in the province. Empty: keep the "
                "existing one."
            ),
            "kind": _(
                "One of the values below. Empty: keep the existing kind, or “%(default)s” for "
                "a new agency."
            )
            % {"default": _kind_label(AgencyKind.DEPARTMENT)},
        },
        lists=[
            GuideList(
                _("Allowed values of “%(column)s”") % {"column": "Loại"},
                [[str(label)] for _v, label in AgencyKind.choices],
                column="kind",
            )
        ],
    )
