"""The PDF engine: a document's HTML to a PDF, with the shipped fonts and nothing from outside.

- Fonts: fontconfig is pointed at a configuration (written to VAR_DIR/fontconfig) that knows
  only static/fonts (Liberation Serif), so no host font can ever end up in a PDF; a character
  these fonts lack prints as a box instead of silently pulling in a host font.
- Resources: documents may load the project's static files (fonts, CSS, images) and nothing
  else: no network, no other file. A missing resource stops the render instead of being
  silently left out. Static files ship with the code, the same on every host; uploaded and
  generated files (STORAGES["default"], perhaps a bucket) are never read from here.
- Text is normalised to Unicode NFC, so decomposed input ("Sở" typed as o + horn + hook)
  still finds the font's precomposed glyphs.
"""

import hashlib
import mimetypes
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.staticfiles import finders

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def use_shipped_fonts() -> None:
    """Point fontconfig at the shipped fonts only. Must run before WeasyPrint (and so fontconfig)
    is first loaded in a process: ReportsConfig.ready() calls it."""
    folder = Path(settings.VAR_DIR) / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    config = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{escape(str(FONTS_DIR))}</dir>"
        f"<cachedir>{escape(str(folder / 'cache'))}</cachedir></fontconfig>\n"
    )
    path = folder / "fonts.conf"
    if not path.exists() or path.read_text() != config:
        # Atomic: the web server and workers may start at the same moment.
        temporary = folder / f"fonts.conf.{os.getpid()}"
        temporary.write_text(config)
        temporary.replace(path)
    os.environ["FONTCONFIG_FILE"] = str(path)


class DocumentResourceError(ValueError):
    """A document asked for a file that is not one of the static files (or does not exist)."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    sha256: str


STATIC_PREFIX = "static:///"


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


@cache
def _url_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        """Serves `static:///fonts/x.ttf` from the static files; refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            from weasyprint.urls import URLFetcherResponse

            parts = urlsplit(url)
            if parts.scheme != "static":
                raise ValueError(f"documents may load only static files, not {url}")
            relative = unquote(parts.path).lstrip("/")
            found = finders.find(relative)
            path = Path(found).resolve() if isinstance(found, str) else None
            if path is None or not any(path.is_relative_to(root) for root in _static_roots()):
                raise ValueError(f"no such static file: {relative}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return StaticFilesOnly(fail_on_errors=True)


def render_pdf(html: str) -> RenderedPdf:
    """Lay out the HTML on A4 pages (its CSS says how) and write the PDF."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    html = unicodedata.normalize("NFC", html)
    try:
        document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_url_fetcher()).render()
    except FatalURLFetchingError as error:  # a BaseException: make it an ordinary failure
        raise DocumentResourceError(f"{error}: {error.__cause__}") from error
    content = document.write_pdf()
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        sha256=hashlib.sha256(content).hexdigest(),
    )
