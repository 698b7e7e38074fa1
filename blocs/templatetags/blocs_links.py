from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_actions(context: template.Context, page: str, subject: Any) -> SafeString:
    """The actions later apps registered for this page (blocs.links), in registration order."""
    request = context["request"]
    parts = []
    for action in links.actions(page, request.user, subject):
        if action.template:
            parts.append(render_to_string(action.template, action.context, request=request))
        else:
            id_attr = format_html(' id="{}"', action.id) if action.id else ""
            parts.append(
                format_html(
                    '<a role="button" href="{}"{}>{}</a>', action.url, id_attr, action.label
                )
            )
    return mark_safe("".join(parts))  # noqa: S308  every part is escaped above


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, page: str, subject: Any) -> SafeString:
    """The sections later apps registered for this page (blocs.links), each a partial template."""
    request = context["request"]
    parts = [
        render_to_string(action.template, action.context, request=request)
        for action in links.actions(page, request.user, subject)
        if action.template
    ]
    return mark_safe("".join(parts))  # noqa: S308  rendered by Django's autoescaping templates
