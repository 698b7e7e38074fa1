"""bench/load.py measures pages against a bare login-required view; that view exists only in
the bench's own URLconf (bench/urls.py), never on the site."""

import pytest
from django.urls import Resolver404, resolve

from bench.urls import BARE_URL

pytestmark = pytest.mark.django_db


def test_the_bare_view_is_not_a_site_url(world, client_for):
    with pytest.raises(Resolver404):
        resolve(BARE_URL)
    assert client_for("board").get(BARE_URL).status_code == 404


def test_the_bench_serves_the_site_urls_and_the_bare_view(world, client_for, settings):
    settings.ROOT_URLCONF = "bench.urls"
    client = client_for("board")
    assert client.get(BARE_URL).status_code == 200
    assert client.get("/khoi/").status_code == 200
