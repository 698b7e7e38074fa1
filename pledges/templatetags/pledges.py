from typing import Any

from django import template

from core.numbers import decimal_number

register = template.Library()


@register.filter
def points(value: Any) -> str:
    """Points in the Vietnamese way, without trailing zeros: 10, 2,5, 1.000 (pages show the same
    figures as the documents)."""
    if value in (None, ""):
        return ""
    return decimal_number(value)


@register.simple_tag(takes_context=True)
def criterion_form(context: Any, section: Any) -> Any:
    """The form that adds a criterion to `section`: the view's bound `add_form` (with its errors)
    when it is this section's, else a blank one (its kinds are those the section may hold)."""
    from ..forms import CriterionForm

    bound = context.get("add_form")
    prefix = f"add-{section.pk}"
    if bound and getattr(bound, "prefix", None) == prefix:
        return bound
    return CriterionForm(section=section, prefix=prefix)
