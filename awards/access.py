"""Who may see and change award types, flags, award history, deadlines and nominations: the one
place for these rules.

- A province's award types and their rules, and its nomination deadlines: read by every user
  of the province, changed by its board staff.
- Flags (discipline, investigation, unresolved complaint) are the board's: only its staff see
  them and set or end them. Others learn of a flag only as a refusal of eligibility, which
  names its kind and period, never its note.
- An agency's award history and the results entered for years before the system: read by
  whoever can see the agency (blocs.access), entered and corrected by the board.
- Nominations, ballots and their records: read by whoever can see the bloc-year; prepared by
  its runners (the board and the year's secretariat); reviewed and decided by the board.

Outsiders get 404, readers 403 (design.md, "People and what they may do").
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from blocs.access import can_manage_province, can_run_bloc_year
from blocs.models import Agency, BlocYear

if TYPE_CHECKING:
    from .models import (
        AwardRecord,
        AwardType,
        Ballot,
        DossierFile,
        EligibilityFlag,
        Nomination,
        YearResult,
    )


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


class ProvinceScopedQuerySet(models.QuerySet):
    """Rows with a `province`: the user's province's; every province for an operator."""

    def visible_to(self, user: Any) -> "ProvinceScopedQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(province_id=user.province_id) if user.province_id else self.none()


class AwardTypeQuerySet(ProvinceScopedQuerySet):
    pass


class DeadlineQuerySet(ProvinceScopedQuerySet):
    pass


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "FlagQuerySet":
        """The board's own: its staff (and operators) only."""
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff and user.province_id:
            return self.filter(agency__province_id=user.province_id)
        return self.none()


class AgencyRecordQuerySet(models.QuerySet):
    """Award records and entered results: whoever can see the agency."""

    def visible_to(self, user: Any) -> "AgencyRecordQuerySet":
        return self.filter(agency__in=Agency.objects.visible_to(user))


class AwardRecordQuerySet(AgencyRecordQuerySet):
    pass


class YearResultQuerySet(AgencyRecordQuerySet):
    pass


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "NominationQuerySet":
        return self.filter(bloc_year__in=BlocYear.objects.visible_to(user))


class BallotQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "BallotQuerySet":
        return self.filter(meeting__bloc_year__in=BlocYear.objects.visible_to(user))


# --- Rights ----------------------------------------------------------------------------------


def can_manage_awards(user: Any, province_id: int | None) -> bool:
    """Award types, flags, history, results and deadlines of a province: its board staff."""
    return can_manage_province(user, province_id)


def can_see_flags(user: Any, province_id: int | None) -> bool:
    return can_manage_province(user, province_id)


def can_prepare_nominations(user: Any, bloc_year: BlocYear) -> bool:
    """Ballots, nominations and dossiers of a bloc-year: the board and the year's secretariat."""
    return can_run_bloc_year(user, bloc_year)


def can_review_nominations(user: Any, province_id: int | None) -> bool:
    """Review, return, send to the council, record decisions: the province's board staff."""
    return can_manage_province(user, province_id)


def require_awards_manager(user: Any, province_id: int | None) -> None:
    if not can_manage_awards(user, province_id):
        raise PermissionDenied


# --- Object helpers: the object, or 404 / 403 ------------------------------------------------


def get_award_type_for_user(user: Any, pk: int, *, write: bool = False) -> "AwardType":
    from .models import AwardType

    award_type = get_object_or_404(
        AwardType.objects.visible_to(user).select_related("province", "quota_base"), pk=pk
    )
    if write and not can_manage_awards(user, award_type.province_id):
        raise PermissionDenied
    return award_type


def get_agency_for_awards(user: Any, pk: int, *, write: bool = False) -> Agency:
    """The agency whose history, flags or results a page shows; `write` for the board's pages."""
    agency = get_object_or_404(Agency.objects.visible_to(user).select_related("province"), pk=pk)
    if write and not can_manage_awards(user, agency.province_id):
        raise PermissionDenied
    return agency


def get_flag_for_user(user: Any, pk: int) -> "EligibilityFlag":
    """Flags are only ever seen by those who manage them: everyone else gets 404."""
    from .models import EligibilityFlag

    return get_object_or_404(
        EligibilityFlag.objects.visible_to(user).select_related("agency__province"), pk=pk
    )


def get_award_record_for_user(user: Any, pk: int, *, write: bool = False) -> "AwardRecord":
    from .models import AwardRecord

    record = get_object_or_404(
        AwardRecord.objects.visible_to(user).select_related("agency__province", "award_type"),
        pk=pk,
    )
    if write and not can_manage_awards(user, record.agency.province_id):
        raise PermissionDenied
    return record


def get_year_result_for_user(user: Any, pk: int, *, write: bool = False) -> "YearResult":
    from .models import YearResult

    result = get_object_or_404(
        YearResult.objects.visible_to(user).select_related("agency__province"), pk=pk
    )
    if write and not can_manage_awards(user, result.agency.province_id):
        raise PermissionDenied
    return result


def get_nomination_for_user(user: Any, pk: int, *, write: bool = False) -> "Nomination":
    """`write`: prepare it (the bloc-year's runners). Reviewing is asked of
    can_review_nominations."""
    from .models import Nomination

    nomination = get_object_or_404(
        Nomination.objects.visible_to(user).select_related(
            "bloc_year__bloc__province", "award_type", "agency", "meeting"
        ),
        pk=pk,
    )
    if write and not can_prepare_nominations(user, nomination.bloc_year):
        raise PermissionDenied
    return nomination


# --- aw2: ballots and dossier files -------------------------------------------------------------


def get_ballot_for_user(user: Any, pk: int, *, write: bool = False) -> "Ballot":
    """A ballot: read by whoever sees its bloc-year; `write` (prepare, open, count, close):
    the bloc-year's runners."""
    from .models import Ballot

    ballot = get_object_or_404(
        Ballot.objects.visible_to(user).select_related(
            "meeting__bloc_year__bloc__province", "opened_by", "closed_by"
        ),
        pk=pk,
    )
    if write and not can_prepare_nominations(user, ballot.meeting.bloc_year):
        raise PermissionDenied
    return ballot


def get_dossier_file_for_user(user: Any, pk: int, *, write: bool = False) -> "DossierFile":
    """A dossier's file: served to whoever sees the nomination; removed by its runners."""
    from .models import DossierFile

    dossier_file = get_object_or_404(
        DossierFile.objects.filter(nomination__in=_visible_nominations(user)).select_related(
            "nomination__bloc_year__bloc__province", "nomination__award_type"
        ),
        pk=pk,
    )
    if write and not can_prepare_nominations(user, dossier_file.nomination.bloc_year):
        raise PermissionDenied
    return dossier_file


def _visible_nominations(user: Any) -> models.QuerySet:
    from .models import Nomination

    return Nomination.objects.visible_to(user)
