"""A cluster's documents and pledge pages say cụm: Cụm trưởng, Cụm phó, Chỉ đạo cụm, thành viên
cụm; the province's list names each bloc and cluster in its own words."""

import datetime

import pytest
from django.urls import reverse

from pledges.services import signing

from ..cluster_words import khoi_left, main_part, make_cluster
from ..mergers import open_pledge
from .conftest import pdftotext, words


@pytest.fixture
def cluster(world):
    return make_cluster(world)


def test_a_clusters_roster_says_cum(world, cluster, export):
    text = words(pdftotext(export("bloc_roster", world.bloc_year.pk, world.users["member"])))

    assert khoi_left(text) == []
    for printed in (
        "Cụm trưởng: Sở Xây dựng.",
        "Cụm phó: Sở Khoa học và Công nghệ.",
        "Chỉ đạo cụm: Phạm Khải Trung",
        "Nhiệm vụ trong cụm",
        "- Các đơn vị thành viên cụm;",
        "TM. CỤM THI ĐUA SỐ 2 CỤM TRƯỞNG",
    ):
        assert printed in text


def test_the_provinces_list_names_blocs_and_clusters_in_their_own_words(world, cluster, export):
    text = words(
        pdftotext(export("province_blocs", world.province.pk, world.users["board"], year=2020))
    )

    assert "Các cụm, khối thi đua và đơn vị thành viên năm 2020" in text
    assert "Năm 2020, tỉnh có 1 khối thi đua và 1 cụm thi đua" in text
    # In Vietnamese order: Cụm… before Khối….
    cluster_part = text[text.index("Cụm thi đua số 2") : text.index("Khối thi đua số 1")]
    bloc_part = text[text.index("Khối thi đua số 1") :]
    assert "Cụm trưởng: Sở Xây dựng. Cụm phó: Sở Khoa học và Công nghệ." in cluster_part
    assert "Trưởng khối: chưa có. Khối phó: chưa có." in bloc_part
    assert "- Các cụm, khối thi đua;" in text


def test_a_clusters_pledge_and_its_pages_say_cum(world, cluster, export, client_for):
    pledge = open_pledge(world.bloc_year, world.users["board"], datetime.date(2020, 1, 20))
    client = client_for("member")
    pages = {
        "pledge": reverse("pledges:pledge", args=[pledge.pk]),
        "status": reverse("pledges:status_board", args=[pledge.pk]),
        "verify": reverse("pledges:verify", args=[pledge.snapshot_sha256]),
    }
    texts = {name: main_part(client.get(url).content.decode()) for name, url in pages.items()}
    pdf = words(pdftotext(export("pledge", pledge.pk, world.users["member"])))
    draft = signing.withdraw(pledge, actor=world.users["board"], reason="Sửa tiêu chí")
    draft_page = main_part(client.get(reverse("pledges:pledge", args=[draft.pk])).content.decode())

    assert {name: khoi_left(text) for name, text in texts.items()} == {name: [] for name in texts}
    assert khoi_left(pdf) == []
    assert khoi_left(draft_page) == []
    assert "Cụm trưởng</span>" in texts["status"]
    assert "<dt>Cụm</dt>" in texts["verify"]
    assert "Dự thảo: thường trực cụm đang soạn thảo" in draft_page
