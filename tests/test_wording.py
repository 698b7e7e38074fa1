"""Words that said something else than what happens (issue "Hardening", usability 6): removing a
member read as deleting the agency, confirmation boxes sat apart from their labels, the paper
signature form did not say which pledge or which dates, a first password was "changed"."""

import re

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts import services
from blocs.models import BlocKind
from tests.factories import PASSWORD, AgencyOfficerFactory
from tests.pledges.conftest import criteria_set, draft_pledge, open_pledge

__all__ = ["criteria_set", "draft_pledge", "open_pledge"]  # fixtures used here

NEW_PASSWORD = "Khoi-thi-dua-2026"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Removing a member ------------------------------------------------------------------------


def test_removing_a_member_says_it_leaves_the_bloc(world, client_for):
    client = client_for("board")
    url = reverse("blocs:member_remove", args=[world.membership.pk])

    page = client.get(url).content.decode()
    done = client.post(url, follow=True)

    assert "Gỡ Thanh tra tỉnh khỏi khối" in page
    assert "Bản thân đơn vị và các năm khác của đơn vị vẫn được giữ nguyên." in page
    assert "Xóa Thanh tra tỉnh" not in page
    assert "Đã gỡ Thanh tra tỉnh khỏi khối trong năm 2020." in _messages(done)
    year_page = client.get(world.bloc_year.get_absolute_url()).content.decode()
    assert "Gỡ khỏi khối" in year_page


def test_removing_a_member_of_a_cluster_says_cluster(world, client_for):
    world.bloc.kind = BlocKind.CLUSTER
    world.bloc.save()
    client = client_for("board")

    page = client.get(reverse("blocs:member_remove", args=[world.membership.pk])).content
    year_page = client.get(world.bloc_year.get_absolute_url()).content.decode()

    assert "Gỡ Thanh tra tỉnh khỏi cụm" in page.decode()
    assert "Gỡ khỏi cụm" in year_page
    assert "khỏi khối" not in year_page


# --- Checkboxes beside their labels -----------------------------------------------------------


def _checkbox_in_its_label(html: str, name: str) -> bool:
    """<label for="id_x"><input type="checkbox" name="x" …> The label's text</label>"""
    pattern = rf'<label for="id_{name}"><input type="checkbox" name="{name}"[^>]*>\s*\w'
    return re.search(pattern, html) is not None


def test_confirmation_boxes_sit_inside_their_labels(world, client_for, open_pledge):
    paper = client_for("secretariat").get(reverse("pledges:paper_signature", args=[open_pledge.pk]))
    sign = client_for("secretariat").get(reverse("pledges:sign", args=[open_pledge.pk]))
    invite = client_for("board").get(reverse("accounts:user_invite"))

    assert _checkbox_in_its_label(paper.content.decode(), "confirm")
    assert _checkbox_in_its_label(sign.content.decode(), "agree")
    assert _checkbox_in_its_label(invite.content.decode(), "can_sign")


# --- The paper signature form says which pledge and which dates -------------------------------


def test_the_paper_signature_form_names_the_pledge_and_the_dates_allowed(
    world, client_for, open_pledge
):
    html = (
        client_for("secretariat")
        .get(reverse("pledges:paper_signature", args=[open_pledge.pk]))
        .content.decode()
    )

    opened = timezone.localtime(open_pledge.opened_at).strftime("%d/%m/%Y")
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"“{open_pledge.title}” (phiên bản 1)" in html
    assert f"từ ngày {opened}, ngày giao ước được mở để ký, đến hôm nay" in html
    assert f"từ {opened} (ngày mở ký) đến {today} (hôm nay)" in html


# --- A first password is set, not changed ------------------------------------------------------


def _choose_password(client, user) -> list[str]:
    link = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(
        form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    return _messages(done)


def test_an_invited_user_choosing_a_password_is_told_it_was_set(world, client):
    invited = services.invite_user(
        actor=world.users["board"],
        email="moi@example.vn",
        full_name="Nguyễn Văn Mới",
        role="agency",
        agency=world.member,
        base_url="http://testserver/",
    )

    said = _choose_password(client, invited)

    assert "Đã đặt mật khẩu." in said
    assert "Đã đổi mật khẩu." not in said


def test_a_forgotten_password_reset_is_still_a_change(world, client):
    user = AgencyOfficerFactory(agency=world.member, email="quen@example.vn")
    assert user.check_password(PASSWORD)

    said = _choose_password(client, user)

    assert "Đã đổi mật khẩu." in said
