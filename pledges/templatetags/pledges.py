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


@register.filter
def change_label(key: str) -> str:
    """The name of a field in the history table."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    labels = {
        "text": _("criterion"),
        "max_points": _("maximum points"),
        "kind": _("kind"),
        "guidance": _("evidence guidance"),
        "title": pgettext("document", "title"),
        "preamble": _("preamble"),
        "commitments": _("commitments"),
        "criteria_set": _("criteria set"),
        "criteria": _("criteria"),
        "sections": _("sections"),
        "status": _("status"),
        "reason": _("reason"),
        "signer": _("signer"),
        "agency": _("agency"),
        "method": _("method"),
        "signatures": _("signatures"),
        "revision": _("revision"),
        "source": _("copied from"),
    }
    return labels.get(key, key)


@register.filter
def change_value(value: Any, key: str) -> Any:
    """A stored value as people read it: kinds, methods and statuses by their names."""
    from ..models import CriterionKind, PledgeStatus, SectionKind, SignatureMethod

    choices = {
        "kind": {**dict(SectionKind.choices), **dict(CriterionKind.choices)},
        "method": dict(SignatureMethod.choices),
        "status": dict(PledgeStatus.choices),
    }.get(key)
    if choices and value in choices:
        return choices[value]
    if key == "max_points" and value not in (None, ""):
        return points(value)
    return value
