"""Criteria sets in a province merger (blocs.merger): the sets of the merged province's blocs
move with them; its templates too, except for a year the new province has its own template of
(one template per province and year): those stay with the merged province, as they were."""

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.merger import Mover
from blocs.models import Province

from .models import CriteriaSet


def _staying(into: Province, merged: Province) -> QuerySet[CriteriaSet]:
    own_years = CriteriaSet.objects.filter(province=into, bloc_year__isnull=True).values("year")
    return CriteriaSet.objects.filter(province=merged, bloc_year__isnull=True, year__in=own_years)


def _count(merged: Province) -> int:
    return CriteriaSet.objects.filter(province=merged).count()


def _move(into: Province, merged: Province) -> int:
    staying = _staying(into, merged).values("pk")
    # A new version: a form opened before would save the old province back.
    return (
        CriteriaSet.objects.filter(province=merged)
        .exclude(pk__in=staying)
        .update(province=into, version=F("version") + 1)
    )


def _left(into: Province, merged: Province) -> list[str]:
    return [
        _(
            "The criteria template of %(year)s (“%(title)s”) stays with %(merged)s: %(into)s has "
            "its own template for that year."
        )
        % {"year": template.year, "title": template.title, "merged": merged.name, "into": into.name}
        for template in _staying(into, merged).order_by("year")
    ]


CRITERIA_SETS = Mover(
    label=gettext_lazy("criteria sets and templates"), count=_count, move=_move, left=_left
)
