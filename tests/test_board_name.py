"""The province's board is called by the name the province gives it (in many provinces since
2025 "Phòng Thi đua, Khen thưởng – Sở Nội vụ", before that "Ban Thi đua - Khen thưởng") wherever
a page or an e-mail refers to that province's board."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import services
from blocs.models import Membership
from tests.factories import AgencyOfficerFactory

OFFICE = "Phòng Thi đua, Khen thưởng – Sở Nội vụ"


@pytest.fixture
def renamed(world):
    world.province.emulation_office = OFFICE
    world.province.save()
    return world


def test_board_staff_are_listed_under_their_boards_name(renamed, client_for):
    page = client_for("board").get(reverse("accounts:user_list")).content.decode()

    assert f"Cán bộ {OFFICE}" in page
    assert "Ban Thi đua" not in page


def test_an_agency_outside_every_bloc_is_told_to_ask_the_board_by_its_name(renamed, client_for):
    Membership.objects.filter(agency=renamed.member).delete()

    page = client_for("member").get(reverse("blocs:dashboard"), {"nam": 2020}).content.decode()

    assert f"hãy liên hệ {OFFICE}" in page


def test_the_template_list_names_the_board(renamed, client_for):
    page = client_for("member").get(reverse("pledges:template_list")).content.decode()

    assert f"do {OFFICE} chuẩn bị" in page


def test_an_invitation_says_which_board_to_ask_for_a_new_link(renamed, mailoutbox):
    user = AgencyOfficerFactory(agency=renamed.member, password=None)
    user.set_unusable_password()
    user.save()

    assert services.send_invitation_email(user, "https://thidua.example")

    assert f"vui lòng đề nghị {OFFICE} gửi lại lời mời" in " ".join(mailoutbox[0].body.split())


def test_other_roles_keep_their_own_label(renamed):
    with translation.override("vi"):
        assert renamed.users["member"].role_label == "Cán bộ đơn vị"
        assert renamed.users["board"].role_label == f"Cán bộ {OFFICE}"
