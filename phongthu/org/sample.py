"""The sample organisation loaded by `phongthu demo` and available to tests.

The province, its civil-defense command, its military command and the Sở KH&CN with the
units its 2024 civil-defense plan names are real bodies; every other unit here, and every
person, is invented for the demo and marked so (`is_sample`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from phongthu.org.models import OrgUnit, Role, UnitKind
from phongthu.org.services import membership_grant, org_unit_create, person_create

DEMO_PASSWORD = "phongthu-demo"  # noqa: S105 — demo-only, printed by `phongthu demo`


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    is_sample: bool = False
    children: tuple[UnitSpec, ...] = ()


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    unit_code: str
    role: Role
    position: str


SO_KHCN = UnitSpec(
    "so-khcn",
    "Sở Khoa học và Công nghệ",
    UnitKind.DEPARTMENT,
    short_name="Sở KH&CN",
    aliases=("Sở KHCN", "Sở Khoa học và Công nghệ tỉnh Bắc Giang"),
    children=(
        UnitSpec("so-khcn-vp", "Văn phòng Sở", UnitKind.OFFICE, "VP", ("Văn phòng",)),
        UnitSpec("so-khcn-tt", "Thanh tra Sở", UnitKind.INSPECTORATE, "TTr", ("Thanh tra",)),
        UnitSpec(
            "so-khcn-bchqs",
            "Ban Chỉ huy quân sự Sở",
            UnitKind.MILITARY_BOARD,
            "Ban CHQS Sở",
            ("Ban CHQS", "Ban Chỉ huy quân sự"),
        ),
        UnitSpec(
            "so-khcn-qlcn",
            "Phòng Quản lý Công nghệ và Thị trường công nghệ",
            UnitKind.DIVISION,
            "Phòng QLCN&TTCN",
            ("Phòng quản lý Công nghệ và TTCN", "Phòng QLCN và TTCN"),
        ),
        UnitSpec(
            "so-khcn-khtc",
            "Phòng Kế hoạch - Tài chính",
            UnitKind.DIVISION,
            "Phòng KH-TC",
            is_sample=True,
        ),
        UnitSpec(
            "so-khcn-qlkh",
            "Phòng Quản lý Khoa học",
            UnitKind.DIVISION,
            "Phòng QLKH",
            is_sample=True,
        ),
        UnitSpec(
            "so-khcn-qlcm",
            "Phòng Quản lý chuyên ngành",
            UnitKind.DIVISION,
            "Phòng QLCM",
            is_sample=True,
        ),
        UnitSpec(
            "so-khcn-ttud",
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
            UnitKind.CENTER,
            "Trung tâm Ứng dụng",
            is_sample=True,
        ),
    ),
)

SO_CT = UnitSpec(
    "so-ct",
    "Sở Công Thương",
    UnitKind.DEPARTMENT,
    short_name="Sở CT",
    is_sample=True,
    children=(
        UnitSpec("so-ct-vp", "Văn phòng Sở", UnitKind.OFFICE, "VP", is_sample=True),
        UnitSpec(
            "so-ct-qlcn",
            "Phòng Quản lý công nghiệp",
            UnitKind.DIVISION,
            "Phòng QLCN",
            is_sample=True,
        ),
    ),
)

PROVINCE = UnitSpec(
    "ubnd-tinh",
    "Ủy ban nhân dân tỉnh Bắc Giang",
    UnitKind.PROVINCE,
    short_name="UBND tỉnh",
    aliases=("UBND tỉnh Bắc Giang", "Chủ tịch UBND tỉnh"),
    children=(
        UnitSpec(
            "bch-ptds",
            "Ban Chỉ huy phòng thủ dân sự tỉnh",
            UnitKind.COMMAND,
            "Ban CH PTDS tỉnh",
            ("Ban Chỉ huy PTDS tỉnh",),
        ),
        UnitSpec(
            "bo-chqs",
            "Bộ Chỉ huy quân sự tỉnh",
            UnitKind.COMMAND,
            "Bộ CHQS tỉnh",
            ("Bộ Chỉ huy Quân sự tỉnh Bắc Giang",),
        ),
        SO_KHCN,
        SO_CT,
    ),
)

# One demo person per role, all invented.
PEOPLE = (
    PersonSpec("lanhdao", "Trần Minh Khoa", "so-khcn", Role.LEADERSHIP, "Giám đốc"),
    PersonSpec("vanphong", "Lê Thị Hạnh", "so-khcn-vp", Role.OFFICE, "Chánh Văn phòng"),
    PersonSpec("truongphong", "Phạm Văn Đức", "so-khcn-tt", Role.UNIT_HEAD, "Chánh Thanh tra"),
    PersonSpec("chuyenvien", "Đỗ Thu Trang", "so-khcn-qlcn", Role.UNIT_STAFF, "Chuyên viên"),
    PersonSpec("vanthu", "Vũ Thị Lan", "so-khcn-vp", Role.CLERK, "Văn thư"),
    PersonSpec("chqs", "Hoàng Văn Nam", "bo-chqs", Role.HIGHER_BODY, "Trợ lý tác chiến"),
    PersonSpec("quantri", "Bùi Quang Huy", "so-khcn", Role.ADMIN, "Quản trị hệ thống"),
    PersonSpec("congthuong", "Ngô Thị Mai", "so-ct-vp", Role.OFFICE, "Chuyên viên Văn phòng"),
)


def _create_tree(spec: UnitSpec, parent: OrgUnit | None) -> None:
    unit = OrgUnit.objects.filter(code=spec.code).first()
    if unit is None:
        unit = org_unit_create(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=parent,
            short_name=spec.short_name,
            aliases=spec.aliases,
            is_sample=spec.is_sample,
        )
    for child in spec.children:
        _create_tree(child, unit)


@transaction.atomic
def sample_organisation_load(*, with_people: bool = True) -> OrgUnit:
    """Load the sample tree and demo people; running it again changes nothing."""
    _create_tree(PROVINCE, None)
    if with_people:
        user_model = get_user_model()
        for person in PEOPLE:
            unit = OrgUnit.objects.get(code=person.unit_code)
            user = user_model.objects.filter(username=person.username).first()
            if user is None:
                person_create(
                    username=person.username,
                    password=DEMO_PASSWORD,
                    full_name=person.full_name,
                    unit=unit,
                    role=person.role,
                    position=person.position,
                    email=f"{person.username}@phongthu.invalid",
                )
            else:
                membership_grant(user=user, unit=unit, role=person.role, position=person.position)
    return OrgUnit.objects.get(code=PROVINCE.code)
