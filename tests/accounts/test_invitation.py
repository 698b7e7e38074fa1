"""Board staff invite people: an account without a password, and an e-mail with a link to
choose one (allauth's password-reset-from-key page), valid INVITATION_VALID_DAYS."""

import datetime
import re
from unittest import mock

import pytest
from allauth.account.forms import default_token_generator
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Role
from accounts.tasks import send_invitation

User = get_user_model()
NEW_PASSWORD = "Khoi-thi-dua-2026"
LINK = re.compile(r"https?://\S+/tai-khoan/password/reset/key/\S+/")


def _invite(client_for, django_capture_on_commit_callbacks, **data):
    client = client_for("board")
    form = {"email": "nguyen.van.moi@example.vn", "full_name": "Nguyễn Văn Mới", "role": "agency"}
    form.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_invite"), form)
    return response


def _link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def test_invitation_creates_the_user_and_sends_one_email_with_a_working_link(
    world, client, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    response = _invite(
        client_for,
        django_capture_on_commit_callbacks,
        email="Nguyen.Van.Moi@Example.VN",
        job_title="Chuyên viên",
        agency=world.member.pk,
        can_sign="on",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list")
    user = User.objects.get(email="nguyen.van.moi@example.vn")
    assert user.province == world.province
    assert user.agency == world.member
    assert user.role == Role.AGENCY
    assert user.can_sign is True
    assert user.invited_by == world.users["board"]
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nguyen.van.moi@example.vn"]
    assert "Trà Vinh" in message.subject
    assert "Kính gửi Nguyễn Văn Mới" in message.body
    assert "7 ngày" in message.body

    # Follow the link: allauth moves the key into the session, then asks for the password.
    client.logout()
    page = client.get(_link(message), follow=True)
    assert page.status_code == 200
    assert "Đặt mật khẩu" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    signed_in = client.post(
        reverse("account_login"), {"login": "Nguyen.Van.Moi@example.vn", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("blocs:dashboard")).wsgi_request.user == user


def test_an_invitation_link_works_only_once(
    world, client, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    _invite(client_for, django_capture_on_commit_callbacks, agency=world.member.pk)
    link = _link(mailoutbox[0])
    client.logout()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert "Liên kết không hợp lệ" in again.content.decode()
    assert "password1" not in again.content.decode()


def test_an_invitation_link_expires_after_the_invitation_period(
    world, client, client_for, django_capture_on_commit_callbacks, mailoutbox, settings
):
    _invite(client_for, django_capture_on_commit_callbacks, agency=world.member.pk)
    link = _link(mailoutbox[0])
    client.logout()
    later = datetime.datetime.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS + 1)

    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        page = client.get(link, follow=True)

    assert "Liên kết không hợp lệ" in page.content.decode()


def test_resending_an_invitation_sends_a_new_link_and_voids_the_old_one(
    world, client, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    _invite(client_for, django_capture_on_commit_callbacks, agency=world.member.pk)
    user = User.objects.get(email="nguyen.van.moi@example.vn")
    old_link = _link(mailoutbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_resend_invitation", args=[user.pk]))

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    new_link = _link(mailoutbox[1])
    assert new_link != old_link
    client.logout()
    assert "Liên kết không hợp lệ" in client.get(old_link, follow=True).content.decode()
    assert "password1" in client.get(new_link, follow=True).content.decode()


def test_no_new_invitation_for_a_user_who_has_a_password(world, client_for, mailoutbox):
    member = world.users["member"]

    response = client_for("board").post(
        reverse("accounts:user_resend_invitation", args=[member.pk]), follow=True
    )

    assert "đã đặt mật khẩu" in response.content.decode()
    assert mailoutbox == []


def test_the_task_sends_nothing_to_a_user_who_chose_a_password_meanwhile(world, mailoutbox):
    member = world.users["member"]  # has a password

    assert send_invitation(member.pk, "https://thidua.example.vn/") is False
    assert send_invitation(999_999, "https://thidua.example.vn/") is False
    assert mailoutbox == []


def test_the_invitation_is_sent_only_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_user(
            actor=world.users["board"],
            email="later@example.vn",
            full_name="Phan Thị Sau",
            role=Role.BOARD,
            base_url="https://thidua.example.vn/",
        )
    assert mailoutbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert len(mailoutbox) == 1
    assert "https://thidua.example.vn/tai-khoan/password/reset/key/" in mailoutbox[0].body


def test_only_board_staff_with_a_province_invite(world):
    for role in ("member", "overseer", "superuser"):
        with pytest.raises(PermissionDenied):
            services.invite_user(
                actor=world.users[role],
                email=f"{role}-invite@example.vn",
                full_name="Người Được Mời",
                role=Role.BOARD,
                base_url="https://thidua.example.vn/",
            )
    assert not User.objects.filter(email__endswith="-invite@example.vn").exists()


def test_service_refuses_a_duplicate_email_whatever_its_case(world):
    with pytest.raises(ValidationError) as error:
        services.invite_user(
            actor=world.users["board"],
            email="  MEMBER@Example.vn ",
            full_name="Người Trùng Email",
            role=Role.BOARD,
            base_url="https://thidua.example.vn/",
        )
    assert "email" in error.value.message_dict
    assert User.objects.filter(email__iexact="member@example.vn").count() == 1
