"""Run every notebook in a fresh kernel, several at once, and turn each into HTML reports.

For each notebook and language: inject the parameters after the cell tagged
``parameters`` (as papermill does), execute with nbclient in a new kernel, and write
``reports/<lang>/<notebook>.html`` (with code) and ``<notebook>.briefing.html`` (code
hidden), both self-contained: images inline, no script or stylesheet from the network,
the Chinese characters embedded as a font. Figures go to ``figures/<lang>/``.
Everything is built in a temporary folder beside the outputs and swapped in only when
every notebook succeeded, so a failed run leaves the previous reports and figures as
they were.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from budgetlib import pages
from budgetlib.analysis import source_attrs
from budgetlib.fonts import cjk_font_subset
from budgetlib.load import bundled_dir, load
from budgetlib.wording import HTML_LANG, LANGS, say

TEMPLATES = Path(__file__).resolve().parent / "templates"
CELL_TIMEOUT = 600  # seconds one cell may run before the notebook is declared failed
# Quiet kernels: no debugger notice about frozen modules, no Jupyter path-migration notice.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}
METHOD_TAG = "method"  # cells that redo a calculation in pandas: in the full report, not the briefing
LANG_TAG = "lang-{}"  # markdown cells tagged lang-zh / lang-en appear only on pages in that language
CHECK_ID = re.compile(r'\s*<code class="check-id">[^<]*</code>')


@dataclass(frozen=True)
class About:
    """What every page of a build names: the department, the year, the data package."""

    department: str
    year: int
    data: str


def about(data_dir: Path | None, lang: str) -> About:
    """The department, fiscal year and data package title in ``lang``, from the data."""
    attrs = source_attrs(load(data_dir))
    return About(str(attrs[f"department_{lang}"]), int(attrs["fiscal_year"]), str(attrs[f"source_{lang}"]))


class ReportError(Exception):
    """A notebook failed: names the notebook, the language, the cell and the error."""


@dataclass(frozen=True)
class Task:
    """One notebook to run in one language."""

    notebook: Path
    lang: str

    @property
    def label(self) -> str:
        return f"{self.notebook.stem} [{self.lang}]"


def bundled_notebooks_dir() -> Path:
    """The notebooks shipped with budgetlib: inside an installed wheel, or notebooks/ of a checkout."""
    return bundled_dir("notebooks", "00_overview.ipynb")


def inject_parameters(notebook: nbformat.NotebookNode, parameters: dict[str, object]) -> None:
    """Insert a cell tagged ``injected-parameters`` after the cell tagged ``parameters``.

    >>> cell = nbformat.v4.new_code_cell("lang = 'zh'", metadata={"tags": ["parameters"]})
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> inject_parameters(nb, {"lang": "en", "data_dir": None})
    >>> print(nb.cells[1].source)
    # Parameters
    lang = 'en'
    data_dir = None
    """
    index = next(
        (i for i, cell in enumerate(notebook.cells) if "parameters" in cell.get("metadata", {}).get("tags", [])),
        None,
    )
    if index is None:
        raise ReportError("the notebook has no cell tagged 'parameters'")
    source = "\n".join(["# Parameters", *(f"{name} = {value!r}" for name, value in parameters.items())])
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    notebook.cells.insert(index + 1, cell)


def in_language(notebook: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The notebook without the cells tagged for another language.

    >>> zh = nbformat.v4.new_markdown_cell("# 概览", metadata={"tags": ["lang-zh"]})
    >>> en = nbformat.v4.new_markdown_cell("# Overview", metadata={"tags": ["lang-en"]})
    >>> [c.source for c in in_language(nbformat.v4.new_notebook(cells=[zh, en]), "en").cells]
    ['# Overview']
    """
    others = {LANG_TAG.format(other) for other in LANGS if other != lang}
    notebook.cells = [c for c in notebook.cells if not others & set(c.get("metadata", {}).get("tags", []))]
    return notebook


def subject(notebook: nbformat.NotebookNode) -> str:
    """The notebook's subject: the text of its first level-1 heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _expected_cost(notebook: Path) -> int:
    """A notebook's rough running time, in charts drawn: ``save_chart`` draws and saves
    two sizes in three formats, a chart shown inline draws once."""
    source = notebook.read_text(encoding="utf-8")
    return 6 * source.count("save_chart(") + source.count("charts.")


def _failed_cell(notebook: nbformat.NotebookNode) -> int | None:
    """Number (from 1) of the first cell whose outputs hold an error."""
    for number, cell in enumerate(notebook.cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number
    return None


async def _execute(task: Task, parameters: dict[str, object]) -> nbformat.NotebookNode:
    notebook = in_language(nbformat.read(task.notebook, as_version=4), task.lang)
    inject_parameters(notebook, parameters)
    # Local sockets, not TCP: nothing listens on the network and the kernel has no
    # plain-text-transport warning to print. Their path must be absolute, as the kernel
    # runs in the notebook's folder.
    sockets = tempfile.mkdtemp(prefix="budgetlib-kernel-")
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel"))
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(task.notebook.parent)}},
    )
    try:
        await client.async_execute(env={**os.environ, **KERNEL_ENV})
    except CellExecutionError as error:
        cell = _failed_cell(notebook)
        where = f"cell {cell}" if cell else "a cell"
        raise ReportError(
            f"{task.notebook.name} [{task.lang}] failed in {where}: {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # the kernel died or could not start
        raise ReportError(
            f"{task.notebook.name} [{task.lang}] could not run: {type(error).__name__}: {error}"
        ) from None
    finally:
        if manager.has_kernel:  # a kernel manager handed to nbclient is ours to shut down
            await manager.shutdown_kernel()
        shutil.rmtree(sockets, ignore_errors=True)
    return notebook


def _as_published(
    notebook: nbformat.NotebookNode, lang: str, data_dir: Path | None, facts: About
) -> nbformat.NotebookNode:
    """The executed notebook as the report shows it: without kernel stderr streams
    (warnings, transport notices); its parameters as a reader could use them (the data
    folder by name, the figures where they end up beside the reports), never a build or
    machine path; its language and title (subject, department, year) in its metadata."""
    for cell in notebook.cells:
        if "outputs" in cell:
            cell.outputs = [
                o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            shown = {
                "data_dir": None if data_dir is None else data_dir.name,
                "lang": lang,
                "figures_dir": "../../figures",
            }
            cell.source = "\n".join(["# Parameters", *(f"{name} = {value!r}" for name, value in shown.items())])
    notebook.metadata["html_lang"] = HTML_LANG[lang]
    notebook.metadata["title"] = say(
        "page.title", lang, subject=subject(notebook), department=facts.department, year=facts.year
    )
    return notebook


def write_html(notebook: nbformat.NotebookNode, folder: Path, name: str) -> list[Path]:
    """Write the full report and the briefing of an executed notebook. The briefing hides the
    code, and the cells tagged ``method`` (the calculation redone in pandas, for analysts)."""
    paths = []
    for suffix, hide_code in (("", False), (".briefing", True)):
        exporter = HTMLExporter(
            template_name="offline",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=hide_code,
            exclude_input_prompt=hide_code,
            exclude_output_prompt=hide_code,
            embed_images=True,
        )
        if hide_code:
            exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={METHOD_TAG}), enabled=True)
        body, _ = exporter.from_notebook_node(notebook)
        if hide_code:  # check IDs belong to the full report
            body = CHECK_ID.sub("", body)
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


def _swap_in(staged: Path, target: Path) -> None:
    """Replace ``target`` by ``staged`` with two renames; the old one is removed after."""
    target.parent.mkdir(parents=True, exist_ok=True)
    retired = target.with_name(f".{target.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staged.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def build(
    *,
    data_dir: Path | None,
    langs: Sequence[str],
    out_dir: Path,
    jobs: int,
    notebooks_dir: Path | None = None,
    progress: Callable[[str], None] = print,
) -> list[Path]:
    """Run every notebook in every language and swap the results into ``out_dir``.

    Returns the report files written. Raises ReportError (and leaves ``out_dir`` as it
    was) when a notebook fails.
    """
    notebooks = sorted((notebooks_dir or bundled_notebooks_dir()).glob("*.ipynb"))
    if not notebooks:
        raise ReportError(f"no notebooks in {notebooks_dir or bundled_notebooks_dir()}")
    # Longest first, so that no long notebook starts last while the other workers idle.
    tasks = sorted(
        (Task(notebook, lang) for lang in langs for notebook in notebooks),
        key=lambda task: -_expected_cost(task.notebook),
    )
    out_dir = out_dir.resolve()  # kernels run in the notebooks' folder: hand them absolute paths
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".budgetlib-build-", dir=out_dir))
    try:
        written = asyncio.run(_run_all(tasks, data_dir, staging, out_dir, jobs, progress))
        indexes = write_indexes(staging, notebooks, langs, data_dir)
        embed_cjk_font(written + indexes)
        for lang in langs:
            _swap_in(staging / "figures" / lang, out_dir / "figures" / lang)
            _swap_in(staging / "reports" / lang, out_dir / "reports" / lang)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    reports = [path for path in written + indexes if "reports" in path.relative_to(staging).parts]
    return [out_dir / path.relative_to(staging) for path in reports]


def write_indexes(staging: Path, notebooks: Sequence[Path], langs: Sequence[str], data_dir: Path | None) -> list[Path]:
    """Write ``reports/<lang>/index.html`` and the gallery ``figures/<lang>/index.html``."""
    written = []
    for lang in langs:
        facts = about(data_dir, lang)
        reports = [(nb.stem, subject(in_language(nbformat.read(nb, as_version=4), lang))) for nb in notebooks]
        other = next((o for o in langs if o != lang), None)
        words = {"department": facts.department, "year": facts.year, "data": facts.data}
        for path, page in (
            (staging / "reports" / lang / "index.html", pages.index_page(reports, lang, other=other, **words)),
            (staging / "figures" / lang / "index.html", pages.gallery_page(staging / "figures" / lang, lang, **words)),
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written


async def _run_all(
    tasks: list[Task], data_dir: Path | None, staging: Path, out_dir: Path, jobs: int, progress: Callable[[str], None]
) -> list[Path]:
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    slots = asyncio.Semaphore(max(1, jobs))
    done = 0

    async def run(task: Task) -> list[Path]:
        nonlocal done
        async with slots:
            started = time.perf_counter()
            figures = staging / "figures"
            (figures / task.lang).mkdir(parents=True, exist_ok=True)
            parameters = {
                "data_dir": None if data_dir is None else str(data_dir.resolve()),
                "lang": task.lang,
                "figures_dir": str(figures),
            }
            notebook = await _execute(task, parameters)
            folder = staging / "reports" / task.lang
            folder.mkdir(parents=True, exist_ok=True)
            published = _as_published(notebook, task.lang, data_dir, about(data_dir, task.lang))
            paths = await asyncio.to_thread(write_html, published, folder, task.notebook.stem)
            done += 1
            progress(f"[{done}/{len(tasks)}] {task.label} done in {time.perf_counter() - started:.1f} s")
            return paths

    pending = [asyncio.ensure_future(run(task)) for task in tasks]
    try:
        results = await asyncio.gather(*pending)
    except BaseException:
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    return [path for paths in results for path in paths]
