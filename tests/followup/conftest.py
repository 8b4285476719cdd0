"""A small plan of our own for the follow-up tests, imported through plan_import, and a
real SMTP server on loopback (aiosmtpd) for the e-mail tests."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest

TODAY = datetime.date(2024, 6, 10)  # inside 2024-Q2 (15/3 – 14/6)


def _task(label: str, content: str, lead: list[str], timeframe: str, support=None) -> dict:
    return {
        "label": label,
        "content": content,
        "lead": lead,
        "support": support or [],
        "timeframe": {"text": timeframe, "edited": True},
        "group": {"label": "I", "title": "Nhiệm vụ trọng tâm"},
    }


TASKS = [
    _task(
        "1",
        "Rà soát quy chế phối hợp ứng phó sự cố bức xạ của Sở",
        ["Thanh tra Sở"],
        "Thường xuyên",
        support=["Văn phòng Sở"],
    ),
    _task(
        "2",
        "Xây dựng phương án ứng phó sự cố bức xạ, hạt nhân cấp Sở",
        ["Phòng QLCN&TTCN"],
        "Trước ngày 30/6/2024",
        support=["Thanh tra Sở"],
    ),
    _task(
        "3",
        "Tổ chức tập huấn kiến thức phòng thủ dân sự cho công chức, viên chức",
        ["Văn phòng Sở"],
        "Quý I/2024",
    ),
]


def make_plan(unit, *, title: str = "Kế hoạch công tác phòng thủ dân sự năm 2024", tasks=None):
    from phongthu.plans.services import plan_import

    return plan_import(
        extraction={
            "document": {
                "type": "Kế hoạch",
                "reference": "21/KH-KHCN",
                "title": title,
                "date": {"year": 2024},
            },
            "tasks": tasks or TASKS,
            "directives": [],
        },
        owner=unit("so-khcn"),
        by=None,
    )


@pytest.fixture
def plan(personas, unit):
    """Task 1 ongoing (Thanh tra leads, the Office supports), task 2 due 30/6/2024
    (QLCN leads, Thanh tra supports), task 3 in Q1/2024 (the Office leads)."""
    return make_plan(unit)


@pytest.fixture
def assignment_of(plan):
    """assignment_of("2", "so-khcn-qlcn") → the assignment of task 2 to that unit."""
    from phongthu.plans.models import Assignment

    return lambda label, code: Assignment.objects.select_related("task", "unit").get(
        task__plan=plan, task__label=label, unit__code=code
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server received, parsed."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [
            m
            for m, (_f, rcpt) in zip(self.messages, self.envelopes, strict=True)
            if address in rcpt
        ]


def smtp_settings(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


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
def dead_smtp(settings) -> int:
    """MAILERS pointed at a loopback port where nothing listens."""
    port = free_port()
    settings.MAILERS = smtp_settings(port)
    return port


@pytest.fixture
def jobs_run_at_once(settings):
    """Background jobs run when enqueued (after commit), as the worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
