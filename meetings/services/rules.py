"""The bounds of points and the province's scoring rules.

A standard criterion takes 0 to its maximum; a bonus criterion 0 to its maximum (the bonus cap is
the sum of their maximums, so it holds by construction); a deduction is entered as the positive
number of points deducted, 0 to its maximum, and subtracted by the ranking. Points are entered in
multiples of the province's step (ScoringRules.point_step, 0,25 by default): the step is data
because provinces differ (domain.md, "Scoring").
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import decimal_number

from ..models import ScoringRules
from .ranking import CriterionRef


def rules_for(province_id: int) -> ScoringRules:
    """The province's rules, or the defaults (not saved) when it has set none."""
    rules = ScoringRules.objects.filter(province_id=province_id).first()
    return rules if rules is not None else ScoringRules(province_id=province_id)


def check_points(criterion: CriterionRef, points: Decimal, step: Decimal) -> None:
    """Refuse points outside 0..maximum or off the step, with a message for the cell."""
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("Enter points from 0 to %(max)s.") % {"max": decimal_number(criterion.max_points)},
            code="out_of_bounds",
        )
    if points % step != 0:
        raise ValidationError(
            _("Points go in steps of %(step)s.") % {"step": decimal_number(step)},
            code="step",
        )
