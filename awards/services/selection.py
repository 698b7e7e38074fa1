"""Selection at the year-end review (bình xét, issue 13 §2): the candidates of a tổng kết come
from the bloc's year-end ranking of the year (or the results the board entered), each with its
eligibility for every award the province proposes; the secretariat picks candidates per award,
and the picks become the lines of a secret ballot.

An ineligible pick is refused with every rule it fails, cited (services/eligibility.py): the
ballot never carries a candidate the rules forbid, nor an agency that is not a member of the
bloc-year (another bloc's or another province's).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blocs.models import Agency
from meetings.models import Meeting, MeetingKind
from meetings.services.meetings import members

from .. import history
from ..access import can_prepare_nominations
from ..models import AwardType, Ballot, BallotKind, BallotLine, ChangeAction
from .eligibility import eligibility_table
from .eligibility_rules import Refusal
from .standings import Standing, standings_of


def check_can_prepare(actor: Any, meeting: Meeting) -> None:
    """The bloc-year's runners (the board and the year's secretariat)."""
    if not can_prepare_nominations(actor, meeting.bloc_year):
        raise PermissionDenied


def check_yearend(meeting: Meeting) -> None:
    if meeting.kind != MeetingKind.YEAREND:
        raise ValidationError(
            _("Candidates for awards are chosen at the year-end review (tổng kết)."),
            code="not_yearend",
        )


def award_types_of(meeting: Meeting) -> list[AwardType]:
    """The awards the province proposes, in its order."""
    province_id = meeting.bloc_year.bloc.province_id
    return list(
        AwardType.objects.filter(province_id=province_id, is_active=True)
        .select_related("province", "quota_base")
        .order_by("position", "pk")
    )


@dataclass
class Cell:
    award_type: AwardType
    refusals: list[Refusal]
    picked: bool = False

    @property
    def eligible(self) -> bool:
        return not self.refusals


@dataclass
class Candidate:
    agency: Agency
    name: str
    standing: Standing | None
    cells: list[Cell] = field(default_factory=list)


def candidates(meeting: Meeting, *, picked: Iterable[tuple[int, int]] = ()) -> list[Candidate]:
    """The bloc-year's members in ranking order (unranked last), each with its eligibility for
    each award: a fixed number of queries whatever the number of members and awards."""
    bloc_year = meeting.bloc_year
    year = bloc_year.year
    agencies = members(bloc_year)
    types = award_types_of(meeting)
    ids = [a.pk for a in agencies]
    standings = standings_of(ids, [year])
    table = eligibility_table(bloc_year.bloc.province, ids, types, year) if types else {}
    chosen = set(picked)
    rows = [
        Candidate(
            agency=agency,
            name=agency.name_in(year),
            standing=standings.get((agency.pk, year)),
            cells=[
                Cell(t, table.get((agency.pk, t.pk), []), (agency.pk, t.pk) in chosen)
                for t in types
            ],
        )
        for agency in agencies
    ]
    big = 10**6
    rows.sort(
        key=lambda c: (
            c.standing.rank if c.standing and c.standing.rank else big,
            ids.index(c.agency.pk),
        )
    )
    return rows


def _picks_refusals(
    meeting: Meeting, picks: Sequence[tuple[int, int]]
) -> tuple[list[tuple[Agency, AwardType]], list[str]]:
    """The picks as (agency, award type), and what is wrong with them."""
    bloc_year = meeting.bloc_year
    agencies = {a.pk: a for a in members(bloc_year)}
    types = {t.pk: t for t in award_types_of(meeting)}
    errors: list[str] = []
    valid: list[tuple[Agency, AwardType]] = []
    for agency_id, type_id in picks:
        agency, award_type = agencies.get(agency_id), types.get(type_id)
        if agency is None:
            errors.append(
                _("Only member agencies of the %(noun)s in this year can be candidates.")
                % bloc_year.bloc.terms.words()
            )
        elif award_type is None:
            errors.append(_("This award is not one the province proposes."))
        else:
            valid.append((agency, award_type))
    if errors or not valid:
        return valid, errors
    table = eligibility_table(
        bloc_year.bloc.province,
        sorted({a.pk for a, _t in valid}),
        sorted({t for _a, t in valid}, key=lambda t: t.pk),
        bloc_year.year,
    )
    for agency, award_type in valid:
        for refusal in table.get((agency.pk, award_type.pk), []):
            errors.append(
                _("%(agency)s cannot be proposed for %(award)s: %(refusal)s")
                % {
                    "agency": agency.name_in(bloc_year.year),
                    "award": award_type.name,
                    "refusal": refusal,
                }
            )
    return valid, errors


@transaction.atomic
def create_ballot(
    meeting: Meeting, *, actor: Any, kind: str, picks: Sequence[tuple[int, int]]
) -> Ballot:
    """A ballot (being prepared) on the picked candidates: (agency id, award type id) pairs.
    Every pick must be a member of the bloc-year and eligible for the award."""
    check_can_prepare(actor, meeting)
    check_yearend(meeting)
    if kind not in BallotKind.values:
        raise ValidationError({"kind": _("Choose a paper or an online ballot.")})
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    unique = list(dict.fromkeys((int(a), int(t)) for a, t in picks))
    if not unique:
        raise ValidationError(_("Pick at least one candidate for an award."), code="empty")
    valid, errors = _picks_refusals(meeting, unique)
    if errors:
        raise ValidationError(errors)
    if meeting.ballots.exclude(status="closed").exists():
        raise ValidationError(
            _("A ballot of this meeting is not closed yet: close it before starting another."),
            code="pending",
        )
    sequence = (
        meeting.ballots.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    ) + 1
    ballot = Ballot.objects.create(meeting=meeting, sequence=sequence, kind=kind)
    BallotLine.objects.bulk_create(
        BallotLine(ballot=ballot, agency=agency, award_type=award_type, position=position)
        for position, (agency, award_type) in enumerate(valid, start=1)
    )
    year = meeting.bloc_year.year
    history.record(
        actor,
        ChangeAction.CREATED,
        ballot,
        province_id=meeting.bloc_year.bloc.province_id,
        bloc_year_id=meeting.bloc_year_id,
        subject=_("Ballot %(sequence)s of %(meeting)s")
        % {"sequence": sequence, "meeting": meeting},
        after={
            "ballot_kind": str(BallotKind(kind).label),
            "candidates": "; ".join(
                f"{agency.name_in(year)} – {award_type.label}" for agency, award_type in valid
            ),
        },
    )
    return ballot


@transaction.atomic
def delete_draft_ballot(ballot: Ballot, *, actor: Any) -> None:
    """A ballot still being prepared may be dropped (nothing was voted)."""
    check_can_prepare(actor, ballot.meeting)
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if locked.status != "draft":
        raise ValidationError(_("Only a ballot still being prepared can be deleted."))
    history.record(
        actor,
        ChangeAction.DELETED,
        locked,
        province_id=ballot.meeting.bloc_year.bloc.province_id,
        bloc_year_id=ballot.meeting.bloc_year_id,
        subject=_("Ballot %(sequence)s of %(meeting)s")
        % {"sequence": locked.sequence, "meeting": ballot.meeting},
    )
    locked.delete()
