"""Links to pages, reversed once per view and arguments (pages that print many links use
{% link %} from core.templatetags.links, or linker() for a table's rows).

reverse() costs 10 to 25 µs a call (namespace and pattern lookups, quoting); a table of 30 blocs
that links each row's bloc-year, head and deputy pays it about a hundred times per page. Its
result depends only on the view, the arguments, the URLconf and the script prefix, so it is kept
per those four (a few thousand short strings at most).
"""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=20_000)
def _reverse(viewname: str, args: tuple[int | str, ...], urlconf: str, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def link(viewname: str, *args: int | str) -> str:
    """reverse(viewname, args=args), remembered."""
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def linker(viewname: str) -> Callable[..., str]:
    """link() for one view and many arguments (a table's rows): the URLconf and the script
    prefix, read from the request's context at some cost, are read once."""
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    return lambda *args: _reverse(viewname, args, urlconf, prefix)
