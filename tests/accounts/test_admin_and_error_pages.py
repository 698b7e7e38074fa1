"""The operators' admin for accounts, and the error pages (403, 404, 500) in Vietnamese."""

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse


def test_operators_list_search_and_filter_users_in_the_admin(world, client_for):
    client = client_for("superuser")
    url = reverse("admin:accounts_user_changelist")

    everyone = client.get(url)
    found = client.get(url, {"q": "thanh tra"})  # the member's agency
    overseers = client.get(url, {"role__exact": "overseer"})

    assert everyone.status_code == 200
    assert "foreign@example.vn" in everyone.content.decode()
    assert [u.email for u in found.context["cl"].result_list] == ["member@example.vn"]
    assert [u.email for u in overseers.context["cl"].result_list] == ["overseer@example.vn"]


def test_operators_create_and_edit_users_by_email_in_the_admin(world, client_for):
    client = client_for("superuser")
    member = world.users["member"]

    change = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    add = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Van.Hanh@Example.vn",
            "full_name": "Vận Hành",
            "usable_password": "false",
        },
    )

    html = change.content.decode()
    assert change.status_code == 200
    for field in ("email", "role", "province", "agency", "official", "can_sign"):
        assert f'name="{field}"' in html
    assert 'name="username"' not in html
    assert add.status_code == 302
    assert world.users["member"].__class__.objects.filter(email="van.hanh@example.vn").exists()


def test_the_404_page_is_vietnamese_and_leads_back_to_the_overview(world, client_for):
    response = client_for("member").get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert f'href="{reverse("blocs:dashboard")}"' in html


def test_the_403_page_is_vietnamese_and_leads_back_to_the_overview(world, client_for):
    response = client_for("member").get(reverse("accounts:user_list"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in html
    assert "Về trang tổng quan" in html


def test_the_500_page_renders_without_a_request(db):
    html = render_to_string("500.html")

    assert "Lỗi máy chủ" in html
    assert 'href="/"' in html
    assert "/static/css/app.css" in html


def test_an_unexpected_error_answers_with_the_500_page(world, settings):
    settings.ROOT_URLCONF = "tests.accounts.broken_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/hong/")

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()
