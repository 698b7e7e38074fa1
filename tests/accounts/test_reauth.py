"""Typing one's password again (to sign, later to vote): five tries, then a 15-minute pause that
counts from the lock-out. The clock is the cache's own (time.time), moved by the tests."""

import time

import pytest
from django.core.exceptions import ValidationError

from accounts import reauth
from tests.factories import PASSWORD, UserFactory

MINUTE = 60


@pytest.fixture
def clock(monkeypatch):
    """time.time() under the tests' control: reauth and the local-memory cache both read it."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def advance(seconds: float) -> None:
        now[0] += seconds

    return advance


@pytest.fixture
def user(db):
    return UserFactory()


def code_of(password: str, user) -> str | None:
    try:
        reauth.check_password(user, password)
    except ValidationError as error:
        (problem,) = error.error_dict["password"]
        return problem.code
    return None


def test_the_right_password_passes(user):
    assert code_of(PASSWORD, user) is None


def test_five_wrong_passwords_then_even_the_right_one_waits(user):
    assert [code_of("sai", user) for _try in range(5)] == ["password"] * 5

    assert code_of(PASSWORD, user) == "too_many_tries"


def test_during_the_pause_no_password_is_checked(user, monkeypatch):
    checked = []
    monkeypatch.setattr(user, "check_password", lambda raw: checked.append(raw) or False)

    codes = [code_of(f"doan-{n}", user) for n in range(20)]

    assert checked == [f"doan-{n}" for n in range(5)]
    assert codes == ["password"] * 5 + ["too_many_tries"] * 15


def test_a_right_password_starts_the_count_again(user):
    for _try in range(4):
        code_of("sai", user)
    assert code_of(PASSWORD, user) is None

    assert [code_of("sai", user) for _try in range(5)] == ["password"] * 5


def test_the_count_is_per_user(user):
    for _try in range(5):
        code_of("sai", user)

    assert code_of(PASSWORD, UserFactory()) is None


def test_the_pause_counts_from_the_lock_out_not_from_the_first_wrong_try(user, clock):
    code_of("sai", user)
    clock(10 * MINUTE)
    for _try in range(4):
        code_of("sai", user)  # the fifth wrong try, 10 minutes after the first: locked out
    clock(14 * MINUTE)  # 24 minutes after the first try, 14 after the lock-out

    with pytest.raises(ValidationError) as error:
        reauth.check_password(user, PASSWORD)
    assert error.value.error_dict["password"][0].code == "too_many_tries"
    assert "chờ 1 phút" in error.value.error_dict["password"][0].message

    clock(MINUTE)  # 15 minutes after the lock-out
    assert code_of(PASSWORD, user) is None


def test_the_message_says_how_long_is_left(user, clock):
    for _try in range(5):
        code_of("sai", user)
    clock(2 * MINUTE + 30)

    with pytest.raises(ValidationError) as error:
        reauth.check_password(user, PASSWORD)

    assert "chờ 13 phút" in error.value.error_dict["password"][0].message


def test_wrong_tries_further_apart_than_the_pause_never_lock(user, clock):
    for _try in range(4):
        code_of("sai", user)
    clock(15 * MINUTE)  # the count of the first four expires

    assert [code_of("sai", user) for _try in range(4)] == ["password"] * 4
    assert code_of(PASSWORD, user) is None
