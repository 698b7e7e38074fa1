"""What the database itself refuses in the awards' data, and the shape of the online ballot's
records: a participation says who voted, a tally counts votes, and nothing joins the two."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from awards.models import (
    AwardType,
    Ballot,
    BallotKind,
    BallotLine,
    BallotParticipation,
    BallotStatus,
    Decision,
    DossierFile,
    EligibilityFlag,
    FlagKind,
    Nomination,
    NominationStatus,
    QuotaRule,
    VoteTally,
)
from meetings.models import Meeting, MeetingKind


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def meeting(world) -> Meeting:
    return Meeting.objects.create(
        bloc_year=world.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=timezone.make_aware(datetime.datetime(2021, 1, 11, 8)),
        place="Hội trường",
    )


def _type(world, key="co-thi-dua-tinh") -> AwardType:
    return AwardType.objects.get(province=world.province, key=key)


def _nomination(world, meeting, **kwargs) -> Nomination:
    values = {
        "bloc_year": world.bloc_year,
        "meeting": meeting,
        "award_type": _type(world),
        "agency": world.head,
    }
    values.update(kwargs)
    return Nomination.objects.create(**values)


def test_one_live_nomination_per_agency_award_and_year(world, meeting):
    first = _nomination(world, meeting)
    assert first.year == 2020  # copied from the bloc-year
    _refused(lambda: _nomination(world, meeting))
    # Refused by the ballot, it leaves room for another ballot's nomination.
    first.status, first.status_reason = NominationStatus.REFUSED_BY_BALLOT, "Không đủ phiếu"
    first.save()
    _nomination(world, meeting)


def test_a_return_a_rejection_and_a_refusal_need_their_reason(world, meeting):
    for status in ("returned", "rejected", "refused_by_ballot"):
        _refused(lambda status=status: _nomination(world, meeting, status=status))
    _nomination(world, meeting, status="returned", status_reason="Thiếu báo cáo thành tích")


def test_one_decision_per_nomination(world, meeting):
    nomination = _nomination(world, meeting)

    def decide(number: str) -> Decision:
        return Decision.objects.create(
            nomination=nomination,
            award_type=_type(world),
            number=number,
            date=datetime.date(2021, 3, 1),
            issuer="UBND tỉnh Trà Vinh",
        )

    decide("Số 1/QĐ-UBND")
    _refused(lambda: decide("Số 2/QĐ-UBND"))


def test_a_decision_needs_its_number(world, meeting):
    nomination = _nomination(world, meeting)
    _refused(
        lambda: Decision.objects.create(
            nomination=nomination,
            award_type=_type(world),
            number="",
            date=datetime.date(2021, 3, 1),
            issuer="UBND",
        )
    )


def _ballot(meeting, **kwargs) -> Ballot:
    return Ballot.objects.create(meeting=meeting, **{"kind": BallotKind.PAPER, **kwargs})


def test_ballot_counts_hold_together(world, meeting):
    _refused(lambda: _ballot(meeting, issued=5, returned=6))
    _refused(lambda: _ballot(meeting, issued=5, returned=5, valid=6))
    _refused(lambda: _ballot(meeting, status=BallotStatus.CLOSED))  # closed without counts
    _ballot(meeting, issued=5, returned=5, valid=4)
    _refused(lambda: _ballot(meeting, sequence=1))  # a second first round


def test_one_participation_per_agency_per_ballot(world, meeting):
    ballot = _ballot(meeting, kind=BallotKind.ONLINE)
    voter = world.users["secretariat"]
    BallotParticipation.objects.create(ballot=ballot, agency=world.head, voted_by=voter)
    _refused(
        lambda: BallotParticipation.objects.create(ballot=ballot, agency=world.head, voted_by=voter)
    )


def test_a_dossier_file_is_an_upload_or_a_generated_document(world, meeting):
    nomination = _nomination(world, meeting)
    base = {
        "nomination": nomination,
        "item": "bao_cao_thanh_tich",
        "added_by": world.users["board"],
    }
    _refused(lambda: DossierFile.objects.create(name="trống.pdf", **base))
    _refused(lambda: DossierFile.objects.create(name="x.pdf", file="a/x.pdf", **base))  # no hash
    DossierFile.objects.create(name="x.pdf", file="a/x.pdf", sha256="ab" * 32, **base)


def test_an_award_type_quota_share_needs_its_base_and_percentage(world):
    award_type = _type(world, "bang-khen-tinh")
    award_type.quota_rule = QuotaRule.SHARE_OF_AWARD
    _refused(award_type.save)


def test_a_flag_cannot_end_before_it_starts(world):
    _refused(
        lambda: EligibilityFlag.objects.create(
            agency=world.member,
            kind=FlagKind.DISCIPLINE,
            starts_on=datetime.date(2020, 5, 1),
            ends_on=datetime.date(2020, 4, 30),
            reason="x",
        )
    )


# --- Anonymity of the online ballot ----------------------------------------------------------


def _columns(model) -> set[str]:
    return {field.column for field in model._meta.concrete_fields}


def test_tallies_carry_no_agency_user_time_or_order():
    assert _columns(VoteTally) == {"id", "line_id", "yes", "no", "blank"}
    assert not any(
        field.is_relation and field.related_model not in (BallotLine,)
        for field in VoteTally._meta.concrete_fields
    )
    # A participation says who voted, never when or how.
    assert _columns(BallotParticipation) == {"id", "ballot_id", "agency_id", "voted_by_id"}


def _online_ballot(world, meeting) -> tuple[Ballot, list[VoteTally]]:
    ballot = _ballot(meeting, kind=BallotKind.ONLINE, status=BallotStatus.OPEN)
    tallies = []
    for position, (agency, key) in enumerate(
        [(world.head, "co-thi-dua-tinh"), (world.deputy, "bang-khen-tinh")]
    ):
        line = BallotLine.objects.create(
            ballot=ballot, agency=agency, award_type=_type(world, key), position=position
        )
        tallies.append(VoteTally.objects.create(line=line))
    return ballot, tallies


def _vote(ballot: Ballot, agency, user, choices: list[str]) -> None:
    """How a vote is stored (AW2's service does this under the ballot's lock): the
    participation, and one counter of every line raised."""
    with transaction.atomic():
        BallotParticipation.objects.create(ballot=ballot, agency=agency, voted_by=user)
        for tally, choice in zip(
            VoteTally.objects.filter(line__ballot=ballot).order_by("line__position"),
            choices,
            strict=True,
        ):
            VoteTally.objects.filter(pk=tally.pk).update(**{choice: F(choice) + 1})


def test_every_voter_touches_every_tally_so_the_rows_tell_only_totals(world, meeting):
    ballot, _tallies = _online_ballot(world, meeting)
    voters = [(world.head, "secretariat"), (world.deputy, "board"), (world.member, "member")]
    for (agency, role), choices in zip(
        voters, [["yes", "no"], ["yes", "yes"], ["no", "blank"]], strict=True
    ):
        _vote(ballot, agency, world.users[role], choices)

    rows = list(
        VoteTally.objects.filter(line__ballot=ballot)
        .order_by("line__position")
        .values_list("yes", "no", "blank")
    )
    assert rows == [(2, 1, 0), (1, 1, 1)]
    assert all(
        sum(row) == BallotParticipation.objects.filter(ballot=ballot).count() for row in rows
    )


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_no_transaction_id_joins_a_vote_to_an_earlier_voter(postgresql_only, world):
    """xmin (the inserting transaction) would join a row per vote to its participation; the
    tallies carry only the last voter's, which the totals before it do not accompany."""
    meeting = Meeting.objects.create(
        bloc_year=world.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=timezone.make_aware(datetime.datetime(2021, 1, 11, 8)),
        place="Hội trường",
    )
    ballot, _tallies = _online_ballot(world, meeting)
    _vote(ballot, world.head, world.users["secretariat"], ["yes", "no"])
    _vote(ballot, world.deputy, world.users["board"], ["no", "no"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.agency_id FROM awards_ballotparticipation p JOIN awards_votetally t "
            "ON t.xmin = p.xmin"
        )
        joined = {row[0] for row in cursor.fetchall()}
    assert joined <= {world.deputy.pk}  # at most the last voter, whose vote the totals hide
