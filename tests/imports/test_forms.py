"""The review forms and the upload check take whatever a person (or a file) gives them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.imports.forms import HeaderForm, TaskForm, UnitsField
from phongthu.imports.services import _task, upload_check
from phongthu.text import clean

free_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=4096), name=st.text(max_size=40))
def test_upload_check_refuses_or_accepts_but_never_breaks(data, name):
    try:
        upload_check(data=data, filename=name or "tep")
    except ValidationError as exc:
        assert exc.messages and all(message for message in exc.messages)


@settings(max_examples=150, deadline=None)
@given(content=free_text, lead=free_text, timeframe=free_text, label=st.text(max_size=30))
def test_a_task_row_is_valid_or_says_why(content, lead, timeframe, label):
    form = TaskForm(
        {"content": content, "lead": lead, "timeframe": timeframe, "label": label, "index": ""}
    )
    if not form.is_valid():
        assert form.errors
        return
    row = _task({}, form.cleaned_data)
    assert row["content"] == clean(content)
    assert row["content"]
    assert all(name and name == clean(name).strip(" ;,.") for name in row["lead"])
    assert row["timeframe"]["edited"] is True


@given(st.lists(st.text(alphabet="abc ;đ\t", max_size=8), max_size=6))
def test_units_are_one_a_line(lines):
    field = UnitsField()
    text = "\r\n".join(lines)
    assert field.clean(text) == [line.strip() for line in lines if line.strip()]
    assert not field.has_changed(text.replace("\r\n", "\n"), text)


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("31", "2", "2024", "day"),
        ("5", "", "2024", "month"),
        ("", "3", "", "year"),
        ("", "", "2024", None),
        ("29", "2", "2024", None),
    ],
)
def test_the_date_may_be_partial_but_must_exist(day, month, year, error):
    form = HeaderForm({"day": day, "month": month, "year": year})
    assert form.is_valid() is (error is None)
    if error:
        assert error in form.errors
