"""A pledge's life (pledges.services.signing): draft, open, signatures, in force, withdrawal."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from blocs.services import remove_member
from core.actors import SYSTEM
from core.models import Change
from core.versioning import StaleEdit
from pledges import selectors
from pledges.models import (
    ChangeAction,
    Pledge,
    PledgeStatus,
    Signature,
    SignatureMethod,
)
from pledges.services import criteria, criteria_sets, signatures, signing
from pledges.services.snapshot import build_snapshot, snapshot_hash
from tests.factories import AgencyFactory, AgencyOfficerFactory, BlocYearFactory

from .signatures import SCAN, SIGNER_IP, paper_scan, sign_all_on_paper, sign_on_paper, sign_online

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def deputy_signer(world):
    return AgencyOfficerFactory(agency=world.deputy, email="deputy@example.vn", can_sign=True)


# --- Drafts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["board", "secretariat"])
def test_draft_is_revision_one_of_the_bloc_years_set(world, criteria_set, role):
    pledge = signing.create_draft(world.bloc_year, actor=world.users[role])

    assert pledge.revision == 1
    assert pledge.status == PledgeStatus.DRAFT
    assert pledge.title == "Giao ước thi đua năm 2020 - Khối thi đua số 6"
    assert pledge.criteria_set == criteria_set
    assert pledge.snapshot is None
    change = pledge.changes.get()
    assert (change.action, change.actor) == (ChangeAction.CREATED, world.users[role])


def test_second_draft_of_a_bloc_year_is_refused(world, draft_pledge):
    with pytest.raises(ValidationError) as error:
        signing.create_draft(world.bloc_year, actor=world.users["board"])

    assert error.value.code == "exists"
    assert world.bloc_year.pledges.count() == 1


def test_criteria_set_of_another_bloc_year_is_refused(world, criteria_set):
    board = world.users["board"]
    last_year = criteria_sets.create_criteria_set(
        actor=board,
        province=world.province,
        year=2019,
        bloc_year=BlocYearFactory(bloc=world.bloc, year=2019),
    )
    template = criteria_sets.create_criteria_set(actor=board, province=world.province, year=2020)

    for wrong in (last_year, template):
        with pytest.raises(ValidationError) as error:
            signing.create_draft(world.bloc_year, actor=board, criteria_set=wrong)
        assert "criteria_set" in error.value.message_dict
    assert not world.bloc_year.pledges.exists()


@pytest.mark.parametrize("role", ["member", "overseer", "other_bloc_member", "foreign_board"])
def test_only_board_or_secretariat_drafts(world, criteria_set, role):
    with pytest.raises(PermissionDenied):
        signing.create_draft(world.bloc_year, actor=world.users[role])

    assert not world.bloc_year.pledges.exists()


def test_draft_is_edited_with_its_changes_recorded(world, draft_pledge):
    secretariat = world.users["secretariat"]

    signing.update_draft(
        draft_pledge, draft_pledge.version, actor=secretariat, title="Giao ước 2020"
    )

    draft_pledge.refresh_from_db()
    assert (draft_pledge.title, draft_pledge.version) == ("Giao ước 2020", 2)
    change = draft_pledge.changes.get(action=ChangeAction.EDITED)
    assert change.actor == secretariat
    assert change.before == {"title": "Giao ước thi đua năm 2020 - Khối thi đua số 6"}
    assert change.after == {"title": "Giao ước 2020"}


def test_stale_draft_edit_is_refused(world, draft_pledge):
    read = draft_pledge.version
    signing.update_draft(draft_pledge, read, actor=world.users["board"], preamble="Mới")

    with pytest.raises(StaleEdit):
        signing.update_draft(
            Pledge.objects.get(pk=draft_pledge.pk), read, actor=world.users["board"], preamble="Cũ"
        )

    draft_pledge.refresh_from_db()
    assert draft_pledge.preamble == "Mới"


def test_editing_after_opening_is_refused_and_changes_nothing(world, open_pledge):
    title, sha = open_pledge.title, open_pledge.snapshot_sha256

    with pytest.raises(ValidationError) as error:
        signing.update_draft(open_pledge, None, actor=world.users["secretariat"], title="Khác")

    assert error.value.code == "not_draft"
    assert "withdraw" in error.value.messages[0]
    open_pledge.refresh_from_db()
    assert (open_pledge.title, open_pledge.snapshot_sha256) == (title, sha)
    assert not open_pledge.changes.filter(action=ChangeAction.EDITED).exists()


# --- Opening: the frozen text ------------------------------------------------------------------


def test_opening_freezes_the_text_and_every_criterion(world, open_pledge):
    snapshot = open_pledge.snapshot

    assert open_pledge.status == PledgeStatus.OPEN
    assert open_pledge.opened_at is not None
    assert {
        key: snapshot[key] for key in ("province", "bloc", "year", "revision", "title", "preamble")
    } == {
        "province": "Trà Vinh",
        "bloc": "Khối thi đua số 6",
        "year": 2020,
        "revision": 1,
        "title": "Giao ước thi đua năm 2020 - Khối thi đua số 6",
        "preamble": "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
    }
    assert snapshot["commitments"] == [
        "Thực hiện tốt nhiệm vụ chính trị",
        "Tham gia đầy đủ hoạt động của khối",
    ]
    assert [(s["number"], s["title"], s["kind"]) for s in snapshot["sections"]] == [
        ("I", "Thực hiện nhiệm vụ chính trị", "standard"),
        ("II", "Điểm thưởng, điểm trừ", "adjustment"),
    ]
    assert [
        (c["text"], c["max_points"], c["kind"]) for s in snapshot["sections"] for c in s["criteria"]
    ] == [
        ("Hoàn thành kế hoạch năm", "6.00", "standard"),
        ("Cải cách hành chính", "4.00", "standard"),
        ("Tổ chức hội nghị khối", "2.00", "bonus"),
        ("Nộp báo cáo trễ", "3.00", "deduction"),
    ]
    assert snapshot["totals"] == {"standard": "10.00", "bonus": "2.00", "deduction": "3.00"}
    assert selectors.snapshot_totals(snapshot).standard == Decimal(10)
    # Format 2: the ids scoring will refer to, and the letterhead, frozen with the text.
    assert snapshot["format"] == 2
    sections = list(open_pledge.criteria_set.sections.order_by("position", "pk"))
    assert [s["id"] for s in snapshot["sections"]] == [s.pk for s in sections]
    assert [c["id"] for s in snapshot["sections"] for c in s["criteria"]] == [
        c.pk for s in sections for c in s.criteria.order_by("position", "pk")
    ]
    assert snapshot["letterhead"] == {
        "style": "state",
        "parent": "UBND tỉnh Trà Vinh",
        "name": "Khối thi đua số 6",
        "symbol": "KTĐ6",
        "place": "Trà Vinh",
    }
    change = open_pledge.changes.get(action=ChangeAction.OPENED)
    assert change.after == {"sha256": open_pledge.snapshot_sha256, "revision": 1}


def test_snapshot_hash_is_the_hash_of_the_snapshot_and_stable(open_pledge):
    stored = Pledge.objects.get(pk=open_pledge.pk)

    assert len(stored.snapshot_sha256) == 64
    assert stored.snapshot_sha256 == snapshot_hash(stored.snapshot)
    # The same data, rebuilt from the database, gives the same hash.
    assert snapshot_hash(build_snapshot(stored)) == stored.snapshot_sha256
    changed = {**stored.snapshot, "title": stored.snapshot["title"] + "."}
    assert snapshot_hash(changed) != stored.snapshot_sha256


def test_snapshot_hash_is_canonical_json():
    expected = hashlib.sha256('{"a":"Sở","b":[1,2]}'.encode()).hexdigest()

    assert snapshot_hash({"b": [1, 2], "a": "Sở"}) == expected


def test_empty_criteria_set_cannot_be_opened(world):
    board = world.users["board"]
    cs = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2020, bloc_year=world.bloc_year
    )
    criteria.add_section(cs, actor=board, title="Chưa có tiêu chí", kind="standard")
    pledge = signing.create_draft(world.bloc_year, actor=board)

    with pytest.raises(ValidationError) as error:
        signing.open_for_signing(pledge, actor=board)

    assert error.value.code == "empty"
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.DRAFT


def test_pledge_without_a_criteria_set_cannot_be_opened(world):
    pledge = signing.create_draft(world.bloc_year, actor=world.users["board"])
    assert pledge.criteria_set is None

    with pytest.raises(ValidationError) as error:
        signing.open_for_signing(pledge, actor=world.users["board"])

    assert "criteria set" in error.value.messages[0]
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.DRAFT


def test_bloc_year_without_members_cannot_open(world):
    board = world.users["board"]
    empty_year = BlocYearFactory(bloc=world.bloc, year=2021)
    cs = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2021, bloc_year=empty_year
    )
    section = criteria.add_section(cs, actor=board, title="Nhiệm vụ", kind="standard")
    criteria.add_criterion(section, actor=board, text="Kế hoạch", max_points=Decimal(10))
    pledge = signing.create_draft(empty_year, actor=board)

    with pytest.raises(ValidationError) as error:
        signing.open_for_signing(pledge, actor=board)

    assert "no members" in error.value.messages[0]
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.DRAFT


def test_only_a_draft_opens(world, open_pledge):
    sha = open_pledge.snapshot_sha256

    with pytest.raises(ValidationError) as error:
        signing.open_for_signing(Pledge.objects.get(pk=open_pledge.pk), actor=world.users["board"])

    assert error.value.code == "not_draft"
    assert open_pledge.changes.filter(action=ChangeAction.OPENED).count() == 1
    assert Pledge.objects.get(pk=open_pledge.pk).snapshot_sha256 == sha


def test_member_officer_cannot_open(world, draft_pledge):
    with pytest.raises(PermissionDenied):
        signing.open_for_signing(draft_pledge, actor=world.users["member"])

    assert Pledge.objects.get(pk=draft_pledge.pk).status == PledgeStatus.DRAFT


def test_live_criteria_set_is_locked_once_open(world, criteria_set, open_pledge):
    section = criteria_set.sections.first()

    with pytest.raises(ValidationError) as error:
        criteria.add_criterion(
            section, actor=world.users["board"], text="Mới", max_points=Decimal(1)
        )

    assert error.value.code == "locked"
    assert section.criteria.count() == 2


# --- Signing online ----------------------------------------------------------------------------


def test_online_signature_records_who_when_where_and_what(world, open_pledge):
    user = world.users["secretariat"]
    before = timezone.now()

    signature = sign_online(open_pledge, user, signer_title="  Phó Giám đốc ")

    signature.refresh_from_db()
    assert signature.method == SignatureMethod.ONLINE
    assert (signature.pledge, signature.agency, signature.user) == (open_pledge, world.head, user)
    assert signature.signer_name == user.full_name
    assert signature.signer_title == "Phó Giám đốc"
    assert before <= signature.signed_at <= timezone.now()
    assert signature.ip == SIGNER_IP
    assert signature.sha256 == open_pledge.snapshot_sha256
    assert signature.voided_at is None
    change = open_pledge.changes.get(action=ChangeAction.SIGNED)
    assert change.actor == user
    assert change.after["agency"] == "Sở Xây dựng"
    assert change.after["sha256"] == open_pledge.snapshot_sha256
    assert Pledge.objects.get(pk=open_pledge.pk).status == PledgeStatus.OPEN
    assert selectors.awaiting_signature(user) == []


def test_awaiting_signature_lists_the_open_pledge_until_signed(world, open_pledge):
    user = world.users["secretariat"]

    assert selectors.awaiting_signature(user) == [open_pledge]
    assert selectors.awaiting_signature(world.users["member"]) == []  # does not sign


def test_wrong_password_signs_nothing(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        sign_online(open_pledge, world.users["secretariat"], password="sai-mat-khau")

    assert "password" in error.value.message_dict
    assert not Signature.objects.exists()
    assert not open_pledge.changes.filter(action=ChangeAction.SIGNED).exists()


def test_signing_pauses_after_five_wrong_passwords(world, open_pledge):
    user = world.users["secretariat"]
    for _try in range(5):
        with pytest.raises(ValidationError) as error:
            sign_online(open_pledge, user, password="sai-mat-khau")
        assert error.value.error_dict["password"][0].code == "password"

    with pytest.raises(ValidationError) as error:
        sign_online(open_pledge, user)  # even the right password waits now

    assert error.value.error_dict["password"][0].code == "too_many_tries"
    assert not Signature.objects.exists()


def test_a_right_password_resets_the_count_of_wrong_ones(world, open_pledge):
    user = world.users["secretariat"]
    for _try in range(4):
        with pytest.raises(ValidationError):
            sign_online(open_pledge, user, password="sai-mat-khau")

    assert sign_online(open_pledge, user).pk
    assert cache.get(f"accounts:reauth:{user.pk}:tries") is None


def test_signer_title_is_required(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        sign_online(open_pledge, world.users["secretariat"], signer_title="  ")

    assert "signer_title" in error.value.message_dict
    assert not Signature.objects.exists()


def test_agency_cannot_sign_twice(world, open_pledge):
    colleague = AgencyOfficerFactory(agency=world.head, can_sign=True)
    sign_online(open_pledge, world.users["secretariat"])

    with pytest.raises(ValidationError) as error:
        sign_online(open_pledge, colleague)

    assert error.value.code == "already_signed"
    assert open_pledge.signatures.count() == 1


def test_officer_of_another_bloc_cannot_sign(world, open_pledge):
    outsider = world.users["other_bloc_member"]
    outsider.can_sign = True
    outsider.save()

    with pytest.raises(PermissionDenied):
        sign_online(open_pledge, outsider)

    assert not Signature.objects.exists()


@pytest.mark.parametrize("role", ["member", "board", "overseer"])
def test_only_an_officer_who_signs_for_a_member_can_sign(world, open_pledge, role):
    with pytest.raises(PermissionDenied):
        sign_online(open_pledge, world.users[role])

    assert not Signature.objects.exists()


def test_draft_cannot_be_signed(world, draft_pledge):
    with pytest.raises(ValidationError) as error:
        sign_online(draft_pledge, world.users["secretariat"], seen_sha256="")

    assert error.value.code == "draft"
    assert "still a draft" in error.value.messages[0]
    assert not Signature.objects.exists()


def test_withdrawn_round_cannot_be_signed(world, open_pledge):
    sha = open_pledge.snapshot_sha256
    signing.withdraw(open_pledge, actor=world.users["board"], reason="Sai tiêu chí")

    with pytest.raises(ValidationError) as error:
        sign_online(
            Pledge.objects.get(pk=open_pledge.pk), world.users["secretariat"], seen_sha256=sha
        )

    assert error.value.code == "withdrawn"
    assert "withdrawn" in error.value.messages[0]
    assert not Signature.objects.exists()


def test_text_seen_must_be_the_frozen_text(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        sign_online(open_pledge, world.users["secretariat"], seen_sha256="0" * 64)

    assert error.value.code == "changed"
    assert not Signature.objects.exists()


def test_pledge_comes_into_force_when_every_member_has_signed(world, open_pledge, deputy_signer):
    sign_online(open_pledge, world.users["secretariat"])
    sign_online(open_pledge, deputy_signer)
    assert Pledge.objects.get(pk=open_pledge.pk).status == PledgeStatus.OPEN

    sign_on_paper(open_pledge, world, world.member)

    pledge = Pledge.objects.get(pk=open_pledge.pk)
    assert pledge.status == PledgeStatus.IN_FORCE
    assert pledge.in_force_at is not None
    in_force = pledge.changes.get(action=ChangeAction.IN_FORCE)
    assert in_force.actor == world.users["secretariat"]
    assert in_force.after == {"signatures": 3, "number": "Số: 01/GƯ-KTĐ6"}
    assert selectors.status_board(pledge).signed == 3


# --- Paper signatures --------------------------------------------------------------------------


def test_paper_signature_keeps_the_scan_and_who_recorded_it(world, open_pledge):
    signature = sign_on_paper(open_pledge, world, world.member, signer_name="Lê Thị Bình")

    signature.refresh_from_db()
    assert signature.method == SignatureMethod.PAPER
    assert signature.recorded_by == world.users["secretariat"]
    assert signature.user is None
    assert signature.signer_name == "Lê Thị Bình"
    assert signature.sha256 == open_pledge.snapshot_sha256
    assert timezone.localtime(signature.signed_at).date() == timezone.localdate()
    assert signature.scan.name == f"pledges/scans/{open_pledge.pk}/{world.member.pk}.pdf"
    with signature.scan.open("rb") as scan:
        assert scan.read() == SCAN
    assert open_pledge.changes.get(action=ChangeAction.SIGNED).after["method"] == "paper"


def test_paper_signature_needs_a_scan(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        sign_on_paper(open_pledge, world, world.member, scan=None)

    assert "scan" in error.value.message_dict
    assert not Signature.objects.exists()


def test_paper_signature_cannot_be_dated_in_the_future(world, open_pledge):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        sign_on_paper(open_pledge, world, world.member, signed_on=tomorrow)

    assert "signed_on" in error.value.message_dict
    assert not Signature.objects.exists()


def test_paper_signature_cannot_predate_the_opening(world, open_pledge):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(ValidationError):
        sign_on_paper(open_pledge, world, world.member, signed_on=yesterday)

    assert not Signature.objects.exists()


def test_member_officer_cannot_record_paper_signatures(world, open_pledge):
    with pytest.raises(PermissionDenied):
        signatures.record_paper_signature(
            open_pledge,
            actor=world.users["member"],
            agency=world.member,
            signer_name="X",
            signer_title="Y",
            signed_on=timezone.localdate(),
            scan=paper_scan(),
        )

    assert not Signature.objects.exists()


def test_paper_signature_for_a_non_member_is_refused(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        sign_on_paper(open_pledge, world, world.other_agency)

    assert error.value.code == "not_member"
    assert not Signature.objects.exists()


def test_paper_signatures_bring_the_pledge_into_force(world, open_pledge):
    sign_all_on_paper(open_pledge, world)

    pledge = Pledge.objects.get(pk=open_pledge.pk)
    assert pledge.status == PledgeStatus.IN_FORCE
    assert pledge.changes.filter(action=ChangeAction.IN_FORCE).count() == 1


# --- Withdrawal --------------------------------------------------------------------------------


def test_withdrawal_voids_signatures_and_starts_revision_two(world, open_pledge):
    board = world.users["board"]
    signature = sign_online(open_pledge, world.users["secretariat"])

    draft = signing.withdraw(open_pledge, actor=board, reason="  Sửa tiêu chí  ")

    old = Pledge.objects.get(pk=open_pledge.pk)
    assert old.status == PledgeStatus.WITHDRAWN
    assert old.withdrawn_at is not None
    assert old.withdrawal_reason == "Sửa tiêu chí"
    signature.refresh_from_db()
    assert signature.voided_at == old.withdrawn_at  # kept, marked void
    withdrawn = old.changes.get(action=ChangeAction.WITHDRAWN)
    assert withdrawn.actor == board
    assert withdrawn.before == {"status": "open", "signatures": 1}
    assert set(old.changes.values_list("action", flat=True)) == {
        ChangeAction.CREATED,
        ChangeAction.OPENED,
        ChangeAction.SIGNED,
        ChangeAction.WITHDRAWN,
    }
    assert (draft.revision, draft.status) == (2, PledgeStatus.DRAFT)
    assert (draft.title, draft.preamble, draft.commitments, draft.criteria_set) == (
        old.title,
        old.preamble,
        old.commitments,
        old.criteria_set,
    )
    assert selectors.current_pledge(world.bloc_year) == draft
    assert list(selectors.voided_signatures(old)) == [signature]


def test_new_revision_is_signed_again_by_the_same_agencies(world, open_pledge, deputy_signer):
    sign_online(open_pledge, world.users["secretariat"])
    sign_online(open_pledge, deputy_signer)
    draft = signing.withdraw(open_pledge, actor=world.users["board"], reason="Sửa tiêu chí")

    # The old round's signatures do not count for the new one.
    assert selectors.status_board(draft).signed == 0
    reopened = signing.open_for_signing(draft, actor=world.users["board"])
    assert reopened.snapshot["revision"] == 2
    assert reopened.snapshot_sha256 != open_pledge.snapshot_sha256
    assert selectors.awaiting_signature(world.users["secretariat"]) == [reopened]
    sign_online(reopened, world.users["secretariat"])
    sign_online(reopened, deputy_signer)
    assert Pledge.objects.get(pk=reopened.pk).status == PledgeStatus.OPEN
    sign_on_paper(reopened, world, world.member)

    reopened.refresh_from_db()
    assert reopened.status == PledgeStatus.IN_FORCE
    assert {s.sha256 for s in reopened.signatures.all()} == {reopened.snapshot_sha256}
    assert Signature.objects.filter(voided_at__isnull=False).count() == 2


def test_pledge_in_force_can_be_withdrawn(world, open_pledge):
    sign_all_on_paper(open_pledge, world)

    draft = signing.withdraw(open_pledge, actor=world.users["secretariat"], reason="Sáp nhập sở")

    assert Pledge.objects.get(pk=open_pledge.pk).status == PledgeStatus.WITHDRAWN
    assert Signature.objects.filter(voided_at__isnull=True).count() == 0
    assert draft.revision == 2


def test_draft_cannot_be_withdrawn(world, draft_pledge):
    with pytest.raises(ValidationError) as error:
        signing.withdraw(draft_pledge, actor=world.users["board"], reason="Không cần")

    assert error.value.code == "status"
    assert world.bloc_year.pledges.count() == 1


def test_withdrawal_needs_a_reason(world, open_pledge):
    with pytest.raises(ValidationError) as error:
        signing.withdraw(open_pledge, actor=world.users["board"], reason="   ")

    assert "reason" in error.value.message_dict
    assert Pledge.objects.get(pk=open_pledge.pk).status == PledgeStatus.OPEN
    assert world.bloc_year.pledges.count() == 1


def test_member_officer_cannot_withdraw(world, open_pledge):
    with pytest.raises(PermissionDenied):
        signing.withdraw(open_pledge, actor=world.users["member"], reason="Không")

    assert Pledge.objects.get(pk=open_pledge.pk).status == PledgeStatus.OPEN
    assert not Change.objects.filter(action=ChangeAction.WITHDRAWN).exists()


def test_a_member_leaving_completes_a_round_the_others_have_signed(world, open_pledge):
    sign_on_paper(open_pledge, world, world.head)
    sign_on_paper(open_pledge, world, world.deputy)

    remove_member(world.bloc_year.memberships.get(agency=world.member), actor=SYSTEM)

    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    change = open_pledge.changes.get(action=ChangeAction.IN_FORCE)
    assert change.actor is None  # the system, not a person


def test_a_member_leaving_an_unfinished_round_changes_nothing(world, open_pledge):
    sign_on_paper(open_pledge, world, world.head)

    remove_member(world.bloc_year.memberships.get(agency=world.member), actor=SYSTEM)

    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.OPEN


def test_an_agency_that_joined_after_the_pledge_came_into_force_cannot_sign_it(world, open_pledge):
    sign_all_on_paper(open_pledge, world)
    open_pledge.refresh_from_db()
    assert open_pledge.is_in_force
    late = AgencyFactory(province=world.province)
    world.bloc_year.memberships.create(agency=late)

    for attempt in (
        lambda: signatures.check_open(open_pledge, late),
        lambda: sign_on_paper(open_pledge, world, late),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "in_force"
    assert not open_pledge.signatures.filter(agency=late).exists()
