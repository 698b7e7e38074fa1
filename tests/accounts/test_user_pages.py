"""The user pages: board staff only (403 for anyone else signed in), a user of another province
is 404, the list shows the province's accounts with search and filters."""

import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import services
from tests.factories import AgencyOfficerFactory

User = get_user_model()

OBJECT_PAGES = (
    "accounts:user_edit",
    "accounts:user_deactivate",
    "accounts:user_reactivate",
    "accounts:user_resend_invitation",
)
NOT_BOARD = ("secretariat", "member", "other_bloc_member", "overseer", "no_role")


@pytest.mark.parametrize("role", NOT_BOARD)
def test_users_who_are_not_board_staff_get_403_on_every_user_page(world, client_for, role):
    client = client_for(role)
    own = world.users[role]
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    assert (
        client.post(
            reverse("accounts:user_invite"),
            {"email": "x@example.vn", "full_name": "X", "role": "board"},
        ).status_code
        == 403
    )
    for name in OBJECT_PAGES:
        # Their own account, another's, one of another province: the same answer.
        for target in (own, world.users["board"], world.users["foreign_board"]):
            assert client.post(reverse(name, args=[target.pk])).status_code == 403, name
    assert not User.objects.filter(email="x@example.vn").exists()
    assert User.objects.filter(is_active=False).count() == 0


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_board_of_another_province_gets_404_and_changes_nothing(world, client_for, name):
    member = world.users["member"]
    services.deactivate_user(world.users["other_bloc_member"], actor=world.users["board"])
    client = client_for("foreign_board")

    for target in (member, world.users["other_bloc_member"]):
        assert client.post(reverse(name, args=[target.pk]), {"full_name": "X"}).status_code == 404

    member.refresh_from_db()
    assert member.is_active
    assert member.full_name != "X"
    assert not User.objects.get(pk=world.users["other_bloc_member"].pk).is_active


def test_the_list_shows_only_the_users_of_the_province(world, client_for):
    response = client_for("board").get(reverse("accounts:user_list"))

    emails = {u.email for u in response.context["page"].object_list}
    assert "member@example.vn" in emails
    assert "overseer@example.vn" in emails
    assert "foreign@example.vn" not in emails
    assert "admin@example.vn" not in emails
    html = response.content.decode()
    assert reverse("accounts:user_invite") in html
    assert "Thành viên Hội đồng phụ trách cụm, khối" in html  # the overseer's role, in Vietnamese


def test_the_list_searches_by_name_email_or_agency_and_filters_by_status(
    world, client_for, django_capture_on_commit_callbacks
):
    services.invite_user(
        actor=world.users["board"],
        email="cho.nhan@example.vn",
        full_name="Đặng Văn Chờ",
        role="board",
        base_url="https://thidua.example.vn/",
    )
    client = client_for("board")
    url = reverse("accounts:user_list")

    def emails(**params):
        return {u.email for u in client.get(url, params).context["page"].object_list}

    assert emails(q="thanh tra") == {"member@example.vn"}  # the member's agency
    assert emails(q="HEAD@") == {"head@example.vn"}
    # Typed decomposed (as from some keyboards): matches the NFC name.
    assert emails(q=unicodedata.normalize("NFD", "Đặng Văn Chờ")) == {"cho.nhan@example.vn"}
    assert emails(**{"trang-thai": "pending"}) == {"cho.nhan@example.vn"}
    assert emails(**{"vai-tro": "overseer"}) == {"overseer@example.vn"}
    empty = client.get(url, {"q": "không có ai"})
    assert "Không có người dùng nào phù hợp" in empty.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for("board")
    for n in range(30):
        AgencyOfficerFactory(agency=world.member, email=f"them{n}@example.vn")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("accounts:user_list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 30


def test_the_edit_page_offers_the_right_actions(
    world, client_for, django_capture_on_commit_callbacks
):
    pending = services.invite_user(
        actor=world.users["board"],
        email="moi@example.vn",
        full_name="Người Mới",
        role="board",
        base_url="https://thidua.example.vn/",
    )
    client = client_for("board")

    pending_page = client.get(reverse("accounts:user_edit", args=[pending.pk])).content.decode()
    own_page = client.get(
        reverse("accounts:user_edit", args=[world.users["board"].pk])
    ).content.decode()

    assert reverse("accounts:user_resend_invitation", args=[pending.pk]) in pending_page
    assert reverse("accounts:user_deactivate", args=[pending.pk]) in pending_page
    assert "Chờ nhận lời mời" in pending_page
    assert reverse("accounts:user_deactivate", args=[world.users["board"].pk]) not in own_page
    assert re.search(r'<select name="role"[^>]*disabled', own_page)
