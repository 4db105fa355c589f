"""Find the packages of a collection: folders named on the command line, or listed in a file.

A folder holding ``datapackage.json`` is a package; a folder without one stands for every package
under it (a province's folder of departments' folders), found at any depth, in sorted order. A list
file names one package folder a line, relative to the file's own folder; blank lines and lines
starting with ``#`` are left out. A package named twice is read once, where it is first named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from budgetlib.datapackage import DESCRIPTOR
from budgetlib.errors import DataError, display_path


def find_packages(folders: Sequence[str | Path], list_file: str | Path | None = None) -> list[Path]:
    """The package folders that ``folders`` and the lines of ``list_file`` name, in the order named.

    Raises DataError naming the folder (or the list file and its line) that is no package and holds
    none, and when nothing at all is named."""
    found: list[Path] = []
    for folder in folders:
        found += _packages_in(Path(folder), display_path(Path(folder)))
    if list_file is not None:
        found += _listed(Path(list_file))
    if not found:
        raise DataError("the command line", "no data package named", expected="PACKAGE folders or --list FILE")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _packages_in(folder: Path, shown: str) -> list[Path]:
    if (folder / DESCRIPTOR).is_file():
        return [folder]
    if not folder.exists():
        raise DataError(shown, "no such folder", expected=f"a data package folder holding {DESCRIPTOR}")
    if not folder.is_dir():
        raise DataError(shown, "not a folder", expected=f"a data package folder holding {DESCRIPTOR}", found="a file")
    inside = sorted(path.parent for path in folder.rglob(DESCRIPTOR) if path.is_file())
    if not inside:
        raise DataError(shown, "holds no data package", expected=f"{DESCRIPTOR} in it or in a folder under it")
    return inside


def _listed(list_file: Path) -> list[Path]:
    shown = display_path(list_file)
    try:
        text = list_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(shown, "file not found", expected="a text file naming a package folder a line") from None
    except UnicodeDecodeError:
        raise DataError(shown, "not UTF-8 text", expected="a UTF-8 text file naming a package folder a line") from None
    except OSError as error:
        raise DataError(shown, f"cannot be read ({error.strerror})") from None
    found: list[Path] = []
    for number, line in _lines(text.splitlines()):
        folder = Path(line) if Path(line).is_absolute() else list_file.parent / line
        found += _packages_in(folder, f"{shown}, line {number} ({line})")
    return found


def _lines(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """The numbered lines that name something: not blank, not a ``#`` comment."""
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.strip()


def package_names(paths: Sequence[Path]) -> list[str]:
    """A short name for each package, unique within the collection, usable as a folder name: its
    folder's name (letters, digits, ``-``, ``_``, ``.`` and Chinese kept), a number after a name
    already taken.

    >>> package_names([Path("a/commerce"), Path("b/commerce"), Path("c/司法 局")])
    ['commerce', 'commerce-2', '司法-局']
    """
    names: list[str] = []
    for path in paths:
        base = re.sub(r"[^\w.\-]+", "-", path.resolve().name).strip("-.") or "package"
        name, number = base, 1
        while name in names:
            number += 1
            name = f"{base}-{number}"
        names.append(name)
    return names
