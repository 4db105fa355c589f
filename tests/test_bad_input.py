"""Bad input gives one clear message (file, row, column, expected, found), a non-zero exit, no traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from conftest import budgetlib, budgetlib_process, change_descriptor, drop_resource, files_under, set_cell

from budgetlib import DataError, load
from budgetlib.cli import main


def assert_reported(data_dir: Path, *fragments: str) -> None:
    """load() raises DataError with every fragment, and `budgetlib check` exits 2 saying the same."""
    with pytest.raises(DataError) as caught:
        load(data_dir)
    for fragment in fragments:
        assert fragment in str(caught.value)
    result = budgetlib("check", "--data", str(data_dir))
    assert result.returncode == 2
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
    drop_resource(data_copy, "units")
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
    result = budgetlib_process("check", "--data", str(data_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "FAIL overview.basic_plus_project.2019" in result.stdout


def test_facts_on_unreadable_data_exits_2(data_copy):
    (data_copy / "units.csv").write_bytes(b"")
    result = budgetlib_process("facts", "--json", "--data", str(data_copy))
    assert result.returncode == 2
    assert "units.csv: file is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_argument_is_one_message_and_exit_2_from_the_real_command():
    result = budgetlib_process("report", "--jobs", "0")
    assert result.returncode == 2
    assert result.stderr.endswith("argument --jobs: expected a whole number of at least 1, found '0'\n")
    assert "Traceback" not in result.stderr


# Every bad input of the command line, as a hostile user would give it: each case sets up a
# package (or an output folder) and names the arguments, the exit code and what the one-line
# message must say. Each runs in a folder of its own with a private temporary folder, and
# leaves nothing behind: no traceback, no new file anywhere, the data as they were.


def _change_resource(data_dir: Path, name: str, change) -> None:
    def apply(descriptor: dict) -> None:
        index = next(i for i, r in enumerate(descriptor["resources"]) if r.get("name") == name)
        descriptor["resources"][index] = change(descriptor["resources"][index])

    change_descriptor(data_dir, apply)


def _change_field(data_dir: Path, table: str, field: str, change) -> None:
    def apply(resource: dict) -> dict:
        change(next(f for f in resource["schema"]["fields"] if f["name"] == field))
        return resource

    _change_resource(data_dir, table, apply)


def _replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _case_data_is_a_file(data: Path, work: Path) -> list[str]:
    return ["check", "--data", str(data / "datapackage.json")]


def _case_resource_without_path(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: {k: v for k, v in r.items() if k != "path"})
    return ["check", "--data", str(data)]


def _case_resource_as_a_string(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: "units.csv")
    return ["facts", "--data", str(data)]


def _case_path_outside_the_package(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: {**r, "path": "../units.csv"})
    return ["check", "--data", str(data)]


def _case_absolute_path(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: {**r, "path": str((data / "units.csv").resolve())})
    return ["check", "--data", str(data)]


def _case_unsupported_constraint(data: Path, work: Path) -> list[str]:
    _change_field(data, "procurement_lines", "quantity", lambda f: f["constraints"].update(multipleOf=5))
    return ["check", "--data", str(data)]


def _case_unsupported_type(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: r["schema"]["fields"].append({"name": "place", "type": "geopoint"}) or r)
    return ["check", "--data", str(data)]


def _case_maximum(data: Path, work: Path) -> list[str]:
    _change_field(data, "procurement_lines", "quantity", lambda f: f["constraints"].update(maximum=30))
    return ["check", "--data", str(data)]


def _case_max_length(data: Path, work: Path) -> list[str]:
    _change_field(data, "units", "unit_code", lambda f: f.setdefault("constraints", {}).update(maxLength=3))
    return ["check", "--data", str(data)]


def _case_unique(data: Path, work: Path) -> list[str]:
    _change_field(data, "procurement_lines", "project_zh", lambda f: f["constraints"].update(unique=True))
    return ["check", "--data", str(data)]


def _case_negative_amount(data: Path, work: Path) -> list[str]:
    set_cell(data, "procurement_lines", 8, "amount_10k_cny", "-160.00")
    return ["facts", "--data", str(data)]


def _case_not_a_boolean(data: Path, work: Path) -> list[str]:
    set_cell(data, "budget_overview", 1, "is_total", "yes")
    return ["check", "--data", str(data)]


def _case_thousands_separator(data: Path, work: Path) -> list[str]:
    set_cell(data, "budget_overview", 1, "amount_10k_cny", "1,234.50")
    return ["check", "--data", str(data)]


def _case_full_width_digits(data: Path, work: Path) -> list[str]:
    set_cell(data, "procurement_lines", 8, "amount_10k_cny", "１６０.００")
    return ["check", "--data", str(data)]


def _case_renamed_column(data: Path, work: Path) -> list[str]:
    _replace_text(data / "units.csv", "unit_code,", "code,")
    return ["check", "--data", str(data)]


def _case_extra_column(data: Path, work: Path) -> list[str]:
    path = data / "units.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",note", *(line + "," for line in lines[1:])]) + "\n", encoding="utf-8")
    return ["check", "--data", str(data)]


def _case_out_is_a_file(data: Path, work: Path) -> list[str]:
    (work / "out").write_text("not a folder", encoding="utf-8")
    return ["report", "--out", str(work / "out")]


def _case_out_reports_is_a_file(data: Path, work: Path) -> list[str]:
    (work / "out").mkdir()
    (work / "out" / "reports").write_text("not a folder", encoding="utf-8")
    return ["report", "--lang", "zh", "--out", str(work / "out")]


def _case_deck_out_is_a_file(data: Path, work: Path) -> list[str]:
    (work / "out").write_text("not a folder", encoding="utf-8")
    return ["deck", "--out", str(work / "out")]


def _case_jobs_zero(data: Path, work: Path) -> list[str]:
    return ["report", "--jobs", "0", "--out", str(work / "out")]


def _case_facts_on_data_that_do_not_reconcile(data: Path, work: Path) -> list[str]:
    set_cell(data, "procurement_lines", 9, "amount_10k_cny", "1.30")
    return ["facts", "--data", str(data)]


def _case_unsupported_format(data: Path, work: Path) -> list[str]:
    _change_field(data, "units", "unit_code", lambda f: f.update(format="email"))
    return ["check", "--data", str(data)]


def _case_decimal_comma(data: Path, work: Path) -> list[str]:
    _change_field(data, "procurement_lines", "amount_10k_cny", lambda f: f.update(decimalChar=","))
    return ["check", "--data", str(data)]


def _case_group_char(data: Path, work: Path) -> list[str]:
    _change_field(data, "procurement_lines", "amount_10k_cny", lambda f: f.update(groupChar=","))
    return ["check", "--data", str(data)]


def _case_semicolon_dialect(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: {**r, "dialect": {"delimiter": ";"}})
    return ["check", "--data", str(data)]


def _case_unknown_field_key(data: Path, work: Path) -> list[str]:
    _change_field(data, "units", "unit_code", lambda f: f.update(categories=["a"]))
    return ["check", "--data", str(data)]


def _case_department_as_a_string(data: Path, work: Path) -> list[str]:
    change_descriptor(data, lambda d: d.update(department="应急管理局"))
    return ["report", "--data", str(data), "--out", str(work / "out")]


def _case_primary_key_a_number(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: r["schema"].update(primaryKey=5) or r)
    return ["check", "--data", str(data)]


def _case_fiscal_year_not_a_year(data: Path, work: Path) -> list[str]:
    change_descriptor(data, lambda d: d.update(fiscalYear="2020年"))
    return ["check", "--data", str(data)]


def _case_nested_a_thousand_levels(data: Path, work: Path) -> list[str]:
    (data / "datapackage.json").write_text('{"resources": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    return ["check", "--data", str(data)]


def _case_nul_in_a_name(data: Path, work: Path) -> list[str]:
    set_cell(data, "procurement_lines", 2, "item_zh", "复印纸\x00")
    return ["report", "--data", str(data), "--out", str(work / "out")]


def _case_bytes_that_do_not_match(data: Path, work: Path) -> list[str]:
    _change_resource(data, "units", lambda r: {**r, "bytes": 12})
    return ["check", "--data", str(data)]


BAD_INPUT = {
    "data_is_a_file": (_case_data_is_a_file, 2, ["datapackage.json: not a folder", "found a file"]),
    "resource_without_path": (_case_resource_without_path, 2, ["resource 1 (units) has no path"]),
    "resource_as_a_string": (_case_resource_as_a_string, 2, ["resource 1 is not an object", "found 'units.csv'"]),
    "path_outside_the_package": (
        _case_path_outside_the_package, 2, ["its path leaves the package folder", "found '../units.csv'"],
    ),
    "absolute_path": (_case_absolute_path, 2, ["resource 1 (units): its path leaves the package folder"]),
    "unsupported_constraint": (
        _case_unsupported_constraint, 2,
        ["resource procurement_lines, field quantity: unsupported constraint 'multipleOf'", "expected one of"],
    ),
    "unsupported_type": (
        _case_unsupported_type, 2, ["resource units, field place: unsupported type", "found 'geopoint'"],
    ),
    "maximum": (
        _case_maximum, 2,
        ["procurement_lines.csv, row 6 (line 7), column quantity", "expected at most 30, found '55.00'"],
    ),
    "max_length": (_case_max_length, 2, ["units.csv, row 1 (line 2), column unit_code", "at most 3 characters"]),
    "unique": (_case_unique, 2, ["column project_zh: duplicate value: expected a value of its own", "as in row 3"]),
    "negative_amount": (
        _case_negative_amount, 2,
        ["procurement_lines.csv, row 8 (line 9), column amount_10k_cny", "expected at least 0, found '-160.00'"],
    ),
    "not_a_boolean": (
        _case_not_a_boolean, 2, ["budget_overview.csv, row 1 (line 2), column is_total", "expected true or false"]
    ),
    "thousands_separator": (_case_thousands_separator, 2, ["expected a number such as 12.5, found '1,234.50'"]),
    "full_width_digits": (_case_full_width_digits, 2, ["column amount_10k_cny", "found '１６０.００'"]),
    "renamed_column": (_case_renamed_column, 2, ["units.csv: missing column unit_code"]),
    "extra_column": (_case_extra_column, 2, ["units.csv: unexpected column note"]),
    "out_is_a_file": (_case_out_is_a_file, 1, ["out: not a folder", "found a file", "left as they were"]),
    "out_reports_is_a_file": (_case_out_reports_is_a_file, 1, ["reports: not a folder"]),
    "deck_out_is_a_file": (_case_deck_out_is_a_file, 1, ["deck failed: cannot write", "Not a directory"]),
    "jobs_zero": (_case_jobs_zero, 2, ["argument --jobs: expected a whole number of at least 1, found '0'"]),
    "facts_on_data_that_do_not_reconcile": (
        _case_facts_on_data_that_do_not_reconcile, 1,
        ["the data fail 3 audit checks", "totals.procurement_426003", "unreliable"],
    ),
    "unsupported_format": (_case_unsupported_format, 2, ["field unit_code: unsupported format 'email'"]),
    "decimal_comma": (_case_decimal_comma, 2, ["field amount_10k_cny: unsupported decimalChar ','"]),
    "group_char": (_case_group_char, 2, ["field amount_10k_cny: unsupported groupChar ','"]),
    "semicolon_dialect": (_case_semicolon_dialect, 2, ["resource 1 (units): unsupported dialect delimiter ';'"]),
    "unknown_field_key": (_case_unknown_field_key, 2, ["field unit_code: unsupported key 'categories'"]),
    "department_as_a_string": (
        _case_department_as_a_string, 2, ["department is not an object of text values", "found '应急管理局'"],
    ),
    "primary_key_a_number": (_case_primary_key_a_number, 2, ["primaryKey is not a column name", "found 5"]),
    "fiscal_year_not_a_year": (_case_fiscal_year_not_a_year, 2, ["fiscalYear is not a year", "found '2020年'"]),
    "nested_a_thousand_levels": (_case_nested_a_thousand_levels, 2, ["datapackage.json: nested too deeply"]),
    "nul_in_a_name": (
        _case_nul_in_a_name, 2,
        ["procurement_lines.csv, row 2 (line 3), column item_zh: a control character", "found U+0000"],
    ),
    "bytes_that_do_not_match": (_case_bytes_that_do_not_match, 2, ["resource 1 (units): bytes does not match"]),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUT, ids=str)
def test_bad_input_gives_one_message_an_exit_code_and_leaves_nothing(case, data_copy, tmp_path, monkeypatch):
    setup, code, fragments = BAD_INPUT[case]
    work, temporary = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    temporary.mkdir()
    args = setup(data_copy, work)
    before = {"data": files_under(data_copy), "work": files_under(work)}
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = budgetlib(*args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr
    message = [line for line in result.stderr.splitlines() if line.startswith("budgetlib")]
    assert message and not [line for line in result.stderr.splitlines() if line.startswith("  File ")]
    assert {"data": files_under(data_copy), "work": files_under(work)} == before
    assert list(temporary.iterdir()) == []


def test_facts_on_data_that_do_not_reconcile_marks_the_figures(edit):
    data_dir = edit("procurement_lines", 9, "amount_10k_cny", "1.30")
    text = budgetlib("facts", "--data", str(data_dir))
    assert text.returncode == 1
    assert text.stdout.startswith("UNRELIABLE: the data fail 3 audit checks")
    assert "procurement_total: 170.72" in text.stdout  # still printed, after the mark
    printed = budgetlib("facts", "--json", "--data", str(data_dir))
    assert printed.returncode == 1
    figures = json.loads(printed.stdout)
    assert figures["audit_failures"] == [
        "totals.procurement",
        "totals.procurement_426003",
        "procurement.quantity_x_price.line9",
    ]


def test_facts_on_good_data_has_no_mark():
    printed = budgetlib("facts", "--json")
    assert printed.returncode == 0 and "audit_failures" not in json.loads(printed.stdout)


def test_every_amount_that_cannot_be_negative_says_so():
    """Amounts and prices carry ``minimum: 0``; stated changes may be negative."""
    descriptor = json.loads((load().data_dir / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        (r["name"], f["name"]): f.get("constraints", {})
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
        if f.get("unit") == "万元"
    }
    changes = {key for key in fields if "change" in key[1]}
    assert changes == {
        ("budget_changes", "change_10k_cny"),
        ("three_public_expenses", "change_from_previous_year_10k_cny"),
    }
    assert [key for key, c in fields.items() if key not in changes and c.get("minimum") != 0] == []
    assert [key for key in changes if "minimum" in fields[key]] == []


def test_a_negative_change_loads(edit):
    data_dir = edit("budget_changes", 3, "change_10k_cny", "-5.39")
    assert load(data_dir).budget_changes["change_10k_cny"].min() == -5.39


def test_a_full_disk_during_an_export_is_one_line_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    """The disk fills while the workbook is written: one line naming the file, exit 1, nothing left."""
    import errno
    import io
    import os

    import budgetlib.files

    real = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, handle):
            self.stream, self.written = real(handle, "wb"), 0

        def writable(self):
            return True

        def write(self, data):
            self.written += len(data)
            if self.written > 20_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.stream.write(data)

        def close(self):
            self.stream.close()
            super().close()

    monkeypatch.setattr(budgetlib.files.os, "fdopen", lambda handle, mode="r", *a, **k: Full(handle))
    assert main(["workbook", "export", str(tmp_path / "out.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "out.xlsx: No space left on device" in err
    assert list(tmp_path.iterdir()) == []
