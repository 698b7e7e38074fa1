"""Who may see and change criteria sets and pledges, and who signs: the one place for these rules.

- A bloc-year's criteria set and pledges: read by whoever can see the bloc-year
  (blocs.access); drafted, opened and withdrawn by board staff of the province or the year's
  secretariat (its head and deputy agencies).
- A province-wide template: read by every user of the province, changed by its board staff.
- A signature: given online by an officer who signs for a member agency (`can_sign`); recorded
  from paper by the secretariat or the board.

Outsiders get 404, readers 403 (design.md, "People and what they may do").
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404

from blocs.access import can_manage_province, can_run_bloc_year
from blocs.models import BlocYear

if TYPE_CHECKING:
    from .models import CriteriaSet, Criterion, Pledge, Section


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


class CriteriaSetQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "CriteriaSetQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        templates = Q(bloc_year__isnull=True, province_id=user.province_id)
        if not user.province_id:
            templates = Q(pk__in=[])
        return self.filter(templates | Q(bloc_year__in=BlocYear.objects.visible_to(user)))


class PledgeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "PledgeQuerySet":
        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user))


def can_edit_criteria_set(user: Any, criteria_set: "CriteriaSet") -> bool:
    if criteria_set.bloc_year is None:
        return can_manage_province(user, criteria_set.province_id)
    return can_run_bloc_year(user, criteria_set.bloc_year)


def can_sign_for(user: Any, bloc_year: BlocYear) -> bool:
    """An officer who signs for an agency that is a member of the bloc-year."""
    if not (_active(user) and user.is_agency_officer and user.can_sign and user.agency_id):
        return False
    return bloc_year.memberships.filter(agency_id=user.agency_id).exists()


# --- Object helpers: the object, or 404 / 403 ------------------------------------------------


def get_criteria_set_for_user(user: Any, pk: int, *, write: bool = False) -> "CriteriaSet":
    from .models import CriteriaSet

    criteria_set = get_object_or_404(
        CriteriaSet.objects.visible_to(user).select_related("province", "bloc_year__bloc"), pk=pk
    )
    if write and not can_edit_criteria_set(user, criteria_set):
        raise PermissionDenied
    return criteria_set


def get_section_for_user(user: Any, pk: int, *, write: bool = False) -> "Section":
    from .models import CriteriaSet, Section

    section = get_object_or_404(
        Section.objects.filter(
            criteria_set__in=CriteriaSet.objects.visible_to(user)
        ).select_related("criteria_set__province", "criteria_set__bloc_year__bloc"),
        pk=pk,
    )
    if write and not can_edit_criteria_set(user, section.criteria_set):
        raise PermissionDenied
    return section


def get_criterion_for_user(user: Any, pk: int, *, write: bool = False) -> "Criterion":
    from .models import CriteriaSet, Criterion

    criterion = get_object_or_404(
        Criterion.objects.filter(
            section__criteria_set__in=CriteriaSet.objects.visible_to(user)
        ).select_related(
            "section__criteria_set__province", "section__criteria_set__bloc_year__bloc"
        ),
        pk=pk,
    )
    if write and not can_edit_criteria_set(user, criterion.section.criteria_set):
        raise PermissionDenied
    return criterion


def get_pledge_for_user(user: Any, pk: int, *, write: bool = False) -> "Pledge":
    """`write`: draft, open, withdraw and record paper signatures (board or secretariat)."""
    from .models import Pledge

    pledge = get_object_or_404(
        Pledge.objects.visible_to(user).select_related(
            "bloc_year__bloc__province",
            "bloc_year__province",
            "bloc_year__overseer",
            "criteria_set",
            "number",
        ),
        pk=pk,
    )
    if write and not can_run_bloc_year(user, pledge.bloc_year):
        raise PermissionDenied
    return pledge


def get_pledge_to_sign(user: Any, pk: int) -> "Pledge":
    """The pledge an officer signs for their agency: 404 outside, 403 for readers."""
    pledge = get_pledge_for_user(user, pk)
    if not can_sign_for(user, pledge.bloc_year):
        raise PermissionDenied
    return pledge
