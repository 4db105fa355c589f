"""The descriptor is generated from data/datapackage.toml and data/CODEBOOK.md from the descriptor:
both committed files are what ``budgetlib describe`` writes, a shared definition reaches every table
that uses it, and a bad source is one line and exit 2."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from budgetlib.cli import main
from budgetlib.datapackage.descriptor import CODEBOOK, CODEBOOK_HEAD, SOURCE, build, codebook, descriptor_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def package(data_copy: Path) -> Path:
    """A copy of the data folder with its codebook, as in the repository."""
    shutil.copy(REPO / "data" / CODEBOOK, data_copy / CODEBOOK)
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


def test_the_codebook_is_generated_from_the_descriptor():
    written = (REPO / "data" / CODEBOOK).read_text(encoding="utf-8")
    descriptor = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert written == CODEBOOK_HEAD + codebook(descriptor)


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
    written = (package / CODEBOOK).read_text(encoding="utf-8")
    assert written.count("| `year` | The year. |  | statement |") == 7
    assert "Budget (fiscal) year." not in written


def test_check_names_each_stale_file_and_writes_nothing(package: Path, capsys):
    assert main(["describe", "--data", str(package), "--check"]) == 0
    _edit(package / SOURCE, r'origin = "translation"', 'origin = "a translation"')
    before = {path: path.read_bytes() for path in (package / "datapackage.json", package / CODEBOOK)}
    capsys.readouterr()
    assert main(["describe", "--data", str(package), "--check"]) == 1
    err = capsys.readouterr().err
    assert "datapackage.json is out of date" in err and "CODEBOOK.md is out of date" in err
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


def test_a_codebook_edited_by_hand_is_out_of_date_and_written_again(package: Path, capsys):
    before = (package / CODEBOOK).read_bytes()
    _edit(package / CODEBOOK, re.escape("| `year` |"), "| `year_edited` |")
    assert main(["describe", "--data", str(package), "--check"]) == 1
    assert "CODEBOOK.md is out of date" in capsys.readouterr().err
    assert main(["describe", "--data", str(package)]) == 0
    assert (package / CODEBOOK).read_bytes() == before
