"""A cluster says cụm (Cụm trưởng, Cụm phó, thành viên cụm) on every page, form and message; a
bloc says khối (domain.md, "Clusters use their own words")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs import services
from blocs.models import Bloc, BlocKind
from blocs.terms import BLOC, BOTH, CLUSTER, terms_for
from core.actors import SYSTEM
from pledges.services import signatures

from ..cluster_words import khoi_left, main_part, make_cluster
from ..mergers import open_pledge


@pytest.fixture
def cluster(world):
    return make_cluster(world)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return main_part(response.content.decode())


def test_cluster_pages_say_cum_wherever_they_mean_the_cluster(world, cluster, client_for):
    board = client_for("board")
    pages = {
        "year": reverse("blocs:bloc_year_detail", args=[cluster.pk, 2020]),
        "year_edit": reverse("blocs:bloc_year_edit", args=[cluster.pk, 2020]),
        "edit": reverse("blocs:bloc_edit", args=[cluster.pk]),
        "next_year": reverse("blocs:start_new_year", args=[cluster.pk]),
        "remove": reverse("blocs:member_remove", args=[world.membership.pk]),
        "agency": reverse("blocs:agency_detail", args=[world.member.pk]),
    }
    texts = {name: _page(board, url) for name, url in pages.items()}
    head = client_for("secretariat")
    texts["head_dashboard"] = _page(head, reverse("blocs:dashboard") + "?nam=2020")
    member = client_for("member")
    texts["member_dashboard"] = _page(member, reverse("blocs:dashboard") + "?nam=2020")
    texts["member_year"] = _page(member, pages["year"])
    texts["no_pledge"] = _page(member, reverse("pledges:bloc_year_pledge", args=[cluster.pk, 2020]))
    texts["overseer_dashboard"] = _page(client_for("overseer"), reverse("blocs:dashboard"))

    assert {name: khoi_left(text) for name, text in texts.items()} == {name: [] for name in texts}
    assert "<dt>Cụm trưởng</dt>" in texts["year"]
    assert "<dt>Cụm phó</dt>" in texts["year"]
    assert "Sửa thông tin cụm" in texts["year"]
    assert "Cụm trưởng, Cụm phó, người phụ trách" in texts["year"]
    assert "Cụm trưởng" in texts["year_edit"]  # the form's labels
    assert "giữ nguyên Cụm trưởng, Cụm phó và người phụ trách" in texts["next_year"]
    assert "Năm nay đơn vị của bạn là Cụm trưởng hoặc Cụm phó" in texts["head_dashboard"]
    assert "Xem cụm" in texts["member_dashboard"]
    assert "Thường trực cụm chưa chuẩn bị bộ tiêu chí" in texts["no_pledge"]


def test_a_bloc_still_says_khoi(world, client_for):
    page = _page(client_for("board"), reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2020]))

    assert "<dt>Trưởng khối</dt>" in page
    assert "<dt>Khối phó</dt>" in page
    assert "cụm" not in page.lower().replace("cụm, khối", "")


def test_a_list_of_both_kinds_names_both(world, cluster, client_for):
    page = _page(client_for("board"), reverse("blocs:bloc_list") + "?nam=2020")

    assert "Trưởng khối / Cụm trưởng" in page
    assert "Khối phó / Cụm phó" in page
    assert khoi_left(page) == []


def test_a_list_of_clusters_names_cluster_leaders(world, cluster, client_for):
    Bloc.objects.filter(pk=world.other_bloc.pk).update(
        kind=BlocKind.CLUSTER, name="Cụm thi đua số 1"
    )

    page = _page(client_for("board"), reverse("blocs:dashboard") + "?nam=2020")

    assert '<th scope="col">Cụm trưởng</th>' in page
    assert khoi_left(page) == []


def test_cluster_messages_say_cum(world, cluster, client_for):
    with pytest.raises(ValidationError) as same:
        services.set_head_and_deputy(
            world.bloc_year, actor=SYSTEM, head=world.member, deputy=world.member
        )
    client = client_for("board")
    form = client.post(
        reverse("blocs:bloc_year_edit", args=[cluster.pk, 2020]),
        {"head": world.member.pk, "deputy": world.member.pk, "overseer": ""}
        | {"expected_version": world.bloc_year.version},
    )
    removed = client.post(reverse("blocs:member_remove", args=[world.membership.pk]), follow=True)
    pledge = open_pledge(world.bloc_year, world.users["board"], datetime.date.today())
    with pytest.raises(ValidationError) as outsider:
        signatures.record_paper_signature(
            pledge,
            actor=world.users["board"],
            agency=world.other_agency,
            signer_name="Nguyễn Văn A",
            signer_title="Giám đốc",
            signed_on=datetime.date.today(),
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )

    assert same.value.messages == ["Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."]
    assert "Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau." in form.content.decode()
    assert "Đã gỡ Thanh tra tỉnh khỏi cụm trong năm 2020." in removed.content.decode()
    assert outsider.value.messages == [
        "Sở Y tế không phải là thành viên của Cụm thi đua số 2 trong năm 2020."
    ]


def test_terms_for_a_list():
    assert terms_for([]) is BLOC
    assert terms_for([BlocKind.CLUSTER, BlocKind.CLUSTER]) is CLUSTER
    assert terms_for([BlocKind.CLUSTER, BlocKind.BLOC]) is BOTH
    assert CLUSTER.vi.head == "Cụm trưởng"
    assert BLOC.vi.deputy == "Khối phó"
