"""The signed-in user comes with their province (accounts.backends): the layout of every page
names it without a query of its own."""

from django.contrib.auth import get_user
from django.test import RequestFactory

from tests.factories import BoardStaffFactory


def test_the_signed_in_user_comes_with_the_province(db, client, django_assert_num_queries):
    board = BoardStaffFactory()
    client.force_login(board)
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session.keys()  # the session read before

    with django_assert_num_queries(1):  # the user, joined with the province
        user = get_user(request)
        assert user.province.name == board.province.name


def test_a_password_sign_in_is_remembered_with_a_backend_that_loads_the_province(db, client):
    board = BoardStaffFactory()
    board.set_password("một mật khẩu dài 2025")
    board.save()

    assert client.login(email=board.email, password="một mật khẩu dài 2025")
    assert client.session["_auth_user_backend"].startswith("accounts.backends.")
