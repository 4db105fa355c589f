"""The charts' pictures for the document: the PNG files a build writes (200 dpi, drawn for the width
of an A4 text column), or, where a build has not written one, the same file drawn now."""

from __future__ import annotations

import tempfile
from pathlib import Path

from budgetlib.charts.export import save_figure
from budgetlib.pages.outline import Shown
from budgetlib.words.wording import Lang

SIZE = "document"


def chart_png(shown: Shown, lang: Lang, figures_dir: Path | None = None) -> bytes:
    """The PNG of ``shown`` at the document size: ``figures_dir/<lang>/<name>-document.png`` where
    the build's notebooks wrote it, else drawn and saved as they save it (the same bytes)."""
    if figures_dir is not None:
        written = Path(figures_dir) / lang / f"{shown.name}-{SIZE}.png"
        if written.is_file():
            return written.read_bytes()
    chart = shown.chart(shown.frame, lang=lang, size=SIZE)
    with tempfile.TemporaryDirectory() as folder:
        (path,) = save_figure(chart.figure, f"{shown.name}-{SIZE}", lang=lang, out_dir=folder, formats=("png",),
                              description=chart.finding)  # fmt: skip
        return path.read_bytes()
