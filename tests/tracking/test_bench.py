"""The benchmark's generator writes data the way the services would have (small scale)."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max
from django.urls import reverse

from bench.generate import _load, shape_for
from phongthu.org.models import OrgUnit
from phongthu.plans.models import Assignment, Plan, Task
from phongthu.tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def test_generated_data_is_consistent(client, django_user_model):
    # given a province-scale shape at a small size, written with COPY / executemany
    lines: list[str] = []
    _load(shape_for("province", 600, 4000), lines.append)
    assert any("nhiệm vụ: 600" in line for line in lines)
    # then the organisation has 1 province, 30 bodies, 10 units each
    assert OrgUnit.objects.count() == 1 + 30 + 300
    assert OrgUnit.objects.filter(kind="province").get().path == "/1/"
    assert Plan.objects.count() == 60
    assert Task.objects.count() == 600
    assert ProgressUpdate.objects.count() <= 4000
    # every assignment's current state is its last update's, and version counts updates
    counted = {
        row["assignment"]: row
        for row in ProgressUpdate.objects.values("assignment").annotate(
            n=Count("id"), last=Max("created_at")
        )
    }
    checked = 0
    for a in Assignment.objects.all()[:300]:
        row = counted.get(a.pk)
        if row is None:
            assert a.state == "not_started" or a.version - 1 > 0
            continue
        assert a.version - 1 >= row["n"]
        last = ProgressUpdate.objects.filter(assignment=a).order_by("-created_at").first()
        if a.version - 1 == row["n"]:
            assert last.status == a.state
            assert last.created_at == a.last_reported_at
        if a.state == "done":
            assert a.completed_on is not None
        checked += 1
    assert checked
    # the ids continue after the generated ones
    assert Task.objects.create(plan=Plan.objects.first(), content="Mới").pk == 601
    # and the dashboard reads it
    admin = django_user_model.objects.create(username="bench-admin", is_superuser=True)
    client.force_login(admin)
    data = client.get(reverse("tracking:api-dashboard")).json()
    assert data["totals"]["assigned"] == Assignment.objects.count()
    assert len(data["units"]) <= 300


def test_the_raw_aggregates_agree_with_the_page(client, django_user_model):
    """The benchmark's two raw queries (over the assignments, over the kept counts) give
    the same numbers, which are the API's."""
    from bench.dashboard import _raw
    from phongthu.tracking.counts import dashboard_counts_rebuild

    _load(shape_for("province", 300, 1500), lambda line: None)
    dashboard_counts_rebuild()
    province = OrgUnit.objects.get(kind="province")
    for prefix in (None, province.path):
        over_assignments = sorted(tuple(row) for row in _raw(prefix)())
        over_kept = sorted(tuple(row) for row in _raw(prefix, kept=True)())
        assert over_assignments == over_kept
    admin = django_user_model.objects.create(username="bench-admin", is_superuser=True)
    client.force_login(admin)
    totals = client.get(reverse("tracking:api-dashboard")).json()["totals"]
    assert totals["overdue"] == sum(row[4] for row in over_assignments)
    assert totals["reported_this_period"] == sum(row[5] for row in over_assignments)
