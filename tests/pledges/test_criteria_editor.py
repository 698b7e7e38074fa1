"""The htmx criteria editor as the secretariat and the board use it, the same actions without
JavaScript, and a locked set. Page text is checked through element ids, data attributes, URLs
and numbers; messages are compared with their translation at test time."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pledges.models import (
    CriteriaSet,
    Criterion,
    Section,
)

from .pages import (
    HTMX,
    add_criterion_data,
    contents,
    edit_criterion_data,
    messages_of,
    sections_of,
    text_of,
    total,
)

pytestmark = pytest.mark.django_db


# --- The criteria editor, with htmx ------------------------------------------------------------


def test_adding_a_criterion_returns_the_section_and_the_new_totals(world, criteria_set, client_for):
    standard, _adjustment = sections_of(criteria_set)
    client = client_for("secretariat")

    response = client.post(
        reverse("pledges:criterion_add", args=[standard.pk]),
        add_criterion_data(standard, "2,5"),
        **HTMX,
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<section id="section-{standard.pk}"')
    assert "Chuyển đổi số" in content
    # The totals ride along, swapped out of band, in the Vietnamese number format.
    assert re.search(r'<div id="totals" class="totals" hx-swap-oob="true"', content)
    assert total(content) == "12,5"
    assert total(content, "bonus") == "2"
    assert total(content, "deduction") == "3"
    added = standard.criteria.get(text="Chuyển đổi số")
    assert added.max_points == Decimal("2.5")
    assert added.position == 2


@pytest.mark.parametrize("bad", ["-1", "abc", "0", "2,555"])
def test_bad_maximum_returns_the_form_with_an_error_and_saves_nothing(
    bad, world, criteria_set, client_for
):
    standard, _adjustment = sections_of(criteria_set)
    before = contents(criteria_set)

    response = client_for("secretariat").post(
        reverse("pledges:criterion_add", args=[standard.pk]),
        add_criterion_data(standard, bad),
        **HTMX,
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="errorlist' in content
    assert f'name="add-{standard.pk}-max_points" value="{bad}"' in content  # kept as typed
    assert '<details class="add-criterion" open>' in content  # the form stays open
    assert total(content) == "10"
    assert contents(criteria_set) == before


def test_adding_a_bonus_to_a_scored_section_is_refused(world, criteria_set, client_for):
    standard, _adjustment = sections_of(criteria_set)
    data = add_criterion_data(standard)
    data[f"add-{standard.pk}-kind"] = "bonus"
    before = contents(criteria_set)

    response = client_for("secretariat").post(
        reverse("pledges:criterion_add", args=[standard.pk]), data, **HTMX
    )

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert contents(criteria_set) == before


def test_editing_a_criterion_changes_it_and_the_totals(world, criteria_set, client_for):
    standard, _adjustment = sections_of(criteria_set)
    criterion = standard.criteria.get(text="Cải cách hành chính")
    client = client_for("secretariat")
    url = reverse("pledges:criterion_edit", args=[criterion.pk])

    form = client.get(url, **HTMX)
    assert f'<tr id="criterion-{criterion.pk}" class="editing">' in form.content.decode()
    assert f'name="criterion-{criterion.pk}-expected_version"' in form.content.decode()

    response = client.post(
        url,
        edit_criterion_data(criterion, text="Cải cách hành chính, chuyển đổi số", max_points="8"),
        **HTMX,
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Cải cách hành chính, chuyển đổi số" in content
    assert 'class="editing"' not in content
    assert total(content) == "14"
    criterion.refresh_from_db()
    assert criterion.text == "Cải cách hành chính, chuyển đổi số"
    assert criterion.max_points == Decimal(8)
    assert criterion.version == 2


def test_stale_criterion_edit_is_refused_with_a_message(world, criteria_set, client_for):
    standard, _adjustment = sections_of(criteria_set)
    criterion = standard.criteria.get(text="Cải cách hành chính")
    client = client_for("secretariat")
    url = reverse("pledges:criterion_edit", args=[criterion.pk])
    read_at = criterion.version
    # Someone else saves first.
    client.post(url, edit_criterion_data(criterion, max_points="5"), **HTMX)

    response = client.post(
        url, edit_criterion_data(criterion, max_points="9", expected_version=read_at), **HTMX
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        text_of(
            "Someone else changed this record while you were editing it. Reload the page to see "
            "their changes, then make yours again."
        )
        in content
    )
    assert 'class="editing"' in content  # the form stays open with what was typed
    criterion.refresh_from_db()
    assert criterion.max_points == Decimal(5)
    assert total(content) == "11"


def test_moving_a_criterion_up_reorders_the_section(world, criteria_set, client_for):
    standard, _adjustment = sections_of(criteria_set)
    second = standard.criteria.get(text="Cải cách hành chính")

    response = client_for("secretariat").post(
        reverse("pledges:criterion_move", args=[second.pk]), {"direction": "up"}, **HTMX
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Cải cách hành chính") < content.index("Hoàn thành kế hoạch năm")
    assert list(standard.criteria.order_by("position").values_list("text", flat=True)) == [
        "Cải cách hành chính",
        "Hoàn thành kế hoạch năm",
    ]


def test_moving_a_section_down_returns_every_section_in_the_new_order(
    world, criteria_set, client_for
):
    standard, adjustment = sections_of(criteria_set)

    response = client_for("secretariat").post(
        reverse("pledges:section_move", args=[standard.pk]), {"direction": "down"}, **HTMX
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="sections">')
    assert content.index(f'id="section-{adjustment.pk}"') < content.index(
        f'id="section-{standard.pk}"'
    )
    assert total(content) == "10"
    assert list(criteria_set.sections.values_list("pk", flat=True)) == [
        adjustment.pk,
        standard.pk,
    ]


def test_deleting_a_criterion_removes_it_from_the_section_and_the_totals(
    world, criteria_set, client_for
):
    standard, _adjustment = sections_of(criteria_set)
    criterion = standard.criteria.get(text="Hoàn thành kế hoạch năm")

    response = client_for("secretariat").post(
        reverse("pledges:criterion_delete", args=[criterion.pk]), **HTMX
    )

    content = response.content.decode()
    assert content.lstrip().startswith(f'<section id="section-{standard.pk}"')
    assert f'id="criterion-{criterion.pk}"' not in content
    assert total(content) == "4"
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_adding_editing_and_deleting_a_section(world, criteria_set, client_for):
    client = client_for("secretariat")

    added = client.post(
        reverse("pledges:section_add", args=[criteria_set.pk]),
        {"title": "Công tác thi đua, khen thưởng", "kind": "standard"},
        **HTMX,
    )
    section = criteria_set.sections.get(title="Công tác thi đua, khen thưởng")
    assert added.content.decode().lstrip().startswith('<div id="sections">')
    assert f'id="section-{section.pk}"' in added.content.decode()
    assert section.position == 2

    prefix = f"section-{section.pk}"
    edited = client.post(
        reverse("pledges:section_edit", args=[section.pk]),
        {
            f"{prefix}-title": "Công tác thi đua",
            f"{prefix}-kind": "standard",
            f"{prefix}-expected_version": section.version,
        },
        **HTMX,
    )
    assert f'id="section-title-{section.pk}">III. Công tác thi đua<' in edited.content.decode()
    section.refresh_from_db()
    assert section.title == "Công tác thi đua"

    deleted = client.post(reverse("pledges:section_delete", args=[section.pk]), **HTMX)
    assert f'id="section-{section.pk}"' not in deleted.content.decode()
    assert not Section.objects.filter(pk=section.pk).exists()


def test_editor_offers_its_controls_to_the_secretariat_only(world, criteria_set, client_for):
    url = criteria_set.get_absolute_url()
    add_url = reverse("pledges:section_add", args=[criteria_set.pk])

    editor = client_for("secretariat").get(url).content.decode()
    reader = client_for("member").get(url).content.decode()

    assert add_url in editor
    assert "hx-post" in editor
    assert add_url not in reader
    assert "hx-post" not in reader
    assert 'data-total="standard">10<' in reader


# --- The criteria editor without JavaScript ----------------------------------------------------


def _actions(criteria_set: CriteriaSet) -> list[tuple[str, dict]]:
    """Every editing action of the set: (url, POST data)."""
    standard, adjustment = sections_of(criteria_set)
    criterion = standard.criteria.get(text="Cải cách hành chính")
    prefix = f"section-{adjustment.pk}"
    return [
        (
            reverse("pledges:section_add", args=[criteria_set.pk]),
            {"title": "Mới", "kind": "standard"},
        ),
        (
            reverse("pledges:section_edit", args=[adjustment.pk]),
            {
                f"{prefix}-title": "Điểm cộng",
                f"{prefix}-kind": "adjustment",
                f"{prefix}-expected_version": adjustment.version,
            },
        ),
        (reverse("pledges:section_move", args=[adjustment.pk]), {"direction": "up"}),
        (reverse("pledges:section_delete", args=[adjustment.pk]), {}),
        (reverse("pledges:criterion_add", args=[standard.pk]), add_criterion_data(standard)),
        (
            reverse("pledges:criterion_edit", args=[criterion.pk]),
            edit_criterion_data(criterion, max_points="7"),
        ),
        (reverse("pledges:criterion_move", args=[criterion.pk]), {"direction": "up"}),
        (reverse("pledges:criterion_delete", args=[criterion.pk]), {}),
    ]


ACTIONS = [
    "section_add",
    "section_edit",
    "section_move",
    "section_delete",
    "criterion_add",
    "criterion_edit",
    "criterion_move",
    "criterion_delete",
]


@pytest.mark.parametrize("index", range(len(ACTIONS)), ids=ACTIONS)
def test_without_htmx_every_action_saves_and_redirects_to_the_set(
    index, world, criteria_set, client_for
):
    url, data = _actions(criteria_set)[index]
    before = contents(criteria_set)

    response = client_for("secretariat").post(url, data)

    assert response.status_code == 302
    assert response["Location"].split("#")[0] == criteria_set.get_absolute_url()
    assert contents(criteria_set) != before


def test_without_htmx_a_bad_maximum_shows_the_form_page_with_its_error(
    world, criteria_set, client_for
):
    standard, _adjustment = sections_of(criteria_set)
    before = contents(criteria_set)

    response = client_for("secretariat").post(
        reverse("pledges:criterion_add", args=[standard.pk]), add_criterion_data(standard, "abc")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["max_points"]
    assert contents(criteria_set) == before


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_section_without_a_title_is_refused_with_the_forms_error(
    htmx, world, criteria_set, client_for
):
    before = contents(criteria_set)

    response = client_for("secretariat").post(
        reverse("pledges:section_add", args=[criteria_set.pk]),
        {"title": "  ", "kind": "standard"},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert contents(criteria_set) == before


def test_locked_set_shows_no_editing_controls(world, open_pledge, client_for):
    criteria_set = open_pledge.criteria_set

    response = client_for("secretariat").get(criteria_set.get_absolute_url())

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    content = response.content.decode()
    assert "hx-post" not in content
    assert reverse("pledges:section_add", args=[criteria_set.pk]) not in content
    assert reverse("pledges:criteria_import", args=[criteria_set.pk]) not in content
    assert 'class="notice" role="note"' in content
    assert 'data-total="standard">10<' in content


LOCKED = (
    "This criteria set belongs to a pledge that is open for signing or in force, so it cannot "
    "change. To change it, withdraw the signing round first."
)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("index", range(len(ACTIONS)), ids=ACTIONS)
def test_locked_set_refuses_every_change_with_a_message(
    index, htmx, world, open_pledge, client_for
):
    criteria_set = open_pledge.criteria_set
    url, data = _actions(criteria_set)[index]
    before = contents(criteria_set)
    client = client_for("secretariat")

    response = client.post(url, data, **(HTMX if htmx else {}))

    assert contents(criteria_set) == before
    if htmx and "HX-Redirect" in response.headers:
        # Not a redirect, which htmx would follow and swap the whole page into the fragment.
        assert response.headers["HX-Redirect"] == criteria_set.get_absolute_url()
        shown = " ".join(html.escape(m) for m in messages_of(response))
    elif response.status_code == 302:
        assert not htmx
        assert response["Location"].split("#")[0] == criteria_set.get_absolute_url()
        shown = " ".join(html.escape(m) for m in messages_of(response))
    else:
        assert response.status_code == 200
        shown = response.content.decode()
    assert text_of(LOCKED) in shown


@pytest.mark.parametrize(
    "url_name", ["criterion_edit", "criterion_delete", "section_edit", "section_delete"]
)
def test_locked_set_offers_no_edit_form_either(url_name, world, open_pledge, client_for):
    criteria_set = open_pledge.criteria_set
    section = criteria_set.sections.first()
    pk = section.criteria.first().pk if url_name.startswith("criterion") else section.pk

    response = client_for("secretariat").get(reverse(f"pledges:{url_name}", args=[pk]))

    assert response.status_code == 302
    assert response["Location"] == criteria_set.get_absolute_url()
    assert text_of(LOCKED) in " ".join(html.escape(m) for m in messages_of(response))
