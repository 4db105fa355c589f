"""The descriptor is generated from data/datapackage.toml and the README codebook from the descriptor:
both committed files are what ``budgetlib describe`` writes, a shared definition reaches every table
that uses it, and a bad source is one line and exit 2."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from budgetlib.cli import main
from budgetlib.datapackage.descriptor import END, SOURCE, START, build, codebook, descriptor_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def package(data_copy: Path) -> Path:
    """A copy of the data folder with the README beside it, as in the repository."""
    shutil.copy(REPO / "README.md", data_copy.parent / "README.md")
    return data_copy


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1)
    assert edited != text, pattern
    path.write_text(edited, encoding="utf-8")


def test_the_committed_descriptor_is_generated_from_the_toml():
    generated = descriptor_text(build(REPO / "data" / SOURCE))
    assert generated.encode("utf-8") == (REPO / "data" / "datapackage.json").read_bytes()
    descriptor = json.loads(generated)
    assert all("origin" in field for resource in descriptor["resources"] for field in resource["schema"]["fields"])


def test_the_readme_codebook_is_generated_from_the_descriptor():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split(START + "\n", 1)[1].split(END + "\n", 1)[0]
    descriptor = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert block == "\n" + codebook(descriptor) + "\n"


def test_a_shared_definition_changes_every_table_that_uses_it(package: Path, capsys):
    _edit(package / SOURCE, r"(\[fields\.year\]\n(?:.+\n)*?)description = .*\n", r'\1description = "The year."\n')
    _edit(package / SOURCE, r"(\[fields\.source_section\]\n(?:.+\n)*?)description = .*\n", r'\1description = "S."\n')
    assert main(["describe", "--data", str(package), "--check"]) == 1
    assert main(["describe", "--data", str(package)]) == 0
    assert main(["describe", "--data", str(package), "--check"]) == 0
    resources = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    fields = {(r["name"], f["name"]): f for r in resources for f in r["schema"]["fields"]}
    years = [field for (_, name), field in fields.items() if name == "year"]
    assert len(years) == 7
    assert all(field["description"] == "The year." for field in years)
    sections = {table: field["description"] for (table, name), field in fields.items() if name == "source_section"}
    assert len(sections) == 20
    assert {table for table, text in sections.items() if text != "S."} == {"catalogue_categories"}  # its own wording
    readme = (package.parent / "README.md").read_text(encoding="utf-8")
    assert readme.count("| `year` | The year. |  | statement |") == 7
    assert "Budget (fiscal) year." not in readme


def test_check_names_each_stale_file_and_writes_nothing(package: Path, capsys):
    assert main(["describe", "--data", str(package), "--check"]) == 0
    _edit(package / SOURCE, r'origin = "translation"', 'origin = "a translation"')
    before = {path: path.read_bytes() for path in (package / "datapackage.json", package.parent / "README.md")}
    capsys.readouterr()
    assert main(["describe", "--data", str(package), "--check"]) == 1
    err = capsys.readouterr().err
    assert "datapackage.json is out of date" in err and "README.md is out of date" in err
    assert {path: path.read_bytes() for path in before} == before


@pytest.mark.parametrize(
    ("pattern", "replacement", "message"),
    [
        (r'use = "value_status"', 'use = "nonexistent"', 'resource units, field 12 (use = "nonexistent") names no'),
        (r"\[\[resources\]\]", "[[resources]", "not valid TOML: "),
    ],
    ids=["bad_reference", "bad_toml"],
)
def test_a_bad_source_is_one_line_and_exit_2(package: Path, capsys, pattern, replacement, message):
    _edit(package / SOURCE, pattern, replacement)
    before = (package / "datapackage.json").read_bytes()
    assert main(["describe", "--data", str(package)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{SOURCE}: {message}" in err
    assert (package / "datapackage.json").read_bytes() == before


def test_a_readme_without_the_codebook_markers_is_refused(package: Path, capsys):
    _edit(package.parent / "README.md", re.escape(END), "")
    assert main(["describe", "--data", str(package)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "README.md: no codebook block" in err
