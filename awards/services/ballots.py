"""The secret ballot at the year-end review (issue 13 §2), two ways:

- paper: the secretariat enters the count (ballots issued, returned, valid; yes votes per
  line), checked yes ≤ valid ≤ returned ≤ issued ≤ members, and the ballot closes at once;
- online: opened by the secretariat; each member agency's signer votes once, after typing
  their password again (accounts.reauth: the same attempt counter as signing a pledge). The
  vote records that the agency voted (BallotParticipation) and adds 1 to one counter of every
  line (VoteTally): nothing joins the two (see VoteTally's docstring). Results are read only
  once the ballot is closed.

Opening freezes each award's threshold and the number of members (services/thresholds.py), so
a later change of the rules never changes a result. Closing computes pass or refuse per line
with the rule cited, creates a nomination for each line (being prepared when it passed,
refused by the ballot with the reason when not) and gives the count record (biên bản kiểm
phiếu) its number from the bloc's register; its PDF is the kind "ballot_result".

Locks: meeting → ballot → nominations (design.md's order).

This module holds what both ways share, the paper count, closing and the results; the online
vote is in ballots_online.py and the count record's document in ballots_record.py.
"""

import dataclasses
import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DocumentType
from core.numbering import issue_number
from core.numbers import decimal_number
from meetings.models import Meeting
from reports.letterheads import bloc_issuer

from .. import history
from ..models import (
    Ballot,
    BallotKind,
    BallotLine,
    BallotStatus,
    ChangeAction,
    Nomination,
    NominationStatus,
)
from .selection import check_can_prepare
from .thresholds import Threshold

MAX_COUNT = 1000  # far above any bloc's members; keeps counts in their small integer columns


def ballot_province_id(ballot: Ballot) -> int:
    return ballot.meeting.bloc_year.bloc.province_id


def ballot_subject(ballot: Ballot) -> str:
    return _("Ballot %(sequence)s of %(meeting)s") % {
        "sequence": ballot.sequence,
        "meeting": ballot.meeting,
    }


def lock_ballot(ballot: Ballot) -> Ballot:
    """The meeting's row, then the ballot's, locked; the ballot as committed now."""
    Meeting.objects.select_for_update().filter(pk=ballot.meeting_id).first()
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    locked.meeting = ballot.meeting
    return locked


def freeze_ballot(ballot: Ballot) -> None:
    """The thresholds of the ballot's awards and the bloc's number of members, as they are now."""
    lines = list(ballot.lines.select_related("award_type"))
    ballot.thresholds = {
        str(line.award_type_id): Threshold.of(line.award_type).snapshot() for line in lines
    }
    ballot.members = ballot.meeting.bloc_year.memberships.count()


def meeting_day(ballot: Ballot) -> datetime.date:
    return timezone.localtime(ballot.meeting.starts_at).date()


# --- Closing and results ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LineResult:
    line: BallotLine
    threshold: Threshold
    base: int
    passed: bool
    reason: str


def percent(yes: int, base: int) -> str:
    return decimal_number(Decimal(yes * 100) / Decimal(base)) if base else "0"


def line_result(ballot: Ballot, line: BallotLine) -> LineResult:
    threshold = Threshold.from_snapshot(ballot.thresholds[str(line.award_type_id)])
    members, valid, yes = ballot.members or 0, ballot.valid or 0, line.yes_votes or 0
    passed = threshold.passes(yes, members=members, valid=valid)
    base = threshold.base_count(members=members, valid=valid)
    values = {
        "yes": yes,
        "base": base,
        "percent": percent(yes, base),
        "rule": threshold.describe(),
        "citation": line.award_type.citation,
    }
    if passed:
        reason = _("%(yes)s of %(base)s votes (%(percent)s %%): %(rule)s is reached.") % values
    else:
        reason = (
            _(
                "%(yes)s of %(base)s votes (%(percent)s %%): below the threshold, %(rule)s "
                "(%(citation)s)."
            )
            % values
        )
    return LineResult(line, threshold, base, passed, reason)


def results(ballot: Ballot) -> list[LineResult]:
    """Each line's result: only for a closed ballot (never while votes are being cast)."""
    if ballot.status != BallotStatus.CLOSED:
        return []
    lines = ballot.lines.select_related("agency", "award_type", "nomination")
    return [line_result(ballot, line) for line in lines]


def settle_ballot(ballot: Ballot, *, actor: Any) -> Ballot:
    """Pass or refuse each line, create the nominations, number the count record."""
    now = timezone.now()
    bloc_year = ballot.meeting.bloc_year
    dated = meeting_day(ballot)
    issuer = bloc_issuer(bloc_year, on=dated)
    ballot.number = issue_number(
        bloc_year.bloc,
        year=dated.year,
        doc_type=DocumentType.MINUTES,
        symbol=issuer.symbol,
        subject=ballot,
    ).printed(issuer.style)
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = now
    ballot.closed_by = actor if getattr(actor, "pk", None) else None
    ballot.version += 1
    ballot.save()
    lines = list(ballot.lines.select_related("agency", "award_type"))
    year = bloc_year.year
    for line in lines:
        result = line_result(ballot, line)
        line.passed = result.passed
        line.save(update_fields=["yes_votes", "passed"])
        nomination = Nomination(
            bloc_year=bloc_year,
            meeting=ballot.meeting,
            award_type=line.award_type,
            agency=line.agency,
            ballot_line=line,
            status=NominationStatus.DRAFT if result.passed else NominationStatus.REFUSED_BY_BALLOT,
            status_reason="" if result.passed else result.reason,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            raise ValidationError(
                _("%(agency)s is already proposed for %(award)s for %(year)s.")
                % {
                    "agency": line.agency.name_in(year),
                    "award": line.award_type.name,
                    "year": year,
                },
                code="duplicate",
            ) from None
        history.record(
            actor,
            ChangeAction.NOMINATED if result.passed else ChangeAction.REFUSED_BY_BALLOT,
            nomination,
            province_id=bloc_year.bloc.province_id,
            bloc_year_id=bloc_year.pk,
            subject=str(nomination),
            after={"status": nomination.status, "round": 1},
            reason=result.reason,
        )
    history.record(
        actor,
        ChangeAction.BALLOT_CLOSED,
        ballot,
        province_id=bloc_year.bloc.province_id,
        bloc_year_id=bloc_year.pk,
        subject=ballot_subject(ballot),
        after={"status": BallotStatus.CLOSED.value, "number": ballot.number},
    )
    return ballot


def _count(value: Any, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(field)s: enter a whole number.") % {"field": label}) from None
    if number < 0 or number > MAX_COUNT:
        raise ValidationError(
            _("%(field)s: enter a number from 0 to %(max)s.") % {"field": label, "max": MAX_COUNT}
        )
    return number


@transaction.atomic
def record_paper_count(
    ballot: Ballot,
    *,
    actor: Any,
    issued: Any,
    returned: Any,
    valid: Any,
    yes: Mapping[int, Any],
) -> Ballot:
    """The count of a paper ballot (biên bản kiểm phiếu), which closes it: yes ≤ valid ≤
    returned ≤ issued ≤ members, a yes count for every line."""
    check_can_prepare(actor, ballot.meeting)
    ballot = lock_ballot(ballot)
    if ballot.kind != BallotKind.PAPER:
        raise ValidationError(_("An online ballot is counted by the system."), code="online")
    if ballot.status == BallotStatus.CLOSED:
        raise ValidationError(_("This ballot has already been counted."), code="closed")
    freeze_ballot(ballot)
    members = ballot.members or 0
    errors: dict[str, list[str]] = {}
    found: dict[str, int] = {}
    for key, value, label in (
        ("issued", issued, _("Ballots issued")),
        ("returned", returned, _("Ballots returned")),
        ("valid", valid, _("Valid ballots")),
    ):
        try:
            found[key] = _count(value, label)
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    issued_n, returned_n, valid_n = found["issued"], found["returned"], found["valid"]
    if issued_n > members:
        errors["issued"] = [
            _("More ballots issued (%(issued)s) than the %(noun)s's %(members)s members.")
            % ballot.meeting.bloc_year.bloc.terms.words(issued=issued_n, members=members)
        ]
    if returned_n > issued_n:
        errors["returned"] = [_("More ballots returned than issued.")]
    if valid_n > returned_n:
        errors["valid"] = [_("More valid ballots than returned.")]
    lines = list(ballot.lines.select_related("agency", "award_type"))
    counts: dict[int, int] = {}
    year = ballot.meeting.bloc_year.year
    for line in lines:
        if line.pk not in yes or yes[line.pk] in (None, ""):
            errors.setdefault(f"yes_{line.pk}", []).append(_("Enter the yes votes."))
            continue
        try:
            counts[line.pk] = _count(yes[line.pk], _("Yes votes"))
        except ValidationError as error:
            errors.setdefault(f"yes_{line.pk}", []).extend(error.messages)
            continue
        if counts[line.pk] > valid_n:
            errors.setdefault(f"yes_{line.pk}", []).append(
                _("%(agency)s: %(yes)s yes votes, more than the %(valid)s valid ballots.")
                % {"agency": line.agency.name_in(year), "yes": counts[line.pk], "valid": valid_n}
            )
    if errors:
        raise ValidationError(errors)
    ballot.issued, ballot.returned, ballot.valid = issued_n, returned_n, valid_n
    for line in lines:
        BallotLine.objects.filter(pk=line.pk).update(yes_votes=counts[line.pk])
    history.record(
        actor,
        ChangeAction.BALLOT_COUNTED,
        ballot,
        province_id=ballot_province_id(ballot),
        bloc_year_id=ballot.meeting.bloc_year_id,
        subject=ballot_subject(ballot),
        after={
            "issued": issued_n,
            "returned": returned_n,
            "valid": valid_n,
            "yes": "; ".join(
                f"{line.agency.name_in(year)} – {line.award_type.label}: {counts[line.pk]}"
                for line in lines
            ),
        },
    )
    return settle_ballot(ballot, actor=actor)
