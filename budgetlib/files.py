"""Replace files and folders so that they are never seen half-written: a file through a
temporary file renamed over it, a set of files and folders all together or not at all."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

from budgetlib.errors import display_path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# The process's file-creation mask. Read once, on import: reading it means setting it for a
# moment, which must not happen while another thread creates a file.
UMASK = _umask()
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry: no build time in the file
DATES = re.compile(rb"<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*?(?:/>|>[^<]*</\1>)")


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``target`` through a temporary file beside it, renamed over it only when complete.

    An interrupted or failed ``write`` leaves the previous ``target`` (if any) as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, 0o666 & ~UMASK)  # as an ordinary new file, not mkstemp's owner-only mode
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and not error.filename:  # a full disk: say which file it was
            error.filename = str(target)
        raise
    return target


def replace_all(pairs: Sequence[tuple[Path, Path]], remove: Sequence[Path] = ()) -> None:
    """Replace each ``target`` (a file or a folder) by its ``staged`` one and take each path of
    ``remove`` away, all of it or none.

    First every existing target and every path to remove is renamed aside (``.<name>.retired-<pid>``
    beside it), then every staged one is renamed into place; the old ones are deleted only once all
    are in. When any step fails, what was moved in is moved back to staging, the old ones are renamed
    back, and the error is raised: everything stands as it was (an OSError says what, if anything,
    could not be put back).
    """
    created: list[Path] = []
    retired: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path]] = []
    try:
        for target in [target for _, target in pairs] + list(remove):
            for parent in reversed([target.parent, *target.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    created.append(parent)
            if target.exists() or target.is_symlink():
                aside = target.with_name(f".{target.name}.retired-{os.getpid()}")
                _delete(aside)
                target.rename(aside)
                retired.append((target, aside))
        for staged, target in pairs:
            staged.rename(target)
            placed.append((staged, target))
    except BaseException as error:
        lost = []
        for staged, target in reversed(placed):
            try:
                target.rename(staged)
            except OSError:
                lost.append(str(target))
        for target, aside in reversed(retired):
            try:
                aside.rename(target)
            except OSError:
                lost.append(f"{display_path(target)} (the previous one is in {display_path(aside)})")
        for parent in reversed(created):
            with suppress(OSError):
                parent.rmdir()
        if lost and isinstance(error, OSError):
            reason = f"{error.strerror}; and could not put back {', '.join(lost)}"
            raise OSError(error.errno, reason, error.filename) from None
        raise
    for _, aside in retired:
        _delete(aside)


def _delete(path: Path) -> None:
    """Remove a file or a folder, if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def office_file(package: Any, *, title: str, subject: str, language: str) -> bytes:
    """``package`` (a python-pptx Presentation or python-docx Document) saved as bytes with fixed
    document properties (title, subject, ``language``, author ``budgetlib``, revision 1, no dates)
    and zip entries (:func:`reproducible_zip`): the same content gives the same bytes."""
    properties = package.core_properties
    properties.title, properties.subject = title, subject
    properties.author = properties.last_modified_by = "budgetlib"
    properties.revision = 1
    properties.language = language
    properties.keywords = properties.comments = properties.category = ""
    stream = io.BytesIO()
    package.save(stream)
    return reproducible_zip(stream.getvalue())


def reproducible_zip(package: bytes) -> bytes:
    """``package`` (an Office file: a deck, a workbook, a document) with no dates in its document
    properties and every entry dated 1980-01-01, in the order written, zip files inside it
    (a chart's workbook) likewise: the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("core.xml"):
                data = DATES.sub(b"", data)
            elif info.filename.endswith(".xlsx"):
                data = reproducible_zip(data)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data, compresslevel=6)
    return out.getvalue()
