"""Excel export and import of a criteria set: one sheet "Tiêu chí", one row per criterion.

Consecutive rows with the same "Phần" form one section; sections keep the order in which they
first appear, criteria the order of their rows. A section holds scored criteria or bonus and
deduction points, as its first row says. The export writes exactly this layout, so a file
exported, edited and imported again gives back the same set.

An import replaces the whole set, or nothing: `preview` shows every row's outcome, and `run`
computes it again inside the transaction and writes only if it finds no error and the same
signature the user confirmed (core.excel.base); the signature covers the set's current
contents, so an edit made meanwhile sends the user back to a new preview.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment

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
)
from core.excel.write import GuideList, append_row, write_guide, write_header
from core.text import name_key

from .models import CriteriaSet, CriterionKind, Section, SectionKind
from .services import criteria as services
from .services import criteria_sets
from .services.criteria_sets import CriterionRow, SectionRows

MAX_TEXT = 5000  # as the criterion form

SPEC = Spec(
    kind="criteria",
    columns=(
        Column("section", "Phần", required=True, max_length=500),
        Column("text", "Tiêu chí", required=True, max_length=MAX_TEXT, multiline=True),
        Column("max_points", "Điểm tối đa", required=True),
        Column("kind", "Loại"),
        Column("guidance", "Hướng dẫn minh chứng", max_length=MAX_TEXT, multiline=True),
    ),
    sheet_title="Tiêu chí",
)

# Words of the file format, like the column titles: the same whatever the user's language, so
# that every exported file imports again.
KIND_WORDS = {
    CriterionKind.STANDARD: "Chuẩn",
    CriterionKind.BONUS: "Điểm thưởng",
    CriterionKind.DEDUCTION: "Điểm trừ",
}
SECTION_OF = {
    CriterionKind.STANDARD: SectionKind.STANDARD,
    CriterionKind.BONUS: SectionKind.ADJUSTMENT,
    CriterionKind.DEDUCTION: SectionKind.ADJUSTMENT,
}
COLUMN_WIDTHS = {"section": 40, "text": 60, "max_points": 12, "kind": 16, "guidance": 50}
WRAPPED = {"section", "text", "guidance"}


def _kind_table() -> dict[str, str]:
    """The file's word, the code, or the label in the user's language -> the kind."""
    table = {}
    for kind in CriterionKind:
        for word in (KIND_WORDS[kind], kind.value, str(kind.label)):
            table[name_key(word)] = kind.value
    return table


def parse_kind(text: str) -> str | None:
    """The criterion kind a cell names (empty: standard), or None when it names none."""
    if not text:
        return CriterionKind.STANDARD
    return _kind_table().get(name_key(text))


# --- Preview and import ----------------------------------------------------------------------


@dataclass
class CriteriaPreview(Preview):
    """A preview, and what the import writes: the sections in order, with their criteria."""

    sections: list[SectionRows] = field(default_factory=list)
    current_sections: int = 0
    current_criteria: int = 0

    @property
    def criteria_count(self) -> int:
        return sum(len(s.criteria) for s in self.sections)


@dataclass
class _OpenSection:
    number: int  # 1, 2, … in the file
    first_row: int
    rows: SectionRows


def _contents_digest(sections: list[Section]) -> str:
    """The set's current contents: any edit since the preview changes the signature."""
    data = [
        [s.pk, s.version, s.title, s.kind]
        + [
            [c.pk, c.version, c.text, str(c.max_points), c.kind, c.guidance]
            for c in s.criteria.all()
        ]
        for s in sections
    ]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def preview(criteria_set: CriteriaSet, rows: list[SourceRow]) -> CriteriaPreview:
    current = list(criteria_set.sections.prefetch_related("criteria"))
    result = CriteriaPreview(
        SPEC,
        [],
        current_sections=len(current),
        current_criteria=sum(len(s.criteria.all()) for s in current),
    )
    sections: list[_OpenSection] = []
    by_title: dict[str, _OpenSection] = {}
    for row in rows:
        issues = check_cells(SPEC, row)
        broken = {issue.column for issue in issues}
        points = None
        if "max_points" not in broken:
            try:
                points = services.parse_points(row["max_points"])
            except ValidationError as error:
                issues.append(Issue(error.code or "points", " ".join(error.messages), "max_points"))
        kind = parse_kind(row["kind"])
        if kind is None and "kind" not in broken:
            issues.append(_unknown_kind(row["kind"]))
        section = None
        if row["section"] and "section" not in broken:
            section = _section_of(row, sections, by_title, issues)
        if section is not None and kind is not None:
            if not section.rows.kind:
                section.rows.kind = SECTION_OF[CriterionKind(kind)]
            try:
                services.check_kind_in_section(section.rows.kind, kind)
            except ValidationError as error:
                issues.append(Issue("kind_not_in_section", " ".join(error.messages), "kind"))
        cells = [row[c.key] for c in SPEC.columns]
        if issues or section is None or points is None or kind is None:
            result.rows.append(RowResult(row.number, cells, issues))
            continue
        section.rows.criteria.append(CriterionRow(row["text"], points, kind, row["guidance"]))
        result.rows.append(
            RowResult(
                row.number,
                cells,
                outcome=Outcome.NEW,
                detail=_row_detail(section, row.number),
                plan=(section.number, row["text"], str(points), kind, row["guidance"]),
            )
        )
    result.sections = [s.rows for s in sections]
    result.extra_plan = [
        criteria_set.pk,
        _contents_digest(current),
        [[s.title, s.kind] for s in result.sections],
    ]
    return result


def _section_of(
    row: SourceRow,
    sections: list[_OpenSection],
    by_title: dict[str, _OpenSection],
    issues: list[Issue],
) -> _OpenSection | None:
    """The section the row belongs to: the current one, or a new one; None (and an issue)
    when its title belongs to an earlier section, which would split that section in two."""
    key = name_key(row["section"])
    found = by_title.get(key)
    if found is not None and found is sections[-1]:
        return found
    if found is not None:
        issues.append(
            Issue(
                "section_split",
                _(
                    "The section “%(title)s” already appears in row %(row)s: the rows of a "
                    "section must be next to each other."
                )
                % {"title": row["section"], "row": found.first_row},
                "section",
            )
        )
        return None
    section = _OpenSection(len(sections) + 1, row.number, SectionRows(row["section"], ""))
    sections.append(section)
    by_title[key] = section
    return section


def _unknown_kind(value: str) -> Issue:
    return Issue(
        "unknown_kind",
        _("Unknown kind “%(value)s”. Allowed: %(allowed)s (empty means %(default)s).")
        % {
            "value": value,
            "allowed": ", ".join(f"“{word}”" for word in KIND_WORDS.values()),
            "default": f"“{KIND_WORDS[CriterionKind.STANDARD]}”",
        },
        "kind",
    )


def _row_detail(section: _OpenSection, number: int) -> str:
    position = {"section": section.number, "criterion": len(section.rows.criteria)}
    if number == section.first_row:
        return _(
            "New section %(section)s “%(title)s” (%(kind)s); criterion %(section)s.%(criterion)s"
        ) % {
            **position,
            "title": section.rows.title,
            "kind": SectionKind(section.rows.kind).label,
        }
    return _("Criterion %(section)s.%(criterion)s") % position


def run(
    criteria_set: CriteriaSet,
    rows: list[SourceRow],
    signature: str,
    *,
    actor: Any,
    source: str = "",
) -> CriteriaPreview:
    """Check the rows again and replace the set's contents with them, or change nothing:
    raises ImportChanged when the outcome differs from the confirmed preview, ValidationError
    when the set is locked by an open or in-force pledge."""
    with transaction.atomic():
        # Locked before the check, so that no edit slips in between the check and the write.
        CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk).first()
        result = preview(criteria_set, rows)
        if result.has_errors or result.signature != signature:
            raise ImportChanged(result)
        criteria_sets.replace_contents(criteria_set, result.sections, actor=actor, source=source)
    return result


# --- Export ----------------------------------------------------------------------------------


def export(criteria_set: CriteriaSet) -> bytes:
    """The set in the import's layout, with a guide sheet; sections without criteria cannot be
    written in this layout and are left out."""
    workbook = openpyxl.Workbook()
    data = workbook.worksheets[0]
    write_header(data, SPEC, COLUMN_WIDTHS)
    for section in criteria_set.sections.prefetch_related("criteria"):
        for criterion in section.criteria.all():
            append_row(
                data,
                [
                    section.title,
                    criterion.text,
                    _number(criterion.max_points),
                    KIND_WORDS[CriterionKind(criterion.kind)],
                    criterion.guidance or None,
                ],
            )
    wrapped = [col for col, c in enumerate(SPEC.columns, start=1) if c.key in WRAPPED]
    for row in data.iter_rows(min_row=2):
        for col in wrapped:
            row[col - 1].alignment = Alignment(wrap_text=True, vertical="top")
    write_guide(
        workbook,
        data,
        SPEC,
        intro=[
            _("How to fill in the criteria of a set"),
            _("One row per criterion. Consecutive rows with the same “Phần” form one section."),
            _(
                "A section holds either scored criteria (“Chuẩn”) or bonus and deduction points "
                "(“Điểm thưởng”, “Điểm trừ”), never both."
            ),
            _("Importing the file replaces every section and criterion of the set."),
        ],
        descriptions=descriptions(),
        lists=[
            GuideList(
                _("Allowed values of “%(column)s”") % {"column": "Loại"},
                [
                    [word, str(SectionKind(SECTION_OF[kind]).label)]
                    for kind, word in KIND_WORDS.items()
                ],
                column="kind",
            )
        ],
        last_row=max(data.max_row, 500),
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _number(points: Decimal) -> int | float:
    """A number cell, as Excel stores it: 6.00 is written 6, 2.50 is 2.5 (two decimals at most,
    so the float is exact to the cent)."""
    return int(points) if points == points.to_integral_value() else float(points)


def descriptions() -> dict[str, str]:
    """What to write in each column: on the guide sheet and on the upload page."""
    return {
        "section": _(
            "The section's title, on every row of the section. The rows of a section are next "
            "to each other; sections keep the order of the file."
        ),
        "text": _("The criterion, as the pledge will show it."),
        "max_points": _("The maximum points: a number above 0, e.g. 10 or 2,5."),
        "kind": _(
            "“Chuẩn” (or empty) for a scored criterion; “Điểm thưởng” or “Điểm trừ” for bonus "
            "and deduction points, which go in sections of their own."
        ),
        "guidance": _("What the agency attaches as evidence (minh chứng)."),
    }
