"""Every write on blocs, years and memberships that has a rule: one function, one transaction.

Rules are checked here with a Vietnamese message (ValidationError); the database constraints in
models.py guarantee them even if a caller forgets.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.text import name_key, nfc

from .access import can_manage_province, is_operator
from .models import (
    Agency,
    Bloc,
    BlocYear,
    MemberRole,
    Membership,
    Official,
    Province,
    ProvinceKind,
)
from .years import check_year


def _require_manager(actor: Any, province_id: int) -> None:
    """Blocs, years and memberships are the province's board staff's to change."""
    if not can_manage_province(actor, province_id):
        raise PermissionDenied


# --- Provinces -------------------------------------------------------------------------------


def province_name_taken(name: str) -> bool:
    """Whatever its case, spacing or accents' encoding ("TRÀ  VINH" is Trà Vinh). Compared in
    Python: SQLite's case folding stops at ASCII, and there are a few dozen provinces."""
    key = name_key(name)
    return any(name_key(taken) == key for taken in Province.objects.values_list("name", flat=True))


@transaction.atomic
def create_province(
    *,
    actor: Any,
    name: str,
    code: str,
    kind: str = ProvinceKind.PROVINCE,
    emulation_office: str = "",
    emulation_office_parent: str = "",
    people_committee: str = "",
) -> Province:
    """A new province, by an operator; its board staff then manage everything in it. The rest
    of what its documents print (symbols, signers, the Party committee) is set in the admin."""
    if not is_operator(actor):
        raise PermissionDenied
    name, code = nfc(name), (code or "").strip().lower()
    errors = {}
    if province_name_taken(name):
        errors["name"] = _("A province with this name already exists.")
    if Province.objects.filter(code=code).exists():
        errors["code"] = _("Another province already uses this code.")
    if errors:
        raise ValidationError(errors)
    province = Province(
        name=name,
        code=code,
        kind=kind,
        emulation_office=nfc(emulation_office) or Province.DEFAULT_EMULATION_OFFICE,
        emulation_office_parent=nfc(emulation_office_parent),
        people_committee=nfc(people_committee),
    )
    try:
        with transaction.atomic():
            province.save()
    except IntegrityError:  # created by someone else in the same moment
        raise ValidationError({"name": _("A province with this name already exists.")}) from None
    return province


# --- Bloc-years and memberships --------------------------------------------------------------


def _check_same_province(bloc_year: BlocYear, agencies: Iterable[Agency]) -> None:
    foreign = [a.name for a in agencies if a.province_id != bloc_year.bloc.province_id]
    if foreign:
        raise ValidationError(
            _("These agencies belong to another province: %(names)s.")
            % {"names": ", ".join(foreign)}
        )


def _check_not_in_other_bloc(
    year: int, agencies: Iterable[Agency], except_bloc_year: BlocYear | None = None
) -> None:
    taken = Membership.objects.filter(year=year, agency__in=list(agencies)).select_related(
        "agency", "bloc_year__bloc"
    )
    if except_bloc_year is not None:
        taken = taken.exclude(bloc_year=except_bloc_year)
    problems = [
        _("%(agency)s is already in %(bloc)s in %(year)s")
        % {"agency": m.agency.name, "bloc": m.bloc_year.bloc.name, "year": year}
        for m in taken
    ]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_bloc_year(
    bloc: Bloc,
    year: int,
    *,
    actor: Any,
    overseer: Official | None = None,
    members: Iterable[Agency] = (),
    head: Agency | None = None,
    deputy: Agency | None = None,
) -> BlocYear:
    _require_manager(actor, bloc.province_id)
    check_year(year)
    if BlocYear.objects.filter(bloc=bloc, year=year).exists():
        raise ValidationError(
            _("%(bloc)s already has the year %(year)s.") % {"bloc": bloc.name, "year": year}
        )
    try:
        with transaction.atomic():
            bloc_year = BlocYear.objects.create(bloc=bloc, year=year, overseer=overseer)
    except IntegrityError:  # opened by someone else in the same moment
        raise ValidationError(
            _("%(bloc)s already has the year %(year)s.") % {"bloc": bloc.name, "year": year}
        ) from None
    members = list(members)
    for role_holder in (head, deputy):
        if role_holder is not None and role_holder not in members:
            members.append(role_holder)
    add_members(bloc_year, members, actor=actor)
    set_head_and_deputy(bloc_year, actor=actor, head=head, deputy=deputy)
    return bloc_year


@transaction.atomic
def add_members(bloc_year: BlocYear, agencies: Iterable[Agency], *, actor: Any) -> list[Membership]:
    _require_manager(actor, bloc_year.bloc.province_id)
    existing = set(bloc_year.memberships.values_list("agency_id", flat=True))
    agencies = [a for a in agencies if a.pk not in existing]
    _check_same_province(bloc_year, agencies)
    _check_not_in_other_bloc(bloc_year.year, agencies, except_bloc_year=bloc_year)
    try:
        with transaction.atomic():
            return Membership.objects.bulk_create(
                [Membership(bloc_year=bloc_year, agency=a, year=bloc_year.year) for a in agencies]
            )
    except IntegrityError as exc:  # a concurrent request added the same agency elsewhere
        raise ValidationError(
            _(
                "An agency was added to another bloc at the same moment. "
                "Reload the page and try again."
            )
        ) from exc


@transaction.atomic
def remove_member(membership: Membership, *, actor: Any) -> None:
    _require_manager(actor, membership.bloc_year.bloc.province_id)
    membership.delete()


@transaction.atomic
def set_head_and_deputy(
    bloc_year: BlocYear, *, actor: Any, head: Agency | None, deputy: Agency | None
) -> None:
    """Make `head` Trưởng khối (Cụm trưởng) and `deputy` Khối phó (Cụm phó); both must be
    members of the bloc-year."""
    _require_manager(actor, bloc_year.bloc.province_id)
    terms = bloc_year.bloc.terms
    if head is not None and head == deputy:
        raise ValidationError(
            _("%(head)s and %(deputy)s must be different agencies.") % terms.words()
        )
    members = {m.agency_id: m for m in bloc_year.memberships.select_for_update()}
    for agency in (head, deputy):
        if agency is not None and agency.pk not in members:
            raise ValidationError(
                _("%(agency)s is not a member of %(bloc)s in %(year)s.")
                % {"agency": agency.name, "bloc": bloc_year.bloc.name, "year": bloc_year.year}
            )
    # Clear the old roles first: the partial unique constraints allow one head and one deputy.
    bloc_year.memberships.exclude(role=MemberRole.MEMBER).update(role=MemberRole.MEMBER)
    if head is not None:
        bloc_year.memberships.filter(agency=head).update(role=MemberRole.HEAD)
    if deputy is not None:
        bloc_year.memberships.filter(agency=deputy).update(role=MemberRole.DEPUTY)


@dataclass
class NewYearResult:
    bloc_year: BlocYear
    copied: list[Agency] = field(default_factory=list)
    skipped: list[Agency] = field(default_factory=list)  # already in another bloc that year


@transaction.atomic
def start_new_year(
    bloc: Bloc,
    year: int | None = None,
    *,
    actor: Any,
    head: Agency | None = None,
    deputy: Agency | None = None,
) -> NewYearResult:
    """Open `year` (default: the year after the latest) for a bloc, copying last year's members.

    The head and deputy elected at the year-end meeting are passed in by the caller; when none
    were elected, last year's head and deputy carry over.
    """
    _require_manager(actor, bloc.province_id)
    latest = bloc.years.aggregate(latest=Max("year"))["latest"]
    if year is None:
        if latest is None:
            raise ValidationError(
                _("%(name)s has no year yet: create its first year.") % {"name": bloc.name}
            )
        year = latest + 1
    check_year(year)
    previous = bloc.years.filter(year__lt=year).order_by("-year").first()
    if previous is None:
        return NewYearResult(bloc_year=create_bloc_year(bloc, year, actor=actor))
    previous_members = list(
        previous.memberships.select_related("agency").filter(agency__is_active=True)
    )
    taken = set(
        Membership.objects.filter(
            year=year, agency__in=[m.agency for m in previous_members]
        ).values_list("agency_id", flat=True)
    )
    copied = [m.agency for m in previous_members if m.agency_id not in taken]
    skipped = [m.agency for m in previous_members if m.agency_id in taken]
    if head is None and deputy is None:
        head, deputy = previous.head, previous.deputy
        head = head if head in copied else None
        deputy = deputy if deputy in copied else None
    bloc_year = create_bloc_year(
        bloc,
        year,
        actor=actor,
        overseer=previous.overseer,
        members=copied,
        head=head,
        deputy=deputy,
    )
    return NewYearResult(bloc_year=bloc_year, copied=copied, skipped=skipped)


@transaction.atomic
def start_year_for_province(province: Province, year: int, *, actor: Any) -> list[NewYearResult]:
    """Open `year` for every active bloc of the province that has an earlier year only."""
    _require_manager(actor, province.pk)
    check_year(year)
    blocs = (
        Bloc.objects.filter(province=province, is_active=True, years__year__lt=year)
        .exclude(years__year=year)
        .distinct()
        .order_by("sort_key")
    )
    return [start_new_year(bloc, year, actor=actor) for bloc in blocs]
