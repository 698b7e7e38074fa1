"""User accounts in a province merger (blocs.merger): every account of the merged province
becomes the new province's, its board staff the new board's staff (they keep their history,
which moves with them)."""

from django.utils.translation import gettext_lazy as _

from blocs.merger import Mover
from blocs.models import Province

from .models import User


def _count(merged: Province) -> int:
    return User.objects.filter(province=merged).count()


def _move(into: Province, merged: Province) -> int:
    return User.objects.filter(province=merged).update(province=into)


USERS = Mover(
    label=_("user accounts (its board staff join the new board)"), count=_count, move=_move
)
