"""The awards section of the bloc-year page (awards.selectors.bloc_year_awards_section): the
tổng kết's ballots and nominations, read only when some hang on the bloc-year's meetings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.selectors import bloc_year_awards_section

from .conftest import submitted_nomination

pytestmark = pytest.mark.django_db


def _section(user, bloc_year):
    with CaptureQueriesContext(connection) as queries:
        (action,) = bloc_year_awards_section(user, bloc_year)
    return action.context, len(queries.captured_queries)


def test_nominations_are_read_only_when_the_bloc_year_has_some(world):
    user = world.users["board"]
    empty, without = _section(user, world.bloc_year)
    assert empty["nominations"] == []
    assert empty["ballots"] == []

    nomination = submitted_nomination(world.bloc_year, world.member)
    found, with_one = _section(user, world.bloc_year)

    assert found["nominations"] == [nomination]
    assert found["yearend"] == nomination.meeting
    assert found["ballots"] == []
    assert with_one == without + 1  # the nominations; still no ballots query


def test_the_bloc_year_page_lists_its_nominations(world, client_for):
    submitted_nomination(world.bloc_year, world.member)

    page = client_for("board").get(
        reverse("blocs:bloc_year_detail", args=[world.bloc.pk, world.bloc_year.year])
    )

    assert page.status_code == 200
    assert 'id="nomination-list"' in page.content.decode()
