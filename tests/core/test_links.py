"""core.links: reverse() remembered per view, arguments, URLconf and script prefix."""

from unittest import mock

import pytest
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core import links


def test_link_is_reverse():
    assert links.link("blocs:agency_detail", 7) == reverse("blocs:agency_detail", args=[7])
    assert links.link("blocs:bloc_year_detail", 3, 2020) == "/khoi/3/2020/"
    assert links.linker("blocs:bloc_year_detail")(3, 2020) == "/khoi/3/2020/"


def test_link_reverses_each_view_and_arguments_once():
    links._reverse.cache_clear()
    with mock.patch("core.links.reverse", wraps=reverse) as counted:
        for _ in range(3):
            links.link("blocs:agency_detail", 8)
            links.linker("blocs:agency_detail")(8)
        links.link("blocs:agency_detail", 9)
    assert counted.call_count == 2


def test_link_follows_the_script_prefix():
    """A site served under a path (SCRIPT_NAME) gets its own links, not another prefix's."""
    assert links.link("blocs:agency_detail", 5) == "/don-vi/5/"
    set_script_prefix("/thi-dua/")
    try:
        assert links.link("blocs:agency_detail", 5) == "/thi-dua/don-vi/5/"
    finally:
        clear_script_prefix()
    assert links.link("blocs:agency_detail", 5) == "/don-vi/5/"


def test_link_tag_prints_the_link():
    template = engines["django"].from_string("{% load links %}{% link 'blocs:agency_detail' 4 %}")
    assert template.render({}) == "/don-vi/4/"


@pytest.mark.parametrize("debug", [False, True])
def test_templates_are_compiled_once_per_process(settings, debug):
    """The cached loader (Django's default without explicit loaders): a page's templates are
    parsed once, not on every request."""
    settings.DEBUG = debug
    assert isinstance(engines["django"].engine.template_loaders[0], CachedLoader)
