"""A collection of statements: the panel of the four shared statements and the bundled one, a second
year written by hand from one of them and what it says of the first, the command's exit codes and
messages, the fan-out over processes and over a two-worker Dask cluster, the charts, and the report."""

from __future__ import annotations

import math
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import budgetlib, rows, second_year, set_cell, statement_path, write_rows
from figure_checks import all_problems

from budgetlib import load
from budgetlib.analysis.collection import load_collection
from budgetlib.analysis.collection.panel import part_of, read_part
from budgetlib.charts import collection as collection_charts
from budgetlib.checks.collection import cross_statement_checks
from budgetlib.datapackage import bundled_data_dir
from budgetlib.importers import import_statement
from budgetlib.publish.notebooks import collection_notebooks, statement_notebooks

KEYS = ("commerce", "office", "wanli", "justice")
# Each statement's row of the panel (万元): total, basic, project, personnel, public, appropriations,
# the three public expenses, operating costs, procurement, projects with targets. From the tables where
# they print it (the 支出总表, the basic spending table, the 三公 table), else from the notes.
PANEL = {
    "bundled": (2020, "department", 861.04, 526.74, 334.30, None, None, 861.04, 0.0, 18.5, 170.62, 21),
    "commerce": (2025, "department", 37151.4655, 1983.0655, 35168.40, 1812.0593, 171.0062, 37151.4655, 1.00, 171.01,
                 38.20, 25),
    "office": (2025, "department", 9101.677535, 2460.677535, 6641.00, 2247.399781, 213.277754, 9101.677535, 867.50,
               213.28, 34.00, 11),
    "wanli": (2024, "department", 15621.1123, 9970.6020, 5650.5103, 8853.7451, 1116.8569, 15621.1123, 47.91, 443.18,
              1662.44, 50),
    "justice": (2026, "unit", 8695.940834, 2211.8861, 6484.0547, 2027.2981, 184.588034, 8695.940834, 10.71, 184.59,
                1484.20, 19),
}  # fmt: skip
COLUMNS = ["fiscal_year", "budget_kind", "total", "basic", "project", "personnel", "public", "fiscal_appropriations",
           "three_public", "operating_costs", "procurement", "projects_with_targets"]  # fmt: skip


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> dict[str, Path]:
    """The four shared statements imported once, and the bundled package: key → package folder."""
    root = tmp_path_factory.mktemp("statements")
    folders = {"bundled": bundled_data_dir()}
    for key in KEYS:
        import_statement(statement_path(key), root / key)
        folders[key] = root / key
    return folders


@pytest.fixture(scope="module")
def next_year(shared, tmp_path_factory) -> Path:
    return second_year(shared["commerce"], tmp_path_factory.mktemp("second") / "commerce-2026")


def test_the_panel_pins_each_statement(shared):
    collection = load_collection([shared[key] for key in PANEL])
    statements = collection.statements
    assert len(statements) == 5 and collection.statements.attrs["departments"] == 5
    for (key, expected), (_, row) in zip(PANEL.items(), statements.iterrows(), strict=True):
        for column, value in zip(COLUMNS, expected, strict=True):
            if value is None:
                assert math.isnan(row[column]), (key, column)
            elif isinstance(value, str):
                assert row[column] == value, (key, column)
            else:
                assert row[column] == pytest.approx(value, abs=1e-6), (key, column)
    bundled = statements.iloc[0]
    assert bundled["department_zh"] == "石家庄高新技术产业开发区应急管理局" and bundled["form"] == "narrative"
    assert statements.iloc[4]["department_zh"] == "上海市普陀区司法局"


def test_a_measure_a_statement_does_not_give_is_missing_never_zero(shared):
    statements = load_collection([shared["bundled"], shared["commerce"]]).statements.set_index("package")
    bundled = statements.loc["data"]
    for measure in ("personnel", "public", "general_public", "vehicle_purchase", "vehicle_operation"):
        assert math.isnan(bundled[measure]), measure
    assert statements.loc["commerce", "vehicle_purchase"] == 0.0  # printed as 0: a zero


def test_the_panel_read_through_duckdb_is_the_panel_of_the_loaded_packages(shared):
    paths, names = list(shared.values()), list(shared)
    read, loaded = read_part(paths, names), part_of([load(path) for path in paths], names)
    pd.testing.assert_frame_equal(read.statements, loaded.statements)
    pd.testing.assert_frame_equal(read.functions, loaded.functions)
    pd.testing.assert_frame_equal(read.changes, loaded.changes)


def test_a_second_year_gives_exactly_one_finding(shared, next_year):
    collection = load_collection([shared["commerce"], next_year])
    comparisons = collection.comparisons()
    checks = cross_statement_checks(comparisons)
    assert len(checks) == 9
    flagged = [check for check in checks if check.status != "pass"]
    assert [(c.name, c.status, c.expected, c.found) for c in flagged] == [
        ("across.commerce-2026.three_public.2025", "warn", "+1.00", "+1.50")
    ]
    spending = comparisons.set_index("stated_as").loc["fiscal_appropriation_spending"]
    assert spending["gap"] == pytest.approx(0.0045) and spending["agrees"]  # 37,151.47 on 37,151.4655: rounding
    assert spending["stated_base"] == pytest.approx(74302.931 - 37151.47)


def test_a_stated_change_the_other_way_on_the_budget_contradicts(shared, tmp_path):
    later = second_year(shared["commerce"], tmp_path / "commerce-2026", three_public_change="1.50")
    records = rows(later / "stated_figures.csv")
    for record in records:
        if record["measure"] == "three_public":
            record.update(change="decrease", sentence_zh="“三公”经费2.00万元，比2025年预算减少1.50万元。")
    write_rows(later / "stated_figures.csv", records)
    checks = cross_statement_checks(load_collection([shared["commerce"], later]).comparisons())
    assert [(c.name, c.status) for c in checks if c.status != "pass"] == [
        ("across.commerce-2026.three_public.2025", "fail")
    ]
    result = budgetlib("collection", "check", str(shared["commerce"]), str(later), "--jobs", "1")
    assert result.returncode == 1
    assert "FAIL across.commerce-2026.three_public.2025" in result.stdout
    assert "the statements contradict each other" in result.stdout


def test_collection_check_prints_the_panel_and_the_finding(shared, next_year):
    result = budgetlib("collection", "check", str(shared["commerce"]), str(next_year), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "2 statements of 1 department or unit, 2025–2026." in result.stdout
    assert re.search(r"^commerce\s+2025\s+department\s+37,151.47\s+1,983.07", result.stdout, flags=re.M)
    assert "9 checks: 8 pass, 1 warn, 0 fail" in result.stdout
    assert (
        "WARN across.commerce-2026.three_public.2025: 上海市普陀区商务委员会's 2026 statement puts the three public "
        "expenses up 1.50 on 2025's budget; the two statements publish 1.00 and 2.00, up 1.00 (10,000 yuan)."
    ) in result.stdout


def test_a_list_file_names_packages_relative_to_itself(shared, tmp_path):
    (tmp_path / "lists").mkdir()
    listing = tmp_path / "lists" / "packages.txt"
    shutil.copytree(shared["wanli"], tmp_path / "wanli")
    listing.write_text(f"# the district\n\n../wanli\n{shared['office']}\n../wanli\n", encoding="utf-8")
    collection = load_collection([], list_file=listing)
    assert collection.statements["package"].tolist() == ["wanli", "office"]  # named twice, read once


def test_a_folder_of_packages_is_every_package_under_it(shared, tmp_path):
    for key in ("justice", "commerce"):
        shutil.copytree(shared[key], tmp_path / "district" / key)
    collection = load_collection([tmp_path / "district"])
    assert collection.statements["package"].tolist() == ["commerce", "justice"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nothing-here"], "nothing-here: no such folder: expected a data package folder holding datapackage.json"),
        ([], "the command line: no data package named: expected PACKAGE folders or --list FILE"),
        (["--list", "missing.txt"], "missing.txt: file not found: expected a text file naming a package folder a line"),
        (["empty"], "empty: holds no data package: expected datapackage.json in it or in a folder under it"),
    ],
    ids=["no-folder", "nothing-named", "no-list", "empty-folder"],
)
def test_bad_input_is_one_message_and_exit_2(tmp_path, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = budgetlib("collection", "check", *arguments)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"budgetlib: cannot read the collection: {message}\n"


def test_a_bad_line_of_a_list_file_is_named(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text(f"{bundled_data_dir()}\n# comment\nnot-a-package\n", encoding="utf-8")
    result = budgetlib("collection", "check", "--list", str(listing))
    assert result.returncode == 2
    assert "packages.txt, line 3 (not-a-package): no such folder" in result.stderr


def test_a_bad_cell_is_named_as_the_loader_names_it(shared, tmp_path):
    broken = tmp_path / "office"
    shutil.copytree(shared["office"], broken)
    set_cell(broken, "function_spending", 3, "total", "12万")
    result = budgetlib("collection", "check", str(shared["commerce"]), str(broken))
    assert result.returncode == 2
    loaded = budgetlib("check", "--data", str(broken))
    said = loaded.stderr.removeprefix("budgetlib: cannot read the data: ")
    assert "row 3 (line 4), column total: invalid value: expected a number such as 12.5, found '12万'" in said
    assert result.stderr == f"budgetlib: cannot read the collection: {said}"


def test_a_malformed_csv_is_named_as_the_loader_names_it(shared, tmp_path):
    broken = tmp_path / "office"
    shutil.copytree(shared["office"], broken)
    path = broken / "three_public_items.csv"
    path.write_text(path.read_text(encoding="utf-8") + "one,cell,too,many,,,,,,,,\n", encoding="utf-8")
    result = budgetlib("collection", "check", str(broken))
    assert result.returncode == 2
    assert "three_public_items.csv, row 8 (line 9): wrong number of cells" in result.stderr


def test_dask_without_the_extra_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = budgetlib("collection", "check", str(bundled_data_dir()), "--dask", "tcp://127.0.0.1:8786")
    assert result.returncode == 2
    assert "pip install 'budgetlib[distributed]'" in result.stderr


def test_worker_processes_give_the_same_panel(shared, next_year):
    folders = [*shared.values(), next_year]
    alone = load_collection(folders, jobs=1)
    pooled = load_collection(folders, jobs=2)
    pd.testing.assert_frame_equal(alone.statements, pooled.statements)
    pd.testing.assert_frame_equal(alone.changes, pooled.changes)


def test_a_two_worker_dask_cluster_gives_the_same_panel(shared, next_year):
    distributed = pytest.importorskip(
        "distributed", reason="Dask's distributed scheduler is not installed: pip install 'budgetlib[distributed]'"
    )
    folders = [*shared.values(), next_year]
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.nthreads()) == 2
        on_cluster = load_collection(folders, client=client)
    pd.testing.assert_frame_equal(load_collection(folders).statements, on_cluster.statements)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["slide", "document"])
def test_the_collection_charts_are_briefing_grade(shared, next_year, lang, size):
    collection = load_collection([*shared.values(), next_year])
    drawn = [
        collection_charts.years_small_multiples(collection.years("total"), lang=lang, size=size),
        collection_charts.gaps_dots(collection.comparisons(), lang=lang, size=size),
        *(collection_charts.ranking_bars(collection.ranking(name), lang=lang, size=size)
          for name in ("basic_share_pct", "three_public_per_10k")),
    ]  # fmt: skip
    for chart in drawn:
        assert all_problems(chart.figure) == [], chart.finding
    findings = [chart.finding for chart in drawn]
    if lang == "en":
        assert findings[1] == "1 of 9 stated changes differ from the published figures"
    else:
        assert findings[0] == "上海市普陀区商务委员会的支出2025–2026年增加100.0%"


def test_a_collection_without_two_years_says_so(shared):
    collection = load_collection([shared["bundled"], shared["commerce"]])
    missing = collection_charts.gaps_dots(collection.comparisons(), lang="en")
    assert missing.finding.startswith("No department has statements of two years in a row")


def test_the_single_report_does_not_run_the_collection_notebook():
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    assert [path.stem for path in collection_notebooks(notebooks)] == ["10_collection"]
    assert "10_collection" not in [path.stem for path in statement_notebooks(notebooks)]


def test_the_report_builds_in_both_languages(shared, tmp_path):
    """One build (it runs every statement's notebooks): the collection's pages, each statement's report,
    the index linking them, offline."""
    out = tmp_path / "out"
    result = budgetlib("collection", "report", *(str(shared[key]) for key in PANEL), "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    names = ["data", *KEYS]
    for lang in ("zh", "en"):
        index = (out / "reports" / lang / "index.html").read_text(encoding="utf-8")
        for name in names:
            link = f"../../statements/{name}/reports/{lang}/index.html"
            assert f'href="{link}"' in index
            assert (out / "reports" / lang / link).resolve().is_file()
            assert (out / "statements" / name / "reports" / lang / "00_overview.briefing.html").is_file()
        for page in ("10_collection.html", "10_collection.briefing.html"):
            html = (out / "reports" / lang / page).read_text(encoding="utf-8")
            assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}"' in html
            assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html), page
            assert "@font-face" in html  # the Chinese of the names reads on a machine without Chinese fonts
        assert (out / "figures" / lang / "collection_three_public_per_10k-document.png").is_file()
        assert not (out / "statements" / "data" / "reports" / lang / "10_collection.html").exists()
    assert "5份预算报表" in (out / "reports" / "zh" / "index.html").read_text(encoding="utf-8")
