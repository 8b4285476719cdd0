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
    for lazy in django_messages.AUTH_PLURALS + django_messages.FORMS_PLURALS:
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


def _refusal(field, value) -> str:
    from django.core.exceptions import ValidationError

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        field.clean(value)
    (message,) = refused.value.messages
    return message


def _form_cases():
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [
        (forms.IntegerField(max_value=100), "150", "Giá trị không được lớn hơn 100."),
        (forms.IntegerField(min_value=1), "0", "Giá trị không được nhỏ hơn 1."),
        (forms.IntegerField(), "mười", "Hãy nhập một số nguyên."),
        (forms.DecimalField(), "1,5,0", "Hãy nhập một số."),
        (forms.FloatField(), "abc", "Hãy nhập một số."),
        (forms.CharField(max_length=10), "x" * 12, "Chỉ được nhập tối đa 10 ký tự (hiện có 12)."),
        (forms.CharField(min_length=5), "x", "Cần nhập ít nhất 5 ký tự (hiện có 1)."),
        (forms.CharField(), "", "Mục này không được để trống."),
        (
            forms.DateField(),
            "31/13/2025",
            "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2025.",
        ),
        (
            forms.DecimalField(max_digits=5, decimal_places=1),
            "1.25",
            "Số chỉ được có tối đa 1 chữ số sau dấu thập phân.",
        ),
        (
            forms.FileField(),
            SimpleUploadedFile("bao-cao.docx", b""),
            "Tệp gửi lên không có nội dung (0 byte).",
        ),
        (
            forms.FileField(max_length=10),
            SimpleUploadedFile("bao-cao-quy-hai.docx", b"x"),
            "Tên tệp chỉ được dài tối đa 10 ký tự (hiện có 20).",
        ),
        (
            forms.ChoiceField(choices=[("a", "A")]),
            "b",
            "Hãy chọn một lựa chọn hợp lệ. “b” không có trong danh sách.",
        ),
    ]


def test_common_form_messages_read_naturally():
    """Django's stock Vietnamese said e.g. "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 100 .";
    ours is plain, ends with its full stop and has no space before it."""
    for field, value, expected in _form_cases():
        message = _refusal(field, value)
        assert message == expected
        assert " ." not in message and not message.startswith("Đảm bảo")
