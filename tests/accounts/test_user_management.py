"""Board staff edit the accounts of their province: roles with their agency or council member,
unique e-mail addresses, deactivation instead of deletion, concurrent edits detected."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Role
from core.versioning import StaleEdit
from tests.factories import AgencyFactory, OfficialFactory

User = get_user_model()


def _edit_data(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "role": user.role,
        "agency": user.agency_id or "",
        "official": user.official_id or "",
        "marker": services.edit_marker(user),
    }
    if user.can_sign:
        data["can_sign"] = "on"
    data.update(changes)
    return data


def test_board_staff_cannot_assign_an_agency_of_another_province(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("board").post(
            reverse("accounts:user_invite"),
            {
                "email": "ngoai.tinh@example.vn",
                "full_name": "Người Tỉnh Khác",
                "role": "agency",
                "agency": world.foreign_agency.pk,
            },
        )

    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert not User.objects.filter(email="ngoai.tinh@example.vn").exists()
    assert mailoutbox == []


def test_service_refuses_an_agency_or_official_of_another_province(world):
    foreign_official = OfficialFactory(province=world.foreign_province)
    with pytest.raises(ValidationError) as error:
        services.invite_user(
            actor=world.users["board"],
            email="a@example.vn",
            full_name="A",
            role=Role.AGENCY,
            agency=world.foreign_agency,
            base_url="https://thidua.example.vn/",
        )
    assert "agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.invite_user(
            actor=world.users["board"],
            email="b@example.vn",
            full_name="B",
            role=Role.OVERSEER,
            official=foreign_official,
            base_url="https://thidua.example.vn/",
        )
    assert "official" in error.value.message_dict
    assert not User.objects.filter(email__in=["a@example.vn", "b@example.vn"]).exists()


def test_duplicate_email_with_different_case_is_refused_next_to_the_field(world, client_for):
    response = client_for("board").post(
        reverse("accounts:user_invite"),
        {"email": "Member@EXAMPLE.vn", "full_name": "Người Trùng", "role": "board"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["Địa chỉ email này đã được dùng cho một tài khoản khác."]
    assert User.objects.filter(email__iexact="member@example.vn").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"role": "agency"}, "agency"),
        ({"role": "overseer"}, "official"),
        ({"role": "board", "can_sign": "on"}, "can_sign"),
        ({"role": ""}, "role"),
    ],
)
def test_role_needs_what_it_works_with(world, client_for, data, field):
    response = client_for("board").post(
        reverse("accounts:user_invite"),
        {"email": "vai.tro@example.vn", "full_name": "Người Mới", **data},
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(email="vai.tro@example.vn").exists()


def test_an_agency_is_kept_only_for_agency_officers(world):
    board = world.users["board"]
    user = services.invite_user(
        actor=board,
        email="giam.sat@example.vn",
        full_name="Thành Viên Hội Đồng",
        role=Role.OVERSEER,
        official=world.official,
        agency=world.member,
        base_url="https://thidua.example.vn/",
    )

    assert user.official == world.official
    assert user.agency is None


def test_board_staff_edit_a_user_of_their_province(world, client_for):
    member = world.users["member"]
    new_agency = AgencyFactory(province=world.province, name="Sở Tư pháp")

    response = client_for("board").post(
        reverse("accounts:user_edit", args=[member.pk]),
        _edit_data(member, full_name="Võ Thị Sửa", agency=new_agency.pk, can_sign="on"),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Võ Thị Sửa"
    assert member.agency == new_agency
    assert member.can_sign is True


def test_changing_a_role_drops_the_agency_and_the_right_to_sign(world):
    secretariat = world.users["secretariat"]

    services.update_user(
        secretariat,
        actor=world.users["board"],
        email=secretariat.email,
        full_name=secretariat.full_name,
        role=Role.BOARD,
        agency=secretariat.agency,
    )

    secretariat.refresh_from_db()
    assert secretariat.role == Role.BOARD
    assert secretariat.agency is None
    assert secretariat.can_sign is False


def test_editing_with_a_duplicate_email_is_refused(world, client_for):
    member = world.users["member"]

    response = client_for("board").post(
        reverse("accounts:user_edit", args=[member.pk]),
        _edit_data(member, email="HEAD@example.vn"),
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    member.refresh_from_db()
    assert member.email == "member@example.vn"


def test_a_stale_edit_is_refused_and_changes_nothing(world, client_for):
    member = world.users["member"]
    stale = _edit_data(member, full_name="Bản Sửa Cũ")
    services.update_user(
        member,
        actor=world.users["board"],
        email=member.email,
        full_name="Bản Sửa Mới",
        role=Role.AGENCY,
        agency=member.agency,
    )

    response = client_for("board").post(reverse("accounts:user_edit", args=[member.pk]), stale)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    member.refresh_from_db()
    assert member.full_name == "Bản Sửa Mới"
    with pytest.raises(StaleEdit):
        services.update_user(
            member,
            actor=world.users["board"],
            email=member.email,
            full_name="Lần Nữa",
            role=Role.AGENCY,
            agency=member.agency,
            expected_marker=stale["marker"],
        )


def test_board_staff_cannot_change_their_own_role(world, client_for):
    board = world.users["board"]

    response = client_for("board").post(
        reverse("accounts:user_edit", args=[board.pk]),
        _edit_data(board, role="agency", agency=world.member.pk, full_name="Tên Mới"),
    )

    # The role field is locked on one's own account: the rest is saved, the role is not.
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.role == Role.BOARD
    assert board.full_name == "Tên Mới"
    with pytest.raises(ValidationError):
        services.update_user(
            board,
            actor=board,
            email=board.email,
            full_name=board.full_name,
            role=Role.AGENCY,
            agency=world.member,
        )


def test_changing_the_email_stops_the_old_address_from_signing_in(world, client, login):
    member = world.users["member"]
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)

    services.update_user(
        member,
        actor=world.users["board"],
        email="Moi@Example.vn",
        full_name=member.full_name,
        role=Role.AGENCY,
        agency=member.agency,
    )

    assert login("member@example.vn").status_code == 200  # the form again, with an error
    assert login("moi@example.vn").status_code == 302
    assert not EmailAddress.objects.filter(email="member@example.vn").exists()


def test_deactivate_asks_for_confirmation_then_keeps_the_account(world, client_for):
    member = world.users["member"]
    client = client_for("board")
    url = reverse("accounts:user_deactivate", args=[member.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Vô hiệu hóa" in page.content.decode()
    member.refresh_from_db()
    assert member.is_active

    response = client.post(url)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert User.objects.filter(pk=member.pk).exists()


def test_deactivated_users_cannot_sign_in(world, client, login):
    member = world.users["member"]
    services.deactivate_user(member, actor=world.users["board"])

    response = login("member@example.vn")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert client.get(reverse("blocs:dashboard")).status_code == 302  # still anonymous
    assert "Tài khoản này đã bị vô hiệu hóa" in client.get(response["Location"]).content.decode()


def test_a_deactivated_user_is_signed_out_of_open_sessions(world, client_for):
    client = client_for("member")
    assert client.get(reverse("blocs:dashboard")).status_code == 200

    services.deactivate_user(world.users["member"], actor=world.users["board"])

    assert client.get(reverse("blocs:dashboard")).status_code == 302


def test_reactivated_users_can_sign_in_again(world, client_for, login):
    member = world.users["member"]
    services.deactivate_user(member, actor=world.users["board"])

    response = client_for("board").post(reverse("accounts:user_reactivate", args=[member.pk]))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active
    client_for("anonymous")
    assert login("member@example.vn").status_code == 302


def test_nobody_deactivates_themself(world, client_for):
    board = world.users["board"]

    response = client_for("board").post(reverse("accounts:user_deactivate", args=[board.pk]))

    assert response.status_code == 302
    board.refresh_from_db()
    assert board.is_active
    with pytest.raises(ValidationError):
        services.deactivate_user(board, actor=board)


def test_services_refuse_a_board_of_another_province(world):
    member = world.users["member"]
    foreign = world.users["foreign_board"]
    with pytest.raises(PermissionDenied):
        services.deactivate_user(member, actor=foreign)
    with pytest.raises(PermissionDenied):
        services.update_user(
            member,
            actor=foreign,
            email=member.email,
            full_name="X",
            role=Role.AGENCY,
            agency=member.agency,
        )
    member.refresh_from_db()
    assert member.is_active
    assert member.full_name != "X"


def test_board_staff_never_manage_an_operator(world, client_for):
    operator = world.users["superuser"]
    operator.province = world.province
    operator.save()

    response = client_for("board").get(reverse("accounts:user_edit", args=[operator.pk]))

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.deactivate_user(operator, actor=world.users["board"])
