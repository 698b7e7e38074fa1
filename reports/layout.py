"""Measurements the decree 30 layout needs before WeasyPrint lays the page out.

The date line ("Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2021") must stay on one line
(domain.md, "Documents"): its width is measured with the shipped font's advance widths, and the
letterhead's right column is widened (the left one shrinks), then, for a very long place name,
the date line's font made smaller, so that it fits. HTML tables cannot do this alone: with fixed
column widths the line would overflow, and automatic widths lay out every row first.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
FACES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}

# The text width of an A4 page with margins of 30 mm (left) and 15 mm (right), in points.
TEXT_WIDTH_PT = (210 - 30 - 15) / 25.4 * 72
RIGHT_COLUMN = 0.57  # of the text width: what the Quốc hiệu needs with room to spare
WIDEST_RIGHT_COLUMN = 0.65  # the issuer's column keeps 35 % (58 mm)
DATE_SIZE_PT = 14.0
SMALLEST_DATE_SIZE_PT = 12.0
SLACK_PT = 6.0  # rounding, kerning and the cell's own spacing


@cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / FACES[bold, italic], lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0] / units


def text_width(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of one line of `text` (NFC) in points, without kerning."""
    widths, missing = _advances(bold, italic)
    return size_pt * sum(widths.get(ord(char), missing) for char in text)


@dataclass(frozen=True)
class LetterheadColumns:
    left_percent: float
    right_percent: float
    date_size_pt: float
    date_fits: bool  # False only for a place name too long for any column: it may then wrap

    # As CSS, never localised ("43%", not "43,0%").
    @property
    def left_css(self) -> str:
        return f"{self.left_percent:g}%"

    @property
    def right_css(self) -> str:
        return f"{self.right_percent:g}%"

    @property
    def date_size_css(self) -> str:
        return f"{self.date_size_pt:g}pt"


def letterhead_columns(date_line: str) -> LetterheadColumns:
    needed = text_width(date_line, DATE_SIZE_PT, italic=True) + SLACK_PT
    right = max(RIGHT_COLUMN, min(needed / TEXT_WIDTH_PT, WIDEST_RIGHT_COLUMN))
    available = right * TEXT_WIDTH_PT
    size = DATE_SIZE_PT
    if needed > available:
        # Half points, rounded down: the line must fit.
        size = max(SMALLEST_DATE_SIZE_PT, int(2 * DATE_SIZE_PT * available / needed) / 2)
    fits = text_width(date_line, size, italic=True) + SLACK_PT <= available
    return LetterheadColumns(
        left_percent=round(100 * (1 - right), 2),
        right_percent=round(100 * right, 2),
        date_size_pt=size,
        date_fits=fits,
    )
