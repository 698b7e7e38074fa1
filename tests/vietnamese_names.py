"""Real names in Vietnamese alphabetical order (domain.md, "Vietnamese order" and "Real blocs"),
for the tests of the order of lists, tables and documents."""

import random

# Bình Định, Khối Tham mưu - Tổng hợp, 2018: its members, in Vietnamese order. Code-point order
# puts "Viện…" before "Văn phòng…" and "Văn phòng Hội đồng…" before "Văn phòng Đoàn…".
BINH_DINH = [
    "Ban Dân tộc tỉnh",
    "Liên minh các Hợp tác xã tỉnh",
    "Sở Kế hoạch và Đầu tư",
    "Sở Khoa học và Công nghệ",
    "Sở Ngoại vụ",
    "Sở Nội vụ",
    "Sở Tài nguyên và Môi trường",
    "Văn phòng Đoàn đại biểu Quốc hội tỉnh",
    "Văn phòng Hội đồng nhân dân tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Viện Nghiên cứu phát triển kinh tế - xã hội",
]
BINH_DINH_HEAD = "Sở Khoa học và Công nghệ"

# Quảng Bình, Khối thi đua các ban Đảng: code-point order puts "Ủy ban…" last.
QUANG_BINH = [
    "Ban Dân vận Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
]
QUANG_BINH_HEAD = "Ban Nội chính Tỉnh ủy"

# Numbers in natural order: code-point order says 1, 10, 11, 2.
BLOCS = ["Khối thi đua số 1", "Khối thi đua số 2", "Khối thi đua số 10", "Khối thi đua số 11"]

# People: Đ after D, Ư after U, tones after letters.
PEOPLE = [
    "Dương Văn Cường",
    "Đặng Thị Bích",
    "Đinh Văn An",
    "Lê Công Nhường",
    "Lê Văn Ba",
    "Lê Văn Bà",
    "Ông Ích Khiêm",
    "Uông Thị Mai",
    "Ưng Văn Hòa",
]


def shuffled(names: list[str], seed: int = 7) -> list[str]:
    names = list(names)
    random.Random(seed).shuffle(names)
    return names
