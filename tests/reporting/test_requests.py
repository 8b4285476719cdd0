"""Report requests: periodic ones by the clock and by the Office, ad-hoc ones, the plan's
deadline, and the people told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from phongthu.clock.services import clock_tick
from phongthu.followup.models import Notification
from phongthu.plans.models import PlanStatus
from phongthu.reporting import services
from phongthu.reporting.models import DeadlineSource, ReportRequest
from phongthu.reporting.periods import parse_period
from tests.reporting.conftest import DIRECTIVE

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_deadline_is_read_from_the_plans_directive_then_set_by_the_office(plan, personas):
    reporting = services.plan_reporting(plan)
    assert (reporting.deadline_days, reporting.source) == (6, DeadlineSource.DIRECTIVE)
    assert reporting.source_text == DIRECTIVE

    services.plan_reporting_set(plan=plan, by=personas.office, deadline_days=10)
    reporting.refresh_from_db()
    assert (reporting.deadline_days, reporting.source) == (10, DeadlineSource.OFFICE)

    with pytest.raises(services.ReportingError):
        services.plan_reporting_set(plan=plan, by=personas.office, deadline_days=90)
    with pytest.raises(PermissionDenied):
        services.plan_reporting_set(plan=plan, by=personas.unit_head, deadline_days=3)


def test_the_office_opens_a_period_once_with_the_plans_deadline(plan, personas):
    q2 = parse_period("2024-Q2")
    opened = D(2024, 6, 1)
    request, created = services.request_open_periodic(
        plan=plan, period=q2, by=personas.office, today=opened
    )
    again, created_again = services.request_open_periodic(
        plan=plan, period=q2, by=personas.office, today=opened
    )

    assert (created, created_again) == (True, False)
    assert again.pk == request.pk
    assert (request.title, request.start, request.cutoff) == (
        "Báo cáo Quý II/2024",
        D(2024, 3, 15),
        D(2024, 6, 14),
    )
    assert request.deadline == D(2024, 6, 20)  # "trước ngày 20 của tháng cuối quý"
    # the people who submit for each responsible unit are told, once
    told = Notification.objects.filter(link=f"/bao-cao/yeu-cau/{request.pk}/")
    # (Phòng QLCN&TTCN's staff prepare its report: they are told too)
    assert {n.user.username for n in told} == {"truongphong", "vanphong", "chuyenvien"}
    assert "Báo cáo Quý II/2024" in told.first().text
    with pytest.raises(PermissionDenied):
        services.request_open_periodic(
            plan=plan, period=parse_period("2024-Q3"), by=personas.unit_head
        )


def test_the_clock_opens_the_current_period_each_period_and_only_once(plan, settings):
    # the worker's clock, through CLOCK_JOBS, on 20/05/2024 and again an hour later
    def tick(day: datetime.date, hour: int) -> None:
        now = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
        from django.utils import timezone

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "localdate", lambda *a, **k: day)
            clock_tick(now=now, jobs=[("phongthu.reporting.jobs.reporting_clock", 3600)])

    tick(D(2024, 5, 20), 1)
    tick(D(2024, 5, 20), 3)
    assert list(ReportRequest.objects.values_list("period_key", flat=True)) == ["2024-Q2"]
    # the next period opens when it begins (the 15th of the month before its last month)
    tick(D(2024, 6, 15), 5)
    assert list(ReportRequest.objects.order_by("cutoff").values_list("period_key", flat=True)) == [
        "2024-Q2",
        "2024-Q3",
    ]


def test_the_clock_leaves_other_years_drafts_and_ad_hoc_only_plans_alone(plan):
    assert services.requests_open_due(today=D(2025, 3, 1)) == []  # the plan is of 2024
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status"])
    assert services.requests_open_due(today=D(2024, 5, 1)) == []
    plan.status = PlanStatus.ACTIVE
    plan.reporting_cadence = ["ad_hoc"]
    plan.save(update_fields=["status", "reporting_cadence"])
    assert services.requests_open_due(today=D(2024, 5, 1)) == []
    plan.reporting_cadence = []  # says nothing: quarterly
    plan.save(update_fields=["reporting_cadence"])
    [made] = services.requests_open_due(today=D(2024, 5, 1))
    assert made.period_key == "2024-Q2"


def test_an_ad_hoc_request_has_its_own_question_cut_off_and_deadline(plan, personas):
    today = D(2024, 8, 1)
    request = services.request_open_ad_hoc(
        plan=plan,
        by=personas.office,
        title="Tình hình chuẩn bị diễn tập phòng thủ dân sự",
        question="Báo cáo công tác chuẩn bị diễn tập: lực lượng, phương tiện, kinh phí.",
        start=D(2024, 1, 1),
        cutoff=D(2024, 7, 31),
        deadline=D(2024, 8, 5),
        today=today,
    )
    assert (request.kind, request.period_key, request.deadline) == ("ad_hoc", "", D(2024, 8, 5))
    bad = {
        "title": "",
        "question": "",
        "start": D(2024, 8, 1),
        "cutoff": D(2023, 12, 31),
        "deadline": D(2024, 7, 1),
    }
    for key in bad:
        values = {
            "title": "Đột xuất",
            "question": "Nội dung",
            "start": D(2024, 1, 1),
            "cutoff": D(2024, 7, 31),
            "deadline": D(2024, 8, 5),
            key: bad[key],
        }
        with pytest.raises(services.ReportingError):
            services.request_open_ad_hoc(plan=plan, by=personas.office, today=today, **values)
    assert ReportRequest.objects.count() == 1  # bad input changes nothing


def test_a_period_is_not_opened_with_its_deadline_already_past(plan, personas):
    """Opening 6 tháng cuối năm 2025 on 29/11/2026 with the plan's deadline (31/12/2025)
    would make every unit late at once: refused, saying how to ask for a catch-up report."""
    h2 = parse_period("2024-H2")
    today = D(2025, 11, 29)
    with pytest.raises(services.ReportingError) as refused:
        services.request_open_periodic(
            plan=plan, period=h2, by=personas.office, deadline=D(2024, 12, 31), today=today
        )
    message = str(refused.value)
    assert "31/12/2024" in message and "29/11/2025" in message
    assert "báo cáo bổ sung" in message
    # the plan's own deadline is refused the same way
    with pytest.raises(services.ReportingError):
        services.request_open_periodic(plan=plan, period=h2, by=personas.office, today=today)
    assert not ReportRequest.objects.exists()
    # a catch-up report with a deadline still ahead is opened, and counts nobody late yet
    request, created = services.request_open_periodic(
        plan=plan, period=h2, by=personas.office, deadline=D(2025, 12, 10), today=today
    )
    assert created and request.deadline == D(2025, 12, 10)


def test_the_open_form_shows_why_a_past_deadline_is_refused(client, plan, personas):
    from django.urls import reverse

    client.force_login(personas.office)
    response = client.post(
        reverse("reporting:open", args=[plan.pk]), {"period": "2024-Q3", "deadline": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "đã qua" in page and "báo cáo bổ sung" in page
    assert not ReportRequest.objects.exists()


def test_the_office_may_open_a_past_period_as_it_was_when_it_says_so(plan, personas):
    """To record reports received late (on paper), the Office opens a past period with
    its deadline as it was, saying so; the units' reports then count as late."""
    from phongthu.reporting.periods import parse_period
    from phongthu.reporting.services import ReportingError, request_open_periodic

    q1 = parse_period("2024-Q1")
    later = datetime.date(2024, 6, 1)
    with pytest.raises(ReportingError, match="đã qua"):
        request_open_periodic(plan=plan, period=q1, by=personas.office, today=later)
    request, created = request_open_periodic(
        plan=plan, period=q1, by=personas.office, today=later, past_deadline=True
    )
    assert created and request.deadline < later
