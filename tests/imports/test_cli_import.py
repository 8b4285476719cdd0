"""`phongthu import`: the seed from the shell, with a summary, a question, and ids printed."""

from __future__ import annotations

import io
import re

import pytest

from phongthu.cli import main
from phongthu.org.models import OrgUnitAlias
from phongthu.plans.models import Assignment, Plan, Task

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def plan_ids(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"kế hoạch số (\d+)", text)]


@pytest.fixture
def with_unknown_unit(seed_path, tmp_path):
    """The seed with one lead unit the organisation does not know (written to a temp file)."""
    text = seed_path.read_text(encoding="utf-8").replace(
        "Ban CHQS Sở\tCác", "Tổ phản ứng nhanh\tCác"
    )
    assert "Tổ phản ứng nhanh" in text
    path = tmp_path / "ke-hoach-co-to-phan-ung.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_with_yes_creates_the_plan_and_prints_its_id(sample_org, seed_path, capsys):
    assert main(["import", str(seed_path), "--org", "so-khcn", "--yes"]) == 0

    output = capsys.readouterr().out
    plan = Plan.objects.get()
    assert plan_ids(output) == [plan.pk]
    assert "Nhiệm vụ: 5 trong 2 nhóm" in output
    assert plan.owner.code == "so-khcn"
    assert (plan.tasks.count(), plan.groups.count()) == (5, 2)


def test_importing_again_creates_nothing_and_prints_the_same_id(sample_org, seed_path, capsys):
    main(["import", str(seed_path), "--org", "so-khcn", "--yes"])
    first = plan_ids(capsys.readouterr().out)
    counts = (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())

    assert main(["import", str(seed_path), "--org", "so-khcn", "--yes"]) == 0

    output = capsys.readouterr().out
    assert plan_ids(output) == first
    assert "đã nhập trước đó" in output
    assert counts == (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())


def test_without_yes_it_asks_and_a_no_imports_nothing(sample_org, seed_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("k\n"))
    assert main(["import", str(seed_path), "--org", "so-khcn"]) == 0
    output = capsys.readouterr().out
    assert "Nhập kế hoạch này? [c/K]" in output
    assert "bỏ qua" in output
    assert not Plan.objects.exists()

    monkeypatch.setattr("sys.stdin", io.StringIO("c\n"))
    assert main(["import", str(seed_path), "--org", "so-khcn"]) == 0
    assert plan_ids(capsys.readouterr().out) == [Plan.objects.get().pk]


def test_unknown_units_are_listed_and_the_exit_is_non_zero(sample_org, with_unknown_unit, capsys):
    status = main(["import", str(with_unknown_unit), "--org", "so-khcn", "--yes"])

    assert status != 0
    error = capsys.readouterr().err
    assert "các đơn vị sau chưa có trong cơ cấu tổ chức" in error
    assert "- Tổ phản ứng nhanh" in error
    assert "Có tệp chưa nhập được" in error
    assert not Plan.objects.exists()


def test_a_map_option_names_the_unit_and_is_remembered(sample_org, with_unknown_unit, capsys):
    status = main(
        [
            "import",
            str(with_unknown_unit),
            "--org",
            "so-khcn",
            "--yes",
            "--map",
            "Tổ phản ứng nhanh=so-khcn-bchqs",
        ]
    )
    assert status == 0
    plan = Plan.objects.get()
    assert plan_ids(capsys.readouterr().out) == [plan.pk]
    lead = plan.tasks.get(position=1).assignments.get(role="lead")
    assert lead.unit.code == "so-khcn-bchqs"
    assert OrgUnitAlias.objects.filter(alias="Tổ phản ứng nhanh").exists()


def test_the_owner_defaults_to_the_issuer_the_document_names(
    sample_org, seed_path, tmp_path, capsys
):
    # the seed's issuer (inferred from its symbol and text) is the Sở KH&CN
    assert main(["import", str(seed_path), "--yes"]) == 0
    assert Plan.objects.get().owner.code == "so-khcn"
    # an issuer the organisation does not know: the command asks for --org
    path = tmp_path / "so-khac.txt"
    path.write_text("SỞ GIAO THÔNG VẬN TẢI\n\nSố: 12/KH-SGTVT\n\nKẾ HOẠCH\n\nThử nghiệm\n")
    assert main(["import", str(path), "--yes"]) == 1
    error = capsys.readouterr().err
    assert "không xác định được cơ quan ban hành" in error
    assert "--org" in error


def test_an_unknown_org_and_an_unreadable_file_are_refused(sample_org, tmp_path, capsys):
    assert main(["import", "x.txt", "--org", "khong-co"]) == 2
    assert "Không có cơ quan, đơn vị nào mã “khong-co”" in capsys.readouterr().err

    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "khong-co.txt"
    assert main(["import", str(empty), str(missing), "--org", "so-khcn", "--yes"]) == 1
    error = capsys.readouterr().err
    assert "rỗng" in error
    assert "không mở được tệp" in error
    assert not Plan.objects.exists()
