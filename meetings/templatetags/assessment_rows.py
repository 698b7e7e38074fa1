"""The criterion rows of an assessment's page (meetings/scoring_assessment.html) written by one
Python function rather than a template partial per row: the 60 rows of a pledge cost the
template engine some 0.3 ms each (up to three forms, a dozen translations, lookups and filters),
a string format a few microseconds. The full page renders a section's rows with
`assessment_rows`, the htmx answer after a save one row with `assessment_row` (the page's
`#line` partial), both through `row_html`, so the markup is written in one place.

Values are escaped as Django's autoescape does (the user's text, plain strings, with
html.escape, as django.utils.html.escape does; the page's values with conditional_escape); as
with `{% translate %}` and `{% blocktranslate %}`, a translated label is escaped, a translated
sentence with values keeps its own text and escapes the values. Labels are translated and
escaped once per page, not per row."""

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop  # no alias: makemessages reads the name

from core.numbers import decimal_number

from ..scoring_selectors import Line

register = template.Library()

_CELL_FORM = (
    '<form method="post" action="{url}" hx-post="{url}" hx-trigger="{trigger}" '
    'hx-target="#criterion-{id}" hx-swap="outerHTML" class="cell-form">{csrf}\n'
    '<input type="hidden" name="criterion" value="{id}"><input type="hidden" name="column" '
    'value="{column}"><input type="hidden" name="version" value="{version}">\n'
    '<label for="{column}-{id}" class="visually-hidden">{points_label}</label>\n'
    '<input type="text" inputmode="decimal" name="points" id="{column}-{id}" value="{points}" '
    'size="5"{invalid}>\n'
    '<label for="{note_id}-{id}" class="visually-hidden">{note_label}</label>\n'
    '<input type="text" name="note" id="{note_id}-{id}" value="{note}" '
    'placeholder="{placeholder}">\n'
    '<button type="submit" class="secondary outline">{save}</button>\n'
    "{error}</form>"
)
_CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_INVALID = ' aria-invalid="true" aria-describedby="{column}-error-{id}"'
_ERROR = '<p class="error" role="alert" id="{column}-error-{id}">{error}</p>\n'
_EVIDENCE_ITEM = '<li><a href="{url}">{name}</a> <small class="muted">({size})</small>{remove}</li>'
_REMOVE = (
    ' <form method="post" action="{url}" hx-post="{url}" class="inline-form" '
    'hx-confirm="{confirm}">{csrf}<button type="submit" class="secondary outline danger-link">'
    "{label}</button></form>"
)
# hx-preserve: the row is swapped when its points are saved; a file chosen meanwhile stays chosen.
_UPLOAD = (
    '<form method="post" action="{url}" enctype="multipart/form-data" class="evidence-form">'
    '{csrf}\n<input type="hidden" name="criterion" value="{id}">\n'
    '<label for="file-{id}" class="visually-hidden">{label}</label>\n'
    '<input type="file" name="file" id="file-{id}" accept="{accept}" hx-preserve>\n'
    '<button type="submit" class="secondary outline">{attach}</button>\n</form>'
)


@dataclass(frozen=True)
class Column:
    """One column of points a row may edit: its field names and its labels."""

    name: str  # the form's column, and the prefix of its ids
    note_field: str
    note_id: str  # the prefix of the note input's id
    trigger: str
    points_label: str  # msgids with %(number)s
    note_label: str
    placeholder: str
    read_only_span: bool  # the read-only points in <span data-points="…">


SELF = Column(
    name="self",
    note_field="self_note",
    note_id="self-note",
    trigger="change, submit",
    points_label=gettext_noop("Self points for %(number)s"),
    note_label=gettext_noop("Note for %(number)s"),
    placeholder=gettext_noop("Note"),
    read_only_span=True,
)
CHECKED = Column(
    name="checked",
    note_field="checked_note",
    note_id="checked-note",
    trigger="change, submit",
    points_label=gettext_noop("Checked points for %(number)s"),
    note_label=gettext_noop("Checker's note for %(number)s"),
    placeholder=gettext_noop("Note"),
    read_only_span=True,
)
AGREED = Column(
    name="agreed",
    note_field="agreed_reason",
    note_id="agreed-reason",
    trigger="submit",
    points_label=gettext_noop("Agreed points for %(number)s"),
    note_label=gettext_noop("Reason for the agreed points of %(number)s"),
    placeholder=gettext_noop("Reason for a change"),
    read_only_span=False,
)


@dataclass(frozen=True)
class Rows:
    """What every row of one page shares, escaped and translated once."""

    editable_self: bool
    editable_checked: bool
    editable_agreed: bool
    agreed: bool  # the round has agreed points: their column is shown
    cell_url: str
    upload_url: str
    accept: str
    csrf: str  # the hidden CSRF input, or "" when rendered without a request
    error: str
    error_column: str
    labels: dict[str, str]  # msgid: translated and escaped
    sentences: dict[str, str]  # msgid with %(…)s: translated

    @classmethod
    def of(cls, context: Any) -> "Rows":
        page = context["page"]
        # As {% csrf_token %}: nothing when rendered without a request or with Django's marker.
        token = str(context.get("csrf_token") or "")
        csrf = "" if token in ("", "NOTPROVIDED") else _CSRF.format(conditional_escape(token))
        labels = {
            gettext_noop("bonus"),
            gettext_noop("deduction"),
            gettext_noop("Save"),
            gettext_noop("Remove"),
            gettext_noop("Attach"),
        }
        sentences = {gettext_noop("Remove %(name)s?"), gettext_noop("Evidence for %(number)s")}
        for column in (SELF, CHECKED, AGREED):
            labels.add(column.placeholder)
            sentences |= {column.points_label, column.note_label}
        return cls(
            editable_self=page.editable_self,
            editable_checked=page.editable_checked,
            editable_agreed=page.may_run and not page.final,
            agreed=bool(page.assessment.round.agreed_at),
            cell_url=_escaped(context.get("cell_url")),
            upload_url=_escaped(context.get("upload_url")),
            accept=_escaped(context.get("accept")),
            csrf=csrf,
            error=_escaped(context.get("error")),
            error_column=str(context.get("column") or ""),
            labels={msgid: conditional_escape(gettext(msgid)) for msgid in labels},
            sentences={msgid: gettext(msgid) for msgid in sentences},
        )

    def text(self, msgid: str) -> str:
        """A label as {% translate %} prints it."""
        return self.labels[msgid]

    def sentence(self, msgid: str, **escaped: str) -> str:
        """A sentence as {% blocktranslate %} prints it: its values (escaped by the caller),
        not its text."""
        return self.sentences[msgid] % escaped


def _escaped(value: Any) -> str:
    return conditional_escape(value) if value else ""


def _points(value: Decimal | None) -> str:
    """As the `points` filter prints them."""
    return "" if value is None or value == "" else decimal_number(value)


def _cell(line: Line, column: Column, rows: Rows, editable: bool, number: str) -> str:
    """One column's points and note (`number` escaped)."""
    score = line.score
    points = _points(getattr(score, f"{column.name}_points")) if score else ""
    note = (getattr(score, column.note_field) or "") if score else ""
    if not editable:
        shown = points or "—"
        if column.read_only_span:
            shown = f'<span data-points="{column.name}">{shown}</span>'
        return shown + (f"<br><small>{escape(note)}</small>" if note else "")
    ident = line.ref.id
    failed = bool(rows.error) and rows.error_column == column.name
    return _CELL_FORM.format(
        url=rows.cell_url,
        trigger=column.trigger,
        id=ident,
        csrf=rows.csrf,
        column=column.name,
        version=(getattr(score, f"{column.name}_version") if score else 0) or 0,
        points_label=rows.sentence(column.points_label, number=number),
        points=points,
        invalid=_INVALID.format(column=column.name, id=ident) if failed else "",
        note_id=column.note_id,
        note_label=rows.sentence(column.note_label, number=number),
        note=escape(note),
        placeholder=rows.text(column.placeholder),
        save=rows.text("Save"),
        error=_ERROR.format(column=column.name, id=ident, error=rows.error) if failed else "",
    )


def _evidence(line: Line, rows: Rows, number: str) -> str:
    """The criterion's files, and the upload form while the agency may add one."""
    html = ""
    if line.evidence:
        items = []
        for item in line.evidence:
            name = escape(item.name)
            remove = ""
            if rows.editable_self:
                remove = _REMOVE.format(
                    url=reverse("meetings:evidence_remove", args=[item.pk]),
                    confirm=rows.sentence("Remove %(name)s?", name=name),
                    csrf=rows.csrf,
                    label=rows.text("Remove"),
                )
            items.append(
                _EVIDENCE_ITEM.format(
                    url=reverse("meetings:evidence", args=[item.pk]),
                    name=name,
                    size=filesizeformat(item.size),
                    remove=remove,
                )
            )
        html = f'<ul class="evidence-list">{"".join(items)}</ul>\n'
    if rows.editable_self:
        html += _UPLOAD.format(
            url=rows.upload_url,
            csrf=rows.csrf,
            id=line.ref.id,
            label=rows.sentence("Evidence for %(number)s", number=number),
            accept=rows.accept,
            attach=rows.text("Attach"),
        )
    elif not line.evidence:
        html += '<span class="muted">—</span>'
    return html


def row_html(line: Line, rows: Rows) -> str:
    """One criterion's row: its text and maximum, the self points and note, the evidence, the
    checked points and note, and the agreed points once the round has them; each as a form
    where this reader may change it, else as text."""
    ident = line.ref.id
    number = escape(str(line.number))
    text = escape(str(line.criterion.get("text", "")))
    kind = line.ref.kind
    suffix = (
        f' <small class="muted">({rows.text(kind)})</small>'
        if kind in ("bonus", "deduction")
        else ""
    )
    agreed = (
        f"<td>{_cell(line, AGREED, rows, rows.editable_agreed, number)}</td>\n"
        if rows.agreed
        else ""
    )
    return (
        f'<tr id="criterion-{ident}">\n'
        f'<th scope="row">{number}. {text}{suffix}</th>\n'
        f"<td>{_points(line.ref.max_points)}</td>\n"
        f"<td>{_cell(line, SELF, rows, rows.editable_self, number)}</td>\n"
        f'<td id="evidence-{ident}">\n{_evidence(line, rows, number)}\n</td>\n'
        f"<td>{_cell(line, CHECKED, rows, rows.editable_checked, number)}</td>\n"
        f"{agreed}</tr>\n"
    )


_SHARED = "meetings.assessment_rows"


@register.simple_tag(takes_context=True)
def assessment_rows(context: Any, lines: list[Line]) -> SafeString:
    """A section's rows (context: page, cell_url, upload_url, accept, csrf_token)."""
    rows = context.render_context.get(_SHARED)  # one per page, for all its sections
    if rows is None:
        rows = context.render_context[_SHARED] = Rows.of(context)
    return mark_safe("".join(row_html(line, rows) for line in lines))  # noqa: S308 (escaped)


@register.simple_tag(takes_context=True)
def assessment_row(context: Any, line: Line) -> SafeString:
    """One row, with the save's error if any (context: as above, error, column)."""
    return mark_safe(row_html(line, Rows.of(context)))  # noqa: S308 (escaped in row_html)
