"""Django's own messages people read come out Vietnamese, worded by our catalogue."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from phongthu.web import django_messages

TRANSLATORS = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL_TRANSLATORS = {"ngettext", "ngettext_lazy"}


def marked_strings(module_name: str) -> Iterator[tuple[str, str | None]]:
    """Every (singular, plural) a Django module marks for translation, read from its source,
    so a message Django adds or rewords in an upgrade is caught here too."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts = [t for t in texts if isinstance(t, str)]
        if name in TRANSLATORS and texts:
            yield texts[0], None
        elif name in PLURAL_TRANSLATORS and len(texts) >= 2:
            yield texts[0], texts[1]


@pytest.mark.parametrize(
    "module_name", ["django.contrib.auth.password_validation", "django.contrib.auth.forms"]
)
def test_every_password_and_auth_form_message_is_vietnamese(module_name):
    found = list(marked_strings(module_name))
    assert len(found) > 5
    untranslated = []
    with translation.override("vi"):
        for singular, plural in found:
            for count in (1, 8):
                text = translation.ngettext(singular, plural, count) if plural else None
                text = text or translation.gettext(singular)
                if text in {singular, plural}:
                    untranslated.append(singular)
    assert not untranslated


def test_every_listed_django_message_has_our_wording():
    with translation.override("vi"):
        for message in django_messages.AUTH + django_messages.FORMS:
            assert translation.gettext(message) != message, message
    for lazy in django_messages.AUTH_PLURALS:
        with translation.override("en"):
            english = str(lazy)
        with translation.override("vi"):
            assert str(lazy) != english, english


def test_password_messages_read_naturally():
    from django.contrib.auth import password_validation
    from django.contrib.auth.models import User
    from django.core.exceptions import ValidationError

    user = User(username="nguyenvana", email="vana@so.gov.vn")
    with translation.override("vi"):
        with pytest.raises(ValidationError) as short:
            password_validation.validate_password("nguyenvana", user)
        assert short.value.messages == ["Mật khẩu quá giống tên đăng nhập."]
        with pytest.raises(ValidationError) as numeric:
            password_validation.validate_password("1234", user)
        assert numeric.value.messages == [
            "Mật khẩu này quá ngắn: cần ít nhất 8 ký tự.",
            "Mật khẩu này quá thông dụng, dễ bị đoán ra.",
            "Mật khẩu này chỉ gồm chữ số.",
        ]
        assert password_validation.password_validators_help_texts() == [
            "Mật khẩu không được quá giống tên đăng nhập, họ tên hay địa chỉ thư điện tử của bạn.",
            "Mật khẩu phải có ít nhất 8 ký tự.",
            "Mật khẩu không được là một mật khẩu thông dụng, dễ đoán.",
            "Mật khẩu không được chỉ gồm chữ số.",
        ]
