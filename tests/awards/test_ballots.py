"""Selection and secret ballots (issue 13 §2): candidates with their eligibility, ballots on
eligible candidates only, a paper count checked, an online ballot cast once per agency after
the password, results only when closed, pass or refuse with the threshold cited, nominations
created, the count record numbered."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import (
    AwardType,
    Ballot,
    BallotParticipation,
    BallotStatus,
    ChangeAction,
    Nomination,
    NominationStatus,
    ThresholdBase,
    VoteTally,
)
from awards.services import ballots, ballots_online, selection
from core.models import Change
from meetings.models import MeetingKind
from tests.factories import AgencyOfficerFactory

PASSWORD = "mat-khau-dung-1"


def award(world, key: str) -> AwardType:
    return AwardType.objects.get(province=world.province, key=key)


def yearend(world):
    return world.bloc_year.meetings.get(kind=MeetingKind.YEAREND)


def signer(agency, email):
    user = AgencyOfficerFactory(agency=agency, email=email, can_sign=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def voters(ranked):
    w = ranked
    head = w.users["secretariat"]
    head.set_password(PASSWORD)
    head.save()
    return {
        w.head: head,
        w.deputy: signer(w.deputy, "deputy-sign@example.vn"),
        w.member: signer(w.member, "member-sign@example.vn"),
    }


def paper_ballot(w, picks=None):
    flag, certificate = award(w, "co-thi-dua-tinh"), award(w, "bang-khen-tinh")
    picks = picks or [(w.head.pk, flag.pk), (w.deputy.pk, certificate.pk)]
    return selection.create_ballot(
        yearend(w), actor=w.users["secretariat"], kind="paper", picks=picks
    )


def test_candidates_show_eligibility_with_the_rule_cited(ranked):
    w = ranked
    rows = selection.candidates(yearend(w))
    assert [r.agency for r in rows] == [w.head, w.deputy, w.member]
    by_key = {c.award_type.key: c for c in rows[0].cells}
    assert by_key["co-thi-dua-tinh"].eligible
    assert not by_key["bang-khen-tinh"].eligible  # 2019 was only "tốt"
    refusal = by_key["bang-khen-tinh"].refusals[0]
    assert "2019" in refusal.message
    assert refusal.citation == award(w, "bang-khen-tinh").citation
    deputy = {c.award_type.key: c for c in rows[1].cells}
    assert deputy["bang-khen-tinh"].eligible


def test_candidates_page_queries_do_not_grow_with_members(ranked, django_assert_max_num_queries):
    w = ranked
    meeting = yearend(w)
    with CaptureQueriesContext(connection) as few:
        selection.candidates(meeting)
    from tests.factories import MembershipFactory

    for _ in range(6):
        MembershipFactory(bloc_year=w.bloc_year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        selection.candidates(meeting)


def test_ballot_refuses_an_ineligible_pick_citing_the_rule(ranked):
    w = ranked
    with pytest.raises(ValidationError) as error:
        paper_ballot(w, [(w.member.pk, award(w, "co-thi-dua-tinh").pk)])
    assert "Điều 26" in " ".join(error.value.messages)
    assert not Ballot.objects.exists()


def test_ballot_refuses_another_provinces_agency(ranked):
    w = ranked
    flag = award(w, "co-thi-dua-tinh")
    for agency in (w.foreign_agency, w.other_agency):
        with pytest.raises(ValidationError):
            paper_ballot(w, [(agency.pk, flag.pk)])
    foreign_flag = AwardType.objects.get(province=w.foreign_province, key="co-thi-dua-tinh")
    with pytest.raises(ValidationError):
        paper_ballot(w, [(w.head.pk, foreign_flag.pk)])
    assert not Ballot.objects.exists()


def test_only_runners_prepare_ballots(ranked):
    w = ranked
    for role in ("member", "overseer", "foreign_board"):
        with pytest.raises(PermissionDenied):
            selection.create_ballot(
                yearend(w),
                actor=w.users[role],
                kind="paper",
                picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
            )


def test_paper_count_checks_yes_valid_returned_issued_members(ranked):
    w = ranked
    ballot = paper_ballot(w)
    lines = list(ballot.lines.order_by("position"))
    cases = [
        dict(issued=4, returned=3, valid=3, yes={lines[0].pk: 3, lines[1].pk: 3}),  # > members
        dict(issued=3, returned=4, valid=3, yes={lines[0].pk: 3, lines[1].pk: 3}),
        dict(issued=3, returned=3, valid=4, yes={lines[0].pk: 3, lines[1].pk: 3}),
        dict(issued=3, returned=3, valid=2, yes={lines[0].pk: 3, lines[1].pk: 2}),  # yes > valid
        dict(issued=3, returned=3, valid=3, yes={lines[0].pk: "x", lines[1].pk: 2}),
        dict(issued=3, returned=3, valid=3, yes={lines[0].pk: -1, lines[1].pk: 2}),
        dict(issued=3, returned=3, valid=3, yes={lines[0].pk: 2}),
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            ballots.record_paper_count(ballot, actor=w.users["secretariat"], **case)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAFT
    assert ballot.valid is None
    assert not Nomination.objects.exists()


def test_paper_count_closes_with_nominations_and_a_numbered_record(ranked):
    w = ranked
    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    ballots.record_paper_count(
        ballot,
        actor=w.users["secretariat"],
        issued=3,
        returned=3,
        valid=3,
        yes={head_line.pk: 2, deputy_line.pk: 1},
    )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED
    assert ballot.members == 3
    assert ballot.number == "Số: 01/BB-KTĐ6"
    passed = Nomination.objects.get(agency=w.head)
    refused = Nomination.objects.get(agency=w.deputy)
    assert passed.status == NominationStatus.DRAFT
    assert passed.ballot_line == head_line
    assert refused.status == NominationStatus.REFUSED_BY_BALLOT
    assert (
        "1 of 3" in refused.status_reason
        or "1/3" in refused.status_reason
        or "1 trên 3" in refused.status_reason
    )
    assert award(w, "bang-khen-tinh").citation in refused.status_reason
    actions = set(Change.objects.values_list("action", flat=True))
    assert {
        ChangeAction.BALLOT_COUNTED,
        ChangeAction.BALLOT_CLOSED,
        ChangeAction.NOMINATED,
        ChangeAction.REFUSED_BY_BALLOT,
    } <= actions
    with pytest.raises(ValidationError):
        ballots.record_paper_count(
            ballot,
            actor=w.users["secretariat"],
            issued=3,
            returned=3,
            valid=3,
            yes={head_line.pk: 3, deputy_line.pk: 3},
        )


@pytest.mark.parametrize(
    ("percent", "strict", "base", "members", "valid", "yes", "passes"),
    [
        ("50", True, ThresholdBase.MEMBERS, 4, 4, 2, False),  # exactly 50 %: not above
        ("50", True, ThresholdBase.MEMBERS, 4, 4, 3, True),
        ("50", True, ThresholdBase.VALID_BALLOTS, 4, 4, 2, False),
        ("50", False, ThresholdBase.VALID_BALLOTS, 4, 4, 2, True),  # at least 50 %
        ("70", False, ThresholdBase.VALID_BALLOTS, 10, 10, 7, True),  # exactly 70 %
        ("70", False, ThresholdBase.VALID_BALLOTS, 10, 10, 6, False),
        # Members against ballots: 3 yes of 4 valid ballots in a bloc of 8.
        ("50", True, ThresholdBase.VALID_BALLOTS, 8, 4, 3, True),
        ("50", True, ThresholdBase.MEMBERS, 8, 4, 3, False),
    ],
)
def test_thresholds_at_their_edges(ranked, percent, strict, base, members, valid, yes, passes):
    w = ranked
    flag = award(w, "co-thi-dua-tinh")
    AwardType.objects.filter(pk=flag.pk).update(
        threshold_percent=Decimal(percent), threshold_strict=strict, threshold_base=base
    )
    from tests.factories import MembershipFactory

    for _ in range(members - 3):
        MembershipFactory(bloc_year=w.bloc_year)
    ballot = paper_ballot(w, [(w.head.pk, flag.pk)])
    line = ballot.lines.get()
    ballots.record_paper_count(
        ballot,
        actor=w.users["secretariat"],
        issued=valid,
        returned=valid,
        valid=valid,
        yes={line.pk: yes},
    )
    line.refresh_from_db()
    assert line.passed is passes
    nomination = Nomination.objects.get(ballot_line=line)
    assert (nomination.status == NominationStatus.DRAFT) is passes
    if not passes:
        assert flag.citation in nomination.status_reason


def test_online_ballot_one_vote_per_agency_results_only_when_closed(voters, ranked):
    w = ranked
    flag = award(w, "co-thi-dua-tinh")
    ballot = selection.create_ballot(
        yearend(w), actor=w.users["board"], kind="online", picks=[(w.head.pk, flag.pk)]
    )
    line = ballot.lines.get()
    with pytest.raises(ValidationError):  # not open yet
        ballots_online.cast_vote(
            ballot, actor=voters[w.deputy], password=PASSWORD, choices={line.pk: "yes"}
        )
    ballots_online.open_ballot(ballot, actor=w.users["secretariat"])
    ballot.refresh_from_db()
    assert ballot.thresholds[str(flag.pk)]["percent"] == "50"
    with pytest.raises(ValidationError) as wrong:
        ballots_online.cast_vote(
            ballot, actor=voters[w.deputy], password="sai", choices={line.pk: "yes"}
        )
    assert "password" in wrong.value.message_dict
    ballots_online.cast_vote(
        ballot, actor=voters[w.deputy], password=PASSWORD, choices={line.pk: "yes"}
    )
    with pytest.raises(ValidationError):  # a second vote by the same agency
        ballots_online.cast_vote(
            ballot, actor=voters[w.deputy], password=PASSWORD, choices={line.pk: "no"}
        )
    ballots_online.cast_vote(
        ballot, actor=voters[w.head], password=PASSWORD, choices={line.pk: "yes"}
    )
    assert ballots.results(ballot) == []  # nothing while it runs
    assert ballots_online.votes_cast(ballot) == 2
    with pytest.raises(PermissionDenied):
        ballots_online.cast_vote(ballot, actor=w.users["board"], password=PASSWORD, choices={})
    with pytest.raises(PermissionDenied):
        ballots_online.close_ballot(ballot, actor=voters[w.member])
    ballots_online.close_ballot(ballot, actor=w.users["secretariat"])
    ballot.refresh_from_db()
    assert (ballot.issued, ballot.returned, ballot.valid) == (3, 2, 2)
    [result] = ballots.results(ballot)
    assert result.passed
    assert result.line.yes_votes == 2
    with pytest.raises(ValidationError):  # a vote after closing
        ballots_online.cast_vote(
            ballot, actor=voters[w.member], password=PASSWORD, choices={line.pk: "no"}
        )
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 2


def test_online_votes_cannot_be_joined_to_agencies(voters, ranked):
    """Anonymity: the tallies have no key, time or user that points at a participation; every
    vote writes every line's tally, whatever it chose."""
    w = ranked
    flag, certificate = award(w, "co-thi-dua-tinh"), award(w, "bang-khen-tinh")
    ballot = selection.create_ballot(
        yearend(w),
        actor=w.users["board"],
        kind="online",
        picks=[(w.head.pk, flag.pk), (w.deputy.pk, certificate.pk)],
    )
    ballots_online.open_ballot(ballot, actor=w.users["board"])
    head_line, deputy_line = ballot.lines.order_by("position")
    tally_fields = {f.name for f in VoteTally._meta.get_fields()}
    assert tally_fields == {"id", "line", "yes", "no", "blank"}
    participation_fields = {f.name for f in BallotParticipation._meta.get_fields()}
    assert not any(
        "time" in f or "_at" in f or "line" in f or "tally" in f for f in participation_fields
    )
    with CaptureQueriesContext(connection) as queries:
        ballots_online.cast_vote(
            ballot,
            actor=voters[w.deputy],
            password=PASSWORD,
            choices={head_line.pk: "yes", deputy_line.pk: "no"},
        )
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "vote" in q["sql"].lower() and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    assert not any("voted_by" in sql and "tally" in sql.lower() for sql in writes)
    assert list(VoteTally.objects.order_by("line__position").values_list("yes", "no", "blank")) == [
        (1, 0, 0),
        (0, 1, 0),
    ]
