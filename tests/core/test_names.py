"""Names as people type them (core.names): abbreviations, case, spacing, marks, tone placement."""

import unicodedata

import pytest

from core.names import closest, index_by_names, match_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Liên minh các HTX tỉnh", "Liên minh các Hợp tác xã tỉnh"),
        ("VP HĐND tỉnh", "Văn phòng Hội đồng nhân dân tỉnh"),
        ("Văn phòng Đoàn ĐBQH tỉnh", "Văn phòng Đoàn đại biểu Quốc hội tỉnh"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("sở kh & cn", "Sở Khoa học và Công nghệ"),
        ("Sở KHCN", "Sở Khoa học và Công nghệ"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Viện Nghiên cứu phát triển KT-XH", "Viện Nghiên cứu phát triển kinh tế - xã hội"),
        ("Khối Tham mưu – Tổng hợp", "Khối Tham mưu - Tổng hợp"),
        ("  SỞ   XÂY DỰNG ", "Sở Xây dựng"),
        (unicodedata.normalize("NFD", "Sở Văn hóa"), "Sở Văn hóa"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),  # old tone placement
        ("Sở Văn hoá", "Sở Văn hóa"),
        ("VP TU", "Văn phòng Tỉnh ủy"),
    ],
)
def test_names_written_differently_meet(typed, stored):
    assert match_key(typed) == match_key(stored)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sở KH&CN", "Sở KH&ĐT"),
        ("VP HĐND tỉnh", "VP UBND tỉnh"),
        ("Sở Tư pháp", "Sở Tài chính"),
        ("Khối thi đua số 1", "Khối thi đua số 10"),
    ],
)
def test_different_agencies_stay_apart(one, other):
    assert match_key(one) != match_key(other)


def test_the_closest_names_are_offered_best_first():
    names = [
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng Hội đồng nhân dân tỉnh",
        "Sở Tư pháp",
    ]
    index = index_by_names(names, lambda name: name)
    assert closest("Văn phòng UBND thành phố", index)[0] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert "Sở Tư pháp" not in closest("Văn phòng UBND thành phố", index)
    assert closest("Trường Chính trị", index) == []
