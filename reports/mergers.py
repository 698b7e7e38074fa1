"""Documents in a province merger (blocs.merger): the documents requested in the merged
province are filed under the new one (their files and requesters do not change)."""

from django.utils.translation import gettext_lazy as _

from blocs.merger import Mover
from blocs.models import Province

from .models import Report


def _count(merged: Province) -> int:
    return Report.objects.filter(province=merged).count()


def _move(into: Province, merged: Province) -> int:
    return Report.objects.filter(province=merged).update(province=into)


REPORTS = Mover(label=_("documents (PDF)"), count=_count, move=_move)
