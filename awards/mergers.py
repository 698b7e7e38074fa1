"""Nominations and award records in a province merger (blocs.merger): their province is a copy
of their bloc's and agency's (for the board's queries by province), so it moves with them. The
merged province's award types and deadlines stay where they are: a nomination keeps the award it
was proposed for."""

from django.db.models import F
from django.utils.translation import gettext_lazy

from blocs.merger import Mover
from blocs.models import Province

from .models import AwardRecord, Nomination


def _count(merged: Province) -> int:
    return (
        Nomination.objects.filter(province=merged).count()
        + AwardRecord.objects.filter(province=merged).count()
    )


def _move(into: Province, merged: Province) -> int:
    # A new version: a form opened before the merger is refused as stale.
    moved = {"province": into, "version": F("version") + 1}
    return Nomination.objects.filter(province=merged).update(**moved) + (
        AwardRecord.objects.filter(province=merged).update(**moved)
    )


NOMINATIONS = Mover(label=gettext_lazy("nominations and award records"), count=_count, move=_move)
