"""An import keeps what is not its own: it writes into a new, empty or package folder, replaces only
the package's files, refuses a folder holding other things unless told --force (which still keeps
them), never touches its input, and leaves everything as it was when it fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import files_under

from budgetlib.cli import main
from budgetlib.datapackage import bundled_data_dir


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """The bundled package exported as an entry workbook."""
    path = tmp_path_factory.mktemp("workbook") / "new.xlsx"
    assert main(["workbook", "export", str(path)]) == 0
    return path


@pytest.fixture
def package(tmp_path, workbook) -> Path:
    """A package folder as a person keeps it: the package, its TOML source, notes and the workbook."""
    folder = tmp_path / "pkg"
    shutil.copytree(bundled_data_dir(), folder)
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    shutil.copy(workbook, folder / "new.xlsx")
    return folder


def test_a_folder_holding_other_files_is_refused_by_name(package, capsys):
    before = files_under(package)
    assert main(["workbook", "import", str(package / "new.xlsx"), "--out", str(package)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "holds files that are not the package's (CODEBOOK.md, datapackage.toml, new.xlsx, notes.txt)" in err
    assert "--force" in err
    assert files_under(package) == before
    assert sorted(p.name for p in package.parent.iterdir()) == ["pkg"]  # no staging folder left


def test_force_replaces_the_package_and_keeps_everything_else(package, capsys):
    kept = {
        name: (package / name).read_bytes() for name in ("notes.txt", "new.xlsx", "datapackage.toml", "CODEBOOK.md")
    }
    (package / "units.csv").write_text("spoiled\n", encoding="utf-8")  # a package file: replaced
    assert main(["workbook", "import", str(package / "new.xlsx"), "--out", str(package), "--force"]) == 0
    assert {name: (package / name).read_bytes() for name in kept} == kept
    assert (package / "units.csv").read_bytes() == (bundled_data_dir() / "units.csv").read_bytes()
    assert sorted(p.name for p in package.parent.iterdir()) == ["pkg"]


def test_a_package_folder_is_replaced_file_by_file_and_a_file_it_no_longer_has_goes(tmp_path, workbook, capsys):
    out = tmp_path / "out"
    assert main(["workbook", "import", str(workbook), "--out", str(out)]) == 0
    first = files_under(out)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({**descriptor["resources"][0], "name": "extra", "path": "extra.csv"})
    (out / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    shutil.copy(out / descriptor["resources"][0]["path"], out / "extra.csv")  # the old package's own file
    assert main(["workbook", "import", str(workbook), "--out", str(out)]) == 0  # a package and nothing else
    assert files_under(out) == first


def test_the_input_is_never_one_of_the_files_replaced(package, capsys):
    """An old descriptor that names the workbook as one of its files: replacing the package would take it."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({**descriptor["resources"][0], "name": "extra", "path": "new.xlsx"})
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    before = files_under(package)
    assert main(["workbook", "import", str(package / "new.xlsx"), "--out", str(package), "--force"]) == 2
    assert "the package would replace its own input" in capsys.readouterr().err
    assert files_under(package) == before


def test_an_import_that_fails_while_moving_in_leaves_the_folder_as_it_was(package, monkeypatch, capsys):
    before = files_under(package)
    real_rename = Path.rename
    calls = []

    def rename(self, target):
        calls.append(self)
        if len(calls) == 30:  # well into moving the new files in
            raise PermissionError(13, "Permission denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    assert main(["workbook", "import", str(package / "new.xlsx"), "--out", str(package), "--force"]) == 1
    monkeypatch.undo()
    assert len(calls) >= 30
    assert "Permission denied" in capsys.readouterr().err
    assert files_under(package) == before
    assert sorted(p.name for p in package.parent.iterdir()) == ["pkg"]
