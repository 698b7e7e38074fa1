"""The year-end handover: at the tổng kết the bloc elects next year's head and deputy, by
rotation (luân phiên: the bloc's order, RotationOrder, which the secretariat keeps) or by
acclamation (suy tôn: the votes are recorded). Recording the result creates next year's
bloc-year with this year's members and the elected head and deputy, or, when the board has
already opened that year, makes the elected agencies its head and deputy. All of it or nothing.

Next year's bloc-year is written through blocs' services, as the system: the rule checked here
is the meeting's (its runners record the election); blocs' own rule (board staff only) is for
its pages.

Locks: this bloc-year, next year's, then the meeting (province → bloc-year → meeting).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blocs import services as bloc_services
from blocs.access import can_run_bloc_year
from blocs.models import Agency, Bloc, BlocYear, MemberRole
from core import changelog
from core.actors import SYSTEM

from ..history import MinutesAction, on_meeting
from ..models import Election, ElectionMethod, Meeting, MeetingKind, RotationOrder
from .meetings import check_can_run, check_not_final, lock_meeting, members

MAX_VOTERS = 1000


# --- The rotation order ------------------------------------------------------------------------


def rotation_order(bloc_year: BlocYear) -> list[Agency]:
    """This year's members in the bloc's rotation order; members the order does not list yet
    come after, head and deputy first, then by name."""
    current = members(bloc_year)
    saved = RotationOrder.objects.filter(bloc=bloc_year.bloc).values_list("agency_ids", flat=True)
    order = [int(i) for i in (saved.first() or [])]
    rank = {agency_id: index for index, agency_id in enumerate(order)}
    return sorted(current, key=lambda a: (rank.get(a.pk, len(order)), current.index(a)))


def next_by_rotation(bloc_year: BlocYear) -> tuple[Agency | None, Agency | None]:
    """The two agencies after this year's head in the order: next year's head and deputy."""
    order = rotation_order(bloc_year)
    if len(order) < 2:
        return None, None
    head = bloc_year.head
    start = order.index(head) + 1 if head in order else 0
    return order[start % len(order)], order[(start + 1) % len(order)]


@transaction.atomic
def set_rotation(bloc_year: BlocYear, agency_ids: list[int], *, actor: Any) -> RotationOrder:
    """Keep the bloc's rotation order: every member of the year once."""
    if not can_run_bloc_year(actor, bloc_year):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    BlocYear.objects.select_for_update().filter(pk=bloc_year.pk).first()
    expected = {agency.pk for agency in members(bloc_year)}
    if len(set(agency_ids)) != len(agency_ids) or set(agency_ids) != expected:
        raise ValidationError(_("List every member agency of the year exactly once."))
    row = RotationOrder.objects.select_for_update().filter(bloc=bloc_year.bloc).first()
    before = list(row.agency_ids) if row else []
    if row is None:
        row = RotationOrder(bloc=bloc_year.bloc)
    row.agency_ids = list(agency_ids)
    row.save()
    if before != row.agency_ids:
        names = dict(Agency.objects.filter(pk__in=expected).values_list("pk", "name"))
        changelog.record(
            actor,
            MinutesAction.ROTATION_CHANGED,
            row,
            province_id=bloc_year.bloc.province_id,
            bloc_year_id=bloc_year.pk,
            subject=str(bloc_year.bloc),
            before={"order": [names.get(i, str(i)) for i in before]} if before else None,
            after={"order": [names.get(i, str(i)) for i in row.agency_ids]},
        )
    return row


# --- Recording the election ---------------------------------------------------------------------


@dataclass(frozen=True)
class Votes:
    """Acclamation: how many delegates voted, and the votes for the head and for the deputy."""

    voters: int | None
    head: int | None
    deputy: int | None


def check_can_elect(meeting: Meeting) -> None:
    if meeting.kind != MeetingKind.YEAREND:
        raise ValidationError(
            _("Next year's %(head)s and %(deputy)s are elected at the year-end review.")
            % meeting.bloc_year.bloc.terms.words(),
            code="kind",
        )
    check_not_final(meeting)


def _check_votes(votes: Votes | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if votes is None or votes.voters is None:
        raise ValidationError({"voters": _("Give the number of delegates who voted.")})
    if not 1 <= votes.voters <= MAX_VOTERS:
        raise ValidationError({"voters": _("The number of voters is out of range.")})
    for name, value in (("head_votes", votes.head), ("deputy_votes", votes.deputy)):
        if value is None:
            errors[name] = _("Give the votes.")
        elif not 0 <= value <= votes.voters:
            errors[name] = _("The votes cannot be more than the voters.")
        elif value * 2 <= votes.voters:
            # Suy tôn: elected with the votes of more than half of the delegates.
            errors[name] = _("Acclamation needs the votes of more than half of the delegates.")
    if errors:
        raise ValidationError(errors)
    return {"voters": votes.voters}


@transaction.atomic
def record_election(
    meeting: Meeting,
    *,
    actor: Any,
    method: str,
    head: Agency,
    deputy: Agency,
    votes: Votes | None = None,
) -> Election:
    """Record (or record again, until the minutes are finalised) the election and hand over:
    next year's bloc-year gets this year's members with the elected head and deputy."""
    check_can_run(actor, meeting)
    bloc_year = BlocYear.objects.select_for_update().get(pk=meeting.bloc_year_id)
    bloc: Bloc = bloc_year.bloc
    next_year = bloc_year.year + 1
    following = BlocYear.objects.select_for_update().filter(bloc=bloc, year=next_year).first()
    lock_meeting(meeting)
    check_can_elect(meeting)
    if method not in ElectionMethod.values:
        raise ValidationError({"method": _("Choose rotation or acclamation.")})
    member_ids = {m.agency_id for m in bloc_year.memberships.all()}
    errors = {}
    if head.pk not in member_ids:
        errors["head"] = _("Choose a member agency of this year.")
    if deputy.pk not in member_ids:
        errors["deputy"] = _("Choose a member agency of this year.")
    if not errors and head.pk == deputy.pk:
        errors["deputy"] = _("The deputy must be another agency.")
    if errors:
        raise ValidationError(errors)
    recorded_votes: dict[str, Any] = {}
    if method == ElectionMethod.ACCLAMATION:
        recorded_votes = _check_votes(votes)
        recorded_votes["head"] = {str(head.pk): votes.head if votes else None}
        recorded_votes["deputy"] = {str(deputy.pk): votes.deputy if votes else None}
    if following is None:
        following = bloc_services.start_new_year(
            bloc, next_year, actor=SYSTEM, head=head, deputy=deputy
        ).bloc_year
    else:
        bloc_services.add_members(following, [head, deputy], actor=SYSTEM)
        bloc_services.set_head_and_deputy(following, actor=SYSTEM, head=head, deputy=deputy)
    election = Election.objects.filter(meeting=meeting).first()
    before = _facts(election) if election else None
    if election is None:
        election = Election(meeting=meeting)
    election.method = method
    election.head = head
    election.deputy = deputy
    election.votes = recorded_votes
    election.next_bloc_year = following
    election.recorded_by = actor if getattr(actor, "pk", None) else _recorder(meeting)
    election.save()
    on_meeting(
        actor,
        MinutesAction.ELECTION_RECORDED,
        meeting,
        obj=election,
        subject=f"{meeting} – {next_year}",
        before=before,
        after=_facts(election),
    )
    return election


def _recorder(meeting: Meeting) -> Any:
    """Election.recorded_by is required: the system's entries (demo data) name the head
    agency's first officer, else the province's first board staff."""
    from accounts.models import User

    user = (
        User.objects.filter(
            agency__memberships__bloc_year=meeting.bloc_year,
            agency__memberships__role=MemberRole.HEAD,
        )
        .order_by("pk")
        .first()
        or User.objects.filter(province_id=meeting.bloc_year.bloc.province_id)
        .order_by("pk")
        .first()
    )
    if user is None:
        raise ValidationError(_("Nobody can be recorded as having entered the election."))
    return user


def _facts(election: Election) -> dict[str, Any]:
    votes = election.votes or {}
    return {
        "method": election.method,
        "head": election.head.name,
        "deputy": election.deputy.name,
        "votes": (
            f"{next(iter((votes.get('head') or {}).values()), '')}/"
            f"{next(iter((votes.get('deputy') or {}).values()), '')} "
            f"({votes.get('voters')})"
            if votes
            else ""
        ),
        "next_year": election.next_bloc_year.year,
    }
