"""The secretariat's pages for selection, ballots and dossiers: the journey through the pages,
hostile input giving a message (never a 500) and saving nothing, fixed query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import (
    Ballot,
    BallotParticipation,
    BallotStatus,
    DossierFile,
    Nomination,
    NominationStatus,
)
from awards.services import ballots, ballots_online, selection
from core.models import Change
from tests.factories import MembershipFactory
from tests.pledges.pages import minimal_pdf

from .test_ballots import PASSWORD, award, signer, yearend


def _state():
    return (
        Change.objects.count(),
        list(Ballot.objects.values_list("status", "valid")),
        Nomination.objects.count(),
        DossierFile.objects.count(),
        BallotParticipation.objects.count(),
    )


def test_secretariat_selects_counts_and_submits_through_the_pages(ranked, client_for):
    w = ranked
    client = client_for("secretariat")
    meeting = yearend(w)
    flag = award(w, "co-thi-dua-tinh")
    page = client.get(reverse("awards:selection", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Điều 74" in page.content.decode()  # the head's refusal for the certificate, cited
    response = client.post(
        reverse("awards:selection", args=[meeting.pk]),
        {"kind": "paper", "pick": [f"{w.head.pk}:{flag.pk}"]},
    )
    ballot = Ballot.objects.get()
    assert response.url == reverse("awards:ballot", args=[ballot.pk])
    line = ballot.lines.get()
    count_url = reverse("awards:ballot_count", args=[ballot.pk])
    bad = client.post(
        count_url, {"issued": "3", "returned": "3", "valid": "2", f"yes_{line.pk}": "3"}
    )
    assert bad.status_code == 200
    assert "aria-describedby" in bad.content.decode()
    client.post(count_url, {"issued": "3", "returned": "3", "valid": "3", f"yes_{line.pk}": "3"})
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED
    nomination = Nomination.objects.get()
    detail = client.get(reverse("awards:nomination", args=[nomination.pk]))
    assert detail.status_code == 200
    client.post(reverse("awards:dossier_generate", args=[nomination.pk]))
    upload = SimpleUploadedFile("bao-cao.pdf", minimal_pdf(), content_type="application/pdf")
    client.post(
        reverse("awards:dossier_upload", args=[nomination.pk]),
        {"item": "bao_cao_thanh_tich", "file": upload},
    )
    stored = nomination.files.get(item="bao_cao_thanh_tich")
    download = client_for("member").get(reverse("awards:dossier_file", args=[stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    proposal = nomination.files.get(item="to_trinh")
    rendered = client_for("board").get(reverse("awards:dossier_file", args=[proposal.pk]))
    assert rendered.status_code == 200
    client = client_for("secretariat")
    client.post(reverse("awards:nomination_submit", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


@pytest.mark.parametrize(
    "picks",
    [
        [],
        ["abc"],
        ["1:2:3"],
        ["99999999999999999999999:1"],
        ["-1:-1"],
    ],
)
def test_garbage_picks_give_a_message(ranked, client_for, picks):
    w = ranked
    before = _state()
    response = client_for("secretariat").post(
        reverse("awards:selection", args=[yearend(w).pk]), {"kind": "paper", "pick": picks}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _state() == before


def test_other_provinces_agency_or_forbidden_award_is_refused_on_the_page(ranked, client_for):
    w = ranked
    flag = award(w, "co-thi-dua-tinh")
    before = _state()
    for pick in (f"{w.foreign_agency.pk}:{flag.pk}", f"{w.member.pk}:{flag.pk}"):
        response = client_for("secretariat").post(
            reverse("awards:selection", args=[yearend(w).pk]), {"kind": "online", "pick": [pick]}
        )
        assert response.status_code == 200
    assert _state() == before


@pytest.mark.parametrize(
    "data",
    [
        {"issued": "x", "returned": "3", "valid": "3"},
        {"issued": "99999999999999999999", "returned": "3", "valid": "3"},
        {"issued": "3", "returned": "3", "valid": "3", "yes": "-5"},
        {"issued": "3", "returned": "3", "valid": "3", "yes": "4"},
        {"issued": "", "returned": "", "valid": ""},
    ],
)
def test_garbage_counts_give_a_message(ranked, client_for, data):
    w = ranked
    ballot = selection.create_ballot(
        yearend(w),
        actor=w.users["secretariat"],
        kind="paper",
        picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
    )
    line = ballot.lines.get()
    payload = {k: v for k, v in data.items() if k != "yes"}
    payload[f"yes_{line.pk}"] = data.get("yes", "2")
    before = _state()
    response = client_for("secretariat").post(
        reverse("awards:ballot_count", args=[ballot.pk]), payload
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert _state() == before


def test_vote_page_second_vote_and_vote_after_close(ranked, client_for, client):
    w = ranked
    ballot = selection.create_ballot(
        yearend(w),
        actor=w.users["board"],
        kind="online",
        picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
    )
    ballots_online.open_ballot(ballot, actor=w.users["board"])
    line = ballot.lines.get()
    voter = signer(w.deputy, "vote@example.vn")
    client.force_login(voter)
    url = reverse("awards:ballot_vote", args=[ballot.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {f"line_{line.pk}": "yes", "password": "sai"})
    assert wrong.status_code == 200
    assert BallotParticipation.objects.count() == 0
    garbage = client.post(url, {f"line_{line.pk}": "<script>", "password": PASSWORD})
    assert garbage.status_code == 200
    assert client.post(url, {f"line_{line.pk}": "yes", "password": PASSWORD}).status_code == 302
    again = client.post(url, {f"line_{line.pk}": "no", "password": PASSWORD})
    assert again.status_code == 200  # refused: the page says the agency has voted
    assert 'id="already-voted"' in again.content.decode()
    assert BallotParticipation.objects.count() == 1
    ballots_online.close_ballot(ballot, actor=w.users["board"])
    late = signer(w.member, "late-vote@example.vn")
    client.force_login(late)
    after = client.post(url, {f"line_{line.pk}": "yes", "password": PASSWORD})
    assert after.status_code == 200
    assert 'id="not-open"' in after.content.decode()
    assert BallotParticipation.objects.count() == 1


def test_pages_query_counts_do_not_grow_with_rows(
    ranked, client_for, django_assert_max_num_queries
):
    w = ranked
    client = client_for("secretariat")
    meeting = yearend(w)
    urls = [
        reverse("awards:selection", args=[meeting.pk]),
        reverse("awards:bloc_year_nominations", args=[w.bloc.pk, 2020]),
        reverse("blocs:bloc_year_detail", args=[w.bloc.pk, 2020]),
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries.captured_queries)
    for _ in range(8):
        MembershipFactory(bloc_year=w.bloc_year)
    ballot = selection.create_ballot(
        meeting,
        actor=w.users["secretariat"],
        kind="paper",
        picks=[
            (w.head.pk, award(w, "co-thi-dua-tinh").pk),
            (w.deputy.pk, award(w, "bang-khen-tinh").pk),
        ],
    )
    lines = list(ballot.lines.order_by("position"))
    ballots.record_paper_count(
        ballot,
        actor=w.users["secretariat"],
        issued=5,
        returned=5,
        valid=5,
        yes={lines[0].pk: 5, lines[1].pk: 1},
    )
    for url in urls:
        with django_assert_max_num_queries(counts[url] + 2):  # + the ballot list and lines
            assert client.get(url).status_code == 200


def test_closed_ballot_page_queries_do_not_grow_with_lines(
    ranked, client_for, django_assert_max_num_queries
):
    w = ranked
    flag, certificate = award(w, "co-thi-dua-tinh"), award(w, "bang-khen-tinh")

    def closed(picks):
        ballot = selection.create_ballot(
            yearend(w), actor=w.users["board"], kind="paper", picks=picks
        )
        lines = list(ballot.lines.all())
        ballots.record_paper_count(
            ballot,
            actor=w.users["board"],
            issued=3,
            returned=3,
            valid=3,
            yes={line.pk: 3 for line in lines},
        )
        return ballot

    one = closed([(w.head.pk, flag.pk)])
    client = client_for("board")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("awards:ballot", args=[one.pk]))
    two = closed(
        [(w.deputy.pk, certificate.pk), (w.head.pk, award(w, "tap-the-lao-dong-xuat-sac").pk)]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("awards:ballot", args=[two.pk])).status_code == 200


def test_a_signer_is_told_of_an_open_ballot_until_their_agency_votes(ranked, client):
    from blocs import todo

    w = ranked
    ballot = selection.create_ballot(
        yearend(w),
        actor=w.users["board"],
        kind="online",
        picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
    )
    voter = signer(w.deputy, "todo@example.vn")
    assert not [t for t in todo.for_user(voter) if "ballot" in t.url or "phieu" in t.url]
    ballots_online.open_ballot(ballot, actor=w.users["board"])
    [item] = [
        t for t in todo.for_user(voter) if t.url == reverse("awards:ballot_vote", args=[ballot.pk])
    ]
    client.force_login(voter)
    assert item.url in client.get(reverse("blocs:dashboard")).content.decode()
    ballots_online.cast_vote(ballot, actor=voter, password=PASSWORD, choices={})
    assert not [t for t in todo.for_user(voter) if t.url == item.url]
    assert not [t for t in todo.for_user(w.users["member"]) if t.url == item.url]  # cannot sign
