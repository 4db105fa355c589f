"""Executed notebooks as HTML pages: the full report and the briefing, self-contained and offline.

Images are inline and nothing is loaded from the network; the Chinese characters a build's
pages use are embedded in each as one font, so they read as Chinese on machines without
Chinese fonts.
"""

from __future__ import annotations

import base64
import functools
import re
import threading
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from budgetlib.charts.fonts import cjk_font_subset

TEMPLATES = Path(__file__).resolve().parent / "templates"
METHOD_TAG = "method"  # cells that redo a calculation in pandas: in the full report, not the briefing
FULL_REPORT_TAG = "full-report"  # cells that list what the briefing, printed on two pages, only counts
CHECK_ID = re.compile(r'\s*<code class="check-id">[^<]*</code>')
ABSENT = re.compile(r'<p class="absent">([^<]*)</p>')


@functools.cache
def _exporter(hide_code: bool) -> HTMLExporter:
    """The page writer, made once per build process: making one compiles its templates,
    which took longer than writing a page with it."""
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
        embed_images=True,
    )
    if hide_code:
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={METHOD_TAG, FULL_REPORT_TAG}), enabled=True
        )
    return exporter


_EXPORTING = threading.Lock()  # pages are written from worker threads; an exporter is not made for two at once


def said_once(page: str) -> str:
    """``page`` with each sentence saying what the statement does not give kept where it is first said:
    every table and chart of a missing kind says so in a notebook, a reader needs it once.

    >>> said_once('<p class="absent">None.</p><h2>Charts</h2><p class="absent">None.</p>')
    '<p class="absent">None.</p><h2>Charts</h2>'
    """
    seen: set[str] = set()

    def first(match: re.Match[str]) -> str:
        if match.group(1) in seen:
            return ""
        seen.add(match.group(1))
        return match.group(0)

    return ABSENT.sub(first, page)


def write_html(notebook: nbformat.NotebookNode, folder: Path, name: str) -> list[Path]:
    """Write the full report and the briefing of an executed notebook. The briefing hides the
    code, the cells tagged ``method`` (the calculation redone in pandas, for analysts) and those
    tagged ``full-report`` (a list the briefing counts elsewhere)."""
    paths = []
    for suffix, hide_code in (("", False), (".briefing", True)):
        with _EXPORTING:
            body, _ = _exporter(hide_code).from_notebook_node(notebook)
        if hide_code:  # check IDs belong to the full report
            body = CHECK_ID.sub("", body)
        body = said_once(body)
        path = folder / f"{name}{suffix}.html"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def embed_cjk_font(pages: list[Path]) -> None:
    """Embed the Chinese characters the pages use as a font in each page, so they read as
    Chinese on machines without Chinese fonts. The embedded font holds only those
    characters: it is listed first, and everything else falls through to the page's own
    fonts. One subset of the bundled font serves every page of a build."""
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    characters = {c for text in texts.values() for c in text if ord(c) >= 0x2E80}
    font = cjk_font_subset(characters) if characters else None
    if font is None:
        return
    data = base64.b64encode(font).decode("ascii")
    families = "'budgetlib-cjk', system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
    code = "'budgetlib-cjk', SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
    style = (
        f"<style>@font-face {{font-family: 'budgetlib-cjk'; src: url(data:font/woff;base64,{data}) format('woff');}}\n"
        f":root {{--jp-content-font-family: {families}; --jp-ui-font-family: {families}; "
        f"--jp-code-font-family: {code};}}</style>\n"
    )
    for page, text in texts.items():
        page.write_text(text.replace("</head>", style + "</head>", 1), encoding="utf-8")
