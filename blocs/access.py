"""Who may see and change provinces, agencies, blocs and bloc-years: the one place for these rules.

Roles (design.md): board staff see and manage everything in their province; an agency officer
reads the blocs (and the years) their agency is a member of; a council overseer reads the
bloc-years they direct; a superuser (operator) sees everything. The secretariat of a bloc-year
are the officers of its head and deputy agencies.

Views never filter by hand: they call `visible_to(user)` or a `get_..._for_user` helper, which
answers 404 for what the user may not see and 403 for what they may see but not change.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from .models import Agency, Bloc, BlocYear, Membership, Official, Province


def _membership_model() -> Any:
    from .models import Membership

    return Membership


def _bloc_year_model() -> Any:
    from .models import BlocYear

    return BlocYear


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def lineage_ids(province_id: int) -> set[int]:
    """The province and every province merged into it, however many mergers back: its users
    keep reading their history (documents of the merged provinces' years). One query."""
    from .models import Province

    merged = Province.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    children: dict[int, list[int]] = {}
    for pk, into in merged:
        if into is not None:
            children.setdefault(into, []).append(pk)
    found, todo = {province_id}, [province_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


class ProvinceQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "ProvinceQuerySet":
        """The user's province and the provinces merged into it (read: their names and
        documents of their years); operators see every province."""
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        return (
            self.filter(pk__in=lineage_ids(user.province_id)) if user.province_id else self.none()
        )


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "AgencyQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff:
            return self.filter(province_id=user.province_id)
        # Others see the agencies of the bloc-years they can see (and their own agency).
        visible_memberships = _membership_model().objects.filter(
            agency=OuterRef("pk"),
            bloc_year__in=_bloc_year_model().objects.visible_to(user),
        )
        own = Q(pk=user.agency_id) if user.agency_id else Q(pk__in=[])
        return self.filter(own | Q(Exists(visible_memberships)))


class OfficialQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "OfficialQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff:
            return self.filter(province_id=user.province_id)
        overseeing = _bloc_year_model().objects.visible_to(user).filter(overseer=OuterRef("pk"))
        own = Q(pk=user.official_id) if user.official_id else Q(pk__in=[])
        return self.filter(own | Q(Exists(overseeing)))


class BlocYearQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "BlocYearQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff:
            return self.filter(bloc__province_id=user.province_id)
        if user.is_agency_officer:
            # Only the years in which their agency is a member.
            member = _membership_model().objects.filter(
                bloc_year=OuterRef("pk"), agency_id=user.agency_id
            )
            return self.filter(Exists(member))
        if user.is_overseer:
            return self.filter(overseer_id=user.official_id)
        return self.none()


class BlocQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "BlocQuerySet":
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_board_staff:
            return self.filter(province_id=user.province_id)
        years = _bloc_year_model().objects.visible_to(user).filter(bloc=OuterRef("pk"))
        return self.filter(Exists(years))


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "MembershipQuerySet":
        return self.filter(bloc_year__in=_bloc_year_model().objects.visible_to(user))


# --- Rights ----------------------------------------------------------------------------------


def can_manage_province(user: Any, province_id: int | None) -> bool:
    """Board staff manage blocs, agencies, years and users of their own province; operators
    those of every province. No province (an operator's own, which is none): nobody, so that
    pages never offer an operator to create records "in its province"."""
    if not _active(user) or province_id is None:
        return False
    return bool(user.is_superuser or (user.is_board_staff and user.province_id == province_id))


def is_operator(user: Any) -> bool:
    """The operators (superusers) of the whole system: they create provinces and invite each
    one's first board staff, and see every province."""
    return bool(_active(user) and user.is_superuser)


def sees_every_province(user: Any) -> bool:
    """Lists show a province column to whoever sees more than one province."""
    return is_operator(user)


def is_secretariat(user: Any, bloc_year: "BlocYear") -> bool:
    """An officer of the year's head or deputy agency (design.md, "secretariat")."""
    from .models import MemberRole

    if not (_active(user) and user.is_agency_officer and user.agency_id):
        return False
    return bloc_year.memberships.filter(
        agency_id=user.agency_id, role__in=[MemberRole.HEAD, MemberRole.DEPUTY]
    ).exists()


def can_run_bloc_year(user: Any, bloc_year: "BlocYear") -> bool:
    """Run a bloc-year's work (pledge, meetings, nominations): board staff or its secretariat."""
    return can_manage_province(user, bloc_year.bloc.province_id) or is_secretariat(user, bloc_year)


def require_province_manager(user: Any) -> None:
    """Province-wide management pages (create, import): 403 for anyone but board staff."""
    if not (_active(user) and (user.is_superuser or user.is_board_staff)):
        raise PermissionDenied


def can_create_in_own_province(user: Any) -> bool:
    """Whether the pages that create records in the user's province (new bloc, agency,
    official, template, imports, invitations) are theirs: board staff, not an operator who has
    no province (operators create provinces instead)."""
    return can_manage_province(user, getattr(user, "province_id", None))


def managed_province(user: Any) -> "Province":
    """The province a board officer creates records in: 403 for anyone else, and for operators
    without a province."""
    if not can_create_in_own_province(user):
        raise PermissionDenied
    province: Province = user.province
    return province


# --- Object helpers: the object, or 404 / 403 ------------------------------------------------


def get_province_for_user(user: Any, pk: int, *, write: bool = False) -> "Province":
    """A province the user may see (their own, or one merged into it); `write`: its names, which
    the board staff of the province in charge of it today change (a merged province's names are
    the new province's board's to correct)."""
    from .models import Province

    province = get_object_or_404(Province.objects.visible_to(user), pk=pk)
    if write and not can_manage_province(user, province.successor.pk):
        raise PermissionDenied
    return province


def get_agency_for_user(user: Any, pk: int, *, write: bool = False) -> "Agency":
    from .models import Agency

    agency = get_object_or_404(Agency.objects.visible_to(user), pk=pk)
    if write and not can_manage_province(user, agency.province_id):
        raise PermissionDenied
    return agency


def get_official_for_user(user: Any, pk: int, *, write: bool = False) -> "Official":
    from .models import Official

    official = get_object_or_404(Official.objects.visible_to(user), pk=pk)
    if write and not can_manage_province(user, official.province_id):
        raise PermissionDenied
    return official


def get_bloc_for_user(user: Any, pk: int, *, write: bool = False) -> "Bloc":
    from .models import Bloc

    bloc = get_object_or_404(Bloc.objects.visible_to(user).select_related("province"), pk=pk)
    if write and not can_manage_province(user, bloc.province_id):
        raise PermissionDenied
    return bloc


def get_bloc_year_for_user(
    user: Any, bloc_pk: int, year: int, *, write: bool = False
) -> "BlocYear":
    from .models import BlocYear

    bloc_year = get_object_or_404(
        BlocYear.objects.visible_to(user).select_related("bloc__province", "province", "overseer"),
        bloc_id=bloc_pk,
        year=year,
    )
    if write and not can_manage_province(user, bloc_year.bloc.province_id):
        raise PermissionDenied
    return bloc_year


def get_membership_for_user(user: Any, pk: int, *, write: bool = False) -> "Membership":
    from .models import Membership

    membership = get_object_or_404(
        Membership.objects.visible_to(user).select_related("bloc_year__bloc", "agency"), pk=pk
    )
    if write and not can_manage_province(user, membership.bloc_year.bloc.province_id):
        raise PermissionDenied
    return membership
