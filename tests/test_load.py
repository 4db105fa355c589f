"""The bundled package loads, typed, from anywhere, and says where each row comes from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.datapackage import bundled_data_dir, load

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def budget() -> budgetlib.Budget:
    return load()


def test_every_table_of_the_descriptor_is_loaded(budget):
    names = [r["name"] for r in budget.descriptor["resources"]]
    assert list(budget.tables) == names
    assert len(names) == 20


@pytest.mark.parametrize(
    ("table", "rows"),
    [
        ("units", 2),
        ("budget_overview", 6),
        ("budget_changes", 3),
        ("income_sources", 4),
        ("three_public_expenses", 3),
        ("procurement_lines", 9),
        ("asset_categories", 3),
        ("asset_occupancy", 5),
        ("planned_asset_purchases", 2),
        ("department_goals", 11),
        ("department_indicators", 34),
        ("project_target_tables", 21),
        ("project_indicators", 66),
    ],
)
def test_row_counts_match_the_statement(budget, table, rows):
    assert len(budget[table]) == rows


def test_columns_are_typed(budget):
    lines = budget.procurement_lines
    assert lines["amount_10k_cny"].dtype == "float64"
    assert lines["line_no"].dtype == "int64"
    assert budget.asset_categories["as_of_date"].iloc[0] == pd.Timestamp("2019-12-31")
    level1 = budget.project_indicators["level1_zh"]
    assert level1.dtype == "category" and level1.cat.ordered
    assert list(level1.cat.categories) == ["产出指标", "效果指标", "满意度指标"]
    assert list(budget.budget_overview["spending_type"].cat.categories) == ["basic", "project", "total"]


def test_missing_stays_missing_not_zero(budget):
    occupancy = budget.asset_occupancy.set_index("item")
    assert pd.isna(occupancy.loc["buildings", "value_10k_cny"])
    assert occupancy.loc["vehicles", "quantity"] == 2
    qualitative = budget.project_indicators.query("target_text == '及时拨款'")
    assert qualitative["target_value"].isna().all() and qualitative["target_operator"].isna().all()


def test_every_row_names_its_source_and_status(budget):
    for name, table in budget.tables.items():
        assert table["source_section"].notna().all(), name
        assert set(table["value_status"].astype(str)) <= {"published", "derived", "reference"}, name


def test_only_the_2019_split_is_derived_and_it_says_how(budget):
    derived = budget.budget_overview.query("value_status == 'derived'")
    assert sorted(derived["spending_type"].astype(str)) == ["basic", "project"]
    assert set(derived["year"]) == {2019}
    assert derived["derivation"].str.contains("stated change").all()
    for name, table in budget.tables.items():
        if name not in ("budget_overview", "catalogue_categories"):
            assert (table["value_status"] == "published").all(), name


def test_parsed_targets(budget):
    indicators = budget.project_indicators.set_index(["table_no", "indicator_no"])
    assert tuple(indicators.loc[(8, 2), ["target_operator", "target_value", "target_unit"]]) == ("=", 100.0, "人次")
    assert tuple(indicators.loc[(20, 2), ["target_operator", "target_value", "target_unit"]]) == ("<", 40.0, "%")
    department = budget.department_indicators.set_index(["goal_no", "indicator_no"])
    assert department.loc[(1, 2), "target_text"] == "≥98%"
    assert pd.isna(department.loc[(7, 3), "target_unit"])  # printed as "≥ 90", no unit


def test_tables_are_reached_by_attribute_and_item(budget):
    assert budget.units is budget["units"]
    with pytest.raises(AttributeError, match="no table 'nope'"):
        _ = budget.nope


def test_explicit_folder_loads_the_same(budget):
    other = load(bundled_data_dir())
    for name, table in budget.tables.items():
        pd.testing.assert_frame_equal(table, other[name])


def test_loads_from_any_working_directory(tmp_path):
    code = "import budgetlib; print(len(budgetlib.load().project_indicators))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "66"


def test_an_installed_wheel_carries_the_bundled_data(tmp_path):
    """A non-editable install finds the statement inside the package, away from the repository."""
    source, target = tmp_path / "source", tmp_path / "site"
    source.mkdir()
    for part in ("budgetlib", "data", "notebooks"):  # build from a copy, so the repository gets no build/
        shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / part, source / part)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "--target", target, source], check=True, capture_output=True)
    code = (
        "import budgetlib, budgetlib.publish.notebooks as n, budgetlib.publish.html as h; "
        "import budgetlib.words.wording as w; b = budgetlib.load(); "
        "print(b.data_dir.parent.name, len(b.project_target_tables), n.bundled_notebooks_dir().parent.name, "
        "(h.TEMPLATES / 'offline' / 'index.html.j2').is_file(), (h.TEMPLATES / 'site' / 'gallery.html.j2').is_file(), "
        "len(w.sources('zh')) > 300)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["budgetlib", "21", "budgetlib", "True", "True", "True"]


def test_budget_completes_its_tables_and_sums_itself_up():
    budget = load()
    assert {"procurement_lines", "project_indicators", "spending"} <= set(dir(budget))
    summary = repr(budget).splitlines()
    assert summary[0] == "Budget: 石家庄高新技术产业开发区应急管理局, 2019–2020, 20 tables"
    assert "  procurement_lines           9 rows" in summary
    assert len(summary) == 21
