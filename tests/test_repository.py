"""The repository keeps its promises: one environment in two files, a valid package, clean text."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "source" / "2020-budget-statement.txt"


def _requirement(spec: str) -> tuple[str, str]:
    """(normalized name, version range): conda spells jupyter_client where pip says jupyter-client."""
    name, version = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), version.replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    conda = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    pip_specs = next(d["pip"] for d in conda if isinstance(d, dict))
    specs = [d for d in conda if isinstance(d, str) and d != "pip"] + [d for d in pip_specs if d != "--editable ."]
    assert dict(map(_requirement, specs)) == {
        "python": project["requires-python"],
        **dict(map(_requirement, wanted)),
    }
    assert "--editable ." in pip_specs


def test_frictionless_validates_the_package():
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [frictionless, "validate", "--json", REPO / "data" / "datapackage.json"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert '"valid": true' in result.stdout


def test_frictionless_catches_what_the_loader_catches(data_copy):
    """The descriptor's constraints are real: frictionless rejects an unknown unit code too."""
    from conftest import set_cell

    set_cell(data_copy, "procurement_lines", 4, "unit_code", "426009")
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([frictionless, "validate", data_copy / "datapackage.json"], capture_output=True, text=True)
    assert result.returncode != 0
    assert "foreign-key" in result.stdout


@pytest.mark.parametrize("path", sorted((REPO / "data").glob("*.csv")), ids=lambda p: p.name)
def test_csv_files_are_utf8_with_lf_line_endings(path):
    raw = path.read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\n")


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source statement is kept beside the repository, not in it")
def test_chinese_text_is_traceable_to_the_statement():
    """Every Chinese name and target in the tables occurs in the statement (spaces and math markup aside)."""
    import budgetlib

    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"\$\\geq\s*([\d.]+)\\%\$", r"≥\1%", text)
    text = re.sub(r"\$<\s*([\d.]+)\\%\$", r"<\1%", text)
    flat = re.sub(r"\s+", "", text)
    budget = budgetlib.load()
    columns = {
        "project_indicators": ["indicator_zh", "description_zh", "target_text", "basis_zh"],
        "project_target_tables": ["project_zh", "objective_zh", "source_table"],
        "department_indicators": ["description_zh", "target_text"],
        "department_goals": ["goal_zh", "objective_zh"],
        "procurement_lines": ["project_zh", "item_zh", "catalogue_code"],
        "units": ["unit_name_zh", "unit_short_name_zh", "nature_zh", "funding_form_zh"],
        "asset_categories": ["category_zh"],
        "budget_changes": ["reason_zh"],
        "stated_totals": ["label_zh"],
    }
    missing = [
        (table, column, value)
        for table, names in columns.items()
        for column in names
        for value in budget[table][column].dropna().astype(str)
        if value and re.sub(r"\s+", "", value) not in flat
    ]
    assert missing == []


def test_figures_folder_is_kept_but_its_builds_are_not():
    tracked = subprocess.run(["git", "ls-files", "figures"], cwd=REPO, capture_output=True, text=True).stdout.split()
    assert tracked == ["figures/README.md"]
    ignored = subprocess.run(
        ["git", "check-ignore", "figures/zh/growth_bridge-slide.png", "figures/en/index.html"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == ["figures/zh/growth_bridge-slide.png", "figures/en/index.html"]


def test_the_readme_is_short_and_reaches_every_reference_page():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    assert "make report" in readme and "make test" in readme
    linked = set(re.findall(r"\]\(([^)#]+)\)|src=\"([^\"]+)\"", readme))
    targets = {a or b for a, b in linked if not (a or b).startswith("http")}
    assert all((REPO / target).is_file() for target in targets), targets
    pages = {f"docs/{p.name}" for p in (REPO / "docs").glob("*.md")} | {"data/CODEBOOK.md"}
    assert pages <= targets
    pictures = [target for target in targets if target.endswith(".png")]
    assert len(pictures) == 2 and all((REPO / picture).stat().st_size < 100_000 for picture in pictures)
