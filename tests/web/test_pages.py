"""Every persona opens every page of its menu: no 404, no 500, nothing left in English."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from phongthu.web.navigation import menu_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "office",
    "unit_head",
    "other_staff",
    "director",
    "other_department",
    "clerk",
    "higher_body",
    "admin",
]
PACKAGE = Path(__file__).resolve().parents[2] / "phongthu"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "aria-label", "placeholder", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_source_strings() -> list[str]:
    """The English msgids of our catalogue: any of them on a page means a missed translation."""
    ids: list[str] = []
    for catalogue in PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"):
        ids += re.findall(r'^msgid "(.+)"$', catalogue.read_text(encoding="utf-8"), re.M)
    return [i for i in ids if len(i) > 3 and "%(" not in i]


ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|please|password|username|login|log in|home|error|not found|"
    r"forbidden|save|submit|cancel|change|search|next|previous)\b",
    re.I,
)


def assert_vietnamese(html: str) -> None:
    text = visible_text(html)
    for source in english_source_strings():
        assert source not in text, f"untranslated: {source!r}"
    found = ENGLISH_WORDS.findall(text.replace("phongthu", ""))
    assert not found, f"English words on the page: {found} in {text[:300]!r}"
    assert '<html lang="vi">' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_visits_every_menu_page(client, personas, rf, persona):
    user = getattr(personas, persona)
    client.force_login(user)
    request = rf.get("/")
    request.user = user
    entries = menu_for(request)
    assert entries, "every persona has at least the home page"
    for entry in entries:
        response = client.get(entry["url"])
        assert response.status_code == 200, entry
        assert_vietnamese(response.content.decode())


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_vietnamese(response.content.decode())
    assert "Đăng nhập" in response.content.decode()


def test_login_with_a_wrong_password_says_so_in_vietnamese(client, personas):
    response = client.post(reverse("login"), {"username": "vanphong", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_then_home_shows_role_and_unit(client, personas):
    from phongthu.org.sample import DEMO_PASSWORD

    response = client.post(
        reverse("login"), {"username": "vanphong", "password": DEMO_PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Xin chào, Lê Thị Hạnh" in html
    assert "Văn phòng Sở" in html
    assert "Kế hoạch đang theo dõi" in html


def test_pages_need_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post(client, personas):
    client.force_login(personas.office)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, personas):
    from phongthu.org.sample import DEMO_PASSWORD

    client.force_login(personas.unit_head)
    page = client.get(reverse("password_change"))
    assert_vietnamese(page.content.decode())
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Phong-thu-2025-moi",
            "new_password2": "Phong-thu-2025-moi",
        },
    )
    assert response.status_code == 302
    personas.unit_head.refresh_from_db()
    assert personas.unit_head.check_password("Phong-thu-2025-moi")


def test_person_without_unit_sees_what_to_do(client, sample_org):
    client.force_login(UserFactory())
    html = client.get(reverse("home")).content.decode()
    assert "chưa được gán đơn vị" in html


def test_person_without_unit_cannot_open_the_organisation(client, sample_org):
    client.force_login(UserFactory())
    response = client.get(reverse("org-tree"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_unknown_page_is_a_vietnamese_404(client, personas, settings):
    settings.DEBUG = False
    client.force_login(personas.office)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_organisation_page_is_scoped_to_the_body(client, personas):
    client.force_login(personas.other_department)
    html = client.get(reverse("org-tree")).content.decode()
    assert "Sở Công Thương" in html
    assert "Thanh tra Sở" not in html


def test_organisation_page_query_count_is_bounded(client, personas, django_assert_max_num_queries):
    client.force_login(personas.higher_body)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("org-tree"))
    assert response.status_code == 200
    assert "Sở Khoa học và Công nghệ" in response.content.decode()


def test_healthz_answers_without_login(client, db):
    assert client.get("/healthz").content == b"ok"


def test_password_change_shows_the_rules_before_anything_is_submitted(client, personas):
    client.force_login(personas.unit_head)
    html = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu phải có ít nhất 8 ký tự." in html
    assert "Mật khẩu không được chỉ gồm chữ số." in html
    assert 'aria-describedby="id_new_password1_helptext"' in html
    assert 'id="id_new_password1_helptext"' in html


@pytest.mark.parametrize(
    ("old", "new1", "new2", "expected"),
    [
        (None, "Ab1-x", "Ab1-x", "Mật khẩu này quá ngắn: cần ít nhất 8 ký tự."),
        (None, "12345678", "12345678", "Mật khẩu này chỉ gồm chữ số."),
        (None, "password", "password", "Mật khẩu này quá thông dụng"),
        (None, "truongphong", "truongphong", "Mật khẩu quá giống tên đăng nhập."),
        (None, "Phong-thu-2025-moi", "Phong-thu-2025-khac", "Hai lần nhập mật khẩu không khớp"),
        ("sai", "Phong-thu-2025-moi", "Phong-thu-2025-moi", "Mật khẩu hiện tại không đúng"),
        ("", "", "", "Mục này không được để trống."),
    ],
)
def test_password_change_refuses_in_vietnamese(client, personas, old, new1, new2, expected):
    from phongthu.org.sample import DEMO_PASSWORD

    user = personas.unit_head
    user.username = "truongphong"
    user.save(update_fields=["username"])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD if old is None else old,
            "new_password1": new1,
            "new_password2": new2,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert_vietnamese(html)
    assert "This password" not in html
    assert "characters" not in html
