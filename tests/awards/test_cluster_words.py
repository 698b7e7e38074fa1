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
    get("dossier_to_issue", reverse("awards:nomination", args=[nomination.pk]))
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


def _documents() -> dict[str, str]:
    """The PDFs the dossier holds: the proposal letter, its list and the ballot's count record."""
    from ..reports.conftest import pdftotext, words

    nomination = Nomination.objects.get()
    return {
        f.item: words(pdftotext(f.report))
        for f in nomination.files.select_related("report")
        if f.report is not None
    }


def test_a_clusters_award_pages_and_documents_say_cum(ranked, client_for):
    make_cluster(ranked)
    texts = _walk(ranked, client_for)
    documents = _documents()

    assert _left(texts) == {name: [] for name in texts}
    assert set(documents) >= {"to_trinh", "danh_sach", "kiem_phieu"}
    assert _left(documents) == {name: [] for name in documents}
    assert "Cụm đề nghị" in texts["board_nomination"]
    assert "Trả lại thường trực cụm" in texts["board_nomination"]
    assert "Cụm có 3 đơn vị thành viên" in texts["ballot_count"]
    assert "sổ văn bản của cụm" in texts["dossier_to_issue"]
    assert "CỤM TRƯỞNG" in documents["to_trinh"]


def test_a_blocs_award_pages_still_say_khoi(ranked, client_for):
    texts = _walk(ranked, client_for)
    documents = _documents()

    assert "Khối đề nghị" in texts["board_nomination"]
    assert "Trả lại thường trực khối" in texts["board_nomination"]
    assert "Khối có 3 đơn vị thành viên" in texts["ballot_count"]
    assert "TRƯỞNG KHỐI" in documents["to_trinh"]
    assert all("cụm" not in text.lower().replace("cụm, khối", "") for text in documents.values())


def test_a_clusters_award_messages_say_cum(ranked):
    from django.core.exceptions import ValidationError

    from awards.services import ballots

    from .test_ballots import paper_ballot

    make_cluster(ranked)
    flag = award(ranked, "co-thi-dua-tinh")
    with pytest.raises(ValidationError) as outsider:
        paper_ballot(ranked, picks=[(ranked.other_agency.pk, flag.pk)])
    ballot = paper_ballot(ranked)
    with pytest.raises(ValidationError) as too_many:
        ballots.record_paper_count(
            ballot,
            actor=ranked.users["secretariat"],
            issued=9,
            returned=3,
            valid=3,
            yes={line.pk: 3 for line in ballot.lines.all()},
        )

    assert "Chỉ các đơn vị thành viên của cụm trong năm này mới được bình xét." in (
        outsider.value.messages
    )
    assert "Số phiếu phát ra (9) nhiều hơn 3 đơn vị thành viên của cụm." in too_many.value.messages
