"""Building criteria sets (pledges.services.criteria) and their outline (pledges.selectors)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Change
from core.versioning import StaleEdit
from pledges import selectors
from pledges.models import (
    ChangeAction,
    CriteriaSet,
    Criterion,
    CriterionKind,
    Section,
    SectionKind,
)
from pledges.services import criteria, criteria_sets, signing
from tests.factories import BlocYearFactory

from .signatures import sign_all_on_paper

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def positions(queryset) -> list[tuple[str, int]]:
    return [(str(item), item.position) for item in queryset.order_by("position", "pk")]


@pytest.fixture
def board(world):
    return world.users["board"]


# --- Creating and copying sets -----------------------------------------------------------------


def test_create_empty_set_records_its_creation(world, board):
    cs = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2020, bloc_year=world.bloc_year
    )

    assert cs.bloc_year == world.bloc_year
    assert cs.title == "Bảng điểm thi đua năm 2020 - Khối thi đua số 6"
    assert not cs.is_template
    assert cs.sections.count() == 0
    change = cs.changes.get()
    assert (change.action, change.actor, change.subject) == (ChangeAction.CREATED, board, cs.title)


def test_copy_of_last_years_set_is_independent_of_it(world, board):
    last_year = BlocYearFactory(bloc=world.bloc, year=2019)
    source = criteria_sets.create_criteria_set(
        actor=board, province=world.province, year=2019, bloc_year=last_year
    )
    section = criteria.add_section(source, actor=board, title="Nhiệm vụ", kind=SectionKind.STANDARD)
    criteria.add_criterion(section, actor=board, text="Kế hoạch năm", max_points=Decimal("7.5"))
    criteria.add_criterion(section, actor=board, text="Cải cách hành chính", max_points=Decimal(3))

    assert criteria_sets.previous_set(world.bloc_year) == source
    copy = criteria_sets.create_criteria_set(
        actor=board,
        province=world.province,
        year=2020,
        bloc_year=world.bloc_year,
        copy_from=criteria_sets.previous_set(world.bloc_year),
    )

    assert copy.copied_from == source
    copied = Criterion.objects.filter(section__criteria_set=copy).order_by("position")
    assert [(c.text, c.max_points, c.position) for c in copied] == [
        ("Kế hoạch năm", Decimal("7.50"), 0),
        ("Cải cách hành chính", Decimal("3.00"), 1),
    ]
    change = copy.changes.get()
    assert change.action == ChangeAction.COPIED
    assert change.after == {"source": source.pk, "criteria": 2}

    copied_section = copy.sections.get()
    first = copied.first()
    criteria.update_criterion(first, first.version, actor=board, text="Kế hoạch năm 2020")
    criteria.update_section(
        copied_section, copied_section.version, actor=board, title="Nhiệm vụ 2020", kind="standard"
    )
    criteria.delete_criterion(copied.last(), actor=board)

    assert source.sections.get().title == "Nhiệm vụ"
    assert list(
        Criterion.objects.filter(section__criteria_set=source).values_list("text", flat=True)
    ) == ["Kế hoạch năm", "Cải cách hành chính"]


def test_copy_of_the_province_template(world, board):
    template = criteria_sets.create_criteria_set(actor=board, province=world.province, year=2020)
    assert template.is_template
    assert template.title == "Bảng điểm mẫu năm 2020"
    section = criteria.add_section(template, actor=board, title="Điểm thưởng", kind="adjustment")
    criteria.add_criterion(
        section, actor=board, text="Sáng kiến", max_points=Decimal(1), kind=CriterionKind.BONUS
    )

    assert criteria_sets.template_for(world.province.pk, 2021) == template
    copy = criteria_sets.create_criteria_set(
        actor=board,
        province=world.province,
        year=2020,
        bloc_year=world.bloc_year,
        copy_from=criteria_sets.template_for(world.province.pk, 2020),
    )

    assert copy.bloc_year == world.bloc_year
    assert copy.copied_from == template
    assert [(s.title, s.kind) for s in copy.sections.all()] == [("Điểm thưởng", "adjustment")]
    assert Criterion.objects.get(section__criteria_set=copy).kind == CriterionKind.BONUS


def test_second_set_for_the_same_bloc_year_is_refused(world, board, criteria_set):
    with pytest.raises(ValidationError) as error:
        criteria_sets.create_criteria_set(
            actor=board, province=world.province, year=2020, bloc_year=world.bloc_year
        )

    assert error.value.code == "exists"
    assert "already has a criteria set" in error.value.messages[0]
    assert CriteriaSet.objects.filter(bloc_year=world.bloc_year).count() == 1


def test_copy_from_another_province_is_refused(world, board):
    foreign = criteria_sets.create_criteria_set(
        actor=world.users["foreign_board"], province=world.foreign_province, year=2020
    )

    with pytest.raises(ValidationError):
        criteria_sets.create_criteria_set(
            actor=board,
            province=world.province,
            year=2020,
            bloc_year=world.bloc_year,
            copy_from=foreign,
        )
    assert not CriteriaSet.objects.filter(bloc_year=world.bloc_year).exists()


# --- Sections and criteria --------------------------------------------------------------------


def test_sections_are_added_at_the_end_moved_and_renumbered(board, criteria_set):
    third = criteria.add_section(criteria_set, actor=board, title="Công tác khác", kind="standard")
    assert third.position == 2

    assert criteria.move_section(third, "up", actor=board) is True
    assert positions(criteria_set.sections) == [
        ("Thực hiện nhiệm vụ chính trị", 0),
        ("Công tác khác", 1),
        ("Điểm thưởng, điểm trừ", 2),
    ]
    moved = criteria_set.changes.filter(action=ChangeAction.MOVED).get()
    assert moved.actor == board
    assert "Công tác khác" in moved.subject

    first = criteria_set.sections.get(position=0)
    criteria.delete_section(criteria_set.sections.get(position=1), actor=board)
    assert criteria.move_section(first, "down", actor=board) is True
    assert positions(criteria_set.sections) == [
        ("Điểm thưởng, điểm trừ", 0),
        ("Thực hiện nhiệm vụ chính trị", 1),
    ]


def test_moving_the_first_up_or_the_last_down_changes_nothing(board, criteria_set):
    first, last = criteria_set.sections.order_by("position")
    changes = Change.objects.count()

    assert criteria.move_section(first, "up", actor=board) is False
    assert criteria.move_section(last, "down", actor=board) is False
    first_criterion = first.criteria.get(position=0)
    assert criteria.move_criterion(first_criterion, "up", actor=board) is False

    assert positions(criteria_set.sections) == [
        ("Thực hiện nhiệm vụ chính trị", 0),
        ("Điểm thưởng, điểm trừ", 1),
    ]
    assert Change.objects.count() == changes


def test_criteria_are_moved_and_deleted_with_positions_renumbered(board, criteria_set):
    section = criteria_set.sections.get(position=0)
    third = criteria.add_criterion(
        section, actor=board, text="Chuyển đổi số", max_points=Decimal(2)
    )
    assert third.position == 2

    assert criteria.move_criterion(third, "up", actor=board) is True
    assert positions(section.criteria) == [
        ("Hoàn thành kế hoạch năm", 0),
        ("Chuyển đổi số", 1),
        ("Cải cách hành chính", 2),
    ]

    criteria.delete_criterion(section.criteria.get(position=0), actor=board)
    criteria.move_criterion(section.criteria.get(text="Cải cách hành chính"), "up", actor=board)
    assert positions(section.criteria) == [("Cải cách hành chính", 0), ("Chuyển đổi số", 1)]


def test_deleting_a_section_records_its_criteria(board, criteria_set):
    section = criteria_set.sections.get(position=0)

    criteria.delete_section(section, actor=board)

    assert not Section.objects.filter(pk=section.pk).exists()
    change = criteria_set.changes.get(action=ChangeAction.DELETED)
    assert change.actor == board
    assert change.before["title"] == "Thực hiện nhiệm vụ chính trị"
    assert [c["text"] for c in change.before["criteria"]] == [
        "Hoàn thành kế hoạch năm",
        "Cải cách hành chính",
    ]
    assert change.after is None


def test_edit_records_only_the_changed_fields(board, criteria_set):
    criterion = Criterion.objects.get(text="Cải cách hành chính")

    criteria.update_criterion(
        criterion, criterion.version, actor=board, max_points=criteria.parse_points("4,5")
    )

    change = criteria_set.changes.get(action=ChangeAction.EDITED)
    assert change.actor == board
    assert change.subject == "Criterion “Cải cách hành chính”"
    assert change.before == {"max_points": "4.00"}
    assert change.after == {"max_points": "4.50"}
    criterion.refresh_from_db()
    assert (criterion.max_points, criterion.version) == (Decimal("4.50"), 2)


def test_section_edit_records_the_change(board, criteria_set):
    section = criteria_set.sections.get(position=0)

    criteria.update_section(
        section, section.version, actor=board, title="Nhiệm vụ", kind="standard"
    )

    change = criteria_set.changes.get(action=ChangeAction.EDITED)
    assert change.before == {"title": "Thực hiện nhiệm vụ chính trị"}
    assert change.after == {"title": "Nhiệm vụ"}


def test_saving_without_a_change_records_nothing(board, criteria_set):
    criterion = Criterion.objects.get(text="Cải cách hành chính")

    criteria.update_criterion(criterion, criterion.version, actor=board, text="Cải cách hành chính")

    assert not criteria_set.changes.filter(action=ChangeAction.EDITED).exists()


def test_additions_record_what_was_added(board, criteria_set):
    created = criteria_set.changes.filter(action=ChangeAction.CREATED).order_by("pk")

    # The set, two sections and four criteria, each by the board officer.
    assert created.count() == 7
    assert set(created.values_list("actor", flat=True)) == {board.pk}
    last = created.last()
    assert {**last.after, "max_points": Decimal(last.after["max_points"])} == {
        "text": "Nộp báo cáo trễ",
        "max_points": Decimal(3),
        "kind": "deduction",
        "guidance": "",
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2,5", Decimal("2.50")), ("10", Decimal("10.00")), (" 0.25 ", Decimal("0.25")), (3, 3)],
)
def test_parse_points_reads_typed_numbers(typed, expected):
    assert criteria.parse_points(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("-1", "not_positive"),
        ("0", "not_positive"),
        ("abc", "not_number"),
        ("", "not_number"),
        ("1.234", "decimals"),
        ("NaN", "not_positive"),
        ("10001", "too_big"),
    ],
)
def test_parse_points_refuses_what_is_not_a_maximum(typed, code):
    with pytest.raises(ValidationError) as error:
        criteria.parse_points(typed)

    assert error.value.code == code
    assert error.value.messages[0].startswith("The maximum")


def test_bonus_criterion_in_a_standard_section_is_refused(board, criteria_set):
    section = criteria_set.sections.get(kind=SectionKind.STANDARD)

    with pytest.raises(ValidationError) as error:
        criteria.add_criterion(
            section, actor=board, text="Thưởng", max_points=Decimal(1), kind=CriterionKind.BONUS
        )

    assert error.value.code == "kind_not_in_section"
    assert "section of scored criteria" in error.value.messages[0]
    assert section.criteria.count() == 2


def test_standard_criterion_in_an_adjustment_section_is_refused(board, criteria_set):
    section = criteria_set.sections.get(kind=SectionKind.ADJUSTMENT)
    bonus = section.criteria.get(kind=CriterionKind.BONUS)

    with pytest.raises(ValidationError):
        criteria.add_criterion(section, actor=board, text="Chuẩn", max_points=Decimal(1))
    with pytest.raises(ValidationError) as error:
        criteria.update_criterion(bonus, bonus.version, actor=board, kind=CriterionKind.STANDARD)

    assert error.value.code == "kind_not_in_section"
    bonus.refresh_from_db()
    assert bonus.kind == CriterionKind.BONUS
    assert section.criteria.count() == 2


def test_section_kind_cannot_change_under_its_criteria(board, criteria_set):
    section = criteria_set.sections.get(kind=SectionKind.STANDARD)

    with pytest.raises(ValidationError) as error:
        criteria.update_section(
            section, section.version, actor=board, title=section.title, kind=SectionKind.ADJUSTMENT
        )

    assert error.value.code == "kind_not_in_section"
    section.refresh_from_db()
    assert section.kind == SectionKind.STANDARD


def test_empty_section_can_change_kind(board, criteria_set):
    section = criteria.add_section(criteria_set, actor=board, title="Khác", kind="standard")

    criteria.update_section(section, section.version, actor=board, title="Khác", kind="adjustment")

    section.refresh_from_db()
    assert section.kind == SectionKind.ADJUSTMENT


def test_stale_edits_are_refused_and_save_nothing(board, criteria_set):
    section = criteria_set.sections.get(position=0)
    criterion = section.criteria.get(position=0)
    read_section, read_criterion = section.version, criterion.version
    criteria.update_section(section, read_section, actor=board, title="Mới", kind="standard")
    criteria.update_criterion(criterion, read_criterion, actor=board, text="Mới")
    changes = Change.objects.count()

    with pytest.raises(StaleEdit):
        criteria.update_section(
            Section.objects.get(pk=section.pk),
            read_section,
            actor=board,
            title="Cũ",
            kind="standard",
        )
    with pytest.raises(StaleEdit):
        criteria.update_criterion(
            Criterion.objects.get(pk=criterion.pk), read_criterion, actor=board, text="Cũ"
        )

    section.refresh_from_db()
    criterion.refresh_from_db()
    assert (section.title, section.version) == ("Mới", 2)
    assert (criterion.text, criterion.version) == ("Mới", 2)
    assert Change.objects.count() == changes


def test_replace_contents_swaps_everything_in_one_change(board, criteria_set):
    criteria_sets.replace_contents(
        criteria_set,
        [
            criteria_sets.SectionRows(
                "Nhiệm vụ",
                "standard",
                [criteria_sets.CriterionRow("A", Decimal(5), "standard")],
            ),
            criteria_sets.SectionRows("Trống", "standard"),
        ],
        actor=board,
        source="bang-diem.xlsx",
    )

    assert positions(criteria_set.sections) == [("Nhiệm vụ", 0), ("Trống", 1)]
    assert list(
        Criterion.objects.filter(section__criteria_set=criteria_set).values_list("text", flat=True)
    ) == ["A"]
    change = criteria_set.changes.get(action=ChangeAction.IMPORTED)
    assert change.subject == "bang-diem.xlsx"
    assert (change.before, change.after) == ({"criteria": 4}, {"sections": 2, "criteria": 1})


# --- Locked while a pledge is open or in force ------------------------------------------------


def every_write(criteria_set, user):
    section = criteria_set.sections.get(position=0)
    criterion = section.criteria.get(position=1)
    # In an order where each write still finds what it works on.
    return {
        "add_section": lambda: criteria.add_section(
            criteria_set, actor=user, title="Mới", kind="standard"
        ),
        "update_section": lambda: criteria.update_section(
            section, section.version, actor=user, title="Mới", kind="standard"
        ),
        "move_section": lambda: criteria.move_section(section, "down", actor=user),
        "add_criterion": lambda: criteria.add_criterion(
            section, actor=user, text="Mới", max_points=Decimal(1)
        ),
        "update_criterion": lambda: criteria.update_criterion(
            criterion, criterion.version, actor=user, text="Mới"
        ),
        "move_criterion": lambda: criteria.move_criterion(criterion, "up", actor=user),
        "delete_criterion": lambda: criteria.delete_criterion(criterion, actor=user),
        "delete_section": lambda: criteria.delete_section(section, actor=user),
        "replace_contents": lambda: criteria_sets.replace_contents(criteria_set, [], actor=user),
    }


@pytest.mark.parametrize("who", ["member", "overseer", "foreign_board", "no_role"])
def test_every_write_checks_its_actor(world, criteria_set, who):
    """The services check who acts (not only the views): a reader changes nothing."""
    before, changes = selectors.outline(criteria_set), criteria_set.changes.count()

    for name, write in every_write(criteria_set, world.users[who]).items():
        with pytest.raises(PermissionDenied):
            write()
        assert criteria_set.changes.count() == changes, name

    assert len(selectors.outline(criteria_set).sections) == len(before.sections)


def test_only_the_bloc_year_runners_start_its_set_and_only_the_board_a_template(world):
    bloc_year, province = world.bloc_year, world.province
    with pytest.raises(PermissionDenied):
        criteria_sets.create_criteria_set(
            actor=world.users["member"], province=province, year=2020, bloc_year=bloc_year
        )
    with pytest.raises(PermissionDenied):
        criteria_sets.create_criteria_set(
            actor=world.users["secretariat"], province=province, year=2021
        )
    with pytest.raises(PermissionDenied):
        criteria_sets.create_criteria_set(
            actor=world.users["foreign_board"], province=province, year=2021
        )
    assert not CriteriaSet.objects.exists()

    criteria_sets.create_criteria_set(
        actor=world.users["secretariat"], province=province, year=2020, bloc_year=bloc_year
    )


@pytest.mark.parametrize("status", ["open", "in_force"])
def test_set_of_an_open_or_in_force_pledge_refuses_every_write(
    world, board, criteria_set, open_pledge, status
):
    if status == "in_force":
        sign_all_on_paper(open_pledge, world)
        open_pledge.refresh_from_db()
        assert open_pledge.status == "in_force"
    before = selectors.outline(criteria_set)
    changes = Change.objects.count()

    for name, write in every_write(criteria_set, board).items():
        with pytest.raises(ValidationError) as error:
            write()
        assert error.value.code == "locked", name
        assert "withdraw" in error.value.messages[0]

    after = selectors.outline(criteria_set)
    assert [(s.section.title, [c.text for c in s.criteria]) for s in after.sections] == [
        (s.section.title, [c.text for c in s.criteria]) for s in before.sections
    ]
    assert Change.objects.count() == changes


def test_set_is_editable_again_after_withdrawal(world, board, criteria_set, open_pledge):
    draft = signing.withdraw(open_pledge, actor=world.users["secretariat"], reason="Sửa bảng điểm")
    assert draft.criteria_set == criteria_set

    for name, write in every_write(criteria_set, board).items():
        changes = criteria_set.changes.count()
        write()  # none raises
        assert criteria_set.changes.count() == changes + 1, name

    assert list(criteria_set.sections.values_list("title", flat=True)) == []


def test_draft_pledge_leaves_its_set_editable(board, criteria_set, draft_pledge):
    criteria.add_section(criteria_set, actor=board, title="Mới", kind="standard")

    assert criteria_set.sections.count() == 3


# --- Outline totals ----------------------------------------------------------------------------


def test_outline_totals_per_section_and_for_the_set(criteria_set):
    outline = selectors.outline(criteria_set)

    standard, adjustment = outline.sections
    assert (standard.number, adjustment.number) == ("I", "II")
    assert [c.text for c in standard.criteria] == ["Hoàn thành kế hoạch năm", "Cải cách hành chính"]
    assert (standard.totals.standard, standard.totals.bonus, standard.totals.deduction) == (
        Decimal(10),
        0,
        0,
    )
    assert (adjustment.totals.standard, adjustment.totals.bonus) == (0, Decimal(2))
    assert adjustment.totals.deduction == Decimal(3)
    totals = outline.totals
    assert (totals.standard, totals.bonus, totals.deduction, totals.count) == (
        Decimal(10),
        Decimal(2),
        Decimal(3),
        4,
    )


def test_outline_of_an_empty_set(board, world):
    cs = criteria_sets.create_criteria_set(actor=board, province=world.province, year=2020)

    outline = selectors.outline(cs)

    assert outline.sections == []
    assert (outline.totals.standard, outline.totals.count) == (0, 0)
