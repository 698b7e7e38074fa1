"""The online ballot (services/ballots.py): the secretariat opens it, each member agency's signer
votes once after typing their password again, and the secretariat closes it."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import reauth
from pledges.access import can_sign_for

from .. import history
from ..models import (
    Ballot,
    BallotKind,
    BallotLine,
    BallotParticipation,
    BallotStatus,
    ChangeAction,
    VoteTally,
)
from .ballots import ballot_province_id, ballot_subject, freeze_ballot, lock_ballot, settle_ballot
from .selection import check_can_prepare

YES, NO, BLANK = "yes", "no", "blank"
CHOICES = (YES, NO, BLANK)


@transaction.atomic
def open_ballot(ballot: Ballot, *, actor: Any) -> Ballot:
    """Open an online ballot for the member agencies' votes."""
    check_can_prepare(actor, ballot.meeting)
    ballot = lock_ballot(ballot)
    if ballot.kind != BallotKind.ONLINE:
        raise ValidationError(_("A paper ballot is not opened: enter its count."), code="paper")
    if ballot.status != BallotStatus.DRAFT:
        raise ValidationError(_("This ballot has already been opened."), code="opened")
    freeze_ballot(ballot)
    ballot.status = BallotStatus.OPEN
    ballot.opened_at = timezone.now()
    ballot.opened_by = actor if getattr(actor, "pk", None) else None
    ballot.version += 1
    ballot.save()
    VoteTally.objects.bulk_create(VoteTally(line=line) for line in ballot.lines.all())
    history.record(
        actor,
        ChangeAction.BALLOT_OPENED,
        ballot,
        province_id=ballot_province_id(ballot),
        bloc_year_id=ballot.meeting.bloc_year_id,
        subject=ballot_subject(ballot),
        after={"status": BallotStatus.OPEN.value},
    )
    return ballot


def check_can_vote(actor: Any, ballot: Ballot) -> None:
    """A signer of a member agency of the bloc-year."""
    if not can_sign_for(actor, ballot.meeting.bloc_year):
        raise PermissionDenied


def has_voted(actor: Any, ballot: Ballot) -> bool:
    return BallotParticipation.objects.filter(ballot=ballot, agency_id=actor.agency_id).exists()


@transaction.atomic
def cast_vote(
    ballot: Ballot, *, actor: Any, password: str, choices: Mapping[int, str]
) -> BallotParticipation:
    """The actor's agency votes: `choices` maps a line's id to yes, no or blank (a line left
    out is blank). The password is checked (and the try counted) before anything else."""
    check_can_vote(actor, ballot)
    reauth.check_password(actor, password)
    ballot = lock_ballot(ballot)
    if ballot.kind != BallotKind.ONLINE:
        raise ValidationError(_("This ballot is counted on paper."), code="paper")
    if ballot.status == BallotStatus.CLOSED:
        raise ValidationError(_("The ballot is closed: votes are no longer received."), "closed")
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("The ballot is not open yet."), code="not_open")
    line_ids = set(ballot.lines.values_list("pk", flat=True))
    if set(choices) - line_ids or any(value not in CHOICES for value in choices.values()):
        raise ValidationError(_("The vote does not match the ballot: reload the page."), "lines")
    if BallotParticipation.objects.filter(ballot=ballot, agency_id=actor.agency_id).exists():
        raise ValidationError(_("Your agency has already voted in this ballot."), code="twice")
    try:
        with transaction.atomic():
            participation = BallotParticipation.objects.create(
                ballot=ballot, agency_id=actor.agency_id, voted_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("Your agency has already voted in this ballot."), code="twice"
        ) from None
    # One counter of every line goes up: every voter writes the same rows, whatever they chose.
    by_choice: dict[str, list[int]] = {YES: [], NO: [], BLANK: []}
    for line_id in sorted(line_ids):
        by_choice[choices.get(line_id, BLANK)].append(line_id)
    for choice, ids in by_choice.items():
        if ids:
            VoteTally.objects.filter(line_id__in=ids).update(**{choice: F(choice) + 1})
    return participation


def votes_cast(ballot: Ballot) -> int:
    """How many agencies have voted (not how): shown while the ballot runs."""
    return ballot.participations.count()


@transaction.atomic
def close_ballot(ballot: Ballot, *, actor: Any) -> Ballot:
    """Close an online ballot: its counts come from the participations and the tallies."""
    check_can_prepare(actor, ballot.meeting)
    ballot = lock_ballot(ballot)
    if ballot.kind != BallotKind.ONLINE:
        raise ValidationError(_("A paper ballot closes when its count is entered."), "paper")
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("Only an open ballot can be closed."), code="not_open")
    voted = ballot.participations.count()
    ballot.issued = ballot.members
    ballot.returned = ballot.valid = voted
    tallies = dict(VoteTally.objects.filter(line__ballot=ballot).values_list("line_id", "yes"))
    for line in ballot.lines.all():
        BallotLine.objects.filter(pk=line.pk).update(yes_votes=tallies.get(line.pk, 0))
    return settle_ballot(ballot, actor=actor)
