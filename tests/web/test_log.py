"""The server log: a refused page is one line, a failure keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory


def _request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_403_is_one_warning_line_without_traceback(client, sample_org, caplog):
    user = UserFactory(username="khongdonvi")
    client.force_login(user)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("org-tree"))
    assert response.status_code == 403
    (record,) = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"Forbidden: GET {reverse('org-tree')} for khongdonvi"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert "\n" not in logging.Formatter().format(record)


@pytest.mark.urls("tests.web.crash_urls")
def test_a_500_keeps_its_traceback(client, db, caplog, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get("/hong/")
    assert response.status_code == 500
    (record,) = _request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "Traceback" in caplog.text
    assert "a fault the log must show with its traceback" in caplog.text
