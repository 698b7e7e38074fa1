"""The secretariat's grid cells (meetings/scoring_grid.html) written by one Python function
rather than a template partial per cell: up to 900 cells per page cost the template engine
about 0.1 ms each (variable lookups, filters, autoescape), a string format a few microseconds.
The full page renders a row's cells with `grid_cells`, the htmx answer after a save one cell
with `grid_cell`, both through `cell_html`, so the markup is written in one place.

A Cell holds numbers and ids only (grid_selectors._cell writes them from ints and Decimals),
printed as they are; the page's values (the save's URL, the CSRF token, an error message) are
escaped as Django's autoescape does (html.escape)."""

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..grid_selectors import Cell

register = template.Library()

_EDITABLE = (
    '<td id="cell-{key}"><span class="muted">{own}</span><form method="post" action="{url}" '
    'hx-post="{url}" hx-trigger="change, submit" hx-target="#cell-{key}" hx-swap="outerHTML" '
    'class="grid-cell"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    '<input type="hidden" name="assessment" value="{assessment}">'
    '<input type="hidden" name="criterion" value="{criterion}">'
    '<input type="hidden" name="column" value="checked">'
    '<input type="hidden" name="version" value="{version}">'
    '<input type="text" inputmode="decimal" name="points" value="{checked}" size="4" '
    'id="input-{key}" aria-labelledby="checked-label agency-{assessment} criterion-{criterion}"'
    "{invalid}></form>{error}</td>"
)
_READ_ONLY = '<td id="cell-{key}"><span class="muted">{own}</span> / {checked}</td>'
_INVALID = ' aria-invalid="true" aria-describedby="error-{key}"'
_ERROR = '<p class="error" role="alert" id="error-{key}">{error}</p>'


def cell_html(cell: Cell, *, url: str, token: str, error: str = "") -> str:
    """One cell: the self points above the checked points' input (submitted assessments while
    the minutes are open), else both as text. `url`, `token` and `error` come escaped."""
    key = cell.key
    own = cell.self_points or "—"
    if not cell.editable:
        return _READ_ONLY.format(key=key, own=own, checked=cell.checked_points or "—")
    return _EDITABLE.format(
        key=key,
        own=own,
        url=url,
        token=token,
        assessment=cell.assessment,
        criterion=cell.criterion,
        version=cell.version,
        checked=cell.checked_points,
        invalid=_INVALID.format(key=key) if error else "",
        error=_ERROR.format(key=key, error=error) if error else "",
    )


# The shared table (meetings/grid_cache.py) is rendered without a reader's CSRF token.
_NO_TOKEN = 'name="csrfmiddlewaretoken" value=""'  # noqa: S105 (markup, not a secret)


def with_token(table: str, token: str) -> SafeString:
    """The shared table with this reader's CSRF token in every cell's form, so that a cell
    also saves as a plain form post (without JavaScript, htmx sends the token as a header)."""
    mine = f'name="csrfmiddlewaretoken" value="{escape(token)}"'
    return mark_safe(table.replace(_NO_TOKEN, mine))  # noqa: S308 (the escaped token only)


def _escaped(context: Any, name: str) -> str:
    return escape(str(context.get(name) or ""))


@register.simple_tag(takes_context=True)
def grid_cells(context: Any, cells: list[Cell]) -> SafeString:
    """A row's cells (context: cell_url, token)."""
    url, token = _escaped(context, "cell_url"), _escaped(context, "token")
    return mark_safe("".join(cell_html(c, url=url, token=token) for c in cells))  # noqa: S308


@register.simple_tag(takes_context=True)
def grid_cell(context: Any, cell: Cell) -> SafeString:
    """One cell, with the save's error if any (context: cell_url, token, error)."""
    return mark_safe(  # noqa: S308 (every value escaped in cell_html)
        cell_html(
            cell,
            url=_escaped(context, "cell_url"),
            token=_escaped(context, "token"),
            error=_escaped(context, "error"),
        )
    )
