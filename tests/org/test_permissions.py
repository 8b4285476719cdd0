"""The permission matrix, walked with personas over units inside and outside their reach."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from phongthu.org.models import Role
from phongthu.org.permissions import GRANTS, Action, can, units_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

A = Action

# persona, action, unit code, allowed
CASES = [
    # the Office clerk: the whole Sở, nothing of another Sở
    ("office", A.PLAN_IMPORT, "so-khcn", True),
    ("office", A.PLAN_IMPORT, "so-ct", False),
    ("office", A.REMINDER_SEND, "so-khcn-qlcn", True),
    ("office", A.PROGRESS_VIEW, "so-khcn-tt", True),
    ("office", A.PROGRESS_REPORT, "so-khcn-vp", True),
    ("office", A.PROGRESS_REPORT, "so-khcn-tt", False),
    ("office", A.REPORT_APPROVE, "so-khcn", False),
    ("office", A.ORG_MANAGE, "so-khcn", False),
    # a unit head: their unit only, but reads the Sở's plans
    ("unit_head", A.PROGRESS_REPORT, "so-khcn-tt", True),
    ("unit_head", A.PROGRESS_REPORT, "so-khcn-qlcn", False),
    ("unit_head", A.PLAN_VIEW, "so-khcn", True),
    ("unit_head", A.SUBPLAN_WRITE, "so-khcn-tt", True),
    ("unit_head", A.REMINDER_SEND, "so-khcn-tt", False),
    ("unit_head", A.DASHBOARD_VIEW, "so-khcn", False),
    ("unit_head", A.PLAN_VIEW, "so-ct", False),
    # another unit's staff
    ("other_staff", A.PROGRESS_REPORT, "so-khcn-qlcn", True),
    ("other_staff", A.PROGRESS_REPORT, "so-khcn-tt", False),
    ("other_staff", A.PROGRESS_VIEW, "so-khcn-tt", False),
    ("other_staff", A.SUBPLAN_WRITE, "so-khcn-qlcn", False),
    ("other_staff", A.REMINDER_ANSWER, "so-khcn-qlcn", True),
    # the unit's report: its staff prepare it, its head sends it (queries.may_submit lets
    # the staff of a unit without a head send it too)
    ("other_staff", A.REPORT_DRAFT, "so-khcn-qlcn", True),
    ("other_staff", A.REPORT_SUBMIT, "so-khcn-qlcn", False),
    ("other_staff", A.REPORT_DRAFT, "so-khcn-tt", False),
    ("unit_head", A.REPORT_DRAFT, "so-khcn-tt", True),
    ("unit_head", A.REPORT_SUBMIT, "so-khcn-tt", True),
    ("unit_head", A.REPORT_SUBMIT, "so-khcn-qlcn", False),
    # the Director
    ("director", A.DASHBOARD_VIEW, "so-khcn", True),
    ("director", A.PROGRESS_VIEW, "so-khcn-qlcn", True),
    ("director", A.REPORT_APPROVE, "so-khcn", True),
    ("director", A.PLAN_IMPORT, "so-khcn", False),
    ("director", A.PROGRESS_REPORT, "so-khcn-tt", False),
    ("director", A.DASHBOARD_VIEW, "so-ct", False),
    # someone from another Sở
    ("other_department", A.PLAN_VIEW, "so-khcn", False),
    ("other_department", A.PROGRESS_VIEW, "so-khcn-tt", False),
    ("other_department", A.PLAN_IMPORT, "so-ct", True),
    # the records clerk, the provincial command, the administrator
    ("clerk", A.DOCUMENT_REGISTER, "so-khcn", True),
    ("clerk", A.DOCUMENT_REGISTER, "so-ct", False),
    ("clerk", A.PLAN_IMPORT, "so-khcn", False),
    ("higher_body", A.REPORT_VIEW, "so-khcn", True),
    ("higher_body", A.REPORT_VIEW, "so-ct", True),
    ("higher_body", A.PLAN_EDIT, "so-khcn", False),
    ("admin", A.ORG_MANAGE, "so-khcn-tt", True),
    ("admin", A.ORG_MANAGE, "so-ct", False),
    ("admin", A.PLAN_IMPORT, "so-khcn", False),
]


@pytest.mark.parametrize(("persona", "action", "code", "allowed"), CASES)
def test_permission_matrix(personas, unit, persona, action, code, allowed):
    user = getattr(personas, persona)
    assert can(user, action, unit(code)) is allowed


def test_every_role_has_grants_and_only_known_actions():
    assert set(GRANTS) == set(Role)
    for grants in GRANTS.values():
        assert set(grants) <= set(Action)


def test_anonymous_and_inactive_people_may_do_nothing(personas, unit):
    assert not can(AnonymousUser(), A.PLAN_VIEW, unit("so-khcn"))
    personas.office.is_active = False
    assert not can(personas.office, A.PLAN_VIEW, unit("so-khcn"))


def test_a_person_without_membership_may_do_nothing(sample_org, unit):
    stranger = UserFactory()
    assert not any(can(stranger, action) for action in Action)


def test_units_for_is_the_same_set_as_can(personas, unit):
    from phongthu.org.models import OrgUnit

    for persona in ("office", "unit_head", "director", "other_department", "higher_body"):
        user = getattr(personas, persona)
        for action in (A.PLAN_VIEW, A.PROGRESS_REPORT, A.DASHBOARD_VIEW):
            allowed = set(units_for(user, action).values_list("code", flat=True))
            expected = {u.code for u in OrgUnit.objects.all() if can(user, action, u)}
            assert allowed == expected, (persona, action)


def test_memberships_are_read_once_per_user_object(personas, unit, django_assert_max_num_queries):
    user = personas.unit_head
    target = unit("so-khcn-tt")
    can(user, A.PLAN_VIEW, target)
    with django_assert_max_num_queries(2):
        for action in Action:
            can(user, action, target)
