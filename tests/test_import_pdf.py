"""``budgetlib import FILE.pdf --out DIR`` on the four published statements, on broken copies of them
and on files that are not statements: what is written, what the audit says, what the report says."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest
from conftest import budgetlib, files_under, statement_path
from pdf_files import encrypted_copy, image_pdf, text_pdf, without_pages

from budgetlib import analysis
from budgetlib.checks.audit import audit
from budgetlib.datapackage import load
from budgetlib.importers import import_statement, statement
from budgetlib.importers.pdf import OCR_MESSAGE, read_statement

# The README of the statements: 收入总计 and the basic / project split (元, as printed); and from the
# statement itself: the three public expenses and the operating costs (the 三公 table, 万元) and the
# procurement budget (the notes, 万元).
EXPECTED = {
    "commerce": ("371514655.00", "19830655.00", "351684000.00", "1.00", "171.01", "38.20"),
    "office": ("91016775.35", "24606775.35", "66410000.00", "867.50", "213.28", "34"),
    "wanli": ("156211123", "99706020", "56505103", "47.91", "443.18", "1662.44"),
    "justice": ("86959408.34", "22118861", "64840547.00", "10.71", "184.59", "1484.2"),
}
# What 司法局's statement prints that does not add up (pages 11 and 14: row 2040601 prints the 款's project
# spending; the 合计 drops the 0.34 of basic spending, and so does the 收支总表's split on page 8):
# warnings, since the package is its print.
JUSTICE_AS_PRINTED = {
    f"function.{table}.{check}"
    for table in ("expenditure_summary", "general_budget_functional")
    for check in ("basic_plus_project.2040601", "basic_plus_project.total", "total.basic", "children.20406.project")
} | {"tables.economic_matches_basic", "summary.income_expenditure_summary.split.1",
     "summary.income_expenditure_summary.split.5"}  # fmt: skip


def rows(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("key", EXPECTED)
def test_each_statement_imports_with_its_figures_exact_as_printed(imported, key):
    result, out = imported(key)
    income_total, basic, project, three_public, operating, procurement = EXPECTED[key]
    total = next(
        r for r in rows(out, "function_spending") if r["table"] == "expenditure_summary" and r["is_total"] == "true"
    )
    assert (total["total"], total["basic"], total["project"]) == (income_total, basic, project)
    summary = [
        r for r in rows(out, "summary_rows") if r["table"] == "income_expenditure_summary" and r["is_total"] == "true"
    ]
    assert {(r["side"], r["amount"]) for r in summary if r["column"] == "total"} == {
        ("income", income_total), ("spending", income_total)
    }  # fmt: skip
    items = {r["item"]: r["amount"] for r in rows(out, "three_public_items")}
    assert (items["three_public"], items["operating_costs"]) == (three_public, operating)
    stated = {r["measure"]: r for r in rows(out, "stated_figures") if r["topic"] == "procurement"}
    assert stated["procurement_total"]["amount"] == procurement
    assert stated["procurement_total"]["sentence_zh"].count(procurement.rstrip("0").rstrip(".")) >= 1
    budget = result.budget
    assert analysis.fiscal_year(budget) == {"commerce": 2025, "office": 2025, "wanli": 2024, "justice": 2026}[key]
    assert budget.descriptor["budgetKind"] == ("unit" if key == "justice" else "department")


@pytest.mark.parametrize("key", EXPECTED)
def test_every_national_table_is_found_and_every_identity_holds_or_is_the_statements_own(imported, key):
    result, out = imported(key)
    tables = {r["table"] for r in rows(out, "function_spending")} | {r["table"] for r in rows(out, "empty_tables")}
    assert tables == {"expenditure_summary", "general_budget_functional", "government_fund_functional",
                      "state_capital_functional"}  # fmt: skip
    assert {r["table"] for r in rows(out, "summary_rows")} == {"income_expenditure_summary", "appropriation_summary"}
    assert (out / "function_income.csv").exists() and (out / "economic_basic.csv").exists()
    assert "National tables found: 9 of 9" in result.report and "Not found: none" in result.report
    flagged = {check.name for check in result.checks if check.status != "pass"}
    assert flagged == (JUSTICE_AS_PRINTED if key == "justice" else set())
    assert not [check for check in result.checks if check.status == "fail"]


def test_a_typed_copy_of_the_same_rows_fails_where_the_print_only_warns(imported, tmp_path):
    _, out = imported("justice")
    copy = tmp_path / "typed"
    copy.mkdir()
    for path in out.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor["importedFrom"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    assert {check.name for check in audit(load(copy)) if check.status == "fail"} == JUSTICE_AS_PRINTED


def test_every_row_says_where_it_was_printed(imported):
    _, out = imported("commerce")
    spending = rows(out, "function_spending")
    first = spending[0]
    assert (first["source_table"], first["source_page"], first["source_row"], first["code"], first["name_zh"]) == (
        "2025年部门支出预算总表", "12", "4", "201", "一般公共服务支出"
    )  # fmt: skip
    assert {r["source_page"] for r in spending if r["table"] == "expenditure_summary"} == {"12", "13"}
    economic = rows(out, "economic_basic")
    assert all(r["source_table"] and r["source_page"] and r["source_row"] for r in economic)
    figures = rows(out, "stated_figures")
    income = next(r for r in figures if r["measure"] == "fiscal_appropriation_income")
    assert (income["change"], income["change_amount"], income["compared_with_zh"]) == (
        "increase", "24558.18", "2024年预算执行数"
    )  # fmt: skip
    assert income["reason_zh"] == "政策资金项目预算增加，根据实际工作安排编制预算" and income["source_page"] == "7"


def test_the_notes_figures_duties_glossary_units_and_projects_are_kept(imported):
    _, out = imported("commerce")
    projects = rows(out, "project_pages")
    assert [(p["project_zh"], p["amount"]) for p in projects] == [
        ("科技创新专项", "1720.00"), ("生命健康专项(政策资金)", "1170.00"), ("商业创新专项(政策资金)", "1410.00"),
        ("贸易高质量发展专项(政策资金)", "2921.00"),
    ]  # fmt: skip
    assert all(p["purpose_zh"] for p in projects)
    figures = {(r["topic"], r["measure"]): r for r in rows(out, "stated_figures")}
    assert figures[("performance", "projects_with_targets")]["count"] == "25"
    assert figures[("performance", "projects_with_targets")]["amount"] == "11381.60"
    assert figures[("three_public", "overseas_travel")]["reason_zh"] == "此部分预算由区外办统一安排"
    assert figures[("assets", "vehicles")]["count"] == "0"
    assert [figures[("procurement", m)]["amount"] for m in ("goods", "works", "services")] == ["7.80", "0", "30.40"]
    assert len(rows(out, "responsibilities")) == 13 and len(rows(out, "glossary")) == 8
    assert [u["unit_zh"] for u in rows(out, "organisation")] == ["商务委本部", "上海市普陀区中小企业服务中心"]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["department"] == {"name_zh": "上海市普陀区商务委员会"}
    assert descriptor["unitCounts"] == {"行政单位": 1, "事业单位": 1}


def test_a_change_stated_as_a_percentage_is_kept_as_one(imported):
    _, out = imported("justice")
    item = next(r for r in rows(out, "stated_figures") if "行政运行（01项）" in r["measure"])
    assert (item["change"], item["change_pct"], item["change_amount"]) == ("decrease", "1.10", "")


def test_the_report_is_printed_saved_and_named_in_the_package(imported, tmp_path):
    result, out = imported("wanli")
    assert (out / "import-report.txt").read_text(encoding="utf-8") == result.report
    assert json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["importReport"] == "import-report.txt"
    report = result.report
    assert "income_summary: 2024年部门收入预算总表, pages 11–15, 67 rows, 元" in report
    assert "government_fund_functional: 2024年部门政府性基金预算支出功能分类预算表, page 27, printed empty" in report
    assert "page 29, basic_economic: code 301 2 printed without a leading zero; read as 30102" in report
    assert "organisation: 6 units without English (unit_en)" in report
    assert "«截至" in report  # each figure with its sentence
    process = budgetlib("import", str(statement_path("office")), "--out", str(tmp_path / "office"))
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("budgetlib import: putuo-government-office-2025-department.pdf (22 pages)")
    assert process.stdout.rstrip().endswith("(11 tables)")  # the 9 national tables in 6, and the notes in 5


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path, tmp: path.write_text("not a pdf at all", encoding="utf-8"), "not a PDF"),
        (lambda path, tmp: path.write_bytes(image_pdf()), OCR_MESSAGE),
        (lambda path, tmp: path.write_bytes(text_pdf()), "none of the national budget tables found"),
        (lambda path, tmp: encrypted_copy(statement_path("office"), path), "encrypted"),
    ],
    ids=["not-a-pdf", "scanned", "no-tables", "encrypted"],
)
def test_a_file_that_is_not_a_readable_statement_is_one_message_and_nothing_is_written(tmp_path, make, problem):
    pdf = tmp_path / "statement.pdf"
    make(pdf, tmp_path)
    out = tmp_path / "package"
    out.mkdir()
    (out / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    before = files_under(out)
    process = budgetlib("import", str(pdf), "--out", str(out))
    assert process.returncode == 2
    assert process.stderr.startswith("budgetlib: cannot import the statement: statement.pdf")
    assert problem in process.stderr and "Traceback" not in process.stderr and len(process.stderr.splitlines()) == 1
    assert files_under(out) == before
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".package.import-")]


def test_a_missing_page_is_reported_with_the_sums_it_breaks(tmp_path):
    # page 11 holds the second half of 商务委's 收入总表, with its 合计
    broken = without_pages(statement_path("commerce"), tmp_path / "broken.pdf", {11})
    result = import_statement(broken, tmp_path / "package")
    assert "income_summary: 2025年部门收入预算总表, page 10" in result.report
    assert "no 合计/总计 row" in result.report
    income = rows(tmp_path / "package", "function_income")
    assert {r["source_page"] for r in income} == {"10"}


def test_a_table_printed_in_another_unit_is_left_out_and_said(tmp_path, monkeypatch):
    read = read_statement(statement_path("commerce"))
    tables = [dataclasses.replace(t, unit="万元") if t.kind == "general_budget_functional" else t for t in read.tables]
    monkeypatch.setattr(statement, "read_statement", lambda path: dataclasses.replace(read, tables=tables))
    result = import_statement(statement_path("commerce"), tmp_path / "package")
    assert (
        "2025年部门一般公共预算支出功能分类预算表 is printed in 万元, the other tables of function_spending in 元"
        in (result.report)
    )
    assert {r["table"] for r in rows(tmp_path / "package", "function_spending")} == {"expenditure_summary"}
    assert not [check for check in result.checks if check.status == "fail"]


def test_an_import_refuses_a_folder_of_other_files_before_reading(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    process = budgetlib("import", str(tmp_path / "absent.pdf"), "--out", str(out))
    assert process.returncode == 2 and "holds files that are not the package's (mine.txt)" in process.stderr
    process = budgetlib("import", str(statement_path("office")), "--out", str(out), "--force")
    assert process.returncode == 0, process.stderr
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep" and (out / "datapackage.json").exists()


@pytest.mark.parametrize("key", ["commerce", "justice"])
def test_an_imported_package_goes_to_a_workbook_and_back_as_a_typed_package(imported, key, tmp_path):
    """A person corrects an import in Excel: every table comes back as it was; the package is then no
    longer the statement's print, so the disagreeing sums of 司法局's statement fail."""
    from budgetlib.workbook import export_workbook, import_workbook

    _, out = imported(key)
    book = export_workbook(tmp_path / "package.xlsx", out)
    back = tmp_path / "back"
    import_workbook(book, back)
    csvs = sorted(path.name for path in out.glob("*.csv"))
    assert sorted(path.name for path in back.glob("*.csv")) == csvs
    for name in csvs:
        assert (back / name).read_bytes() == (out / name).read_bytes(), name
    descriptor = json.loads((back / "datapackage.json").read_text(encoding="utf-8"))
    assert "importedFrom" not in descriptor and "importReport" not in descriptor
    assert not (back / "import-report.txt").exists()
    failed = {check.name for check in audit(load(back)) if check.status == "fail"}
    assert failed == (JUSTICE_AS_PRINTED if key == "justice" else set())
