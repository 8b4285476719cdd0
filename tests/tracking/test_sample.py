"""`phongthu demo` has sample progress: the dashboard is not empty, and loading is idempotent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phongthu.tracking.models import Evidence, ProgressUpdate
from phongthu.tracking.sample import REPORTS, sample_progress_load

pytestmark = pytest.mark.django_db


def test_without_a_plan_nothing_is_loaded(sample_org):
    assert sample_progress_load() == []
    assert not ProgressUpdate.objects.exists()


def test_the_demo_sample_gives_the_dashboard_every_status(client, personas):
    from phongthu.samples import sample_load

    lines = sample_load()
    assert any("báo cáo tiến độ mẫu" in line for line in lines)
    assert ProgressUpdate.objects.count() == len(REPORTS)
    assert Evidence.objects.count() == 2
    # loading again changes nothing
    sample_load()
    assert ProgressUpdate.objects.count() == len(REPORTS)

    client.force_login(personas.director)
    totals = client.get(reverse("tracking:api-dashboard")).json()["totals"]
    assert totals["done_on_time"] >= 2
    assert totals["done_late"] >= 1
    assert totals["overdue"] >= 1
    assert totals["reported_this_period"] >= 1
