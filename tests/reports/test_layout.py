"""The page layout of documents, measured on WeasyPrint's boxes (no PDF is written): short rules
that follow the text above them, a date line that never wraps, headings and closings that never
stand alone at the foot or the top of a page."""

import datetime
from collections.abc import Iterator

import pytest
import weasyprint
from django.template.loader import render_to_string
from weasyprint.formatting_structure import boxes

from reports import layout, rendering
from reports.kinds import Document, Letterhead, Signer


def _document(*, place="Trà Vinh", summary="Năm 2020", members=5, blocs=None, style="state"):
    rows = [{"name": f"Đơn vị số {i}", "role": ""} for i in range(1, members + 1)]
    body = {"name": "Khối thi đua số 6", "year": 2020, "head": "Sở A", "deputy": "Sở B"}
    body |= {"overseer": "", "members": rows, "province_kind": "tỉnh", "agency_count": 0}
    if blocs is not None:
        body["blocs"] = blocs
    return Document(
        letterhead=Letterhead(
            issuer="Khối thi đua số 6",
            place=place,
            date=datetime.date(2021, 1, 5),
            parent="UBND tỉnh Trà Vinh",
            number="Số: 05/BB-KTĐ6",
            style=style,
        ),
        doc_type="Danh sách",
        summary=summary,
        title="Danh sách",
        body=body,
        signer=Signer(authority="TM. Khối thi đua số 6", title="Trưởng khối"),
        recipients=("Ban Thi đua - Khen thưởng", "Lưu: VT"),
    )


def _pages(document: Document, template: str = "reports/documents/bloc_roster.html"):
    html = render_to_string(template, {"doc": document})
    laid_out = weasyprint.HTML(
        string=html, url_fetcher=rendering._url_fetcher(), base_url=rendering.STATIC_PREFIX
    ).render()
    return [page._page_box for page in laid_out.pages]


def _with_class(box, name: str) -> Iterator:
    """The block-level boxes (a <p>, a <div>, an inline-block) of the elements of that class."""
    for child in box.descendants():
        element = getattr(child, "element", None)
        block = isinstance(child, boxes.BlockContainerBox) and not isinstance(child, boxes.LineBox)
        if block and element is not None and name in (element.get("class") or "").split():
            yield child


def _text(box) -> str:
    return " ".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)).strip()


@pytest.mark.parametrize("summary", ["Năm 2020", "Các khối thi đua và đơn vị thành viên năm 2020"])
def test_short_rules_are_a_third_to_a_half_of_the_text_above(summary):
    page = _pages(_document(summary=summary))[0]

    titled = list(_with_class(page, "titled"))
    assert len(titled) == 2  # the issuer and the summary
    for box in titled:
        text = max(
            (b for b in box.descendants() if isinstance(b, boxes.LineBox)),
            key=lambda line: sum(
                t.width for t in line.descendants() if isinstance(t, boxes.TextBox)
            ),
        )
        text_width = sum(t.width for t in text.descendants() if isinstance(t, boxes.TextBox))
        rule = next(b for b in _with_class(box, "rule"))
        assert text_width / 3 <= rule.width <= text_width / 2, (_text(box), rule.width, text_width)
        # Centred under it.
        rule_middle = rule.position_x + rule.margin_left + rule.width / 2
        text_middle = box.position_x + box.margin_left + box.width / 2
        assert abs(rule_middle - text_middle) < 1, _text(box)


@pytest.mark.parametrize("style", ["state", "party"])
@pytest.mark.parametrize(
    "place", ["Trà Vinh", "Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế"]
)
def test_the_date_line_never_wraps(place, style):
    page = _pages(_document(place=place, style=style))[0]

    (date_line,) = _with_class(page, "date-line")
    lines = [b for b in date_line.descendants() if isinstance(b, boxes.LineBox)]
    assert len(lines) == 1, _text(date_line)
    assert _text(date_line).replace(" ", "") == f"{place}, ngày 05 tháng 01 năm 2021".replace(
        " ", ""
    )
    right_edge = page.content_box_x() + page.width
    assert max(b.position_x + b.width for b in lines[0].descendants()) <= right_edge + 0.01


def test_a_long_place_shrinks_the_issuers_column_then_the_date_line():
    short = layout.letterhead_columns("Trà Vinh, ngày 05 tháng 01 năm 2021")
    city = layout.letterhead_columns("Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2021")

    assert (short.left_percent, short.date_size_pt) == (43, 14)
    assert city.left_percent < short.left_percent
    assert 13 <= city.date_size_pt <= 14  # NĐ 30/2020: the date line is 13–14 pt
    assert city.date_fits


def _page_texts(pages) -> list[str]:
    return [_text(page) for page in pages]


def test_the_signature_and_nơi_nhận_never_stand_alone_on_a_page():
    pushed = 0
    # Every other size from one page to well into two (without the rule, 18 to 24 members left
    # the closing alone at the top of page 2).
    for members in range(14, 34, 2):
        pages = _page_texts(_pages(_document(members=members)))
        closing = next(i for i, text in enumerate(pages) if "Nơi nhận:" in text)
        before = pages[closing].split("Nơi nhận:")[0]
        assert "Đơn vị số" in before, f"{members} members: the closing is alone on its page"
        pushed += closing > 0
    assert pushed  # the range of sizes does reach a second page


def test_a_blocs_heading_stays_on_the_page_of_its_table():
    reached = 0
    # Without the rule, blocs of 4, 5, 7 or 8 members each left a heading at a page's foot.
    for size in (4, 5, 7, 8):
        blocs = [
            {
                "name": f"Khối thi đua số {number}",
                "head": "Sở A",
                "deputy": "Sở B",
                "overseer": "",
                "members": [{"name": f"Đơn vị số {i}", "role": ""} for i in range(size)],
            }
            for number in range(1, 12)
        ]
        pages = _page_texts(
            _pages(_document(blocs=blocs), template="reports/documents/province_blocs.html")
        )
        reached += len(pages) > 1
        for number, text in enumerate(pages[:-1], start=1):
            last_heading = text.rfind(". Khối thi đua số")
            if last_heading >= 0:
                assert "Đơn vị số" in text[last_heading:], f"size {size}, page {number}"
    assert reached
