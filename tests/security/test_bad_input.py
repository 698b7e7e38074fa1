"""Hostile input on every URL of the app: never a 500, and outsiders still get 404 first.

For every URL of the access matrix (test_access_matrix.EXPECTED), as a role that may use it and as
an outsider:
- the query parameters the pages read (?nam=, ?q=, ?trang=…), with and without htmx, set to
  hostile values: a NUL byte (PostgreSQL refuses it in text), years out of range, a number of 30
  digits, full-width digits, markup, very long text;
- numbers in the path beyond any column's range (Django's <int:> took any number of digits);
- every field of the page's own forms, one at a time, set to those values while the other fields
  carry what a browser would send; POST-only URLs get the fields their buttons send.

A refused value is a form error, a message or a 400; what an outsider may not see stays a 404
whatever the parameters say. Run it on PostgreSQL too (DATABASE_URL): SQLite accepts a NUL byte
and numbers that PostgreSQL refuses.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from blocs.models import BlocYear
from reports.models import Report
from tests.conftest import ROLES
from tests.security.pages import forms_in
from tests.security.test_access_matrix import EXPECTED, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT

BAD_REQUEST = 400

NUL = "20\x0020"
HOSTILE = (
    NUL,
    "-1",
    "3000",
    "9" * 30,
    "２０２０",  # full-width digits: Python's int() reads them as 2020
    "<b>'\"&",
    "x" * 5000,
    "𝕏😀\u202e",
)

# What the pages read from the query string.
QUERY_PARAMETERS = ("nam", "q", "trang", "loai", "vai-tro", "trang-thai", "year", "next")

PATH_NUMBERS = (0, 2**31, 2**63, 10**30)
PATH_YEARS = (1999, 3000, 32768, 99999)

# The fields a POST-only URL's button sends (it has no page of its own to read them from).
POST_ONLY_FIELDS = {
    "blocs:start_year_for_province": {"year": "2021"},
    "blocs:import_agencies_confirm": {"token": "x"},
    "blocs:import_memberships_confirm": {"token": "x"},
    "accounts:user_reactivate": {},
    "accounts:user_resend_invitation": {},
    "pledges:section_add": {"title": "Phần mới", "kind": "standard"},
    "pledges:criteria_import_confirm": {"token": "x"},
    "pledges:section_move": {"direction": "up"},
    "pledges:criterion_move": {"direction": "up"},
    "pledges:pledge_create": {},
    "reports:request": {"year": "2020"},
    "meetings:guest_remove": {},
    "meetings:guest_move": {"direction": "up"},
}

# POST-only URLs about one object of province A: the foreign board gets 404 whatever it posts.
POST_ONLY_ABOUT_AN_OBJECT = {
    "accounts:user_reactivate",
    "accounts:user_resend_invitation",
    "pledges:section_add",
    "pledges:criteria_import_confirm",
    "pledges:section_move",
    "pledges:criterion_move",
    "pledges:pledge_create",
    "reports:request",
    "meetings:guest_remove",
    "meetings:guest_move",
}

# The role that uses each page, in this order of preference.
INSIDERS = ("board", "secretariat", "member", "superuser")

NAMES = sorted(EXPECTED)


def _insider(statuses: tuple[int, ...]) -> str:
    by_role = dict(zip(ROLES, statuses, strict=True))
    return next(role for role in INSIDERS if by_role[role] in (OK, REDIRECT, NOT_ALLOWED))


def _outsider(name: str, statuses: tuple[int, ...]) -> str | None:
    """A role for whom the URL's object does not exist (404), if there is one."""
    if name in POST_ONLY_ABOUT_AN_OBJECT:
        return "foreign_board"
    by_role = dict(zip(ROLES, statuses, strict=True))
    return next((role for role in ROLES if by_role[role] == NOT_FOUND), None)


def _no_error(status: int, value: str) -> bool:
    """Anything but a server error; a NUL byte may be refused outright (400)."""
    return status < 500 and (status != BAD_REQUEST or value == NUL)


def _as_outsider(status: int, value: str, usual: int) -> bool:
    """The outsider's usual answer whatever the value. A NUL byte is refused (400) before
    anything is looked up, the same on every URL, so that answer tells nothing either."""
    return status == usual or (value == NUL and status == BAD_REQUEST)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_query_parameters(name, world, client_for):
    build, statuses = EXPECTED[name]
    url = reverse(name, kwargs=build(world))
    insider, outsider = _insider(statuses), _outsider(name, statuses)
    client = client_for(insider)
    for value in HOSTILE:
        query = dict.fromkeys(QUERY_PARAMETERS, value)
        for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
            status = client.get(url, query, **htmx).status_code
            assert _no_error(status, value), (insider, url, value[:20], status)
    if outsider and name not in POST_ONLY_ABOUT_AN_OBJECT:
        client = client_for(outsider)
        for value in HOSTILE:
            status = client.get(url, dict.fromkeys(QUERY_PARAMETERS, value)).status_code
            assert _as_outsider(status, value, NOT_FOUND), (outsider, url, value[:20], status)


def _path(route: str, values: dict) -> str:
    """The route ("khoi/<id:pk>/<year:year>/") with these values, unchecked by its converters."""
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(values[m.group(1)]), route)


@pytest.mark.parametrize("name", NAMES)
def test_numbers_beyond_range_in_the_path(name, world, client_for):
    build, statuses = EXPECTED[name]
    kwargs = build(world)
    numbers = [key for key, value in kwargs.items() if isinstance(value, int)]
    if not numbers:
        pytest.skip("no number in this URL")
    route = resolve(reverse(name, kwargs=kwargs)).route
    client = client_for(_insider(statuses))
    # A POST-only URL may answer a GET 405 before it looks anything up: that tells nothing.
    expected_get = {NOT_FOUND, NOT_ALLOWED} if NOT_ALLOWED in statuses else {NOT_FOUND}
    for key in numbers:
        for value in PATH_NUMBERS + (PATH_YEARS if key == "year" else ()):
            url = _path(route, {**kwargs, key: value})
            assert client.get(url).status_code in expected_get, url
            assert client.post(url).status_code in (NOT_FOUND, NOT_ALLOWED), url


def _forms(name: str, url: str, client) -> list[tuple[dict, list[str]]]:
    """(values, file fields) of each form that the page posts to itself."""
    if name in POST_ONLY_FIELDS:
        return [(dict(POST_ONLY_FIELDS[name]), [])]
    response = client.get(url)
    if response.status_code != OK or "html" not in response.get("Content-Type", ""):
        return []
    return [
        (form.values, form.files)
        for form in forms_in(response.content.decode())
        if form.method == "post" and form.action in ("", url)
    ]


def _file(value: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("tep.pdf", b"%PDF-1.4\n" + value.encode(), "application/pdf")


@pytest.mark.parametrize("name", NAMES)
def test_hostile_form_fields(name, world, client_for):
    build, statuses = EXPECTED[name]
    url = reverse(name, kwargs=build(world))
    insider = _insider(statuses)
    client = client_for(insider)
    for values, files in _forms(name, url, client):
        fields = [field for field in values if field != "csrfmiddlewaretoken"] or ["x"]
        for field in fields:
            for value in HOSTILE:
                data = {**values, field: value, **{f: _file(value) for f in files}}
                status = client.post(url, data).status_code
                assert _no_error(status, value), (insider, url, field, value[:20], status)
    outsider = _outsider(name, statuses)
    if outsider is None:
        return
    client = client_for(outsider)
    names = {*QUERY_PARAMETERS, *POST_ONLY_FIELDS.get(name, {}), "name", "title", "agency"}
    for value in HOSTILE:
        status = client.post(url, dict.fromkeys(names, value)).status_code
        # A page that is never posted to answers 405 to anyone, which tells nothing either.
        assert _as_outsider(status, value, NOT_FOUND) or status == NOT_ALLOWED, (url, value[:20])


@pytest.mark.parametrize("year", ["3000", "99999", "1999", "-1", "9" * 30, "x" * 5000])
def test_opening_a_year_out_of_range_for_the_province_says_so(world, client_for, year):
    """Year 3000 reached the database's check (a 500), 99999 its smallint range."""
    response = client_for("board").post(
        reverse("blocs:start_year_for_province"), {"year": year}, follow=True
    )

    assert response.status_code == OK
    assert "Hãy chọn một năm từ 2000 đến 2100." in response.content.decode()
    assert not BlocYear.objects.exclude(year=2020).exists()


@pytest.mark.parametrize("url_name", ["blocs:agency_list", "accounts:user_list"])
def test_a_nul_byte_in_a_search_is_refused(world, client_for, url_name):
    """PostgreSQL refuses NUL in text: the search was a 500 there."""
    client = client_for("board")

    assert client.get(reverse(url_name), {"q": "Sở\x00"}).status_code == BAD_REQUEST
    assert client.get(reverse(url_name), {"q": "Sở"}).status_code == OK


def test_the_province_list_refuses_years_out_of_range(world, client_for):
    """The document came out as "Danh sách khối thi đua năm -1"."""
    url = reverse("reports:request", kwargs={"kind": "province_blocs", "pk": world.province.pk})
    client = client_for("board")
    for value in ("-1", "0", "1999", "3000", "9" * 30, "x" * 5000, ""):
        response = client.post(url, {"year": value}, HTTP_HX_REQUEST="true")
        assert response.status_code == OK
        assert "Hãy chọn một năm từ 2000 đến 2100." in response.content.decode()
    assert not Report.objects.exists()

    response = client.post(url, {"year": "2020"}, HTTP_HX_REQUEST="true")
    assert Report.objects.get().params == {"year": 2020}


def test_outsiders_get_404_for_a_document_whatever_its_parameters(world, client_for):
    url = reverse("reports:request", kwargs={"kind": "province_blocs", "pk": world.province.pk})
    for value in ("-1", "9" * 30, "", "2020"):
        assert client_for("foreign_board").post(url, {"year": value}).status_code == NOT_FOUND
        assert client_for("member").post(url, {"year": value}).status_code == 403
    assert not Report.objects.exists()


def test_a_nul_byte_in_a_cookie_or_a_header_is_refused(world, client):
    """A session cookie with a NUL byte reached PostgreSQL's session table: 500."""
    client.force_login(world.users["board"])
    session = client.cookies["sessionid"].value
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == BAD_REQUEST
    client.cookies["sessionid"] = session
    assert client.get("/", HTTP_USER_AGENT="Mozilla\x00").status_code == BAD_REQUEST
    assert client.get("/").status_code == OK


# allauth's pages and the admin: not ours, but served by us.
ACCOUNT_PAGES = (
    "/tai-khoan/login/",
    "/tai-khoan/password/reset/",
    "/tai-khoan/password/reset/key/zzzzzzzzzzzzz-abc/",  # a user id beyond any column
    "/tai-khoan/password/reset/key/" + "1" * 40 + "-" + "x" * 3000 + "/",
    "/tai-khoan/2fa/authenticate/",
    "/tai-khoan/confirm-email/" + "x" * 3000 + "/",
)
ADMIN_LISTS = (
    "/admin/accounts/user/",
    "/admin/blocs/agency/",
    "/admin/blocs/blocyear/",
    "/admin/pledges/pledge/",
    "/admin/reports/report/",
)


def test_account_pages_take_hostile_input(world, client):
    for url in ACCOUNT_PAGES:
        page = client.get(url, {"next": "x" * 5000})
        assert page.status_code < 500, url
        forms = forms_in(page.content.decode()) if page.status_code == OK else []
        for form in forms:
            for field in form.values:
                for value in HOSTILE:
                    status = client.post(url, {**form.values, field: value}).status_code
                    assert _no_error(status, value), (url, field, value[:20], status)


def test_the_admin_takes_hostile_input(world, client_for):
    client = client_for("superuser")
    for url in ADMIN_LISTS:
        for value in HOSTILE:
            query = dict.fromkeys(("q", "o", "p", "e", "province__id__exact", "year"), value)
            assert _no_error(client.get(url, query).status_code, value), (url, value[:20])
        for object_id in ("0", "-1", "9" * 30, str(2**63), "abc", "x" * 3000):
            for page in ("change", "delete", "history"):
                assert client.get(f"{url}{object_id}/{page}/").status_code < 500, url
