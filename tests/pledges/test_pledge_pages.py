"""The pledge page, opening for signing, the status board, withdrawal, the history and the
dashboards, as the secretariat, the board and member agencies see them."""

import html

import pytest
from django.urls import reverse

from blocs.stages import StageState
from pledges.models import (
    Pledge,
    PledgeStatus,
)
from pledges.services import signing

from .pages import (
    HTMX,
    add_criterion_data,
    sections_of,
    sign_data,
)
from .signatures import sign_on_paper, sign_online

pytestmark = pytest.mark.django_db


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


def test_pledge_history_reads_as_words_not_keys(world, open_pledge, client_for):
    """The signer's title is their position (chức vụ), the hash is named and shortened, codes
    read as their names and a withdrawal shows its reason (issue 10, usability 6)."""
    sign_online(open_pledge, world.users["secretariat"], signer_title="Phó Giám đốc")
    signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí 2")

    response = client_for("member").get(open_pledge.get_absolute_url())

    content = response.content.decode()
    history = content[content.index('id="history"') :]
    sha = open_pledge.snapshot_sha256
    assert "<dt>chức vụ</dt><dd>Phó Giám đốc</dd>" in history
    assert f'<dt>Mã băm SHA-256</dt><dd title="{sha}">{sha[:12]}…</dd>' in history
    assert "<dt>hình thức ký</dt><dd>Ký trực tuyến</dd>" in history
    assert "<dt>trạng thái</dt><dd>Đang mở ký</dd>" in history  # before the withdrawal
    assert "Lý do: Sửa tiêu chí 2" in history
    assert history.count("(phiên bản 2)") == 1  # the new draft's entry says which revision
    for key in ("sha256", "signer_title", "method", "online", ">open<", "tiêu đề</dt><dd>Phó"):
        assert key not in history


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
    assert criteria_set.changes.count() == len(response.context["changes"])


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

    pledge = signing.create_draft(world.bloc_year, actor=world.users["secretariat"])
    assert _pledge_stage(client, world) == StageState.IN_PROGRESS

    signing.open_for_signing(pledge, actor=world.users["secretariat"])
    sign_online(pledge, world.users["secretariat"])
    assert _pledge_stage(client, world) == StageState.IN_PROGRESS

    sign_on_paper(pledge, world, world.deputy)
    sign_on_paper(pledge, world, world.member)
    assert _pledge_stage(client, world) == StageState.DONE
    other = client.get(reverse("blocs:dashboard"), {"nam": 2020})
    other_row = next(r for r in other.context["rows"] if r.bloc == world.other_bloc)
    assert dict((s.key, st) for s, st in other_row.stages)["pledge"] == StageState.NOT_STARTED
    assert '<span class="badge badge-done">' in other.content.decode()
