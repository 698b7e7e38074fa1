"""A cluster's selection, ballot, dossier and the board's review of its nomination say cụm
(Cụm trưởng, Cụm phó, thường trực cụm); a bloc's still say khối (domain.md, "Clusters use their
own words")."""

import pytest
from django.urls import reverse

from awards.models import Ballot, Nomination

from ..cluster_words import khoi_left, main_part, make_cluster
from .test_ballots import award, yearend

pytestmark = pytest.mark.django_db


def _left(texts: dict[str, str]) -> dict[str, list[str]]:
    left = {name: khoi_left(text) for name, text in texts.items()}
    for name, places in left.items():
        for place in places:
            print("LEFT", name, repr(place))
    return left


def _walk(world, client_for) -> dict[str, str]:
    """The secretariat selects through a paper ballot, counts it and files the dossier; the
    board opens its inbox and the nomination: each page's own content."""
    client = client_for("secretariat")
    meeting = yearend(world)
    flag = award(world, "co-thi-dua-tinh")
    texts = {}

    def get(name, url, user=client):
        response = user.get(url)
        assert response.status_code == 200, (name, response.status_code)
        texts[name] = main_part(response.content.decode())

    get("selection", reverse("awards:selection", args=[meeting.pk]))
    client.post(
        reverse("awards:selection", args=[meeting.pk]),
        {"kind": "paper", "pick": [f"{world.head.pk}:{flag.pk}"]},
    )
    ballot = Ballot.objects.get()
    get("ballot", reverse("awards:ballot", args=[ballot.pk]))
    count_url = reverse("awards:ballot_count", args=[ballot.pk])
    get("ballot_count", count_url)
    line = ballot.lines.get()
    client.post(count_url, {"issued": "3", "returned": "3", "valid": "3", f"yes_{line.pk}": "3"})
    nomination = Nomination.objects.get()
    client.post(reverse("awards:dossier_generate", args=[nomination.pk]))
    get("dossier", reverse("awards:nomination", args=[nomination.pk]))
    get(
        "nominations",
        reverse("awards:bloc_year_nominations", args=[world.bloc.pk, world.bloc_year.year]),
    )
    Nomination.objects.filter(pk=nomination.pk).update(status="submitted")
    board = client_for("board")
    get("board_inbox", reverse("awards:board"), board)
    get("board_nomination", reverse("awards:board_nomination", args=[nomination.pk]), board)
    return texts


def test_a_clusters_award_pages_say_cum(ranked, client_for):
    make_cluster(ranked)
    texts = _walk(ranked, client_for)

    assert _left(texts) == {name: [] for name in texts}
