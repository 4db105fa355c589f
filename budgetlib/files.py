"""Write a file so that it is never seen half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# The process's file-creation mask. Read once, on import: reading it means setting it for a
# moment, which must not happen while another thread creates a file.
UMASK = _umask()


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
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
