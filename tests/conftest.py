"""Shared fixtures: a writable copy of the bundled data package, a way to change it, the
``budgetlib`` command run in the test's own process, and every chart with its input frame."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from budgetlib import analysis, charts
from budgetlib.checks import targets
from budgetlib.cli import main
from budgetlib.datapackage import bundled_data_dir, load


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path relative to it, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def budgetlib(*args: str) -> subprocess.CompletedProcess:
    """``budgetlib ARGS`` run in this process: its exit code and what it printed.

    What the command does is the same as in a process of its own (the console command only
    calls ``main``), without a Python start and its imports for every case. An exception
    escaping ``main`` is not caught: the test fails on it, as a traceback would fail a user.
    A few tests run the real command (``budgetlib_process``), one for each way it ends.
    """
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit:  # the argument parser's exit
            code = exit.code
    return subprocess.CompletedProcess(["budgetlib", *args], code, out.getvalue(), err.getvalue())


def budgetlib_process(*args: str, **options) -> subprocess.CompletedProcess:
    """``python -m budgetlib ARGS`` in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "budgetlib", *args], capture_output=True, text=True, **options)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data package in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def set_cell(data_dir: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell of ``table``.csv (``row`` counts data rows from 1)."""
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    records[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def write_notebook(path: Path, *sources: str, markdown_en: bool = False) -> Path:
    """A tiny notebook at ``path``: the parameters cell, then ``sources`` as code cells (after an
    English-only markdown cell when ``markdown_en``)."""
    parameters = 'data_dir = None\nlang = "zh"\nfigures_dir = None'
    cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    if markdown_en:
        cells.append(nbformat.v4.new_markdown_cell("Only in English", metadata={"tags": ["lang-en"]}))
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def change_descriptor(data_dir: Path, change: Callable[[dict], object]) -> None:
    """Read the package's datapackage.json, let ``change`` edit it in place, write it back."""
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def drop_resource(data_dir: Path, name: str) -> None:
    """Take the table ``name`` out of the package's descriptor."""
    change_descriptor(data_dir, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != name]))


@pytest.fixture
def edit(data_copy: Path) -> Callable[[str, int, str, str], Path]:
    """Change one cell of the copied package and return the package folder."""

    def _edit(table: str, row: int, column: str, value: str) -> Path:
        set_cell(data_copy, table, row, column, value)
        return data_copy

    return _edit


def chart_inputs(budget) -> dict[str, tuple[Callable[..., charts.Chart], pd.DataFrame]]:
    """Every chart, by the name its figure files get: its chart function and the frame it is drawn from."""
    yoy = analysis.year_over_year(budget)
    return {
        "year_over_year": (charts.year_over_year_bars, yoy),
        "growth_bridge": (charts.growth_bridge, yoy),
        "spending_split": (charts.spending_split_bars, analysis.spending_split(budget)),
        "procurement_lines": (charts.procurement_lines_bars, analysis.procurement_lines(budget)),
        "procurement_by_category": (charts.procurement_by_bars, analysis.procurement_by(budget, "category")),
        "procurement_by_unit": (charts.procurement_by_bars, analysis.procurement_by(budget, "unit")),
        "procurement_by_project": (charts.procurement_by_bars, analysis.procurement_by(budget, "project")),
        "asset_mix": (charts.asset_mix_bars, analysis.asset_mix(budget)),
        "indicator_mix": (charts.indicator_mix_bars, analysis.indicator_mix(budget)),
        "threshold_distribution": (charts.threshold_bars, analysis.threshold_distribution(budget)),
        "department_vs_project": (charts.consistency_table, targets.department_vs_project(budget)),
    }


COMMERCE = Path(__file__).resolve().parent / "packages" / "putuo-commerce-2025"


def national_chart_inputs() -> dict[str, tuple[Callable[..., charts.Chart], pd.DataFrame]]:
    """The charts drawn from a package of the national tables (the commerce package written from a
    Putuo statement): those of its own tables, and the bundled form's charts it draws its way."""
    budget = load(COMMERCE)
    return {
        "function_spending": (charts.function_spending_bars, analysis.function_spending(budget)),
        "economic_mix": (charts.economic_mix_bars, analysis.economic_classes(budget)),
        "earmarked": (charts.earmarked_bars, analysis.earmarked(budget)),
        "national_year_over_year": (charts.year_over_year_bars, analysis.year_over_year(budget)),
        "national_spending_split": (charts.spending_split_bars, analysis.spending_split(budget)),
        "national_procurement_by_category": (charts.procurement_by_bars, analysis.procurement_by(budget, "category")),
    }


def collection_chart_inputs() -> dict[str, tuple[Callable[..., charts.Chart], pd.DataFrame]]:
    """The charts of a collection (the bundled package, the commerce package and its second year
    written by hand, :func:`second_year`), each with the frame it is drawn from."""
    from budgetlib.analysis.collection import load_collection

    with tempfile.TemporaryDirectory() as folder:
        collection = load_collection([bundled_data_dir(), COMMERCE, second_year(COMMERCE, Path(folder) / "next")])
        return {
            "collection_years": (charts.years_small_multiples, collection.years("total")),
            "collection_gaps": (charts.gaps_dots, collection.comparisons()),
            "collection_basic_share_pct": (charts.ranking_bars, collection.ranking("basic_share_pct")),
        }


# The development set of published statements, beside the clone as CI places it (../shared).
STATEMENTS = Path(__file__).resolve().parents[2] / "shared" / "statements"
STATEMENT_FILES = {
    "wanli": "putuo-wanli-subdistrict-2024-department.pdf",
    "office": "putuo-government-office-2025-department.pdf",
    "commerce": "putuo-commerce-2025-department.pdf",
    "justice": "putuo-justice-2026-unit.pdf",
}
_statements: dict[str, object] = {}


def statement_path(key: str) -> Path:
    """The PDF of one development statement; the test is skipped, saying why, where shared/ is absent."""
    path = STATEMENTS / STATEMENT_FILES[key]
    if not path.exists():
        pytest.skip(f"the published statements are not beside the clone: {path} is missing")
    return path


@pytest.fixture(scope="session")
def read():
    """``read(key)``: the development statement read from its PDF, once per test process."""
    from budgetlib.importers.pdf import read_statement

    def _read(key: str):
        if key not in _statements:
            _statements[key] = read_statement(statement_path(key))
        return _statements[key]

    return _read


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """``imported(key)``: the development statement imported once per test module, as
    ``budgetlib import`` does it: (the Imported result, the package folder)."""
    from budgetlib.importers import import_statement

    done = {}

    def _import(key: str):
        if key not in done:
            out = tmp_path_factory.mktemp("imported") / key
            done[key] = (import_statement(statement_path(key), out), out)
        return done[key]

    return _import


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def second_year(commerce: Path, target: Path, three_public_change: str = "1.50") -> Path:
    """The commerce statement's next year, written by hand: 2026, every amount of its tables doubled, and
    its notes' changes on 2025 restated. Its appropriations rose 37,151.4655 万元 and its notes say
    37,151.47 (agrees within rounding); its three public expenses rose 1.00 万元 and its notes say
    ``three_public_change`` (1.50 disagrees); the items stay as they agree (hospitality up 1.00, the
    rest level)."""
    shutil.copytree(commerce, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["fiscalYear"] = 2026
    descriptor["title"] = descriptor["title"].replace("2025", "2026")
    for source in descriptor["sources"]:
        source["title"] = source["title"].replace("2025", "2026")
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    for resource in descriptor["resources"]:
        amounts = [f["name"] for f in resource["schema"]["fields"] if f.get("unit") in ("元", "万元")]
        if resource["name"] == "stated_figures" or not amounts:
            continue
        records = rows(target / resource["path"])
        for record in records:
            record.update({name: str(Decimal(record[name]) * 2) for name in amounts if record[name]})
        write_rows(target / resource["path"], records)
    stated = []
    for record in rows(target / "stated_figures.csv"):
        measure = record["measure"]
        if record["topic"] == "budget" and measure.startswith(("fiscal_appropriation", "general_public")):
            sentence = f"{record['label_zh']}74,302.93万元，比2025年预算增加37,151.47万元。"
            record.update(amount="74302.93", change="increase", change_amount="37151.47", compared_with_zh="2025年预算",
                          sentence_zh=sentence)  # fmt: skip
        elif record["topic"] == "three_public" and measure in ("three_public", "hospitality"):
            change = three_public_change if measure == "three_public" else "1.00"
            record.update(amount="2.00", change="increase", change_amount=change, compared_with_zh="2025年预算",
                          sentence_zh=f"{record['label_zh']}2.00万元，比2025年预算增加{change}万元。")  # fmt: skip
        elif record["topic"] == "three_public":
            record["compared_with_zh"] = "2025年预算"
        elif record["change"]:
            continue  # the funds' changes on the outturn: not in the panel
        stated.append({**record, "figure_no": str(len(stated) + 1)})
    write_rows(target / "stated_figures.csv", stated)
    return target
