"""factory-boy factories that create rows through the services, as the app does."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from phongthu.org.models import OrgUnit, Role, UnitKind
from phongthu.org.services import membership_grant, org_unit_create


class OrgUnitFactory(factory.Factory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    kind = UnitKind.DIVISION
    parent = None
    short_name = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return org_unit_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    password = factory.django.Password("mat-khau-thu")


def member(unit: OrgUnit, role: Role, **kwargs):
    user = UserFactory(**kwargs)
    membership_grant(user=user, unit=unit, role=role)
    return user
