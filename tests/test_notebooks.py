"""The notebooks and the report build: skeleton, end-to-end runs, offline HTML, failure handling."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import COMMERCE, budgetlib, set_cell

from budgetlib.publish.kernels import ForkedKernelManager
from budgetlib.publish.notebooks import statement_notebooks

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = statement_notebooks(REPO / "notebooks")  # the collection notebook: tests/test_collection.py
EXPECTED = [
    "00_overview",
    "01_year_over_year",
    "02_basic_vs_project",
    "03_procurement_concentration",
    "04_asset_mix",
    "05_performance_targets",
    "06_national_tables",
]


def test_the_notebooks():
    assert [nb.stem for nb in NOTEBOOKS] == EXPECTED
    assert not [nb.name for nb in NOTEBOOKS if " " in nb.name]


@pytest.mark.parametrize("session", [None, "notebooks/00_overview.ipynb"])
def test_autoreload_is_on_in_a_jupyterlab_session_only(session, monkeypatch):
    """A kernel JupyterLab starts for a notebook (``JPY_SESSION_NAME`` set) picks up edits to the
    library; one started by the build, papermill or nbconvert does not pay for the checks."""
    from IPython.core.interactiveshell import InteractiveShell

    setup = next(c for c in nbformat.read(NOTEBOOKS[0], as_version=4).cells if c.cell_type == "code")
    if session:
        monkeypatch.setenv("JPY_SESSION_NAME", session)
    else:
        monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    shell = InteractiveShell()
    try:
        shell.run_cell(setup.source.replace("%matplotlib inline", "")).raise_error()
        assert ("IPython.extensions.autoreload" in shell.extension_manager.loaded) == bool(session)
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_skeleton(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    cells = notebook.cells
    code = [c for c in cells if c.cell_type == "code"]
    assert not [c for c in code if c.outputs or c.execution_count], "committed with outputs"
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "import budgetlib" in code[0].source and "%autoreload 2" in code[0].source
    parameters = code[1]
    assert parameters.metadata.get("tags") == ["parameters"]
    assert "data_dir = None" in parameters.source and 'lang = "zh"' in parameters.source
    assert "figures_dir = None" in parameters.source  # exploring writes nothing the report owns
    assert "budgetlib.load(data_dir)" in code[2].source and "require_reconciled" in code[2].source
    assert "\nassert " in "\n" + code[3].source  # sanity checks
    method = [c for c in code if "method" in c.metadata.get("tags", [])]
    if path.stem != "00_overview":  # the analyses show their calculation and check it against the library
        assert len(method) == 1 and "pd.testing.assert_" in method[0].source
    text = "\n".join(c.source for c in cells)
    assert "%pip" not in text and "/work/" not in text and "C:\\" not in text
    # No numbers typed into the prose: every figure in the story comes from a computed value.
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert not re.search(r"\d+\.\d+", prose), "a number is typed into the prose"


def consistent_change(data_dir: Path) -> Path:
    """Halve the hazardous-chemicals review and every total it is part of (the data still reconcile),
    and set project table 13's attendance target to the department goal's ≥90%."""
    set_cell(data_dir, "procurement_lines", 8, "unit_price_10k_cny", "80.00")
    set_cell(data_dir, "procurement_lines", 8, "amount_10k_cny", "80.00")
    set_cell(data_dir, "stated_totals", 3, "amount_10k_cny", "90.62")
    set_cell(data_dir, "stated_totals", 5, "amount_10k_cny", "89.82")
    paragraph = next(
        i
        for i, r in enumerate(csv.DictReader((data_dir / "statement_text.csv").open()), 1)
        if r["section"] == "procurement"
    )
    for column in ("text_zh", "text_en"):  # the procurement prose states the total too
        text = list(csv.DictReader((data_dir / "statement_text.csv").open(encoding="utf-8")))[paragraph - 1][column]
        set_cell(data_dir, "statement_text", paragraph, column, text.replace("170.62", "90.62"))
    set_cell(data_dir, "project_indicators", 38, "target_text", "≥90%")
    set_cell(data_dir, "project_indicators", 38, "target_value", "90")
    return data_dir


def outputs_of_a_build() -> dict[str, tuple[int, int]]:
    """Every file under the repository's figures/ and reports/, with its size and modification time."""
    files = [p for folder in ("figures", "reports") for p in (REPO / folder).rglob("*") if p.is_file()]
    return {str(p.relative_to(REPO)): (p.stat().st_size, p.stat().st_mtime_ns) for p in files}


def papermill(path: Path, output: Path, *parameters: str) -> subprocess.CompletedProcess:
    """Run a notebook as an analyst would, from the notebooks folder: papermill's command line,
    in a kernel started the usual way."""
    command = [Path(sys.executable).with_name("papermill"), str(path), str(output), *parameters]
    return subprocess.run(
        [*command, "--cwd", str(path.parent), "--no-progress-bar"], capture_output=True, text=True, cwd=path.parent
    )


def papermill_forked(path: Path, output: Path, **parameters: object) -> None:
    """Run a notebook with papermill, as :func:`papermill` does, in a kernel forked from the
    build's template process (a fresh kernel, without paying for the imports again)."""
    import papermill as pm

    pm.execute_notebook(
        path,
        output,
        parameters=parameters,
        cwd=path.parent,
        progress_bar=False,
        kernel_manager_class=ForkedKernelManager,
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_runs_each_notebook_with_its_defaults_and_writes_nothing(path, tmp_path):
    """With the default parameters the charts are only shown: an analyst exploring never
    touches what `make report` wrote. The notebook's method cells assert that its pandas
    lines give the library's results, so a run that passes shows the two agree."""
    before = outputs_of_a_build()
    papermill_forked(path, tmp_path / path.name)
    assert outputs_of_a_build() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    shown = json.dumps(
        [o for c in nbformat.read(tmp_path / path.name, as_version=4).cells for o in c.get("outputs", [])]
    )
    assert '"alt":' in shown or path.stem in ("02_basic_vs_project",) or "image/png" not in shown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_runs_each_notebook_in_english_on_changed_data(path, data_copy, tmp_path):
    output = tmp_path / path.name
    data_dir, figures_dir = str(consistent_change(data_copy)), str(tmp_path / "figures")
    papermill_forked(path, output, lang="en", data_dir=data_dir, figures_dir=figures_dir)
    shown = json.dumps([o for c in nbformat.read(output, as_version=4).cells for o in c.get("outputs", [])])
    assert "Traceback" not in shown
    if path.stem in ("00_overview", "03_procurement_concentration"):
        assert "totalling 90.62" in shown  # procurement total 90.62 万元, not 170.62
        assert "170.62" not in shown
    if path.stem in ("00_overview", "05_performance_targets"):
        assert "disagree on 9 targets under 7 goals" in shown  # not 10
    if path.stem == "06_national_tables":  # the bundled statement prints none of the national tables
        assert "The statement prints no spending table by functional classification" in shown
        assert not (tmp_path / "figures" / "en").exists() or not list((tmp_path / "figures" / "en").iterdir())
    elif path.stem != "00_overview":
        assert list((tmp_path / "figures" / "en").iterdir())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_runs_on_a_package_of_the_national_tables(path, tmp_path):
    """A notebook never fails, nor draws an empty chart, for a table the statement does not print: it says so."""
    output = tmp_path / path.name
    papermill_forked(path, output, lang="zh", data_dir=str(COMMERCE), figures_dir=str(tmp_path / "figures"))
    shown = json.dumps([o for c in nbformat.read(output, as_version=4).cells for o in c.get("outputs", [])],
                       ensure_ascii=False)  # fmt: skip
    assert "Traceback" not in shown
    said = {
        "03_procurement_concentration": "本报表只列政府采购总额，未列采购明细",
        "04_asset_mix": "本报表未按类别列出固定资产",
        "05_performance_targets": "本部门编报绩效目标的项目共25个",
        "06_national_tables": "资源勘探工业信息等支出占支出的79.1%",
    }
    assert said.get(path.stem, "") in shown
    if path.stem == "06_national_tables":
        assert {"function_spending-document.png", "economic_mix-slide.svg"} <= {
            p.name for p in (tmp_path / "figures" / "zh").iterdir()
        }


def test_a_sanity_assert_fails_on_data_that_break_it(data_copy, tmp_path):
    """The notebooks' sanity checks can fail: a stated asset share above 100%."""
    path = REPO / "notebooks" / "04_asset_mix.ipynb"
    set_cell(data_copy, "asset_categories", 1, "stated_share_pct", "134.50")
    result = papermill(path, tmp_path / path.name, "-p", "data_dir", str(data_copy))
    assert result.returncode != 0
    assert "a stated share outside 0–100%" in result.stderr


def test_an_edited_template_changes_the_report(tmp_path, monkeypatch):
    """An analyst changes a sentence in a copy of the wording, without touching Python."""
    wording = tmp_path / "wording"
    shutil.copytree(REPO / "budgetlib" / "words" / "wording", wording)
    for file, old, new in (
        ("prose.toml", "两部分变化方向相反：", "两部分此消彼长："),  # a sentence of the prose
        ("charts.toml", '{% else %}总支出{{ "增长" if', '{% else %}总开支{{ "增长" if'),  # a chart title
    ):
        path = wording / "zh" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(REPO / "notebooks" / "01_year_over_year.ipynb", notebooks)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BUDGETLIB_WORDING", "wording")  # relative, as in the docs: the kernels run elsewhere
    result = budgetlib("report", "--lang", "zh", "--out", str(tmp_path / "out"), "--notebooks", str(notebooks))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "reports" / "en").exists()  # --lang zh builds Chinese only
    page = (tmp_path / "out" / "reports" / "zh" / "01_year_over_year.html").read_text(encoding="utf-8")
    assert "两部分此消彼长：基本支出增加199.18万元" in page
    assert 'alt="总开支增长29.0%：基本支出增加199.18万元，项目支出减少5.39万元"' in page


def test_no_wording_branches_on_the_language_in_python():
    """Words live in the templates: Python passes the language on, never picks words by it."""
    branches = re.compile(r"""lang\s*[!=]=\s*["']|["']\s*[!=]=\s*lang\b|["'](zh|en)["']\s+if\b""")
    found = [
        f"{path.name}:{number}"
        for path in (REPO / "budgetlib").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if branches.search(line)
    ]
    assert found == []


def test_report_refuses_data_that_do_not_reconcile(edit, tmp_path):
    result = budgetlib(
        "report", "--data", str(edit("procurement_lines", 1, "amount_10k_cny", "0.4")), "--out", str(tmp_path)
    )
    assert result.returncode == 1
    assert "FAIL totals.procurement_426002" in result.stderr
    assert not (tmp_path / "reports").exists()
