"""Save figures and tables the one way: every format, deterministic bytes, never half-written.

``save_figure(fig, "procurement_lines", lang="zh")`` writes
``figures/zh/procurement_lines.png`` (200 dpi), ``.svg`` and ``.pdf`` (fonts embedded
as TrueType subsets). The same figure gives byte-identical files on every run: no dates
or software versions in the metadata, a fixed SVG id salt. A chart's finding sentence
goes into each file's description (PNG ``Description``, SVG ``Description``, PDF
``Title``), so a figure pasted anywhere keeps its alt text. Each file is written to a
temporary file beside its target and renamed over it, so an interrupted run leaves the
previous good file in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from budgetlib.charts.framework import PNG_OPTIONS, Chart, Missing
from budgetlib.charts.theme import SIZES
from budgetlib.files import write_atomically

FORMATS = ("png", "svg", "pdf")
DPI = 200
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
_DESCRIPTION_KEY = {"png": "Description", "svg": "Description", "pdf": "Title"}
_SAVE_RC = {"svg.hashsalt": "budgetlib", "svg.fonttype": "path", "pdf.fonttype": 42, "pdf.compression": 6}


def save_figure(
    figure: Figure,
    name: str,
    *,
    lang: str,
    out_dir: str | Path = "figures",
    formats: Sequence[str] = FORMATS,
    dpi: int = DPI,
    description: str | None = None,
) -> list[Path]:
    """Write ``figure`` as ``out_dir/lang/name.<format>`` for each format; return the paths.

    ``description`` (a chart's finding) is written into each file's metadata."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown figure format {', '.join(unknown)}; use {', '.join(FORMATS)}")
    folder = Path(out_dir) / lang
    written = []
    engine = figure.get_layout_engine()
    try:
        for fmt in formats:
            metadata = {**_METADATA[fmt], **({_DESCRIPTION_KEY[fmt]: description} if description else {})}

            options = {"pil_kwargs": PNG_OPTIONS} if fmt == "png" else {}

            def write(stream: BinaryIO, fmt: str = fmt, metadata: dict = metadata, options: dict = options) -> None:
                with mpl.rc_context(_SAVE_RC):
                    figure.savefig(stream, format=fmt, dpi=dpi, metadata=metadata, **options)

            written.append(write_atomically(folder / f"{name}.{fmt}", write))
            if engine is not None:
                # Laid out once, by the first format's draw: every format then has the same
                # positions, and the others do not pay for the layout again.
                figure.set_layout_engine("none")
    finally:
        if engine is not None:
            figure.set_layout_engine(engine)
    return written


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel, WPS or LibreOffice read a cell as a formula


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, neutralised as OWASP recommends: a
    single quote before it, so it is shown as the text it is; anything else as it is.

    >>> print(spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("-5 units"), spreadsheet_safe(-5.0))
    '=HYPERLINK("http://x") '-5 units -5.0
    """
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def save_table(frame: pd.DataFrame, name: str, *, lang: str, out_dir: str | Path | None = "figures") -> Path | None:
    """Write ``frame`` as ``out_dir/lang/name.csv``: UTF-8 with a byte-order mark (so
    spreadsheet programs read the Chinese correctly), LF line endings, no index; a text cell
    that a spreadsheet would read as a formula is neutralised (:func:`spreadsheet_safe`).
    With ``out_dir`` None, or a frame of what the statement does not print, nothing is written."""
    if out_dir is None or frame.attrs.get("absent"):
        return None
    text_columns = [
        column for column in frame if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
    ]
    safe = frame.assign(**{column: frame[column].map(spreadsheet_safe) for column in text_columns})

    def write(stream: BinaryIO) -> None:
        stream.write(safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))

    return write_atomically(Path(out_dir) / lang / f"{name}.csv", write)


def save_chart(
    chart: Callable[..., Chart],
    frame: object,
    name: str,
    *,
    lang: str,
    out_dir: str | Path | None = "figures",
    sizes: Sequence[str] = tuple(SIZES),
) -> Chart | Missing:
    """Draw ``chart(frame)`` at each size, save each as ``<name>-<size>``, and return the chart
    to show on a page: the document size, drawn for the width of a text column, shown as the
    PNG just written (200 dpi, sharp in print) rather than drawn again.

    With ``out_dir`` None nothing is written: the chart is only drawn, to be shown.

    >>> import tempfile
    >>> from budgetlib import analysis, charts, load
    >>> folder = tempfile.mkdtemp()
    >>> drawn = save_chart(charts.growth_bridge, analysis.year_over_year(load()), "bridge", lang="en", out_dir=folder)
    >>> sorted(p.name for p in (Path(folder) / "en").iterdir())[:3]
    ['bridge-document.pdf', 'bridge-document.png', 'bridge-document.svg']
    >>> drawn.finding
    'Total spending rose 29.0%: basic spending up 199.18, project spending down 5.39'
    """
    shown = "document" if "document" in sizes else sizes[0]
    if out_dir is None or getattr(chart, "missing", lambda _: None)(frame) is not None:
        return chart(frame, lang=lang, size=shown)  # a Missing, where the statement does not give it: no file
    drawn = {size: chart(frame, lang=lang, size=size) for size in sizes}
    for size, each in drawn.items():
        save_figure(each.figure, f"{name}-{size}", lang=lang, out_dir=out_dir, description=each.finding)
    png = Path(out_dir) / lang / f"{name}-{shown}.png"
    return replace(drawn[shown], saved_png=png.read_bytes())  # shown as written, not drawn again
