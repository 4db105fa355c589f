"""The entry workbook: export, template, import, the byte-for-byte round trip, another
department entered from the template, and bad workbooks refused with one clear message."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from budgetlib.cli import main
from budgetlib.datapackage import bundled_data_dir
from budgetlib.workbook.writer import (
    FIRST_DATA_ROW,
    LAST_VALIDATED_ROW,
    column_guide,
    export_workbook,
    form,
    write_template,
)

# A smaller department, another year: two units with other codes, two projects, three procurement
# lines, an asset category (special equipment) the bundled statement does not have.
SECTION = "二、部门预算安排总体情况"
SMALL_PACKAGE = {
    "name": "demo-civil-affairs-budget-2021",
    "title": "2021 departmental budget statement, Civil Affairs Bureau, Demo District",
    "description": "A small statement entered in a test from the workbook template.",
    "fiscalYear": 2021,
    "department.code": "512",
    "department.name_zh": "示范区民政局",
    "department.short_name_zh": "示范区民政局",
    "department.name_en": "Civil Affairs Bureau, Demo District",
    "department.short_name_en": "Demo District Civil Affairs Bureau",
    "sources.1.title": "示范区民政局2021年度部门预算情况说明",
    "sources.1.title_en": "2021 departmental budget statement of the Demo District Civil Affairs Bureau",
}
_UNIT = ["行政", "Administrative body", "正科级", "Section level", "财政拨款", "Fiscal appropriation"]
_PUB = ["published", SECTION, ""]
_PERF = ["published", "五、预算绩效信息", ""]
_DATE = dt.datetime(2020, 12, 31)
SMALL_TABLES = {
    "units": [
        [
            "512001",
            "示范区民政局",
            "区民政局",
            "Demo District Civil Affairs Bureau",
            "Civil Affairs Bureau",
            *_UNIT,
            *_PUB,
        ],
        [
            "512002",
            "示范区养老服务中心",
            "养老服务中心",
            "Demo District Elderly Care Centre",
            "Elderly Care Centre",
            "事业",
            "Public institution",
            "股级",
            "Unit level",
            "财政补助",
            "Fiscal subsidy",
            *_PUB,
        ],
    ],
    "budget_overview": [
        [2020, "total", "合计", "Total", 300, True, "published", None, SECTION, None],
        [
            2020,
            "basic",
            "基本支出",
            "Basic spending",
            180,
            False,
            "derived",
            "2021 amount minus the stated change",
            SECTION,
            None,
        ],
        [
            2020,
            "project",
            "项目支出",
            "Project spending",
            120,
            False,
            "derived",
            "2021 amount minus the stated change",
            SECTION,
            None,
        ],
        [2021, "total", "合计", "Total", 320.5, "true", *_PUB[:1], None, SECTION, None],
        [2021, "basic", "基本支出", "Basic spending", 200.5, "false", *_PUB[:1], None, SECTION, None],
        [2021, "project", "项目支出", "Project spending", 120, "false", *_PUB[:1], None, SECTION, None],
    ],
    "budget_changes": [
        [2020, 2021, "total", "合计", "Total", 20.5, True, None, None, *_PUB],
        [
            2020,
            2021,
            "basic",
            "基本支出",
            "Basic spending",
            20.5,
            False,
            "人员经费增加",
            "Higher personnel costs",
            *_PUB,
        ],
        [2020, 2021, "project", "项目支出", "Project spending", 0, "false", None, None, *_PUB],
    ],
    "income_sources": [
        [2021, "general_public_budget", "一般公共预算拨款", "General public budget appropriation", 320.5, *_PUB],
        [2021, "government_fund", "政府性基金预算拨款", "Government fund budget appropriation", 0, *_PUB],
    ],
    "operating_costs": [[2021, "机关运行经费", "Operating costs", 12.3, "办公及印刷", "Office and printing", *_PUB]],
    "three_public_expenses": [
        [2021, "overseas_travel", "因公出国(境)支出", "Official overseas travel", 0, 0, *_PUB],
        [2021, "official_vehicles", "公务用车购置及运维费支出", "Official vehicles", 3.5, -0.5, *_PUB],
        [2021, "official_hospitality", "公务接待费支出", "Official hospitality", 0.8, 0, *_PUB],
    ],
    "catalogue_categories": [
        ["A", "货物", "Goods", "reference", "政府采购品目分类目录", None],
        ["C", "服务", "Services", "reference", "政府采购品目分类目录", None],
    ],
    "procurement_lines": [
        [
            1,
            "512001",
            "社会救助信息系统运维",
            "Social assistance system upkeep",
            30,
            "信息系统运维服务",
            "IT system maintenance",
            "C1602",
            "项",
            "item",
            1,
            25,
            25,
            "general_public_budget",
            *_PUB,
        ],
        [
            2,
            "512002",
            "养老服务培训",
            "Elderly care training",
            8,
            "其他印刷品",
            "Other printed matter",
            "A080299",
            "箱",
            "box",
            20,
            0.15,
            3,
            "general_public_budget",
            *_PUB,
        ],
        [
            3,
            "512002",
            "养老服务培训",
            "Elderly care training",
            8,
            "台式计算机",
            "Desktop computer",
            "A02010104",
            "台",
            "unit",
            2,
            0.6,
            1.2,
            "general_public_budget",
            *_PUB,
        ],
    ],
    "stated_totals": [
        ["income", "income_sources", "amount_10k_cny", None, "预算收入", "Budget income", 320.5, *_PUB],
        ["three_public_expenses", "three_public_expenses", "amount_10k_cny", None, "三公经费合计", "Total", 4.3, *_PUB],
        ["procurement", "procurement_lines", "amount_10k_cny", None, "合计", "Total", 29.2, *_PUB],
        ["procurement_512002", "procurement_lines", "amount_10k_cny", "512002", "小计", "Subtotal", 4.2, *_PUB],
        ["assets", "asset_categories", "value_10k_cny", None, "固定资产合计", "Fixed assets", 120, *_PUB],
    ],
    "asset_categories": [
        [_DATE, "transport", "交通运输", "Transport equipment", 50, 41.67, "vehicles", *_PUB],
        [_DATE, "special_equipment", "专用设备", "Special equipment", 40, 33.33, "other_fixed_assets", *_PUB],
        [_DATE, "general_equipment", "通用设备", "General equipment", 30, 25, "other_fixed_assets", *_PUB],
    ],
    "asset_occupancy": [
        [_DATE, 1, "vehicles", None, False, "1、车辆（辆）", "Vehicles", 3, "辆", "vehicles", 50, *_PUB],
        [
            _DATE,
            2,
            "other_fixed_assets",
            None,
            "false",
            "2、其他固定资产",
            "Other fixed assets",
            None,
            None,
            None,
            70,
            *_PUB,
        ],
    ],
    "planned_asset_purchases": [[2021, 1, "台式计算机", "Desktop computer", 2, "台", "unit", *_PUB]],
    "department_goals": [
        [1, "社会救助", "Social assistance", "保障困难群众基本生活。", *_PERF],
        [2, "养老服务", "Elderly care", "提升养老服务水平。", *_PERF],
    ],
    "department_indicators": [
        [1, 1, "产出指标", "救助对象覆盖率", "≥95%", "≥", 95, "%", *_PERF],
        [1, 2, None, "救助资金按时发放", "按时发放", None, None, None, *_PERF],
        [2, 1, "产出指标", "培训人次", "≥200人次", "≥", 200, "人次", *_PERF],
    ],
    "project_target_tables": [
        [1, "512001", "社会救助信息系统运维", "Social assistance system upkeep", "系统稳定运行。", *_PERF],
        [2, "512002", "养老服务培训", "Elderly care training", "培训养老护理人员。", *_PERF],
    ],
    "project_indicators": [
        [
            1,
            1,
            "产出指标",
            "Output",
            "质量指标",
            "Quality",
            "系统可用率",
            "System availability",
            "系统全年可用时间占比",
            "≥99%",
            "≥",
            99,
            "%",
            "运维合同",
            *_PERF,
        ],
        [
            1,
            2,
            "满意度指标",
            "Satisfaction",
            "服务对象满意度指标",
            "Service-recipient satisfaction",
            "使用人员满意度",
            "User satisfaction",
            "使用人员满意度调查",
            "≥90%",
            "≥",
            90,
            "%",
            "往年调查",
            *_PERF,
        ],
        [
            2,
            1,
            "产出指标",
            "Output",
            "数量指标",
            "Quantity",
            "培训人次",
            "Trainees",
            "全年培训养老护理人员人次",
            "≥200人次",
            "≥",
            200,
            "人次",
            "年度计划",
            *_PERF,
        ],
    ],
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The bundled package as an entry workbook, written once."""
    return export_workbook(tmp_path_factory.mktemp("export") / "budget.xlsx")


@pytest.fixture
def workbook(exported: Path, tmp_path: Path) -> Path:
    """A copy of the exported workbook to spoil."""
    return Path(shutil.copy(exported, tmp_path / "in.xlsx"))


def _fill(sheet, rows: list[list]) -> None:
    """Type ``rows`` in from the first data row, each new cell taking its column's format as Excel does."""
    for row_no, row in enumerate(rows, start=FIRST_DATA_ROW):
        for col_no, value in enumerate(row, start=1):
            cell = sheet.cell(row_no, col_no, value)
            cell.number_format = sheet.column_dimensions[cell.column_letter].number_format or "General"


def _import(workbook: Path, out: Path, capsys) -> tuple[int, str, str]:
    code = main(["workbook", "import", str(workbook), "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_then_import_gives_the_bundled_package_back_byte_for_byte(exported, tmp_path, capsys):
    code, out, _ = _import(exported, tmp_path / "data", capsys)
    assert code == 0
    assert "38 checks: 35 pass, 3 warn, 0 fail" in out
    bundled = sorted(p.name for p in bundled_data_dir().iterdir() if p.suffix in (".csv", ".json"))
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == bundled
    for name in bundled:
        assert (tmp_path / "data" / name).read_bytes() == (bundled_data_dir() / name).read_bytes(), name
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no staging folder left behind


def test_the_workbook_layout(exported):
    book = openpyxl.load_workbook(exported)
    names = [r["name"] for r in form()["resources"]]
    assert book.sheetnames == ["instructions", "package", *names]
    assert "说明" in book["instructions"]["A1"].value and book["instructions"]["A2"].value.startswith("Entry workbook")
    lines = book["procurement_lines"]
    fields = [f["name"] for f in form()["resources"][names.index("procurement_lines")]["schema"]["fields"]]
    assert [c.value for c in lines[1]] == fields
    assert [lines.cell(r, 13).value for r in range(2, 5)] == ["金额", "Amount", "万元 · 必填 / 10,000 yuan · required"]
    assert lines.freeze_panes == "A5"
    assert (lines["M5"].value, lines["M5"].number_format) == (0.3, "#,##0.0")  # printed "0.3"
    assert (lines["M6"].value, lines["M6"].number_format) == (0.5, "#,##0.00")  # printed "0.50"
    rules = {str(v.sqref): (v.type, v.formula1) for v in lines.data_validations.dataValidation}
    assert rules["B5:B5000"] == ("list", "units!$A$5:$A$5000")
    assert rules["N5:N5000"] == ("list", '"general_public_budget,government_fund,special_account,other"')
    overview = book["budget_overview"]
    assert {str(v.sqref): v.type for v in overview.data_validations.dataValidation}["A5:A5000"] == "whole"
    assert book["asset_categories"]["F5"].number_format == '#,##0.00"%"'
    package = {row[0]: row[1] for row in book["package"].iter_rows(min_row=2, values_only=True)}
    assert package["fiscalYear"] == 2020 and package["department.code"] == "426"
    assert package["resources.stated_totals.title"] == "Totals and subtotals printed in the statement"


def test_a_smaller_department_entered_from_the_template_passes_check(tmp_path, capsys):
    assert main(["workbook", "template", str(tmp_path / "new.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "new.xlsx")
    assert all(book[r["name"]].max_row == FIRST_DATA_ROW - 1 for r in form()["resources"])
    keys = {row[0].value: row[1] for row in book["package"].iter_rows(min_row=2)}
    assert keys["currency"].value == "CNY" and keys["name"].value is None
    for key, value in SMALL_PACKAGE.items():
        keys[key].value = value
    for table, rows in SMALL_TABLES.items():
        _fill(book[table], rows)
    book.save(tmp_path / "new.xlsx")

    code, out, err = _import(tmp_path / "new.xlsx", tmp_path / "demo", capsys)
    assert code == 0, err
    assert " 0 fail" in out
    assert "2020-12-31,special_equipment,专用设备,Special equipment,40.00,33.33," in (
        tmp_path / "demo" / "asset_categories.csv"
    ).read_text(encoding="utf-8")
    assert "3,512002,养老服务培训,Elderly care training,8.00," in (
        tmp_path / "demo" / "procurement_lines.csv"
    ).read_text(encoding="utf-8")
    assert main(["check", "--data", str(tmp_path / "demo")]) == 0
    capsys.readouterr()
    assert main(["facts", "--json", "--data", str(tmp_path / "demo")]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["fiscal_year"], figures["base_year"], figures["department"]) == (2021, 2020, "示范区民政局")
    assert (figures["total_2021"], figures["procurement_total"], figures["procurement_top_amount"]) == (
        320.5,
        29.2,
        25.0,
    )
    assert [item["category_en"] for item in figures["asset_mix"]][1] == "Special equipment"


def _spoil_formula(book):
    book["procurement_lines"]["M5"] = "=K5*L5"  # openpyxl stores no computed value, as a script would


def _spoil_merge(book):
    book["units"].merge_cells("F5:G5")


def _spoil_sheet(book):
    book.create_sheet("notes")["A1"] = "my notes"


def _spoil_column(book):
    book["procurement_lines"]["R7"] = "extra"


def _spoil_year(book):
    book["budget_overview"]["A6"] = dt.datetime(2019, 1, 1)


def _spoil_amount(book):
    book["procurement_lines"]["M12"] = "160万"


def _spoil_reference(book):
    book["procurement_lines"]["B8"] = "426009"


def _spoil_guide(book):
    book["units"]["A3"] = "426004"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            _spoil_formula,
            "sheet procurement_lines, row 5, column M (amount_10k_cny): a formula without a computed value",
        ),
        (_spoil_merge, "sheet units: cells F5:G5 are merged: expected no merged cells"),
        (_spoil_sheet, "sheet notes: this sheet is not part of the workbook"),
        (_spoil_column, "sheet procurement_lines, row 7, column R: a value outside the table's columns"),
        (
            _spoil_year,
            "sheet budget_overview, row 6, column A (year): a date typed where a year is expected: "
            "expected a year as a whole number, such as 2021, found the date 2019-01-01",
        ),
        (
            _spoil_amount,
            "sheet procurement_lines, row 12, column M (amount_10k_cny): invalid value: "
            "expected a number such as 12.5, found '160万'",
        ),
        (
            _spoil_reference,
            "sheet procurement_lines, row 8, column B (unit_code): unknown reference: "
            "expected a value listed in sheet units (426002, 426003), found '426009'",
        ),
        (_spoil_guide, "sheet units, row 3, column A (unit_code): row 3 holds the column guide; data start at row 5"),
    ],
    ids=["formula", "merged", "extra-sheet", "extra-column", "date-for-year", "bad-amount", "bad-reference", "guide"],
)
def test_a_bad_workbook_is_one_message_and_leaves_nothing(workbook, tmp_path, capsys, spoil, message):
    book = openpyxl.load_workbook(workbook)
    spoil(book)
    book.save(workbook)
    code, _, err = _import(workbook, tmp_path / "out", capsys)
    assert code == 2
    assert message in err, err
    assert err.startswith("budgetlib: cannot import the workbook: ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]  # no output, no staging folder


def test_a_formula_saved_with_its_computed_value_is_read_as_that_value(workbook, tmp_path, capsys):
    """As Excel, WPS and LibreOffice save it: the formula and its result (openpyxl cannot compute one)."""
    book = openpyxl.load_workbook(workbook)
    _spoil_formula(book)
    book.save(workbook)
    sheet = f"xl/worksheets/sheet{book.sheetnames.index('procurement_lines') + 1}.xml"
    with zipfile.ZipFile(workbook) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[sheet] = parts[sheet].replace(b"<f>K5*L5</f><v></v>", b"<f>K5*L5</f><v>0.3</v>")
    with zipfile.ZipFile(workbook, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    code, _, err = _import(workbook, tmp_path / "out", capsys)
    assert code == 0, err
    lines = (tmp_path / "out" / "procurement_lines.csv").read_bytes()
    assert lines == (bundled_data_dir() / "procurement_lines.csv").read_bytes()


def previous_package(folder: Path) -> Path:
    """A package an import wrote before: the bundled package's own files, nothing else."""
    shutil.copytree(bundled_data_dir(), folder, ignore=shutil.ignore_patterns("*.toml", "*.md"))
    return folder


def test_a_failed_import_leaves_the_previous_package_as_it_was(workbook, tmp_path, capsys):
    previous = previous_package(tmp_path / "out")
    book = openpyxl.load_workbook(workbook)
    _spoil_amount(book)
    book.save(workbook)
    assert _import(workbook, previous, capsys)[0] == 2
    assert (previous / "procurement_lines.csv").read_bytes() == (
        bundled_data_dir() / "procurement_lines.csv"
    ).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "out"]


def test_the_template_as_it_comes_is_refused_for_its_blank_metadata(tmp_path, capsys):
    write_template(tmp_path / "new.xlsx")
    code, _, err = _import(tmp_path / "new.xlsx", tmp_path / "out", capsys)
    assert code == 2
    assert "sheet package, row 3, column B (value): name is empty: expected a value (it is required)" in err


def test_not_a_workbook(tmp_path, capsys):
    (tmp_path / "in.xlsx").write_text("year,amount\n", encoding="utf-8")
    code, _, err = _import(tmp_path / "in.xlsx", tmp_path / "out", capsys)
    assert code == 2 and "not an .xlsx workbook" in err and not (tmp_path / "out").exists()


def test_export_refuses_unreadable_data(tmp_path, capsys):
    code = main(["workbook", "export", "--data", str(tmp_path), str(tmp_path / "out.xlsx")])
    assert code == 2
    assert "cannot export the workbook" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_every_column_has_a_title_in_both_languages():
    for resource in form()["resources"]:
        for field in resource["schema"]["fields"]:
            title_zh, title_en, _ = column_guide(field)
            assert title_zh != field["name"] and title_en != field.get("description"), field["name"]


# Hostile workbooks, each made from the export as a stranger would make it: zip members rewritten,
# a deflate stream damaged under an intact central directory, parts that unpack far beyond any
# statement. Each is one message and exit 2, with nothing written, in a moment.

SHEETS = ["instructions", "package", *(r["name"] for r in form()["resources"])]
PROCUREMENT = f"xl/worksheets/sheet{SHEETS.index('procurement_lines') + 1}.xml"
SHARED_STRINGS = (
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
    b"</t></si></sst>",
)


def _rewrite(source: Path, target: Path, parts: dict[str, Any]) -> Path:
    """``source`` written again as ``target`` with some members replaced: by bytes, by a function of
    the old bytes, or (a function of the old bytes and the new member) streamed into the zip."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        names = old.namelist()
        for name in names + [name for name in parts if name not in names]:
            data = old.read(name) if name in names else b""
            change = parts.get(name, data)
            if callable(change) and len(inspect.signature(change).parameters) == 2:
                with new.open(name, "w") as member:
                    change(data, member)
                continue
            new.writestr(name, change(data) if callable(change) else change)
    return target


def _with_shared_strings(source: Path, target: Path, write: Callable) -> Path:
    """``source`` with a sharedStrings part, listed as Excel lists it, its text streamed by ``write``."""
    kind = "spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    def strings(_: bytes, member) -> None:
        member.write(SHARED_STRINGS[0])
        write(member)
        member.write(SHARED_STRINGS[1])

    return _rewrite(
        source,
        target,
        {
            "[Content_Types].xml": lambda data: data.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                f'officedocument.{kind}"/></Types>'.encode(),
            ),
            "xl/_rels/workbook.xml.rels": lambda data: data.replace(
                b"</Relationships>",
                f'<Relationship Type="{relation}" Target="/xl/sharedStrings.xml" Id="rId99"/></Relationships>'.encode(),
            ),
            "xl/sharedStrings.xml": strings,
        },
    )


def _stray_rows(first: int, last: int, cell: bytes = b'<c r="A%d" s="1"/>') -> Callable:
    """Rows ``first`` to ``last`` of one cell each, streamed in before the sheet's end of data."""

    def write(data: bytes, member) -> None:
        head, tail = data.split(b"</sheetData>")
        member.write(head)
        for start in range(first, last + 1, 10_000):
            block = range(start, min(start + 10_000, last + 1))
            member.write(b"".join(b'<row r="%d">' % n + (cell.replace(b"%d", b"%d" % n)) + b"</row>" for n in block))
        member.write(b"</sheetData>" + tail)

    return write


@pytest.fixture(scope="module")
def million_rows(exported, tmp_path_factory) -> Path:
    """The export with a million stray one-cell rows under the procurement lines (5 MB, 46 MB unpacked)."""
    target = tmp_path_factory.mktemp("hostile") / "million.xlsx"
    return _rewrite(exported, target, {PROCUREMENT: _stray_rows(20, 1_000_019, b'<c r="A%d"><v>1</v></c>')})


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))}


def _refused(workbook: Path, out: Path, capsys) -> str:
    """Import ``workbook`` into ``out``: one message and exit 2, ``out``'s folder as it was; the message."""
    before = _tree(out.parent)
    code, stdout, err = _import(workbook, out, capsys)
    assert code == 2, err
    assert err.startswith("budgetlib: cannot import the workbook: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and stdout == ""
    assert _tree(out.parent) == before  # no package, no staging folder, a previous package untouched
    return err


def _damage(workbook: Path, member: str) -> None:
    """Zero 16 bytes in the middle of ``member``'s deflate stream; the central directory stays as it was."""
    with zipfile.ZipFile(workbook) as archive:
        info = archive.getinfo(member)
    data = bytearray(workbook.read_bytes())
    name_length, extra_length = struct.unpack("<2H", data[info.header_offset + 26 : info.header_offset + 30])
    middle = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    data[middle : middle + 16] = bytes(16)
    workbook.write_bytes(data)


@pytest.mark.parametrize(
    ("member", "message"),
    [
        (
            PROCUREMENT,
            f"in.xlsx, sheet procurement_lines: the file is damaged: expected a workbook as Excel, WPS or "
            f"LibreOffice saves it, found {PROCUREMENT}: ",
        ),
        (
            "xl/styles.xml",
            "in.xlsx: the file is damaged: expected a workbook as Excel, WPS or LibreOffice saves it, "
            "found xl/styles.xml: ",
        ),
    ],
    ids=["sheet", "styles"],
)
def test_a_damaged_part_is_one_message_naming_its_sheet(workbook, tmp_path, capsys, member, message):
    _damage(workbook, member)
    previous = previous_package(tmp_path / "out")
    assert message in _refused(workbook, previous, capsys)


def test_a_million_stray_rows_are_refused_from_the_zip_directory(million_rows, tmp_path, capsys):
    err = _refused(million_rows, tmp_path / "out", capsys)
    assert "million.xlsx, sheet procurement_lines: the sheet unpacks to 46.5 MB: expected at most 16 MB a part" in err


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (230 * 2**20, "strings.xlsx: part xl/sharedStrings.xml unpacks to 230.0 MB: expected at most 16 MB a part"),
        (8 * 2**20, "strings.xlsx: part xl/sharedStrings.xml is packed "),
    ],
    ids=["230MB", "packed-tight"],
)
def test_a_huge_shared_strings_part_is_refused_before_it_is_unpacked(workbook, tmp_path, capsys, size, message):
    def text(member) -> None:
        for _ in range(size // 2**20):
            member.write(b"x" * 2**20)

    spoiled = _with_shared_strings(workbook, tmp_path / "strings.xlsx", text)
    err = _refused(spoiled, tmp_path / "out", capsys)
    assert message in err, err
    assert size > 16 * 2**20 or " to 1: expected at most 100 to 1 (sheets pack 5 to 20 to 1)" in err, err


def _sheet_xml(change: Callable[[bytes], bytes]) -> Callable[[Path, Path], Path]:
    return lambda source, target: _rewrite(source, target, {PROCUREMENT: change})


_DIMENSION = b'<dimension ref="A1:Q13"/>'
_LAUGHS = (  # a billion laughs: each entity ten of the one before
    b'<!DOCTYPE worksheet [<!ENTITY a "lol">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + n, b"&%c;" % (97 + n) * 10) for n in range(8))
    + b"]>"
)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            _sheet_xml(lambda xml: xml.replace(_DIMENSION, b'<dimension ref="A1:Q1000020"/>')),
            "sheet procurement_lines: the sheet gives its size as A1:Q1000020: "
            "expected at most 10,000 rows and 256 columns",
        ),
        (
            _sheet_xml(lambda xml: xml.replace(_DIMENSION, b'<dimension ref="A1:XFD13"/>')),
            "sheet procurement_lines: the sheet gives its size as A1:XFD13",
        ),
        (
            lambda source, target: _rewrite(
                source,
                target,
                {PROCUREMENT: lambda data, member: _stray_rows(14, 15_000)(data.replace(_DIMENSION, b""), member)},
            ),
            "sheet procurement_lines, row 10001: rows go on past row 10,000: expected a table within its first "
            "10,000 rows (the last row with data is row 13: delete the rows below it)",
        ),
        (
            _sheet_xml(
                lambda xml: xml.replace(
                    b"</sheetData>", b'<row r="1000000"><c r="A1000000"><v>7</v></c></row></sheetData>'
                )
            ),
            "sheet procurement_lines, row 1000000: rows go on past row 10,000",
        ),
        (
            _sheet_xml(
                lambda xml: xml.replace(b"</sheetData>", b'<row r="14">' + b"<c/>" * 300 + b"</row></sheetData>")
            ),
            "sheet procurement_lines, row 14: cells go on past column IV: expected at most 256 columns",
        ),
        (
            _sheet_xml(
                lambda xml: xml.replace(
                    b"</sheetData>",
                    b'<row r="14"><c r="A14">' + b"<x>" * 120_000 + b"</x>" * 120_000 + b"</c></row></sheetData>",
                )
            ),
            "sheet procurement_lines: the sheet nests more than 100,000 XML elements",
        ),
        (
            _sheet_xml(lambda xml: xml.replace(b'<c r="C5" ', b'<c r="C5" t="s"><v>99</v></c><c r="Z5" ')),
            "sheet procurement_lines: the sheet cannot be read: expected a sheet as Excel, WPS or LibreOffice saves it",
        ),
        (
            _sheet_xml(lambda xml: _LAUGHS + xml.replace(b"<t>C1602</t>", b"<t>&i;</t>", 1)),
            "sheet procurement_lines: the sheet cannot be read",
        ),
    ],
    ids=[
        "declared-rows",
        "declared-columns",
        "stray-rows",
        "far-row",
        "wide-row",
        "nested",
        "no-such-string",
        "laughs",
    ],
)
def test_a_hostile_sheet_is_refused_where_it_goes_wrong(workbook, tmp_path, capsys, spoil, message):
    spoiled = spoil(workbook, tmp_path / "spoiled.xlsx")
    err = _refused(spoiled, tmp_path / "out", capsys)
    assert message in err, err


def test_a_range_formatted_down_to_the_last_validated_row_still_imports(workbook, tmp_path, capsys):
    """As Excel writes cells formatted but left empty: rows of empty cells down to row 5000."""
    spoiled = _rewrite(
        workbook,
        tmp_path / "formatted.xlsx",
        {
            PROCUREMENT: lambda data, member: _stray_rows(14, LAST_VALIDATED_ROW, b'<c r="M%d" s="8"/>')(
                data.replace(_DIMENSION, b'<dimension ref="A1:Q5000"/>'), member
            )
        },
    )
    code, _, err = _import(spoiled, tmp_path / "out", capsys)
    assert code == 0, err
    for name in ("procurement_lines.csv", "datapackage.json"):
        assert (tmp_path / "out" / name).read_bytes() == (bundled_data_dir() / name).read_bytes()
