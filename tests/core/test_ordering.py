"""Vietnamese alphabetical order (domain.md, "Vietnamese order"): one key for every list."""

import unicodedata

import pytest

from core.ordering import vn_sort_key, vn_sorted
from tests.vietnamese_names import BINH_DINH, BLOCS, PEOPLE, QUANG_BINH, shuffled


@pytest.mark.parametrize("names", [BINH_DINH, QUANG_BINH, BLOCS, PEOPLE])
def test_real_names_sort_in_vietnamese_order(names):
    assert vn_sorted(shuffled(names), str) == names
    assert sorted(shuffled(names), key=vn_sort_key) == names


def test_code_point_order_is_what_went_wrong():
    """The faults issue 11 names, which plain sorting makes."""
    assert sorted(BINH_DINH).index("Viện Nghiên cứu phát triển kinh tế - xã hội") < sorted(
        BINH_DINH
    ).index("Văn phòng Đoàn đại biểu Quốc hội tỉnh")
    assert sorted(QUANG_BINH)[-1] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert sorted(BLOCS) == ["Khối thi đua số 1", "Khối thi đua số 10", "Khối thi đua số 11",
                             "Khối thi đua số 2"]  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Dương", "Đặng"),  # đ is a letter of its own, after d
        ("Dz", "Đa"),
        ("Uông", "Ưng"),  # ư after u
        ("Uz", "Ưa"),
        ("Az", "Ăa"),  # a ă â
        ("Ăz", "Âa"),
        ("Ez", "Êa"),  # e ê
        ("Oz", "Ôa"),  # o ô ơ
        ("Ôz", "Ơa"),
        ("Ơz", "Pa"),
        ("Ban", "Ban Dân tộc"),  # a shorter name first
        ("Sở 9", "Sở A"),  # numbers before letters
        ("Khối 9", "Khối 10"),
        ("Khối 2 a", "Khối 10"),
        ("Khối thi đua số 6", "Khối thi đua số 06a"),
    ],
)
def test_letters_by_the_vietnamese_alphabet(before, after):
    assert vn_sort_key(before) < vn_sort_key(after)


def test_tones_come_second():
    tones = ["a", "à", "á", "ả", "ã", "ạ"]
    assert vn_sorted(shuffled(tones), str) == tones
    assert vn_sorted(["ma", "mà", "má", "mả", "mã", "mạ"][::-1], str) == [
        "ma", "mà", "má", "mả", "mã", "mạ"
    ]  # fmt: skip
    # Letters decide before tones: "bà" < "ba" + anything, and "Hòa" < "Hoan".
    assert vn_sort_key("bà") < vn_sort_key("bac")
    assert vn_sort_key("Hòa Bình") < vn_sort_key("Hoa Binh Nam")
    assert vn_sort_key("Hoa Bình") > vn_sort_key("Hoa Binh")
    # The first syllable's tone decides before the next one's.
    assert vn_sort_key("Lê Ánh") > vn_sort_key("Le Ảnh")


def test_case_and_normalisation_do_not_matter():
    for name in [*BINH_DINH, *QUANG_BINH, "ĐẢNG ỦY KHỐI"]:
        key = vn_sort_key(name)
        assert vn_sort_key(unicodedata.normalize("NFD", name)) == key
        assert vn_sort_key(name.upper()) == key
        assert vn_sort_key(name.lower()) == key
        assert vn_sort_key(f"  {name} ") == key


def test_the_same_word_with_its_tone_placed_old_or_new_style_sorts_alike():
    """ "Hòa"/"Hoà" and "Ủy"/"Uỷ" are spelled both ways: they sort together (between "Hoa…" and
    "Hoan…"), told apart only when all else is equal."""
    names = vn_sorted(["Hoàn", "Hoà Bình", "Hòa An", "Hòa Bình", "Hoa Bình"], str)
    assert names[0] == "Hòa An"  # letters first: "hoa an" < "hoa binh"
    assert names[1] == "Hoa Bình"
    assert set(names[2:4]) == {"Hoà Bình", "Hòa Bình"}
    assert names[4] == "Hoàn"
    assert vn_sort_key("Uỷ ban") != vn_sort_key("Ủy ban")
    assert vn_sort_key("Uỷ ban")[:8] == vn_sort_key("Ủy ban")[:8]


def test_different_names_never_tie():
    names = ["Sở KH&CN", "Sở KH-CN", "Sở KH CN", "Khối 2", "Khối 02", "Hòa", "Hoà", "Café", "Cafe"]
    assert len({vn_sort_key(name) for name in names}) == len(names)


def test_punctuation_separates_words():
    assert (
        vn_sort_key("Khối Tham mưu - Tổng hợp")[:20] == vn_sort_key("Khối Tham mưu Tổng hợp")[:20]
    )
    assert vn_sort_key("Sở KH&CN") < vn_sort_key("Sở KHCN")


def test_the_key_uses_only_characters_every_collation_orders_alike():
    for name in [*BINH_DINH, *QUANG_BINH, *BLOCS, "Ω, Привет; 中文 №5 ð", ""]:
        key = vn_sort_key(name)
        assert key == key.lower()
        assert set(key) <= set("0123456789abcdefghijklmnopqrstuvwxyz")


def test_empty_and_missing_names_sort_first():
    assert vn_sort_key(None) == vn_sort_key("") < vn_sort_key("1") < vn_sort_key("a")


def test_spaces_around_punctuation_tell_names_apart_but_one_space_is_nothing():
    assert vn_sort_key("Sở KH&CN") != vn_sort_key("Sở KH & CN")
    assert vn_sort_key("Sở KH&CN")[:6] == vn_sort_key("Sở KH & CN")[:6]
    # The full stop adds its code point (4 characters) at the end; the single spaces add nothing.
    assert vn_sort_key("Sở Nội vụ.") == vn_sort_key("Sở Nội vụ") + "001a"
