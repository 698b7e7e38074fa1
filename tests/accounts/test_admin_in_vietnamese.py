"""The Django admin speaks Vietnamese to operators (its title, Django's and allauth's strings that
ship without a Vietnamese translation), shows one "accounts" section, not two, and only reads the
records whose writes have rules (services and the app's pages write them)."""

import os
import re
from html.parser import HTMLParser

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import TwoFactorAuthenticator
from tests.pledges.conftest import criteria_set, draft_pledge, open_pledge
from tests.pledges.signatures import sign_on_paper
from tests.security.pages import forms_in

__all__ = ["criteria_set", "draft_pledge", "open_pledge"]  # fixtures used here

# Words that give away an English sentence or label (names and codes in the data are not these).
ENGLISH = re.compile(
    r"\b(the|you|your|and|of|to|is|are|will|this|that|with|selected|link|Skip|Toggle|Show|"
    r"Hide|Run|Enabled|Disabled|Password|Authenticators?|Django|Accounts|MFA|Add|Change|View)\b"
)


class _VisibleText(HTMLParser):
    """Text a person reads: text nodes and the labels screen readers and tooltips read."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.texts += [v for k, v in attrs if k in ("title", "aria-label", "placeholder") and v]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.texts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _english(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [text for text in parser.texts if ENGLISH.search(text)]


@pytest.fixture
def admin_client(world, client_for, open_pledge):
    sign_on_paper(open_pledge, world, world.member)
    TwoFactorAuthenticator.objects.create(
        user=world.users["board"], type=TwoFactorAuthenticator.Type.TOTP, data={}
    )
    return client_for("superuser")


def _admin_pages(client) -> list[str]:
    """The index, every app and list page it links to, each list's first record, the add
    pages that exist."""
    index = client.get(reverse("admin:index")).content.decode()
    lists = sorted(set(re.findall(r'href="(/admin/\w+/\w+/)"', index)))
    pages = [reverse("admin:index"), *sorted(set(re.findall(r'href="(/admin/\w+/)"', index)))]
    for url in lists:
        html = client.get(url).content.decode()
        pages.append(url)
        pages += re.findall(rf'href="({re.escape(url)}\d+/change/)"', html)[:1]
        if f'href="{url}add/"' in html:
            pages.append(f"{url}add/")
    return pages


def test_the_admin_has_no_english_left(admin_client):
    found = {}
    for url in _admin_pages(admin_client):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        if english := _english(response.content.decode()):
            found[url] = english
    assert found == {}


def test_the_admin_is_titled_for_the_system_with_distinct_sections(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "Quản trị hệ thống Khối thi đua" in html
    assert "Django" not in html
    sections = re.findall(r'<caption>\s*<a href="/admin/\w+/"[^>]*>([^<]+)</a>', html)
    assert len(sections) == len(set(sections)), sections
    assert "Người dùng và vai trò" in sections
    assert "Địa chỉ đăng nhập" in sections  # allauth's sign-in addresses
    # Two-factor authenticators are among the users', in Vietnamese; groups are not used.
    assert "Thiết bị xác thực hai lớp" in html
    assert reverse("admin:index") + "auth/" not in html


def test_the_calendar_of_date_fields_is_vietnamese(admin_client):
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()

    assert "Ch\\u1ee7 nh\\u1eadt" in catalogue or "Chủ nhật" in catalogue


READ_ONLY = [
    "blocs_agency",
    "blocs_official",
    "blocs_bloc",
    "blocs_blocyear",
    "blocs_membership",
    "pledges_criteriaset",
    "pledges_pledge",
    "core_change",
    "reports_report",
    "account_emailaddress",
]


def _first_pk(model_admin_name: str) -> int:
    from django.apps import apps

    app_label, model_name = model_admin_name.split("_", 1)
    return (
        apps.get_model(app_label, model_name).objects.order_by("pk").values_list("pk", flat=True)[0]
    )


@pytest.mark.parametrize("name", READ_ONLY)
def test_records_whose_writes_have_rules_are_read_only(admin_client, world, name):
    if name == "reports_report":
        from reports import services

        services.request_report("bloc_roster", world.bloc_year.pk, {}, world.users["member"])
    elif name == "account_emailaddress":
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=world.users["member"], email="member@example.vn")
    pk = _first_pk(name)
    change = reverse(f"admin:{name}_change", args=[pk])

    assert admin_client.get(change).status_code == 200  # read
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403
    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.post(reverse(f"admin:{name}_delete", args=[pk])).status_code == 403


def test_provinces_and_users_stay_editable_and_an_authenticator_can_be_reset(admin_client, world):
    province = reverse("admin:blocs_province_change", args=[world.province.pk])
    form = next(
        f for f in forms_in(admin_client.get(province).content.decode()) if "code" in f.values
    )
    data = {**form.values, "emulation_office": "Phòng Thi đua, Khen thưởng"}
    response = admin_client.post(province, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.province.refresh_from_db()
    assert world.province.emulation_office == "Phòng Thi đua, Khen thưởng"

    authenticator = TwoFactorAuthenticator.objects.get()
    url = reverse("admin:accounts_twofactorauthenticator_change", args=[authenticator.pk])
    page = admin_client.get(url).content.decode()
    assert "Ứng dụng xác thực (TOTP)" in page
    assert admin_client.post(url, {}).status_code == 403
    delete = reverse("admin:accounts_twofactorauthenticator_delete", args=[authenticator.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not TwoFactorAuthenticator.objects.exists()


# --- The catalogue of Django's own strings ------------------------------------------------------

DJANGO = os.path.dirname(django.__file__)
OURS = settings.BASE_DIR / "locale" / "django" / "vi" / "LC_MESSAGES"


@pytest.mark.parametrize(
    ("package", "domain"),
    [
        ("contrib/admin", "django"),
        ("contrib/admin", "djangojs"),
        ("contrib/auth", "django"),
        ("contrib/contenttypes", "django"),
    ],
)
def test_what_django_ships_without_vietnamese_is_in_our_catalogue(package, domain):
    """After a Django upgrade, a new untranslated string of the admin fails here: add it to
    locale/django/vi (the French catalogue lists every msgid)."""

    def keys(path: str, translated: bool) -> set:
        entries = polib.pofile(path)
        return {
            (e.msgctxt, e.msgid)
            for e in entries
            if not e.obsolete and (e.translated() or not translated)
        }

    every = keys(f"{DJANGO}/{package}/locale/fr/LC_MESSAGES/{domain}.po", translated=False)
    vietnamese = keys(f"{DJANGO}/{package}/locale/vi/LC_MESSAGES/{domain}.po", translated=True)
    ours = keys(str(OURS / f"{domain}.po"), translated=True)

    assert sorted(every - vietnamese - ours, key=str) == []
