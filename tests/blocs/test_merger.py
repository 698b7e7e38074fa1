"""A province merger (blocs.merger): the new province takes over the merged one's blocs,
agencies, officials, accounts, criteria sets and history in one transaction; years before the
merger stay the merged province's; clashing names are refused or renamed from the year after."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import User
from blocs import merger
from blocs.access import lineage_ids
from blocs.models import Agency, Bloc, BlocYear, Official, Province
from core.actors import SYSTEM
from core.models import Change
from pledges.models import CriteriaSet
from reports.models import Report
from tests.factories import BlocFactory, ProvinceFactory

from ..mergers import EFFECTIVE, provinces_to_merge, templates


@pytest.fixture
def m(db):
    return provinces_to_merge()


def _state():
    """Which province every record belongs to, and every name: what a merger changes."""
    return (
        sorted(Province.objects.values_list("pk", "merged_into", "merged_on", "version")),
        sorted(Bloc.objects.values_list("pk", "province", "name", "former_names")),
        sorted(BlocYear.objects.values_list("pk", "province")),
        sorted(Agency.objects.values_list("pk", "province", "name", "short_name")),
        sorted(Official.objects.values_list("pk", "province", "title")),
        sorted(User.objects.values_list("pk", "province")),
        sorted(CriteriaSet.objects.values_list("pk", "province")),
        sorted(Change.objects.values_list("pk", "province_id")),
    )


def test_merger_moves_everything_and_keeps_the_years_before_with_the_merged_province(m):
    sets = templates(m)
    plan = merger.merge_provinces(
        m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True
    )

    for record in (m.bloc, m.head, m.official, m.old_board, m.officer, m.year_2016, m.year_2026):
        record.refresh_from_db()
    m.merged.refresh_from_db()
    assert (m.merged.merged_into, m.merged.merged_on) == (m.into, EFFECTIVE)
    assert m.bloc.province == m.head.province == m.official.province == m.into
    assert m.old_board.province == m.officer.province == m.into
    # 2016 began under Quảng Bình and keeps it; 2026 began after the merger.
    assert (m.year_2016.province, m.year_2026.province) == (m.merged, m.into)
    assert plan.first_new_year == 2026
    # One template per province and year: Quảng Bình's 2025 stays, its 2016 moves.
    provinces = {key: CriteriaSet.objects.get(pk=s.pk).province for key, s in sets.items()}
    assert provinces == {"merged_2016": m.into, "merged_2025": m.merged, "into_2025": m.into}
    assert any("2025" in note and "Mẫu Quảng Bình 2025" in note for note in plan.left)
    # The change log's entries of Quảng Bình are read from Quảng Trị, with the merger itself.
    assert not Change.objects.filter(province_id=m.merged.pk).exists()
    event = Change.objects.get(action="province_merged")
    assert (event.province_id, event.object_id, event.subject) == (
        m.into.pk,
        m.into.pk,
        "Quảng Bình → Quảng Trị",
    )
    assert event.after["effective"] == "01/07/2025"
    assert lineage_ids(m.into.pk) == {m.into.pk, m.merged.pk}


def test_clashing_names_are_refused_and_listed_without_renaming(m):
    before = _state()

    with pytest.raises(ValidationError) as refused:
        merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM)

    assert "đơn vị: Sở Nội vụ" in " ".join(refused.value.messages)
    assert _state() == before


def test_clashes_are_renamed_from_the_first_year_after_the_merger(m):
    BlocFactory(province=m.into, name="Khối thi đua các ban Đảng")

    plan = merger.plan_merger(m.into, m.merged, effective=EFFECTIVE)
    assert [(c.name, c.renamed) for c in plan.clashes] == [
        ("Khối thi đua các ban Đảng", "Khối thi đua các ban Đảng (Quảng Bình)"),
        ("Sở Nội vụ", "Sở Nội vụ (Quảng Bình) (tên viết tắt: Sở NV (Quảng Bình))"),
    ]
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)

    m.home_affairs.refresh_from_db()
    m.bloc.refresh_from_db()
    assert m.home_affairs.names_in(2025) == {"name": "Sở Nội vụ", "short_name": "Sở NV"}
    assert m.home_affairs.names_in(2026) == {
        "name": "Sở Nội vụ (Quảng Bình)",
        "short_name": "Sở NV (Quảng Bình)",
    }
    assert m.bloc.name_in(2016) == "Khối thi đua các ban Đảng"
    assert m.bloc.name == "Khối thi đua các ban Đảng (Quảng Bình)"
    assert Agency.objects.filter(province=m.into, name="Sở Nội vụ").get() == m.into_home_affairs


def test_a_clash_the_suffix_cannot_solve_is_refused(m):
    BlocFactory(province=m.into, name="Khối thi đua các ban Đảng")
    BlocFactory(province=m.into, name="Khối thi đua các ban Đảng (Quảng Bình)")
    before = _state()

    with pytest.raises(ValidationError, match="hãy đổi tên trước"):
        merger.merge_provinces(
            m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True
        )
    assert _state() == before


def test_merger_is_all_or_nothing(m, monkeypatch):
    """A step failing after others have run (here the last app's move) leaves nothing moved."""
    templates(m)
    before = _state()

    def broken(into, merged):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        merger, "_MOVERS", [*merger._MOVERS, merger.Mover("x", lambda p: 0, broken)]
    )
    with pytest.raises(RuntimeError):
        merger.merge_provinces(
            m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True
        )

    assert _state() == before


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "chính nó"),
        ("future", "tương lai"),
        ("twice", "đã được sáp nhập vào"),
        ("into_merged", "đã được sáp nhập vào"),
    ],
)
def test_impossible_mergers_are_refused(m, case, message):
    into, merged, effective = m.into, m.merged, EFFECTIVE
    if case == "itself":
        merged = into
    elif case == "future":
        effective = effective.replace(year=2100)
    else:
        merger.merge_provinces(into, merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)
        if case == "into_merged":
            into, merged = m.merged, ProvinceFactory(name="Hà Tĩnh", code="ha-tinh")
    into.refresh_from_db()
    merged.refresh_from_db()
    before = _state()

    with pytest.raises(ValidationError, match=message):
        merger.merge_provinces(into, merged, effective=effective, actor=SYSTEM, rename_clashes=True)
    assert _state() == before


@pytest.mark.parametrize("who", ["old_board", "new_board", "officer"])
def test_only_operators_merge(m, who):
    with pytest.raises(PermissionDenied):
        merger.merge_provinces(
            m.into, m.merged, effective=EFFECTIVE, actor=getattr(m, who), rename_clashes=True
        )
    m.merged.refresh_from_db()
    assert not m.merged.is_merged


def test_a_later_merger_keeps_the_whole_lineage(m):
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)
    bigger = ProvinceFactory(name="Tỉnh mới hơn", code="tinh-moi-hon")

    merger.merge_provinces(
        bigger, m.into, effective=EFFECTIVE.replace(year=2026, month=1), actor=SYSTEM
    )

    m.merged.refresh_from_db()
    assert lineage_ids(bigger.pk) == {bigger.pk, m.into.pk, m.merged.pk}
    assert m.merged.successor == bigger
    assert m.merged.successor_on(EFFECTIVE) == m.into
    assert m.merged.successor_on(EFFECTIVE.replace(day=1, month=1)) == m.merged
    m.year_2016.refresh_from_db()
    assert m.year_2016.province == m.merged


def test_an_edit_form_opened_before_the_merger_is_refused_as_stale(m, client):
    """The form would save the old province back: the merger gives the rows a new version."""
    version = m.head.version
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)
    client.force_login(m.new_board)

    response = client.post(
        reverse("blocs:agency_edit", args=[m.head.pk]),
        {"name": "Ban Nội chính", "short_name": "BNC", "kind": "party", "is_active": "on"}
        | {"expected_version": version, "renamed_from": ""},
    )

    assert response.status_code == 200
    m.head.refresh_from_db()
    assert (m.head.name, m.head.province) == ("Ban Nội chính Tỉnh ủy", m.into)


def test_operator_reviews_then_merges_from_the_page(m, client):
    operator = User.objects.create_superuser("vanhanh@example.vn", "x")
    client.force_login(operator)
    url = reverse("blocs:province_merge", args=[m.into.pk])
    data = {"merged": m.merged.pk, "effective": "01/07/2025", "rename_clashes": "on"}

    review = client.post(url, data)
    assert review.status_code == 200
    assert 'id="merger-plan"' in review.text
    assert "Sở Nội vụ (Quảng Bình)" in review.text
    m.merged.refresh_from_db()
    assert not m.merged.is_merged

    done = client.post(url, data | {"confirm": "1"})
    assert done.status_code == 302
    m.merged.refresh_from_db()
    assert m.merged.merged_into == m.into
    page = client.get(reverse("blocs:province_detail", args=[m.into.pk])).text
    assert "Quảng Bình</a>, từ ngày 01/07/2025" in page
    assert "Sáp nhập tỉnh: Quảng Bình → Quảng Trị" in page  # the change log's entry


def test_page_without_renaming_shows_the_clashes_and_merges_nothing(m, client):
    client.force_login(User.objects.create_superuser("vanhanh@example.vn", "x"))
    url = reverse("blocs:province_merge", args=[m.into.pk])

    response = client.post(url, {"merged": m.merged.pk, "effective": "01/07/2025", "confirm": "1"})

    assert response.status_code == 200
    assert "đơn vị: Sở Nội vụ" in response.text
    m.merged.refresh_from_db()
    assert not m.merged.is_merged


def test_command_shows_the_plan_then_merges(m):
    out = io.StringIO()
    call_command(
        "merge_provinces",
        "--into",
        "quang-tri",
        "--merged",
        "Quảng Bình",
        "--from",
        "01/07/2025",
        stdout=out,
    )
    assert "Nothing changed" in out.getvalue()
    m.merged.refresh_from_db()
    assert not m.merged.is_merged

    with pytest.raises(CommandError, match="Sở Nội vụ"):
        call_command(
            "merge_provinces",
            "--into",
            "quang-tri",
            "--merged",
            "quang-binh",
            "--from",
            "01/07/2025",
            "--yes",
            stdout=out,
        )
    call_command(
        "merge_provinces",
        "--into",
        "quang-tri",
        "--merged",
        "quang-binh",
        "--from",
        "2025-07-01",
        "--yes",
        "--rename-clashes",
        stdout=out,
    )
    m.merged.refresh_from_db()
    assert m.merged.merged_into == m.into


def test_documents_requested_before_move_with_the_province(m):
    report = Report.objects.create(
        kind="bloc_roster",
        subject_id=m.year_2016.pk,
        title="x",
        province=m.merged,
        requested_by=m.old_board,
        inputs_sha256="0" * 64,
    )
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)

    report.refresh_from_db()
    assert report.province == m.into


def test_no_one_is_invited_into_a_merged_province(m, client):
    from accounts import services as accounts

    operator = User.objects.create_superuser("vanhanh@example.vn", "x")
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)

    with pytest.raises(ValidationError, match="hãy mời cán bộ vào Quảng Trị"):
        accounts.invite_user(
            actor=operator,
            province=m.merged,
            email="moi@quangbinh.vn",
            full_name="Nguyễn Văn Mới",
            role="board",
            base_url="http://testserver/",
        )
    client.force_login(operator)
    page = client.get(reverse("accounts:province_list")).text
    assert "(đã sáp nhập vào Quảng Trị từ ngày 01/07/2025)" in page
    assert reverse("accounts:province_invite", args=[m.merged.pk]) not in page
    assert not User.objects.filter(email="moi@quangbinh.vn").exists()
