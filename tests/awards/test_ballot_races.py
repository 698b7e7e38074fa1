"""Votes, counts and submissions at the same moment, over real connections (PostgreSQL only):
one vote per agency, no vote lost, a vote racing the close either counted or refused, one
count record number, one submission."""

import pytest
from django.core.exceptions import ValidationError

from awards.models import (
    BallotParticipation,
    ChangeAction,
    DossierItem,
    Nomination,
    NominationStatus,
    VoteTally,
)
from awards.services import ballots, ballots_online, dossiers, selection
from core.models import Change, DocumentNumber
from tests.concurrency import at_the_same_moment
from tests.factories import BoardStaffFactory

from .test_ballots import PASSWORD, award, paper_ballot, signer, yearend
from .test_dossiers import report_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def _names(results) -> list[str]:
    return sorted(type(r).__name__ for r in results)


@pytest.fixture
def online(postgresql_only, ranked):
    w = ranked
    ballot = selection.create_ballot(
        yearend(w),
        actor=w.users["board"],
        kind="online",
        picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
    )
    return ballots_online.open_ballot(ballot, actor=w.users["board"])


def _vote(ballot, user, choice="yes"):
    line = ballot.lines.get()
    return lambda: ballots_online.cast_vote(
        ballot, actor=user, password=PASSWORD, choices={line.pk: choice}
    )


def test_two_signers_of_one_agency_vote_once(online, ranked):
    w = ranked
    first = signer(w.deputy, "a@example.vn")
    second = signer(w.deputy, "b@example.vn")
    results = at_the_same_moment(_vote(online, first), _vote(online, second))
    assert _names(results) == ["BallotParticipation", "ValidationError"], results
    assert BallotParticipation.objects.count() == 1
    assert VoteTally.objects.get().yes == 1


def test_every_agency_voting_at_once_is_counted(online, ranked):
    w = ranked
    users = [
        signer(agency, f"s{i}@example.vn") for i, agency in enumerate((w.head, w.deputy, w.member))
    ]
    results = at_the_same_moment(
        *(_vote(online, u, c) for u, c in zip(users, ("yes", "no", "yes"), strict=True))
    )
    assert _names(results) == ["BallotParticipation"] * 3, results
    tally = VoteTally.objects.get()
    assert (tally.yes, tally.no, tally.blank) == (2, 1, 0)


def test_a_vote_racing_the_close_is_counted_or_refused(online, ranked):
    w = ranked
    voter = signer(w.member, "late@example.vn")
    results = at_the_same_moment(
        _vote(online, voter), lambda: ballots_online.close_ballot(online, actor=w.users["board"])
    )
    online.refresh_from_db()
    voted = BallotParticipation.objects.count()
    assert online.valid == voted
    assert online.lines.get().yes_votes == voted
    if voted == 0:
        assert any(isinstance(r, ValidationError) for r in results)


def test_two_counts_at_once_close_the_ballot_once(postgresql_only, ranked):
    w = ranked
    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    other = BoardStaffFactory(province=w.province)

    def count(actor):
        return lambda: ballots.record_paper_count(
            ballot,
            actor=actor,
            issued=3,
            returned=3,
            valid=3,
            yes={head_line.pk: 3, deputy_line.pk: 3},
        )

    results = at_the_same_moment(count(w.users["board"]), count(other))
    assert _names(results) == ["Ballot", "ValidationError"], results
    assert Nomination.objects.count() == 2
    assert DocumentNumber.objects.filter(doc_type="BB").count() == 1


def test_two_submissions_at_once_submit_once(postgresql_only, ranked):
    w = ranked
    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    ballots.record_paper_count(
        ballot,
        actor=w.users["board"],
        issued=3,
        returned=3,
        valid=3,
        yes={head_line.pk: 3, deputy_line.pk: 0},
    )
    nomination = Nomination.objects.get(status=NominationStatus.DRAFT)
    dossiers.generate_documents(nomination, actor=w.users["board"])
    dossiers.add_file(
        nomination,
        actor=w.users["board"],
        item=DossierItem.ACHIEVEMENT_REPORT.value,
        upload=report_pdf(),
    )
    other = BoardStaffFactory(province=w.province)
    results = at_the_same_moment(
        lambda: dossiers.submit(nomination, actor=w.users["secretariat"]),
        lambda: dossiers.submit(nomination, actor=other),
    )
    assert _names(results) == ["Nomination", "ValidationError"], results
    assert Change.objects.filter(action=ChangeAction.NOMINATION_SUBMITTED).count() == 1
