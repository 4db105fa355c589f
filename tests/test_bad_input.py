"""Bad input gives one clear message (file, row, column, expected, found), a non-zero exit, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlib import DataError, load
from budgetlib.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run the command as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "budgetlib", *args], capture_output=True, text=True)


def assert_reported(data_dir: Path, *fragments: str) -> None:
    """load() raises DataError with every fragment, and `budgetlib check` exits 2 saying the same."""
    with pytest.raises(DataError) as caught:
        load(data_dir)
    for fragment in fragments:
        assert fragment in str(caught.value)
    result = run_cli("check", "--data", str(data_dir))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert result.stdout == ""


def test_missing_file(data_copy):
    (data_copy / "procurement_lines.csv").unlink()
    assert_reported(data_copy, "procurement_lines.csv: file not found")


def test_missing_descriptor(tmp_path):
    assert_reported(tmp_path, "datapackage.json: file not found")


def test_descriptor_not_json(data_copy):
    (data_copy / "datapackage.json").write_text("{ nope", encoding="utf-8")
    assert_reported(data_copy, "datapackage.json: not valid JSON at line 1")


def test_descriptor_of_another_form(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "units"]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert_reported(data_copy, "resource units is missing")


def test_missing_column(data_copy):
    path = data_copy / "asset_categories.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i != 4) for line in lines]  # drop value_10k_cny
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    assert_reported(data_copy, "asset_categories.csv", "missing column value_10k_cny")


def test_non_numeric_amount(edit):
    data_dir = edit("procurement_lines", 8, "amount_10k_cny", "160万")
    assert_reported(
        data_dir,
        "procurement_lines.csv, row 8 (line 9), column amount_10k_cny",
        "expected a number such as 12.5, found '160万'",
    )


def test_required_value_missing(edit):
    data_dir = edit("budget_overview", 4, "amount_10k_cny", "")
    assert_reported(data_dir, "budget_overview.csv, row 4 (line 5), column amount_10k_cny", "expected a value")


def test_value_outside_its_list(edit):
    data_dir = edit("project_indicators", 3, "level1_zh", "产出")
    assert_reported(data_dir, "project_indicators.csv, row 3 (line 4), column level1_zh", "expected one of 产出指标")


def test_duplicate_key(edit):
    data_dir = edit("project_indicators", 2, "indicator_no", "1")
    assert_reported(
        data_dir,
        "project_indicators.csv, row 2 (line 3), column table_no, indicator_no",
        "duplicate key (table_no=1, indicator_no=1)",
        "found the same key as row 1",
    )


def test_unknown_unit_code(edit):
    data_dir = edit("procurement_lines", 4, "unit_code", "426009")
    assert_reported(
        data_dir,
        "procurement_lines.csv, row 4 (line 5), column unit_code",
        "expected a value listed in units.csv (426002, 426003), found '426009'",
    )


def test_wrong_encoding(data_copy):
    path = data_copy / "units.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert_reported(data_copy, "units.csv: line 2 is not UTF-8 text", "expected UTF-8")


def test_empty_file(data_copy):
    (data_copy / "income_sources.csv").write_bytes(b"")
    assert_reported(data_copy, "income_sources.csv: file is empty", "expected a header row: year,fin_source")


def test_ragged_row(data_copy):
    path = data_copy / "units.csv"
    path.write_text(path.read_text(encoding="utf-8") + "426004,extra\n", encoding="utf-8")
    assert_reported(data_copy, "units.csv, row 3 (line 4): wrong number of cells")


def test_a_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "units.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load(data_copy).units) == 2


def test_broken_identity_fails_the_check_with_expected_and_found(edit, capsys):
    data_dir = edit("procurement_lines", 9, "amount_10k_cny", "1.30")
    assert main(["check", "--data", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "FAIL totals.procurement_426003:" in out
    assert "expected 169.82, found 169.92" in out
    assert "FAIL procurement.quantity_x_price.line9:" in out


def test_broken_identity_cli_exit_code_without_traceback(edit):
    data_dir = edit("budget_overview", 1, "amount_10k_cny", "667.35")
    result = run_cli("check", "--data", str(data_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "FAIL overview.basic_plus_project.2019" in result.stdout


def test_facts_on_unreadable_data_exits_2(data_copy):
    (data_copy / "units.csv").write_bytes(b"")
    result = run_cli("facts", "--json", "--data", str(data_copy))
    assert result.returncode == 2
    assert "units.csv: file is empty" in result.stderr
    assert "Traceback" not in result.stderr
