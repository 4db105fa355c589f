"""The headline figures, pinned to the statement, and computed (not copied) from the tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import budgetlib, budgetlib_process

from budgetlib import facts, load
from budgetlib.analysis import hhi, share_pct

REQUIRED_KEYS = {
    "unit", "total_2019", "total_2020", "total_change", "total_change_pct", "basic_2019", "basic_2020",
    "project_2019", "project_2020", "basic_share_2019_pct", "basic_share_2020_pct", "procurement_total",
    "procurement_top_item", "procurement_top_amount", "procurement_top_share_pct", "procurement_hhi",
    "assets_total", "asset_mix", "project_target_tables", "project_indicators", "department_indicators",
}  # fmt: skip


@pytest.fixture(scope="module")
def bundled() -> dict:
    return facts(load())


def test_headline_figures_match_the_statement(bundled):
    expected = {
        "unit": "万元",
        "total_2019": 667.25,
        "total_2020": 861.04,
        "total_change": 193.79,
        "total_change_pct": 29.04,
        "basic_2019": 327.56,
        "basic_2020": 526.74,
        "project_2019": 339.69,
        "project_2020": 334.3,
        "basic_share_2019_pct": 49.09,
        "basic_share_2020_pct": 61.17,
        "procurement_total": 170.62,
        "procurement_top_item": "危险化学品及重大危险源企业安全评审",
        "procurement_top_amount": 160.0,
        "procurement_top_share_pct": 93.78,
        "procurement_hhi": 8803.12,
        "assets_total": 74.5,
        "project_target_tables": 21,
        "project_indicators": 66,
        "department_indicators": 34,
    }
    assert {key: bundled[key] for key in expected} == expected


def test_asset_mix(bundled):
    rows = [
        (m["category"], m["category_en"], m["amount"], m["share_pct"], m["stated_share_pct"])
        for m in bundled["asset_mix"]
    ]
    assert rows == [
        ("交通运输", "Transport equipment", 25.72, 34.52, 34.5),
        ("家具用具", "Furniture and fixtures", 9.93, 13.33, 13.2),
        ("通用设备", "General equipment", 38.85, 52.15, 52.3),
    ]


def test_hhi_by_hand():
    # 160 of 170.62 and eight small lines: 93.7756² plus the squares of the rest.
    amounts = load().procurement_lines["amount_10k_cny"]
    by_hand = sum((100 * a / 170.62) ** 2 for a in [0.3, 0.5, 1.0, 1.58, 0.44, 1.1, 4.5, 160.0, 1.2])
    assert hhi(amounts) == pytest.approx(by_hand)
    assert hhi(pd.Series([1.0])) == 10000.0
    assert hhi(pd.Series([0.0, 0.0])) is None
    assert share_pct(1, 0) is None


def test_changed_data_changes_the_facts(edit):
    data_dir = edit("procurement_lines", 8, "amount_10k_cny", "80.00")
    data_dir = edit("procurement_lines", 8, "unit_price_10k_cny", "80.00")
    changed = facts(load(data_dir))
    assert changed["procurement_total"] == 90.62
    assert changed["procurement_top_share_pct"] == round(100 * 80 / 90.62, 2)


def test_changed_year_renames_the_keys(data_copy):
    for table in ("budget_overview", "budget_changes"):
        path = data_copy / f"{table}.csv"
        path.write_text(
            path.read_text(encoding="utf-8").replace("2020", "2021").replace("2019", "2020"), encoding="utf-8"
        )
    changed = facts(load(data_copy))
    assert changed["total_2021"] == 861.04 and changed["total_2020"] == 667.25


def test_cli_json_has_every_key_and_matches_the_library(bundled):
    result = budgetlib("facts", "--json")
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    assert set(printed) >= REQUIRED_KEYS
    assert printed == json.loads(json.dumps(bundled))


def test_cli_text_output_and_check_exit_zero():
    text = budgetlib("facts")
    assert text.returncode == 0
    assert "total_change_pct: 29.04" in text.stdout
    assert "asset_mix: 家具用具 (Furniture and fixtures) 9.93 = 13.33% (stated 13.2%)" in text.stdout
    check = budgetlib_process("check")  # the real command, on the way that ends well
    assert check.returncode == 0
    assert "38 checks: 35 pass, 3 warn, 0 fail" in check.stdout
