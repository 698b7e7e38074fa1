"""What every Excel import shares: the columns of a file, the rows read from it, the preview.

A preview is computed from the rows and the database; the same computation runs again inside the
import's transaction, and the import goes ahead only if it finds no error and the same outcome
(the signature) that the user confirmed.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import name_key

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The guide sheet of our templates: never read as data.
GUIDE_SHEET_TITLE = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    # The title is the file format, not a translation: it stays the same whatever the language,
    # so that every file made from the template keeps importing.
    title: str
    required: bool = False
    max_length: int | None = None
    multiline: bool = False  # keep line breaks (long texts); other cells become one line


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[Column, ...]
    sheet_title: str

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


@dataclass
class Issue:
    code: str
    message: str
    column: str = ""


@dataclass
class SourceRow:
    """One non-empty row of the sheet: its number as Excel shows it and its cells, as text."""

    number: int
    values: dict[str, str]
    problems: list[Issue] = field(default_factory=list)  # found while reading the cells

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


def rows_to_json(spec: Spec, rows: list[SourceRow]) -> list[list[Any]]:
    return [[row.number, [row[c.key] for c in spec.columns]] for row in rows]


def rows_from_json(spec: Spec, data: list[list[Any]]) -> list[SourceRow]:
    return [
        SourceRow(int(number), {c.key: str(v) for c, v in zip(spec.columns, values, strict=True)})
        for number, values in data
    ]


class Outcome(models.TextChoices):
    NEW = "new", gettext_lazy("new")
    UPDATE = "update", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass
class RowResult:
    number: int
    cells: list[str]
    issues: list[Issue] = field(default_factory=list)
    outcome: str = ""
    detail: str = ""
    plan: tuple[Any, ...] = ()  # what the import will do, in ids: part of the signature

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""


@dataclass
class Preview:
    spec: Spec
    rows: list[RowResult]
    notes: list[str] = field(default_factory=list)
    extra_plan: list[Any] = field(default_factory=list)  # e.g. the bloc-years to open
    # What the import writes, each called with the acting user (services check it).
    actions: list[Callable[[Any], Any]] = field(default_factory=list, repr=False)

    @property
    def bad_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.issues]

    @property
    def has_errors(self) -> bool:
        return any(r.issues for r in self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if not r.issues and r.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {o.value: self.count(o.value) for o in Outcome}

    @property
    def signature(self) -> str:
        plan = [[r.number, r.outcome, list(r.plan)] for r in self.rows]
        data = json.dumps([plan, self.extra_plan], sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


def check_cells(spec: Spec, row: SourceRow) -> list[Issue]:
    """The read problems of a row, then empty required cells and text that is too long."""
    issues = list(row.problems)
    broken = {issue.column for issue in issues}
    for column in spec.columns:
        value = row[column.key]
        if column.key in broken:
            continue
        if column.required and not value:
            issues.append(
                Issue(
                    "required", _("“%(column)s” is empty.") % {"column": column.title}, column.key
                )
            )
        elif column.max_length is not None and len(value) > column.max_length:
            issues.append(
                Issue(
                    "too_long",
                    _("“%(column)s” is longer than %(limit)s characters (%(length)s).")
                    % {"column": column.title, "limit": column.max_length, "length": len(value)},
                    column.key,
                )
            )
    return issues


def example_issue(spec: Spec, row: SourceRow, example: list[str]) -> Issue | None:
    """The template's example row, left in the file by mistake."""
    if [name_key(row[c.key]) for c in spec.columns] == [name_key(v) for v in example]:
        return Issue(
            "example_row",
            _("This is the template's example row: delete it or replace it with real data."),
        )
    return None


def index_by(items: list[Any], *getters: Callable[[Any], str]) -> dict[str, list[Any]]:
    """Items by every name they can be written with (name, short name, code), case-insensitive."""
    index: dict[str, list[Any]] = {}
    for item in items:
        for get in getters:
            name = get(item)
            if name:
                matches = index.setdefault(name_key(name), [])
                if item not in matches:
                    matches.append(item)
    return index


class ImportChanged(Exception):
    """The data changed between the preview and the confirmation: the import did not run."""

    def __init__(self, preview: Preview) -> None:
        super().__init__("import changed since preview")
        self.preview = preview
