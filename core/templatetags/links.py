"""{% link "view:name" arg … %}: {% url %} for pages that print many links, remembered per view
and arguments (core.links)."""

from django import template

from core import links

register = template.Library()


@register.simple_tag
def link(viewname: str, *args: int | str) -> str:
    return links.link(viewname, *args)
