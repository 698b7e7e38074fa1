"""The pledge pages as the secretariat, the board and member agencies use them: the htmx criteria
editor (and the same actions without JavaScript), the pledge page, opening, signing, the status
board, paper signatures, withdrawal, the history and the dashboards.

Page text is checked through things that do not depend on the translation catalogue (element
ids, data attributes, URLs, numbers); messages are compared with their translation at test time.
"""

import html
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from blocs.stages import StageState
from pledges.models import (
    Change,
    CriteriaSet,
    Criterion,
    Pledge,
    PledgeStatus,
    Section,
    SectionKind,
    Signature,
    SignatureMethod,
)
from pledges.services import signing
from tests.factories import PASSWORD

from .signatures import sign_on_paper, sign_online

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Helpers -----------------------------------------------------------------------------------


def text_of(msgid: str, **values: object) -> str:
    """A message as the page shows it: translated as the request is (vi), HTML-escaped."""
    with translation.override("vi"):
        message = translation.gettext(msgid)
    return html.escape(message % values if values else message)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def total(content: str, kind: str = "standard") -> str:
    match = re.search(rf'data-total="{kind}">([^<]*)<', content)
    assert match, f"no {kind} total in the response"
    return match.group(1)


def sections_of(criteria_set: CriteriaSet) -> tuple[Section, Section]:
    standard = criteria_set.sections.get(kind=SectionKind.STANDARD)
    adjustment = criteria_set.sections.get(kind=SectionKind.ADJUSTMENT)
    return standard, adjustment


def contents(criteria_set: CriteriaSet) -> list[tuple]:
    """Everything a change could touch, to compare before and after a refused one."""
    return list(
        Criterion.objects.filter(section__criteria_set=criteria_set)
        .order_by("section__position", "position")
        .values_list("section__title", "section__position", "text", "position", "max_points")
    ) + list(criteria_set.sections.values_list("title", "kind", "position", "version"))


def add_criterion_data(section: Section, max_points: str = "2,5", text: str = "Chuyển đổi số"):
    prefix = f"add-{section.pk}"
    return {
        f"{prefix}-text": text,
        f"{prefix}-max_points": max_points,
        f"{prefix}-kind": "standard" if section.kind == SectionKind.STANDARD else "bonus",
        f"{prefix}-guidance": "Kế hoạch và báo cáo",
    }


def edit_criterion_data(criterion: Criterion, **values: object):
    prefix = f"criterion-{criterion.pk}"
    data = {
        "text": criterion.text,
        "max_points": str(criterion.max_points).replace(".", ","),
        "kind": criterion.kind,
        "guidance": criterion.guidance,
        "expected_version": criterion.version,
        **values,
    }
    return {f"{prefix}-{name}": value for name, value in data.items()}


def minimal_pdf(text: str = "Bien ban ky giao uoc") -> bytes:
    """A small but well-formed one-page PDF (header, objects, cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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


# --- The pledge page and opening ---------------------------------------------------------------


def test_draft_pledge_page_shows_its_text_and_criteria(world, draft_pledge, client_for):
    response = client_for("member").get(draft_pledge.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="pledge-status"' in content
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in content
    assert "<li>Thực hiện tốt nhiệm vụ chính trị</li>" in content
    for text in ("Hoàn thành kế hoạch năm", "Cải cách hành chính", "Nộp báo cáo trễ"):
        assert text in content
    assert '<th class="num" id="standard-total">10</th>' in content
    assert response.context["board"] is None  # nobody signs a draft
    assert response.context["can_sign"] is False


def test_bloc_year_pledge_page_leads_to_the_current_pledge(world, draft_pledge, client_for):
    url = reverse("pledges:bloc_year_pledge", args=[world.bloc.pk, 2020])

    response = client_for("member").get(url)

    assert response.status_code == 302
    assert response["Location"] == draft_pledge.get_absolute_url()


def test_opening_asks_for_confirmation_then_freezes_the_text(world, draft_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:pledge_open", args=[draft_pledge.pk])
    assert 'id="open-link"' in client.get(draft_pledge.get_absolute_url()).content.decode()

    confirm = client.get(url)
    assert confirm.status_code == 200
    draft_pledge.refresh_from_db()
    assert draft_pledge.status == PledgeStatus.DRAFT

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == draft_pledge.get_absolute_url()
    draft_pledge.refresh_from_db()
    assert draft_pledge.status == PledgeStatus.OPEN
    assert len(draft_pledge.snapshot_sha256) == 64
    page = client.get(draft_pledge.get_absolute_url()).content.decode()
    assert draft_pledge.snapshot_sha256 in page
    assert reverse("pledges:pledge_edit", args=[draft_pledge.pk]) not in page
    locked = client.get(draft_pledge.criteria_set.get_absolute_url())
    assert locked.context["can_edit"] is False


def test_member_officer_cannot_open_the_pledge(world, draft_pledge, client_for):
    response = client_for("member").post(reverse("pledges:pledge_open", args=[draft_pledge.pk]))

    assert response.status_code == 403
    draft_pledge.refresh_from_db()
    assert draft_pledge.status == PledgeStatus.DRAFT


# --- Signing online ----------------------------------------------------------------------------


def sign_data(pledge: Pledge, **overrides: object) -> dict:
    return {
        "signer_title": "Giám đốc",
        "password": PASSWORD,
        "agree": "on",
        "sha256": pledge.snapshot_sha256,
        **overrides,
    }


def test_sign_page_shows_the_whole_text_and_its_hash(world, open_pledge, client_for):
    response = client_for("secretariat").get(reverse("pledges:sign", args=[open_pledge.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        "Tham gia đầy đủ hoạt động của khối",
        "Hoàn thành kế hoạch năm",
        "Tổ chức hội nghị khối",
        "Nộp báo cáo trễ",
    ):
        assert text in content
    assert f'<code class="hash">{open_pledge.snapshot_sha256}</code>' in content
    assert f'value="{open_pledge.snapshot_sha256}"' in content  # what the signer saw goes back
    assert 'name="password"' in content
    assert 'name="agree"' in content
    assert 'name="signer_title"' in content


def test_signing_records_the_signature_and_returns_to_the_pledge(
    world, open_pledge, client_for, settings
):
    settings.TRUSTED_PROXY_COUNT = 1  # the address our proxy saw; the client's own entry is not
    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]),
        sign_data(open_pledge),
        HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4",
    )

    assert response.status_code == 302
    assert response["Location"] == open_pledge.get_absolute_url()
    signature = Signature.objects.get(pledge=open_pledge)
    assert signature.agency == world.head
    assert signature.method == SignatureMethod.ONLINE
    assert signature.user == world.users["secretariat"]
    assert signature.signer_title == "Giám đốc"
    assert signature.ip == "198.51.100.4"
    assert signature.sha256 == open_pledge.snapshot_sha256
    assert messages_of(response) == [text_of("Your agency has signed the pledge.")]


def test_signing_with_a_wrong_password_shows_an_error_and_saves_nothing(
    world, open_pledge, client_for
):
    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]), sign_data(open_pledge, password="sai")
    )

    assert response.status_code == 200
    assert text_of("The password is not correct.") in (response.content.decode())
    assert not Signature.objects.exists()


def test_signing_without_ticking_agree_is_refused(world, open_pledge, client_for):
    data = sign_data(open_pledge)
    del data["agree"]

    response = client_for("secretariat").post(reverse("pledges:sign", args=[open_pledge.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["agree"]
    assert not Signature.objects.exists()


def test_agency_cannot_sign_twice(world, open_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:sign", args=[open_pledge.pk])
    client.post(url, sign_data(open_pledge))

    again = client.post(url, sign_data(open_pledge))

    assert again.status_code == 302
    assert again["Location"] == open_pledge.get_absolute_url()
    assert messages_of(again)[-1] == text_of("Your agency has already signed this pledge.")
    assert Signature.objects.filter(pledge=open_pledge).count() == 1
    assert client.get(url).status_code == 302  # the page itself is not offered again


def test_member_officer_who_does_not_sign_gets_403_on_the_sign_page(world, open_pledge, client_for):
    client = client_for("member")
    url = reverse("pledges:sign", args=[open_pledge.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, sign_data(open_pledge)).status_code == 403
    assert not Signature.objects.exists()


def test_outsider_gets_404_on_the_sign_page(world, open_pledge, client_for):
    url = reverse("pledges:sign", args=[open_pledge.pk])

    assert client_for("other_bloc_member").get(url).status_code == 404
    assert client_for("foreign_board").get(url).status_code == 404


def test_pledge_page_invites_the_signer_until_the_agency_has_signed(world, open_pledge, client_for):
    client = client_for("secretariat")
    sign_url = reverse("pledges:sign", args=[open_pledge.pk])
    assert sign_url in client.get(open_pledge.get_absolute_url()).content.decode()

    client.post(sign_url, sign_data(open_pledge))

    page = client.get(open_pledge.get_absolute_url()).content.decode()
    assert sign_url not in page
    assert 'id="own-signature"' in page


def test_last_signature_puts_the_pledge_in_force(world, open_pledge, client_for):
    sign_on_paper(open_pledge, world, world.deputy)
    sign_on_paper(open_pledge, world, world.member)

    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]), sign_data(open_pledge)
    )

    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    assert response.status_code == 302
    assert len(messages_of(response)) == 1
    page = client_for("board").get(open_pledge.get_absolute_url()).content.decode()
    assert 'class="badge badge-in_force" id="pledge-status"' in page


# --- Status board ------------------------------------------------------------------------------


def test_status_board_lists_every_member_with_its_signature(world, open_pledge, client_for):
    sign_online(open_pledge, world.users["secretariat"], ip="203.0.113.7")

    response = client_for("member").get(reverse("pledges:status_board", args=[open_pledge.pk]))

    assert response.status_code == 200
    rows = {row.membership.agency_id: row for row in response.context["board"].rows}
    assert set(rows) == {world.head.pk, world.deputy.pk, world.member.pk}
    assert rows[world.head.pk].signature is not None
    assert rows[world.deputy.pk].signature is None
    content = response.content.decode()
    assert content.count('<span class="badge badge-done">') == 1
    assert content.count('<span class="badge badge-not_started">') == 2
    assert '<progress value="1" max="3">' in content
    assert "203.0.113.7" not in content  # IP addresses are not for every reader


@pytest.mark.parametrize("role", ["secretariat", "board"])
def test_status_board_shows_ip_addresses_to_the_secretariat_and_the_board(
    role, world, open_pledge, client_for
):
    sign_online(open_pledge, world.users["secretariat"], ip="203.0.113.7")

    response = client_for(role).get(reverse("pledges:status_board", args=[open_pledge.pk]))

    assert "<td>203.0.113.7</td>" in response.content.decode()


def test_status_board_of_a_draft_leads_back_to_the_pledge(world, draft_pledge, client_for):
    response = client_for("board").get(reverse("pledges:status_board", args=[draft_pledge.pk]))

    assert response.status_code == 302
    assert response["Location"] == draft_pledge.get_absolute_url()


# --- Paper signatures --------------------------------------------------------------------------


def paper_data(world, scan) -> dict:
    return {
        "agency": world.member.pk,
        "signer_name": "Lê Thị Bình",
        "signer_title": "Chánh Thanh tra",
        "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "scan": scan,
        "confirm": "on",
    }


def test_paper_signature_needs_the_confirmation_ticked(world, open_pledge, client_for):
    data = {**paper_data(world, upload("bien-ban.pdf", minimal_pdf())), "confirm": ""}

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]), data
    )

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert not Signature.objects.exists()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_paper_signature_with_a_small_pdf_is_recorded(world, open_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:paper_signature", args=[open_pledge.pk])
    form = client.get(url)
    assert 'enctype="multipart/form-data"' in form.content.decode()

    response = client.post(url, paper_data(world, upload("bien-ban.pdf", minimal_pdf())))

    assert response.status_code == 302
    assert response["Location"] == reverse("pledges:status_board", args=[open_pledge.pk])
    signature = Signature.objects.get(pledge=open_pledge, agency=world.member)
    assert signature.method == SignatureMethod.PAPER
    assert signature.signer_name == "Lê Thị Bình"
    assert signature.recorded_by == world.users["secretariat"]
    scan = client.get(reverse("pledges:signature_scan", args=[signature.pk]))
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content) == minimal_pdf()
    board = client.get(response["Location"]).content.decode()
    assert reverse("pledges:signature_scan", args=[signature.pk]) in board


def test_paper_signature_refuses_a_program_renamed_pdf(world, open_pledge, client_for):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", program)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == [
        html.unescape(
            text_of("The file's content does not match its type (allowed: %(types)s).", types="PDF")
        )
    ]
    assert not Signature.objects.exists()


def test_paper_signature_refuses_a_file_too_big(world, open_pledge, client_for, settings):
    settings.SCAN_MAX_UPLOAD_BYTES = 1024
    big = minimal_pdf() + b"%" + b"0" * 2048

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", big)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scan"]
    assert 'class="errorlist' in response.content.decode()
    assert not Signature.objects.exists()


def test_paper_signature_is_for_the_secretariat_and_the_board(world, open_pledge, client_for):
    response = client_for("member").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", minimal_pdf())),
    )

    assert response.status_code == 403
    assert not Signature.objects.exists()


# --- Withdrawal and history --------------------------------------------------------------------


def test_withdrawal_needs_a_reason_then_starts_revision_two(world, open_pledge, client_for):
    sign_online(open_pledge, world.users["secretariat"])
    client = client_for("secretariat")
    url = reverse("pledges:pledge_withdraw", args=[open_pledge.pk])

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.OPEN

    response = client.post(url, {"reason": "Sửa tiêu chí 2 theo góp ý của các đơn vị"})

    draft = Pledge.objects.get(bloc_year=world.bloc_year, revision=2)
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert draft.status == PledgeStatus.DRAFT
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.WITHDRAWN
    assert open_pledge.signatures.get().voided_at is not None
    page = client.get(draft.get_absolute_url())
    assert [p.revision for p in page.context["revisions"]] == [2, 1]
    assert open_pledge.get_absolute_url() in page.content.decode()
    # The criteria set can be changed again.
    assert client.get(draft.criteria_set.get_absolute_url()).context["can_edit"] is True


def test_pledge_history_lists_who_changed_what(world, open_pledge, client_for):
    secretariat = world.users["secretariat"]
    sign_online(open_pledge, secretariat)

    response = client_for("member").get(open_pledge.get_absolute_url())

    changes = response.context["changes"]
    assert [c.action for c in changes][:3] == ["signed", "opened", "created"]
    content = response.content.decode()
    history = content[content.index('id="history"') :]
    assert history.count(f"<td>{html.escape(secretariat.get_full_name())}</td>") >= 3
    assert "Hoàn thành kế hoạch năm" in history  # the criteria set's changes are there too
    assert world.head.name in history


def test_criteria_set_history_lists_who_changed_what(world, criteria_set, client_for):
    client = client_for("secretariat")
    standard, _adjustment = sections_of(criteria_set)
    client.post(
        reverse("pledges:criterion_add", args=[standard.pk]), add_criterion_data(standard), **HTMX
    )

    response = client.get(criteria_set.get_absolute_url())

    latest = response.context["changes"][0]
    assert latest.actor == world.users["secretariat"]
    assert latest.action == "created"
    content = response.content.decode()
    history = content[content.index('class="history"') :]
    assert html.escape(world.users["secretariat"].get_full_name()) in history
    assert html.escape(world.users["board"].get_full_name()) in history
    assert "Chuyển đổi số" in history
    assert Change.objects.filter(criteria_set=criteria_set).count() == len(
        response.context["changes"]
    )


# --- Dashboards --------------------------------------------------------------------------------


def test_agency_dashboard_shows_the_pledge_awaiting_the_signers_signature(
    world, open_pledge, client_for
):
    client = client_for("secretariat")
    sign_url = reverse("pledges:sign", args=[open_pledge.pk])

    waiting = client.get(reverse("blocs:dashboard"), {"nam": 2020})
    assert [todo.url for todo in waiting.context["todo"]] == [sign_url]
    assert f'href="{sign_url}"' in waiting.content.decode()

    client.post(sign_url, sign_data(open_pledge))

    done = client.get(reverse("blocs:dashboard"), {"nam": 2020})
    assert done.context["todo"] == []
    assert sign_url not in done.content.decode()


def test_agency_dashboard_does_not_ask_an_officer_who_does_not_sign(world, open_pledge, client_for):
    response = client_for("member").get(reverse("blocs:dashboard"), {"nam": 2020})

    assert response.context["todo"] == []


def test_agency_dashboard_does_not_list_a_draft(world, draft_pledge, client_for):
    response = client_for("secretariat").get(reverse("blocs:dashboard"), {"nam": 2020})

    assert response.context["todo"] == []


def _pledge_stage(client, world) -> str:
    response = client.get(reverse("blocs:dashboard"), {"nam": 2020})
    row = next(r for r in response.context["rows"] if r.bloc == world.bloc)
    return dict((stage.key, state) for stage, state in row.stages)["pledge"]


def test_board_dashboard_shows_the_pledge_stage(world, criteria_set, client_for):
    client = client_for("board")
    assert _pledge_stage(client, world) == StageState.NOT_STARTED

    pledge = signing.create_draft(world.bloc_year, world.users["secretariat"])
    assert _pledge_stage(client, world) == StageState.IN_PROGRESS

    signing.open_for_signing(pledge, world.users["secretariat"])
    sign_online(pledge, world.users["secretariat"])
    assert _pledge_stage(client, world) == StageState.IN_PROGRESS

    sign_on_paper(pledge, world, world.deputy)
    sign_on_paper(pledge, world, world.member)
    assert _pledge_stage(client, world) == StageState.DONE
    other = client.get(reverse("blocs:dashboard"), {"nam": 2020})
    other_row = next(r for r in other.context["rows"] if r.bloc == world.other_bloc)
    assert dict((s.key, st) for s, st in other_row.stages)["pledge"] == StageState.NOT_STARTED
    assert '<span class="badge badge-done">' in other.content.decode()
