"""The secretariat's grid table is rendered once per state of its round and kept in the cache
(meetings/grid_cache.py): every reader gets the same table until a score, an assessment, an
agency's name or the minutes change, and then at once the new one; without the cache the page
still answers."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from meetings import grid_selectors
from meetings.models import Score
from meetings.services import scoring_cells
from tests.factories import FinalMinutesFactory

from .scoring_setup import criterion_ids, fill_self, open_round

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def scoring_round(world):
    return open_round(world)


@pytest.fixture
def renders(monkeypatch):
    """How many times the grid's table is built from the scores."""
    calls = []
    build = grid_selectors.grid

    def counted(*args, **kwargs):
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(grid_selectors, "grid", counted)
    return calls


def _grid(client, scoring_round) -> str:
    response = client.get(reverse("meetings:grid", args=[scoring_round.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _cell(page: str, assessment, criterion: int) -> str:
    start = page.index(f'<td id="cell-{assessment.pk}-{criterion}">')
    return page[start : page.index("</td>", start)]


def test_readers_share_one_rendering_of_the_table(world, client_for, scoring_round, renders):
    first = _grid(client_for("secretariat"), scoring_round)
    second = _grid(client_for("board"), scoring_round)

    assert len(renders) == 1
    table = first[first.index('<table class="striped score-grid"') : first.index("</table>")]
    assert table in second


def test_a_saved_cell_shows_on_the_next_load(world, client_for, scoring_round, renders):
    assessment = scoring_round.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(scoring_round)[0]
    client = client_for("secretariat")
    before = _cell(_grid(client, scoring_round), assessment, first)
    assert 'name="points" value=""' in before

    saved = client.post(
        reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
        {"assessment": assessment.pk, "criterion": first, "column": "checked", "points": "6",
         "version": 0},
        **HX,
    )  # fmt: skip
    assert saved.status_code == 200
    after = _cell(_grid(client, scoring_round), assessment, first)

    assert 'name="points" value="6"' in after
    assert 'name="version" value="1"' in after
    assert len(renders) == 2


def test_a_score_written_outside_the_services_shows_too(world, client_for, scoring_round):
    assessment = scoring_round.assessments.get(agency=world.member)
    first = criterion_ids(scoring_round)[0]
    client = client_for("secretariat")
    _grid(client, scoring_round)

    Score.objects.filter(assessment=assessment, criterion_id=first).update(self_points=D("3.5"))

    assert '<span class="muted">3,5</span>' in _cell(
        _grid(client, scoring_round), assessment, first
    )


def test_a_returned_assessment_and_final_minutes_lock_the_cells(world, client_for, scoring_round):
    assessment = scoring_round.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(scoring_round)[0]
    client = client_for("secretariat")
    assert 'name="points"' in _cell(_grid(client, scoring_round), assessment, first)

    scoring_cells.return_assessment(
        assessment, actor=world.users["secretariat"], reason="Thiếu số liệu"
    )
    assert 'name="points"' not in _cell(_grid(client, scoring_round), assessment, first)

    scoring_cells.submit(assessment, actor=world.users["member"])
    assert 'name="points"' in _cell(_grid(client, scoring_round), assessment, first)
    FinalMinutesFactory(meeting=scoring_round.meeting)
    page = _grid(client, scoring_round)
    assert 'name="points"' not in _cell(page, assessment, first)
    assert 'role="note"' in page


def test_a_renamed_agency_shows_its_new_name(world, client_for, scoring_round):
    client = client_for("secretariat")
    _grid(client, scoring_round)
    world.member.short_name = "Sở XD mới"
    world.member.save()

    assert "Sở XD mới" in _grid(client, scoring_round)


def test_without_the_cache_the_grid_is_rendered_each_time(
    world, client_for, scoring_round, renders, monkeypatch
):
    from core import cache as shared_cache

    class Down:
        def get(self, *args, **kwargs):
            raise RedisConnectionError("down")

        set = get

    monkeypatch.setattr(shared_cache, "cache", Down())
    client = client_for("secretariat")

    assert 'id="score-grid"' in _grid(client, scoring_round)
    assert 'id="score-grid"' in _grid(client, scoring_round)
    assert len(renders) == 2


def test_each_reader_gets_a_table_whose_cells_post_with_their_own_csrf_token(world, scoring_round):
    """The shared table carries no one's token; the page puts the reader's into every cell, so
    a cell saves as a plain form post too (without JavaScript)."""
    from django.test import Client

    assessment = scoring_round.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(scoring_round)[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["secretariat"])
    cell = _cell(_grid(client, scoring_round), assessment, first)
    token = cell.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token

    saved = client.post(
        reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
        {"csrfmiddlewaretoken": token, "assessment": assessment.pk, "criterion": first,
         "column": "checked", "points": "7", "version": 0},
    )  # fmt: skip

    assert saved.status_code == 302
    assert Score.objects.get(assessment=assessment, criterion_id=first).checked_points == 7
