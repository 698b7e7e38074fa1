"""An assessment page's criterion rows, written in Python (meetings/templatetags/
assessment_rows.py): the htmx answer after a save is the very row the page shows, and everything
a user typed or uploaded is escaped."""

import re

import pytest
from django.urls import reverse

from meetings.models import Evidence, Score

from .scoring_setup import criterion_ids, fill_self, open_round

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def scoring_round(world):
    return open_round(world)


def _row(html: str, criterion: int) -> str:
    """The criterion's <tr>, with the CSRF token (masked anew for every form) left out."""
    found = re.search(rf'<tr id="criterion-{criterion}">.*?</tr>', html, re.S)
    assert found is not None
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", found.group(0))


def test_the_row_answered_after_a_save_is_the_row_of_the_page(world, client_for, scoring_round):
    assessment = scoring_round.assessments.get(agency=world.member)
    first = criterion_ids(scoring_round)[0]
    client = client_for("member")

    answer = client.post(
        reverse("meetings:assessment_cell", args=[assessment.pk]),
        {"criterion": first, "column": "self", "points": "7,5", "note": "BC 12", "version": 0},
        **HX,
    ).content.decode()
    page = client.get(assessment.get_absolute_url()).content.decode()

    assert _row(answer, first) == _row(page, first)
    assert f'id="self-{first}" value="7,5"' in _row(page, first)
    assert '<input type="hidden" name="version" value="1">' in _row(page, first)


def test_a_refused_save_marks_its_own_input(world, client_for, scoring_round):
    assessment = scoring_round.assessments.get(agency=world.member)
    first = criterion_ids(scoring_round)[0]

    answer = (
        client_for("member")
        .post(
            reverse("meetings:assessment_cell", args=[assessment.pk]),
            {"criterion": first, "column": "self", "points": "abc", "version": 0},
            **HX,
        )
        .content.decode()
    )

    row = _row(answer, first)
    assert f'aria-invalid="true" aria-describedby="self-error-{first}"' in row
    assert f'<p class="error" role="alert" id="self-error-{first}">' in row
    assert Score.objects.get(assessment=assessment, criterion_id=first).self_points is None


def test_notes_and_file_names_are_escaped(world, client_for, scoring_round):
    assessment = scoring_round.assessments.get(agency=world.member)
    first = criterion_ids(scoring_round)[0]
    Score.objects.filter(assessment=assessment, criterion_id=first).update(
        self_note='<script>alert("x")</script>'
    )
    Evidence.objects.create(
        assessment=assessment,
        criterion_id=first,
        file="evidence/none.pdf",
        name='a&b "<c>".pdf',
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        uploaded_by=world.users["member"],
    )

    row = _row(client_for("member").get(assessment.get_absolute_url()).content.decode(), first)

    assert "<script>" not in row
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in row
    assert ">a&amp;b &quot;&lt;c&gt;&quot;.pdf</a>" in row
    assert 'hx-confirm="Gỡ a&amp;b &quot;&lt;c&gt;&quot;.pdf?"' in row


def test_a_submitted_assessment_shows_the_agency_its_points_as_text(
    world, client_for, scoring_round
):
    assessment = scoring_round.assessments.get(agency=world.member)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(scoring_round)[0]

    row = _row(client_for("member").get(assessment.get_absolute_url()).content.decode(), first)

    assert "<form" not in row
    assert '<span data-points="self">' in row
    assert '<span data-points="checked">—</span>' in row
