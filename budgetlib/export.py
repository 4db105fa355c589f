"""Save figures and tables the one way: every format, deterministic bytes, never half-written.

``save_figure(fig, "procurement_pareto", lang="zh")`` writes
``figures/zh/procurement_pareto.png`` (200 dpi), ``.svg`` and ``.pdf`` (fonts embedded
as TrueType subsets). The same figure gives byte-identical files on every run: no dates
or software versions in the metadata, a fixed SVG id salt. Each file is written to a
temporary file beside its target and renamed over it, so an interrupted run leaves the
previous good file in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from budgetlib.theme import SIZES

FORMATS = ("png", "svg", "pdf")
DPI = 200
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
_SAVE_RC = {"svg.hashsalt": "budgetlib", "svg.fonttype": "path", "pdf.fonttype": 42, "pdf.compression": 6}


def save_figure(
    figure: Figure,
    name: str,
    *,
    lang: str,
    out_dir: str | Path = "figures",
    formats: Sequence[str] = FORMATS,
    dpi: int = DPI,
) -> list[Path]:
    """Write ``figure`` as ``out_dir/lang/name.<format>`` for each format; return the paths."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown figure format {', '.join(unknown)}; use {', '.join(FORMATS)}")
    folder = Path(out_dir) / lang
    written = []
    for fmt in formats:

        def write(stream: BinaryIO, fmt: str = fmt) -> None:
            with mpl.rc_context(_SAVE_RC):
                figure.savefig(stream, format=fmt, dpi=dpi, metadata=_METADATA[fmt])

        written.append(_write_atomically(folder / f"{name}.{fmt}", write))
    return written


def save_table(frame: pd.DataFrame, name: str, *, lang: str, out_dir: str | Path = "figures") -> Path:
    """Write ``frame`` as ``out_dir/lang/name.csv``: UTF-8 with a byte-order mark (so
    spreadsheet programs read the Chinese correctly), LF line endings, no index."""

    def write(stream: BinaryIO) -> None:
        stream.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))

    return _write_atomically(Path(out_dir) / lang / f"{name}.csv", write)


def _write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``target`` through a temporary file beside it, renamed over it only when complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def save_chart(
    chart: Callable[..., Figure],
    frame: object,
    name: str,
    *,
    lang: str,
    out_dir: str | Path = "figures",
    sizes: Sequence[str] = tuple(SIZES),
) -> Figure:
    """Draw ``chart(frame)`` at each size, save each as ``<name>-<size>``, return the first figure.

    >>> import tempfile
    >>> from budgetlib import analysis, charts, load
    >>> folder = tempfile.mkdtemp()
    >>> figure = save_chart(charts.growth_bridge, analysis.year_over_year(load()), "bridge", lang="en", out_dir=folder)
    >>> sorted(p.name for p in (Path(folder) / "en").iterdir())[:3]
    ['bridge-document.pdf', 'bridge-document.png', 'bridge-document.svg']
    """
    figures = [chart(frame, lang=lang, size=size) for size in sizes]
    for size, figure in zip(sizes, figures, strict=True):
        save_figure(figure, f"{name}-{size}", lang=lang, out_dir=out_dir)
    return figures[0]
