"""Download links of a plan in the official format: who may, and what comes back."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from phongthu.documents.render.pdf import pdf_available
from tests.conftest import require
from tests.web.test_pages import assert_vietnamese

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# PLAN_VIEW on the plan's owner (Sở KH&CN): its people of every role that reads plans,
# and the provincial command above it; not another Sở's office, nor the administrator,
# whose role manages people, not plans.
MAY_DOWNLOAD = ["office", "unit_head", "other_staff", "director", "clerk", "higher_body"]
MAY_NOT = ["other_department", "admin"]


@pytest.mark.parametrize("persona", MAY_DOWNLOAD + MAY_NOT)
@pytest.mark.parametrize("name", ["documents:plan-docx", "documents:plan-pdf"])
def test_who_may_download(client, personas, seed_plan, persona, name, monkeypatch, tmp_path):
    if name.endswith("pdf"):
        # The permission answer comes before any conversion: without LibreOffice the
        # allowed get the 503 page, the others still their 403.
        monkeypatch.setenv("PATH", str(tmp_path))
    client.force_login(getattr(personas, persona))

    response = client.get(reverse(name, args=[seed_plan.pk]))

    if persona in MAY_DOWNLOAD:
        assert response.status_code == (503 if name.endswith("pdf") else 200)
    else:
        assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client, seed_plan):
    url = reverse("documents:plan-docx", args=[seed_plan.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_docx_is_the_plan_in_the_official_format(
    client, personas, seed_plan, django_assert_max_num_queries
):
    client.force_login(personas.office)
    url = reverse("documents:plan-docx", args=[seed_plan.pk])

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-kh-khcn-2024.docx"'
    opened = docx.Document(io.BytesIO(response.content))
    header = [p.text for p in opened.tables[0].cell(0, 0).paragraphs]
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in header
    assert "KẾ HOẠCH" in [p.text for p in opened.paragraphs]


def test_the_pdf_is_a_pdf(client, personas, seed_plan):
    require(pdf_available(), "LibreOffice (soffice) is not installed")
    client.force_login(personas.director)

    response = client.get(reverse("documents:plan-pdf", args=[seed_plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('filename="ke-hoach-kh-khcn-2024.pdf"')


def test_without_libreoffice_the_page_says_so_and_offers_the_docx(
    client, personas, seed_plan, monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))
    client.force_login(personas.office)

    response = client.get(reverse("documents:plan-pdf", args=[seed_plan.pk]))

    assert response.status_code == 503
    html = response.content.decode()
    assert_vietnamese(html)
    assert "PDF" in html and "DOCX" in html
    assert reverse("documents:plan-docx", args=[seed_plan.pk]) in html


def test_an_unknown_plan_is_not_found(client, personas):
    client.force_login(personas.office)
    assert client.get(reverse("documents:plan-docx", args=[999999])).status_code == 404


def test_only_get(client, personas, seed_plan):
    client.force_login(personas.office)
    url = reverse("documents:plan-docx", args=[seed_plan.pk])
    assert client.post(url).status_code == 405
