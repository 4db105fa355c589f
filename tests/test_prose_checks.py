"""The wording checks (budgetlib.checks.prose): the four cases of the bundled statement and nothing
else, none on its text with them corrected, each check on a changed copy with one defect added or
corrected, the four published statements read from their PDFs, and where check, the overview and
the deck say them."""

from __future__ import annotations

import ast
import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import budgetlib, set_cell

from budgetlib import load, pages
from budgetlib.checks import prose
from budgetlib.checks.texts import folded, texts
from budgetlib.datapackage import bundled_data_dir
from budgetlib.deck.content import slides
from budgetlib.words.sentences import prose_summary

REPO = Path(__file__).resolve().parents[1]
DOCUMENTED = (ast.Module, ast.FunctionDef, ast.ClassDef)
# What the bundled statement prints that a reviewer marks: duty 1 cut off after 和; section 二（四）'s
# 861.04万 without 元; half-width marks in sections 二（四） to 五; the department named four ways
# (高新区应急管理局 as registered, and the three below).
BUNDLED = [
    ("cut_sentence", "responsibilities", "1"),
    ("half_width", "statement_text", "appropriations/1"),
    ("half_width", "statement_text", "operating_costs/1"),
    ("half_width", "statement_text", "three_public_expenses/1"),
    ("half_width", "statement_text", "overall_goal/1"),
    ("amount_unit", "statement_text", "appropriations/1"),
    ("name_unregistered", "title", "1"),
    ("name_variant", "statement_text", "operating_costs/1"),
    ("name_variant", "statement_text", "overall_goal/1"),
]
# The cells that hold them, and what each becomes when corrected.
NAMED = [
    ("statement_text", 6, "应急管理局2020年", "高新区应急管理局2020年"),
    ("statement_text", 11, "高新技术产业开发区应急管理局认真", "高新区应急管理局认真"),
    ("statement_text", 13, "确保应急管理局日常", "确保高新区应急管理局日常"),
    ("statement_text", 20, "31日应急管理局", "31日高新区应急管理局"),
]
HALF_WIDTH = {ord(","): "，", ord(":"): "：", ord(";"): "；", ord("("): "（", ord(")"): "）"}
PROSE = {"statement_text": "text_zh", "department_goals": "objective_zh", "project_target_tables": "objective_zh"}
# Each published statement's findings: (check, row) as the package of its PDF numbers them.
IMPORTED = {
    "commerce": [
        ("half_width", "1"),  # duties 1 and 10: "实际,制订", "服务;按规定"
        ("half_width", "21"),  # page 8: "（款)" eight times
        ("amount_unit", "1/budget"),  # pages 23 to 26: the project pages print 万, not 万元
        ("amount_unit", "2/budget"),
        ("amount_unit", "3/budget"),
        ("amount_unit", "4/budget"),
    ],
    "office": [],
    "justice": [
        ("direction", "17"),  # page 6: 减少 from 57.43 to 57.8
        ("direction", "23"),  # page 7: 增加 from 241.76 to 170.03
        ("empty_reason", "26"),  # page 21: 主要原因是。
        ("restated_figure", "17"),  # page 6: 56.12, then 57.8
        ("restated_figure", "23"),  # page 7: 207, then 170.03
    ],
    "wanli": [
        ("direction", "14"),  # page 6: a fall, its reason 经费增加
        ("restated_figure", "41"),  # page 9: 350.35, then 352.67
    ],
}


def cell(data_dir: Path, table: str, row: int, column: str) -> str:
    with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[row - 1][column]


def replace_in(data_dir: Path, table: str, row: int, column: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in one cell."""
    value = cell(data_dir, table, row, column)
    assert old in value, (table, row, value)
    set_cell(data_dir, table, row, column, value.replace(old, new, 1))


def set_title(data_dir: Path, title: str) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["sources"][0]["title"] = title
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def correct(data_dir: Path, case: str) -> None:
    """Correct one of the bundled statement's four cases in ``data_dir``."""
    if case == "cut":
        replace_in(data_dir, "responsibilities", 1, "duty_zh", "能力和；", "能力；")
    elif case == "unit":
        replace_in(data_dir, "statement_text", 5, "text_zh", "861.04万,", "861.04万元,")
    elif case == "half_width":
        for table, column in PROSE.items():
            with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
                count = len(list(csv.DictReader(handle)))
            for row in range(1, count + 1):
                set_cell(data_dir, table, row, column, cell(data_dir, table, row, column).translate(HALF_WIDTH))
    elif case == "names":
        for table, row, old, new in NAMED:
            replace_in(data_dir, table, row, "text_zh", old, new)
        set_title(data_dir, "石家庄高新技术产业开发区应急管理局2020年度部门预算情况说明")


def found(data_dir: Path | None = None) -> list[tuple[str, str, str]]:
    return [(f.check, f.resource, f.row) for f in prose.check(load(data_dir))]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """The bundled package with its four cases corrected, once per module (tests copy it)."""
    folder = tmp_path_factory.mktemp("clean") / "data"
    shutil.copytree(bundled_data_dir(), folder)
    for case in ("cut", "unit", "half_width", "names"):
        correct(folder, case)
    return folder


@pytest.fixture
def clean_copy(clean, tmp_path) -> Path:
    return Path(shutil.copytree(clean, tmp_path / "data"))


def test_the_bundled_statement_shows_its_four_cases_and_nothing_else():
    findings = prose.check(load())
    assert [(f.check, f.resource, f.row) for f in findings] == BUNDLED
    cut, *half, unit, title, short, long = findings
    assert (cut.values["word"], cut.sentence[-6:]) == ("和", "管理能力和；")
    assert [f.place.values["section"] for f in half] == ["二", "三", "四", "五"]
    assert half[0].values["first"].values == {"section": "二", "sub": "（四）", "paragraph": 1}
    assert (half[0].values["count"], half[0].values["marks"]) == (5, ",:;")
    assert (unit.values["found"], unit.values["unit"]) == ("861.04万", "万")
    names = [f.values["name"] for f in (title, short, long)]
    assert names == ["石家庄高新区应急管理局", "应急管理局", "高新技术产业开发区应急管理局"]
    assert short.values["count"] == 3  # sections 三, 七 and 五（三）
    registered = [t for t in texts(load()) if "高新区应急管理局" in t.text and t.resource == "statement_text"]
    assert registered, "the fourth way, the registered short name, is in the text"


def test_the_bundled_text_with_its_four_cases_corrected_has_no_finding(clean):
    assert found(clean) == []


@pytest.mark.parametrize("case", ["cut", "unit", "half_width", "names"])
def test_correcting_one_case_removes_its_findings_only(data_copy, case):
    removed = {
        "cut": {"cut_sentence"},
        "unit": {"amount_unit"},
        "half_width": {"half_width"},
        "names": {"name_variant", "name_unregistered"},
    }[case]
    correct(data_copy, case)
    assert found(data_copy) == [f for f in BUNDLED if f[0] not in removed]


def _title(data_dir: Path, old: str, new: str) -> None:
    set_title(data_dir, load(data_dir).descriptor["sources"][0]["title"].replace(old, new))


# One defect each, added to the clean copy: (table, row, column, old, new), the check that finds it,
# and what it finds.
DEFECTS = {
    "placeholder": (("responsibilities", 5, "duty_zh", "日常工作", "××工作"), {"found": "××"}),
    "doubled_word": (("statement_text", 14, "text_zh", "优化支出结构", "优化支出支出结构"), {"word": "支出"}),
    "doubled_punctuation": (("statement_text", 19, "text_zh", "见下表。", "见下表。。"), {"found": "。。"}),
    "cut_sentence": (("responsibilities", 6, "duty_zh", "委员会工作；", "委员会工作以及；"), {"word": "以及"}),
    "unmatched_bracket": (("statement_text", 11, "text_zh", "“双控机制”", "“双控机制"),
                          {"found": "“", "opened": True}),
    "half_width": (("glossary", 1, "definition_zh", "单位的财政", "单位的,财政"), {"count": 1, "marks": ","}),
    "amount_unit": (("statement_text", 4, "text_zh", "526.74万元", "526.74万"),
                    {"unit": "万", "found": "526.74万"}),
    "amount_unit/yuan": (("statement_text", 3, "text_zh", "其他收入0万元", "其他收入0元"),
                         {"unit": "元", "found": "0元"}),
    "direction": (("statement_text", 5, "text_zh", "项目支出减少", "项目支出增加"),
                  {"words": ["增加"], "evidence": "table"}),
    "direction/amounts": (("statement_text", 2, "text_zh", "增加了193.79", "减少了193.79"),
                          {"words": ["减少"], "evidence": "amounts", "base": 667.25, "amount": 861.04}),
    "direction/reason": (("budget_changes", 2, "reason_zh", "主要为增加了", "主要为减少了"),
                         {"words": ["减少"], "evidence": "reason", "expected": "up"}),
    "direction/flat": (("three_public_expenses", 1, "change_from_previous_year_10k_cny", "0", "1"),
                       {"words": ["无变化"], "evidence": "table", "expected": "up"}),
    "change_without_reason": (("budget_changes", 2, "reason_zh", "主要为增加了人员经费支出", ""), {"change": "up"}),
    "empty_reason": (("statement_text", 5, "text_zh", "主要为减少了执法电动车采购。", "主要为。"), {"found": "主要为"}),
    "restated_figure": (("statement_text", 5, "text_zh", "861.04万元", "861.40万元"),
                        {"amount": 861.40, "other": 861.04, "same_text": False}),
    "name_variant": (("statement_text", 1, "text_zh", "现将高新区应急管理局", "现将应急管理局"),
                     {"name": "应急管理局"}),
    "name_unregistered": (("statement_text", 1, "text_zh", "现将高新区", "现将石家庄高新区"),
                          {"name": "石家庄高新区应急管理局"}),
    "stray_year": (("statement_text", 14, "text_zh", "按照2020年", "按照2018年"), {"year": 2018, "in_title": False}),
    "stray_year/title": ((None, 0, "", "2020年度", "2021年度"), {"year": 2021, "in_title": True}),
}  # fmt: skip
ALSO = {"direction/flat": ["change_without_reason"]}  # a change the table gives no reason for, said 无变化


@pytest.mark.parametrize("defect", DEFECTS)
def test_each_check_finds_its_defect_added_to_the_clean_text(clean_copy, defect):
    (table, row, column, old, new), expected = DEFECTS[defect]
    if table is None:
        _title(clean_copy, old, new)
    else:
        replace_in(clean_copy, table, row, column, old, new)
    findings = prose.check(load(clean_copy))
    assert [f.check for f in findings] == [defect.split("/")[0], *ALSO.get(defect, [])]
    assert {key: findings[0].values[key] for key in expected} == expected
    for lang in ("zh", "en"):  # said in both languages, with its place (capitalised in English) and its sentence
        sentence = findings[0].describe(lang)
        assert findings[0].place.describe(lang)[1:] in sentence and findings[0].sentence in sentence


def test_a_year_in_a_document_cited_and_a_total_explained_by_its_parts_are_no_finding(clean):
    objectives = [t.text for t in texts(load(clean)) if t.resource == "project_target_tables"]
    assert any("〔2018〕" in text for text in objectives)  # 石发〔2018〕1号: not the statement's year
    changes = load(clean).budget_changes
    assert changes.loc[changes["is_total"], "reason_zh"].isna().all()  # the total's reason is its parts'


def test_conjunctions_inside_words_and_commas_inside_numbers_are_no_finding():
    def text(words: str) -> prose.Text:
        place = prose.Place("title")
        return prose.Text("title", "1", words, place, place, "title")

    context = prose.context(load())
    assert list(prose.cut_sentences([text("两个项目合并；资料普及。")], context)) == []
    assert list(prose.half_width([text("预算1,720.00万元，较上年持平。")], context)) == []
    assert list(prose.amount_units([text("服务10万人次，单价20万以上。")], context)) == []
    assert folded("（略）") == "(略)" and len(list(prose.placeholders([text("其他（略）")], context))) == 1
    stated = list(prose.directions([text("项目支出比上年减少3.00万元，主要原因是人员经费增加。")], context))
    said = [(f.values["words"], f.values["evidence"], f.values["stated"]) for f in stated]
    assert said == [(["增加"], "stated", "减少")]
    assert "文中所述变动为“减少”" in stated[0].describe("zh") and "the text states “减少”" in stated[0].describe("en")


@pytest.fixture(scope="module")
def wording(imported):
    """``wording(key)``: the wording findings of a published statement, imported once per module."""
    return lambda key: prose.check(load(imported(key)[1]))


@pytest.mark.parametrize("key", IMPORTED)
def test_the_published_statements_are_read_with_their_findings(wording, key):
    findings = wording(key)
    assert [(f.check, f.row) for f in findings] == IMPORTED[key]
    for finding in findings:
        assert finding.sentence and finding.describe("zh") and finding.describe("en")


def test_the_published_statements_findings_say_what_is_wrong(wording):
    justice = {f.row: f for f in wording("justice") if f.check == "direction"}
    assert (justice["23"].values["base"], justice["23"].values["amount"], justice["23"].values["words"]) == (
        241.76,
        170.03,
        ["增加"],
    )
    restated = next(f for f in wording("wanli") if f.check == "restated_figure")
    assert (restated.values["amount"], restated.values["other"], restated.values["same_text"]) == (352.67, 350.35, True)
    units = [f for f in wording("commerce") if f.check == "amount_unit"]
    assert [f.values["count"] for f in units] == [2, 6, 6, 7] and {f.values["unit"] for f in units} == {"万"}


def test_the_checks_name_nothing_of_a_statement():
    """Generic: no department, region or section of a statement is written into the code (its
    docstrings give examples)."""
    words = []
    for name in ("prose.py", "texts.py"):
        tree = ast.parse((REPO / "budgetlib" / "checks" / name).read_text(encoding="utf-8"))
        documented = {id(ast.get_docstring(node, clean=False) and node.body[0].value)
                      for node in ast.walk(tree) if isinstance(node, DOCUMENTED)}  # fmt: skip
        words += [n.value for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in documented]  # fmt: skip
    units = load().units
    names = {*units["unit_name_zh"], *units["unit_short_name_zh"], "应急", "石家庄", "高新", "上海", "普陀"}
    assert [name for name in names if any(name in word for word in words)] == []


def test_check_prints_them_after_the_text_review_and_exits_as_the_audit_says(data_copy):
    result = budgetlib("check")
    assert result.returncode == 0
    out = result.stdout
    assert out.index("4 contradictions") < out.index("the text has 9 findings") < out.index("操作规程")
    assert "WARN prose.cut_sentence.responsibilities.1: Duty 1: the clause ends in the conjunction “和”" in out
    set_cell(data_copy, "budget_overview", 6, "amount_10k_cny", "334.31")  # the audit fails: still 1
    failed = budgetlib("check", "--data", str(data_copy))
    assert failed.returncode == 1 and "WARN prose.amount_unit.statement_text.appropriations.1" in failed.stdout


def test_the_overview_counts_them_and_the_full_report_lists_them():
    budget, findings = load(), prose.check(load())
    checks = __import__("budgetlib").audit(budget)
    assert pages.audit(checks, budget, "en", wording=findings).text.splitlines()[0].endswith("Wording: 9 findings.")
    assert "文字审读：9处需要留意（提示）。" in pages.audit(checks, budget, "zh", wording=findings).text
    listed = pages.prose_checks(findings, "zh")
    assert listed.text.startswith("通读说明文字，有9处需要留意（提示）：残句1处；4个部分使用半角标点")
    assert 'class="check-id">prose.name_unregistered.title.1<' in listed.html
    assert "Wording: nothing to mark." in pages.audit(checks, budget, "en", wording=[]).text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_decks_audit_slide_counts_them(lang):
    budget = load()
    closing = slides(budget, lang)[-1]
    assert closing.lines[-1] == prose_summary(prose.check(budget), lang)
    assert any("prose.half_width.statement_text.overall_goal.1" in line for line in closing.notes)
