"""plans.render: what a plan prints, part by part, before any layout."""

from __future__ import annotations

import copy

import pytest

from phongthu.documents.queries import plan_for_rendering
from phongthu.documents.render.model import Heading, Paragraph, Table
from phongthu.plans.render import plan_document, plan_file_stem
from phongthu.plans.services import plan_import
from tests.documents.test_round_trip import OWN_PLAN

pytestmark = pytest.mark.django_db


def imported(unit, extraction):
    plan = plan_import(extraction=extraction, owner=unit("so-khcn"), by=None)
    return plan_for_rendering(plan.pk)


def test_a_plan_without_an_outline_gets_content_then_implementation(unit):
    document = plan_document(imported(unit, OWN_PLAN))

    headings = [b.text for b in document.body if isinstance(b, Heading)]
    assert headings == ["I. NỘI DUNG", "II. TỔ CHỨC THỰC HIỆN"]
    kinds = [type(b).__name__ for b in document.body]
    # Căn cứ …, the sentence that opens the plan, the content heading and its table.
    assert kinds[:4] == ["Paragraph", "Paragraph", "Heading", "Table"]
    table = next(b for b in document.body if isinstance(b, Table))
    assert table.columns[0].title == "TT"
    group_rows = [r for r in table.rows if r.keep_with_next]
    assert [r.cells[0].lines for r in group_rows] == [("I",), ("II",)]
    assert table.rows[1].cells[2].lines == ("Văn phòng Sở;", "Ban CHQS Sở")


def test_the_basis_citations_open_the_body(unit):
    document = plan_document(imported(unit, OWN_PLAN))
    first = document.body[0]
    assert isinstance(first, Paragraph)
    assert first.text == (
        "Căn cứ Kế hoạch số 12/KH-BCH ngày 15/01/2025 của Ban Chỉ huy phòng thủ dân sự tỉnh;"
    )


def test_without_directives_the_monitoring_unit_is_written_in(unit):
    extraction = copy.deepcopy(OWN_PLAN)
    extraction["directives"] = []
    plan = imported(unit, extraction)
    plan.monitoring_unit = unit("so-khcn-vp")
    plan.reports_to = "Giám đốc Sở"
    plan.save(update_fields=["monitoring_unit", "reports_to"])

    document = plan_document(plan_for_rendering(plan.pk))

    last = document.body[-1]
    assert isinstance(last, Paragraph)
    assert last.text.startswith("Giao Văn phòng Sở theo dõi, đôn đốc, kiểm tra")
    assert last.text.endswith("với Giám đốc Sở./.")
    assert document.archive == ("VT", "VP")


def test_header_signature_and_recipients_come_from_the_document(unit):
    document = plan_document(imported(unit, OWN_PLAN))
    assert document.header.issuer_parent == "UBND tỉnh Bắc Giang"
    assert (document.header.year, document.header.month, document.header.day) == (2025, 2, 7)
    assert document.type_name == "Kế hoạch"
    # The Director signs himself: no authority prefix, only the position.
    assert document.signature.lines == ("Giám đốc",)
    assert [(r.name, r.purpose) for r in document.recipients] == [
        ("Ban Chỉ huy phòng thủ dân sự tỉnh", "b/c"),
        ("Các phòng, đơn vị thuộc Sở", "t/h"),
    ]


def test_the_file_name_says_what_the_plan_is(unit):
    assert plan_file_stem(imported(unit, OWN_PLAN)) == "ke-hoach-27-kh-khcn-2025"


def test_tasks_are_printed_under_their_group_whatever_order_they_were_added_in(unit):
    extraction = copy.deepcopy(OWN_PLAN)
    # Group I, group II, then group I again: a task added to group I after the others.
    extraction["tasks"].append({**extraction["tasks"][0], "label": "3", "content": "Mới thêm."})
    document = plan_document(imported(unit, extraction))

    table = next(b for b in document.body if isinstance(b, Table))
    labels = [(r.cells[0].lines, r.keep_with_next) for r in table.rows]
    assert [label for label, group in labels if group] == [("I",), ("II",)]
    assert [label for label, _group in labels] == [
        ("I",),
        ("1",),
        ("2",),
        ("3",),
        ("II",),
        ("1",),
        ("2",),
    ]


def test_rendering_a_plan_costs_a_fixed_few_queries(unit, django_assert_max_num_queries):
    extraction = copy.deepcopy(OWN_PLAN)
    extraction["tasks"] = extraction["tasks"] * 10  # 40 tasks
    plan = plan_import(extraction=extraction, owner=unit("so-khcn"), by=None)
    with django_assert_max_num_queries(6):
        plan_document(plan_for_rendering(plan.pk))
