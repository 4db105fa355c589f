"""Where an import writes a package: a folder that is new, empty or a package, whose own files it
replaces and nothing else.

A package's own files are its ``datapackage.json``, the file of each of its resources and the
import report its descriptor names (``importReport``). An import refuses, before it reads
anything, a folder that holds other files too (a user's notes, the workbook being imported)
unless told ``force``; even then it replaces only the package's own files and keeps every other.
The input is never among the files written. The new package is built in a folder beside the
output and moved in all at once (:func:`budgetlib.files.replace_all`), so a failed import leaves
the folder as it was.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from budgetlib.errors import DataError, display_path
from budgetlib.files import UMASK, replace_all

Checked = TypeVar("Checked")

DESCRIPTOR = "datapackage.json"
SHOWN_AT_MOST = 4  # other files named in a refusal


def own_files(folder: Path) -> set[str]:
    """The paths (relative to ``folder``) of the package's own files there; empty when it holds no
    readable descriptor.

    >>> own_files(Path("no/such/folder"))
    set()
    """
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return set()
    if not isinstance(descriptor, dict):
        return set()
    names = {DESCRIPTOR}
    report = descriptor.get("importReport")
    if isinstance(report, str):
        names.add(report)
    for resource in descriptor.get("resources", []) if isinstance(descriptor.get("resources"), list) else []:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and _inside(folder, path):
            names.add(path)
    return names


def claim(out: Path, *, force: bool, shown: str) -> None:
    """Refuse an output folder an import may not write into, before anything is read: a file, or a
    folder that holds files that are not a package's own (unless ``force``). ``shown`` names the
    input in the message."""
    if out.exists() and not out.is_dir():
        raise DataError(shown, f"--out {display_path(out)} is a file", expected="a folder for the data package")
    if not out.is_dir():
        return
    own = own_files(out)
    others = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file()
                    and str(path.relative_to(out)) not in own)  # fmt: skip
    if others and not force:
        more = len(others) - SHOWN_AT_MOST
        listed = ", ".join(others[:SHOWN_AT_MOST]) + (f" and {more} more" if more > 0 else "")
        raise DataError(
            shown,
            f"--out {display_path(out)} holds files that are not the package's ({listed})",
            expected="a new or empty folder, or a package folder; --force writes the package there and keeps them",
        )


def place(staging: Path, out: Path, *, inputs: Iterable[Path], shown: str) -> None:
    """Put the package staged in ``staging`` into ``out``: all of its files in, the old package's
    files that it lacks out, all or nothing; every other file of ``out`` stays. Refused when a file
    to replace is one of ``inputs``. ``staging`` must be on the same file system as ``out`` (beside it)."""
    if not out.exists():
        replace_all([(staging, out)])
        return
    new = sorted(str(path.relative_to(staging)) for path in staging.rglob("*") if path.is_file())
    old = own_files(out) - set(new)
    touched = {(out / name).resolve() for name in [*new, *old]}
    for given in inputs:
        if given.resolve() in touched:
            raise DataError(shown, f"the package would replace its own input {display_path(given)}",
                            expected="an --out folder where the input is not one of the package's files")  # fmt: skip
    replace_all([(staging / name, out / name) for name in new], remove=[out / name for name in sorted(old)])


def write_package(
    out: Path, files: Mapping[str, str], check: Callable[[Path], Checked], *, inputs: Iterable[Path], shown: str
) -> Checked:
    """Write ``files`` (name to text) as a package in a folder beside ``out``, let ``check`` read it there
    (it may add files, such as an import report), then :func:`place` it in ``out``; return what ``check``
    returned. When anything fails, ``out`` stays as it was and the staged folder is gone."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.import-"))
    staging.chmod(0o777 & ~UMASK)  # an ordinary folder once in place, not mkdtemp's owner-only one
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8", newline="")
        checked = check(staging)
        place(staging, out, inputs=inputs, shown=shown)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return checked


def csv_text(resource: Mapping[str, Any], records: Iterable[Sequence[str]]) -> str:
    """A resource's file: its fields' names, then ``records`` (text in the fields' order)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([field["name"] for field in resource["schema"]["fields"]])
    writer.writerows(records)
    return text.getvalue()


def _inside(folder: Path, path: str) -> bool:
    inside = folder.resolve()
    return not Path(path).is_absolute() and (inside / path).resolve().is_relative_to(inside)
