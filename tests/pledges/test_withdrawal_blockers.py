"""Later apps keep a pledge from being withdrawn (pledges.blockers): once scoring has started
against it, withdrawing would void the signatures the scores rest on. The service refuses with
the blocker's reason, and the withdraw page says it and offers no form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges import blockers
from pledges.models import ChangeAction, Pledge, PledgeStatus
from pledges.services import signing

from .signatures import sign_all_on_paper, sign_online

pytestmark = pytest.mark.django_db

SCORING = "Đã bắt đầu chấm điểm theo giao ước này."


@pytest.fixture
def scored(monkeypatch):
    """A blocker as meetings would register it: pledges whose pk is in `scored` are scored."""
    monkeypatch.setattr(blockers, "_BLOCKERS", [])
    scored_ids: set[int] = set()
    seen: list[Pledge] = []

    def scoring_started(pledge: Pledge) -> str | None:
        seen.append(pledge)
        return SCORING if pledge.pk in scored_ids else None

    blockers.provide(scoring_started)
    blockers.provide(scoring_started)  # registering twice changes nothing
    return scored_ids, seen


def test_a_pledge_in_force_being_scored_cannot_be_withdrawn(world, open_pledge, scored):
    scored_ids, seen = scored
    sign_all_on_paper(open_pledge, world)
    open_pledge.refresh_from_db()
    assert open_pledge.is_in_force
    scored_ids.add(open_pledge.pk)

    with pytest.raises(ValidationError) as refused:
        signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí")

    assert refused.value.messages == [SCORING]
    assert signing.is_blocked(refused.value)
    assert seen[-1].pk == open_pledge.pk
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    assert not open_pledge.signatures.filter(voided_at__isnull=False).exists()
    assert not open_pledge.changes.filter(action=ChangeAction.WITHDRAWN).exists()
    assert world.bloc_year.pledges.count() == 1


def test_a_pledge_nobody_builds_on_can_be_withdrawn(world, open_pledge, scored):
    _scored_ids, seen = scored

    draft = signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí")

    assert seen  # asked, and it gave no reason
    assert draft.revision == 2


def test_every_blocker_gives_its_reason(world, open_pledge, scored):
    scored[0].add(open_pledge.pk)
    blockers.provide(lambda pledge: "Đã có đề nghị khen thưởng dựa trên kết quả.")

    with pytest.raises(ValidationError) as refused:
        signing.check_withdrawable(open_pledge)

    assert refused.value.messages == [SCORING, "Đã có đề nghị khen thưởng dựa trên kết quả."]


def test_a_draft_is_refused_for_its_status_not_by_blockers(world, draft_pledge, scored):
    scored[0].add(draft_pledge.pk)

    with pytest.raises(ValidationError) as refused:
        signing.check_withdrawable(draft_pledge)

    assert not signing.is_blocked(refused.value)
    assert refused.value.code == "status"


def test_withdraw_page_says_why_and_offers_no_form(world, open_pledge, scored, client_for):
    sign_online(open_pledge, world.users["secretariat"])
    scored[0].add(open_pledge.pk)
    client = client_for("secretariat")
    url = reverse("pledges:pledge_withdraw", args=[open_pledge.pk])

    page = client.get(url)

    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="withdrawal-blocked"' in content
    assert SCORING in content
    assert "Không thể rút đợt ký này nữa" in content
    assert 'name="reason"' not in content
    assert "<form" not in content[content.index("<main") :]

    posted = client.post(url, {"reason": "Sửa tiêu chí"})

    assert posted.status_code == 200
    assert SCORING in posted.content.decode()
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.OPEN
    assert open_pledge.signatures.get().voided_at is None


def test_withdraw_page_offers_the_form_when_nothing_blocks(world, open_pledge, scored, client_for):
    page = client_for("secretariat").get(reverse("pledges:pledge_withdraw", args=[open_pledge.pk]))

    assert 'name="reason"' in page.content.decode()
    assert "withdrawal-blocked" not in page.content.decode()
