"""A small 2024 plan of our own for the reporting tests, imported through plan_import:
quarterly reports due on the 20th of the quarter's last month, sent b/c to the provincial
military command and the civil-defense command."""

from __future__ import annotations

import datetime

import pytest

from tests.followup.conftest import Inbox, free_port, smtp_settings

DIRECTIVE = (
    "Giao Văn phòng Sở theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; định kỳ hằng "
    "quý báo cáo Giám đốc Sở trước ngày 20 của tháng cuối quý."
)


def _task(label, content, lead, timeframe, support=None, group=("I", "Hoàn thiện văn bản")):
    return {
        "label": label,
        "content": content,
        "lead": lead,
        "support": support or [],
        "timeframe": {"text": timeframe, "edited": True},
        "group": {"label": group[0], "title": group[1]},
    }


TASKS = [
    _task(
        "1",
        "Rà soát các văn bản quy phạm pháp luật về phòng thủ dân sự",
        ["Thanh tra Sở"],
        "Thường xuyên",
        support=["Văn phòng Sở"],
    ),
    _task(
        "2",
        "Xây dựng kế hoạch ứng phó sự cố bức xạ, hạt nhân cấp Sở",
        ["Phòng QLCN&TTCN"],
        "Trước ngày 30/4/2024",
        support=["Thanh tra Sở"],
    ),
    _task(
        "1",
        "Tổ chức tập huấn kiến thức phòng thủ dân sự cho công chức, viên chức",
        ["Văn phòng Sở"],
        "Quý II/2024",
        group=("II", "Tuyên truyền, tập huấn"),
    ),
]


def extraction(*, title="Thực hiện công tác phòng thủ dân sự năm 2024", tasks=None):
    return {
        "document": {
            "type": "Kế hoạch",
            "type_code": "KH",
            "reference": "21/KH-KHCN",
            "number": "21",
            "symbol": "KH-KHCN",
            "issuer": "Sở Khoa học và Công nghệ",
            "issuer_parent": "UBND tỉnh Bắc Giang",
            "place": "Bắc Giang",
            "title": title,
            "date": {"year": 2024, "month": 2, "day": 20, "iso": "2024-02-20"},
            "signer": {
                "name": "Lương Quốc Bảo",
                "position": "Phó Giám đốc",
                "authority": "KT.",
                "on_behalf_of": "Giám đốc",
            },
            "recipients": [
                {"name": "Bộ CHQS tỉnh", "purpose": "b/c"},
                {"name": "Ban Chỉ huy PTDS tỉnh", "purpose": "b/c"},
                {"name": "Lãnh đạo Sở", "purpose": None},
                {"name": "Các phòng, đơn vị thuộc Sở", "purpose": None},
            ],
            "archive": ["VT", "VP"],
        },
        "tasks": tasks or TASKS,
        "directives": [
            {
                "kind": "monitor",
                "text": DIRECTIVE,
                "units": ["Văn phòng Sở"],
                "to": "Giám đốc Sở",
                "cadence": ["periodic", "quarterly"],
            }
        ],
    }


Q2_DAY = datetime.date(2024, 5, 20)  # inside 2024-Q2 (15/3 – 14/6)
OPENED = datetime.date(2024, 6, 1)  # the day the Office opens Quý II/2024 in these tests


@pytest.fixture
def plan(personas, unit):
    from phongthu.plans.services import plan_import

    return plan_import(extraction=extraction(), owner=unit("so-khcn"), by=None)


@pytest.fixture
def at():
    """at(2024, 5, 20) → 9:30 that day in the installation's time zone."""
    from django.utils import timezone

    def make(year, month, day, hour=9, minute=30):
        return datetime.datetime(
            year, month, day, hour, minute, tzinfo=timezone.get_current_timezone()
        )

    return make


@pytest.fixture
def q2(plan, personas):
    """The Office opens Q2/2024 of the plan."""
    from phongthu.reporting.periods import parse_period
    from phongthu.reporting.services import request_open_periodic

    request, _created = request_open_periodic(
        plan=plan, period=parse_period("2024-Q2"), by=personas.office, today=OPENED
    )
    return request


@pytest.fixture
def progress(plan, personas, at):
    """Progress in Q2/2024: Thanh tra on its ongoing task, the Office's training done."""
    from phongthu.plans.models import Assignment
    from phongthu.tracking.services import progress_submit

    def assignment(label, group, code):
        return Assignment.objects.select_related("task", "unit").get(
            task__plan=plan, task__label=label, task__group__label=group, unit__code=code
        )

    first = assignment("1", "I", "so-khcn-tt")
    progress_submit(
        assignment=first,
        by=personas.unit_head,
        status="in_progress",
        narrative="Đã rà soát 9 văn bản quy phạm pháp luật mới",
        percent=60,
        metrics={"documents_reviewed": 9},
        files=[],
        expected_version=first.version,
        now=at(2024, 5, 6),
    )
    training = assignment("1", "II", "so-khcn-vp")
    progress_submit(
        assignment=training,
        by=personas.office,
        status="done",
        narrative="Đã tổ chức 02 lớp tập huấn kiến thức phòng thủ dân sự",
        percent=None,
        metrics={"sessions": 2, "participants": 95},
        files=[],
        expected_version=training.version,
        now=at(2024, 6, 3),
    )
    return first, training


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port; MAILERS points at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    settings.MAILERS = smtp_settings(controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def jobs_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
