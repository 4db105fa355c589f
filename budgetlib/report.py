"""Run every notebook in a fresh kernel, several at once, and turn each into HTML reports.

For each notebook and language: inject the parameters after the cell tagged
``parameters`` (as papermill does), execute with nbclient in a new kernel, and write
``reports/<lang>/<notebook>.html`` (with code) and ``<notebook>.briefing.html`` (code
hidden), both self-contained: images inline, no script or stylesheet from the network,
the Chinese characters embedded as a font. Figures go to ``figures/<lang>/``.
Everything is built in a temporary folder beside the outputs and swapped in only when
every notebook succeeded, all folders together or none (a swap that fails half-way puts
the old folders back), so a failed or interrupted run leaves the previous reports,
figures and decks as they were. Ctrl-C stops the kernels, removes their sockets and
connection files and the temporary folder, and raises KeyboardInterrupt.
"""

from __future__ import annotations

import sys

# jsonschema, imported with nbformat, compiles 38 grammars (about 1 s) when rfc3987_syntax is
# installed, for a format check nbformat never makes: let it find the module absent. Done
# before the imports, so that everything importing this module gains, not only the command.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import asyncio
import base64
import functools
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from budgetlib import pages
from budgetlib.analysis import source_attrs
from budgetlib.audit import Check, audit
from budgetlib.deck import write_deck
from budgetlib.errors import cannot_write, display_path
from budgetlib.fonts import cjk_font_subset
from budgetlib.kernels import ForkedKernelManager, start_fork_server
from budgetlib.load import Budget, bundled_dir, load
from budgetlib.wording import HTML_LANG, LANGS, say

TEMPLATES = Path(__file__).resolve().parent / "templates"
CELL_TIMEOUT = 600  # seconds one cell may run before the notebook is declared failed
SOCKET_FOLDER_MAX = 90  # characters: room for "/kernel-N" within a socket path's 107 bytes
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


def about(budget: Budget, lang: str) -> About:
    """The department, fiscal year and data package title in ``lang``, from the data."""
    attrs = source_attrs(budget)
    return About(str(attrs[f"department_{lang}"]), int(attrs["fiscal_year"]), str(attrs[f"source_{lang}"]))


class ReportError(Exception):
    """A notebook failed, or the outputs cannot be written: names the notebook, the language,
    the cell and the error, or the folder and the reason."""


@dataclass
class _Build:
    """What a build has started and must stop or remove, whatever happens: kernels, socket folders;
    whether it was interrupted, and whether it is swapping its outputs in or cleaning up (not to be
    interrupted)."""

    managers: list[AsyncKernelManager] = field(default_factory=list)
    interrupted: bool = False
    shielded: bool = False
    task: asyncio.Task | None = None
    loop: asyncio.AbstractEventLoop | None = None


class _Loop(asyncio.SelectorEventLoop):
    """An event loop that leaves SIGINT and SIGTERM to the build: nbclient would otherwise take
    them over for each notebook (shutting its kernel down under the running cell) and hand SIGINT
    back to Python's default when that notebook ends."""

    def add_signal_handler(self, sig: int, callback: Callable, *args: object) -> None:
        if sig in (signal.SIGINT, signal.SIGTERM):
            raise RuntimeError("budgetlib's build handles interrupts itself")
        super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig: int) -> bool:
        if sig in (signal.SIGINT, signal.SIGTERM):
            return False
        return super().remove_signal_handler(sig)


@contextmanager
def _interruptible(state: _Build) -> Iterator[None]:
    """On the first Ctrl-C: cancel the notebooks (their kernels are shut down as they unwind) or,
    between them, raise KeyboardInterrupt; later presses are ignored, so the clean-up is never cut
    short. An interrupt while the outputs are being swapped in, or while the build cleans up, waits
    for that to finish."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: object) -> None:
        if state.interrupted:
            return
        state.interrupted = True
        if state.shielded:
            return
        if state.loop is not None and state.task is not None and not state.loop.is_closed():
            state.loop.call_soon_threadsafe(state.task.cancel)
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


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


def read_in_language(path: Path, lang: str) -> nbformat.NotebookNode:
    """The notebook file at ``path`` without the cells tagged for another language."""
    return in_language(nbformat.read(path, as_version=4), lang)


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


def _failed_cell(notebook: nbformat.NotebookNode, numbers: dict[int, int]) -> int | None:
    """Number of the first cell whose outputs hold an error, as the notebook file counts its cells
    (``numbers``: cell object id to its number from 1): the injected parameters cell and the
    other language's cells are not counted."""
    for cell in notebook.cells:
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return numbers.get(id(cell))
    return None


async def _start_kernel(task: Task, state: _Build) -> AsyncKernelManager:
    """Start a kernel for ``task`` in its notebook's folder; it then waits to be given the notebook."""
    # Local sockets, not TCP: nothing listens on the network and the kernel has no
    # plain-text-transport warning to print. Their path must be absolute, as the kernel
    # runs in the notebook's folder. The connection file (it holds the signing key) goes in
    # the same private folder, so removing the folder removes every trace of the kernel.
    sockets = socket_folder()
    manager = ForkedKernelManager(
        kernel_name="python3",
        transport="ipc",
        ip=os.path.join(sockets, "kernel"),
        connection_file=os.path.join(sockets, "kernel.json"),
    )
    state.managers.append(manager)
    # The kernel's own output (a crash, or its complaint when shut down under a running cell)
    # goes to a log in the same folder, not the terminal; a kernel that dies is named by its last line.
    try:
        with open(_log(manager), "wb") as log:
            env = {**os.environ, **KERNEL_ENV}
            await manager.start_kernel(env=env, stdout=log, stderr=log, cwd=str(task.notebook.parent))
    except Exception as error:
        await _shut_down(manager)
        raise _could_not_run(task, error, manager) from None
    return manager


def socket_folder() -> str:
    """A new private folder for a kernel's sockets and connection file, in the temporary folder.

    A socket's path can be at most about 100 bytes long, so where the temporary folder's own
    path is too long for that (a deep ``TMPDIR``), the folder goes in ``/tmp`` instead."""
    folder = tempfile.mkdtemp(prefix="budgetlib-kernel-")
    if len(folder) > SOCKET_FOLDER_MAX and os.path.isdir("/tmp"):
        os.rmdir(folder)
        folder = tempfile.mkdtemp(prefix="budgetlib-kernel-", dir="/tmp")
    return folder


def _sockets(manager: AsyncKernelManager) -> str:
    """The private folder of a kernel's sockets, connection file and log."""
    return os.path.dirname(manager.connection_file)


def _log(manager: AsyncKernelManager) -> str:
    return os.path.join(_sockets(manager), "kernel.log")


def _could_not_run(task: Task, error: Exception, manager: AsyncKernelManager) -> ReportError:
    said = _last_line(_log(manager))
    return ReportError(
        f"{task.notebook.name} [{task.lang}] could not run: {type(error).__name__}: {error}"
        + (f" (the kernel said: {said})" if said else "")
    )


async def _execute(task: Task, manager: AsyncKernelManager, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """Run the notebook of ``task`` in the kernel of ``manager``, then end the kernel."""
    notebook = nbformat.read(task.notebook, as_version=4)
    numbers = {id(cell): number for number, cell in enumerate(notebook.cells, start=1)}
    notebook = in_language(notebook, task.lang)
    inject_parameters(notebook, parameters)
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(task.notebook.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError as error:
        cell = _failed_cell(notebook, numbers)
        where = f"cell {cell}" if cell else "a cell"
        raise ReportError(
            f"{task.notebook.name} [{task.lang}] failed in {where}: {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # the kernel died
        raise _could_not_run(task, error, manager) from None
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        await _shut_down(manager)
    return notebook


def _last_line(path: str) -> str:
    """The last non-empty line of a text file, or '' when there is none."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return next((line.strip() for line in reversed(lines) if line.strip()), "")


async def _shut_down(manager: AsyncKernelManager) -> None:
    """End a kernel (a kernel manager handed to nbclient is ours to end) and remove its socket
    folder and connection file. Once its notebook has run, failed or been interrupted, a kernel
    has nothing left to do or say, so it is killed rather than asked to shut down: asking
    held its worker for a tenth of a second, while the kernel saved its history and
    collected its garbage for nobody."""
    try:
        if manager.has_kernel:
            await manager.shutdown_kernel(now=True)
    except Exception:  # already dead: _kill makes sure
        pass
    finally:
        _kill(manager)


def _kill(manager: AsyncKernelManager) -> None:
    """Kill the kernel process if it still runs, and remove its socket folder (connection file in it)."""
    process = getattr(manager.provisioner, "process", None)
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    shutil.rmtree(_sockets(manager), ignore_errors=True)


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
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={METHOD_TAG}), enabled=True)
    return exporter


_EXPORTING = threading.Lock()  # pages are written from worker threads; an exporter is not made for two at once


def write_html(notebook: nbformat.NotebookNode, folder: Path, name: str) -> list[Path]:
    """Write the full report and the briefing of an executed notebook. The briefing hides the
    code, and the cells tagged ``method`` (the calculation redone in pandas, for analysts)."""
    paths = []
    for suffix, hide_code in (("", False), (".briefing", True)):
        with _EXPORTING:
            body, _ = _exporter(hide_code).from_notebook_node(notebook)
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


def swap_in(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Replace each ``target`` by its ``staged`` folder, all of them or none.

    First every existing target is renamed aside (``.<name>.retired-<pid>`` beside it), then
    every staged folder is renamed into place; the old ones are removed only once all are in.
    When any step fails, what was moved in is moved back to staging, the old folders are
    renamed back, and the error is raised: the previous outputs stand as they were.
    """
    created: list[Path] = []
    retired: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path]] = []
    try:
        for _, target in pairs:
            for parent in reversed([target.parent, *target.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    created.append(parent)
            if target.exists() or target.is_symlink():
                aside = target.with_name(f".{target.name}.retired-{os.getpid()}")
                shutil.rmtree(aside, ignore_errors=True)
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
            raise ReportError(f"{cannot_write(error)}; and could not put back {', '.join(lost)}") from None
        raise
    for _, aside in retired:
        shutil.rmtree(aside, ignore_errors=True)


def _check_out_dir(out_dir: Path, langs: Sequence[str]) -> Path:
    """Create ``out_dir`` if needed and refuse, before any kernel starts, a folder the build could
    not swap its outputs into: a file where a folder is expected, a folder it may not write in."""
    shown = display_path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {shown}: not a folder: expected a folder for reports/ and figures/, found a file")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"--out {shown}: cannot create it ({error.strerror})") from None
    for folder in ("reports", "figures"):
        for path in (out_dir / folder, *(out_dir / folder / lang for lang in langs)):
            if path.exists() and not path.is_dir():
                raise ReportError(f"{display_path(path)}: not a folder: expected a folder, found a file")
    for path in (out_dir, out_dir / "reports", out_dir / "figures"):
        if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
            raise ReportError(f"{display_path(path)}: cannot write there (permission denied)")
    return out_dir


def build(
    *,
    data_dir: Path | None,
    langs: Sequence[str],
    out_dir: Path,
    jobs: int,
    notebooks_dir: Path | None = None,
    progress: Callable[[str], None] = print,
    loaded: tuple[Budget, list[Check]] | None = None,
) -> list[Path]:
    """Run every notebook in every language and swap the results into ``out_dir``.

    ``loaded`` is the data of ``data_dir`` and its audit when the caller has them already.

    Returns the report files written. Raises ReportError (and leaves ``out_dir`` as it
    was) when a notebook fails or the outputs cannot be written, KeyboardInterrupt (the same)
    on Ctrl-C.
    """
    if jobs < 1:
        raise ReportError(f"--jobs {jobs}: expected a whole number of at least 1")
    notebooks = sorted((notebooks_dir or bundled_notebooks_dir()).glob("*.ipynb"))
    if not notebooks:
        raise ReportError(f"no notebooks in {notebooks_dir or bundled_notebooks_dir()}")
    # Longest first, so that no long notebook starts last while the other workers idle.
    tasks = sorted(
        (Task(notebook, lang) for lang in langs for notebook in notebooks),
        key=lambda task: -_expected_cost(task.notebook),
    )
    out_dir = _check_out_dir(out_dir.resolve(), langs)  # kernels run in the notebooks' folder: absolute paths
    start_fork_server()
    state, staging = _Build(), None
    with _interruptible(state):
        try:
            staging = Path(tempfile.mkdtemp(prefix=".budgetlib-build-", dir=out_dir))
            if loaded is None:
                budget = load(data_dir)
                loaded = budget, audit(budget)
            budget, checks = loaded
            facts = {lang: about(budget, lang) for lang in langs}
            # The decks need only the data: written while the kernel template still imports its
            # libraries, they cost the build no time. They land with the reports, or not at all.
            for lang in langs:
                write_deck(budget, lang, staging / "reports" / lang / "briefing.pptx", checks)
            written = _in_event_loop(lambda: _run_all(tasks, data_dir, facts, staging, jobs, progress, state), state)
            indexes = write_indexes(staging, notebooks, facts)
            embed_cjk_font(written + indexes)
            pairs = [
                (staging / folder / lang, out_dir / folder / lang)
                for lang in langs
                for folder in ("figures", "reports")
            ]
            state.shielded = True  # from here on an interrupt waits: the swap completes or rolls back
            if state.interrupted:
                raise KeyboardInterrupt
            swap_in(pairs)
        except OSError as error:
            raise ReportError(cannot_write(error)) from None
        finally:
            state.shielded = True  # nor is the clean-up cut short
            for manager in state.managers:
                _kill(manager)
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    reports = [path for path in written + indexes if "reports" in path.relative_to(staging).parts]
    return [out_dir / path.relative_to(staging) for path in reports]


def write_indexes(staging: Path, notebooks: Sequence[Path], about_by_lang: dict[str, About]) -> list[Path]:
    """Write ``reports/<lang>/index.html`` and the gallery ``figures/<lang>/index.html`` for each
    language of ``about_by_lang``."""
    written = []
    langs = list(about_by_lang)
    for lang, facts in about_by_lang.items():
        reports = [(nb.stem, subject(read_in_language(nb, lang))) for nb in notebooks]
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


def _in_event_loop(run: Callable[[], Awaitable[list[Path]]], state: _Build) -> list[Path]:
    """Await ``run()`` in an event loop of its own; KeyboardInterrupt when Ctrl-C cancelled it."""

    async def main() -> list[Path]:
        state.loop, state.task = asyncio.get_running_loop(), asyncio.current_task()
        if state.interrupted:
            raise asyncio.CancelledError
        return await run()

    try:
        with asyncio.Runner(loop_factory=_Loop) as runner:
            return runner.run(main())
    except (asyncio.CancelledError, Exception):
        if state.interrupted:  # a notebook cut short by the interrupt is not a failed notebook
            raise KeyboardInterrupt from None
        raise
    finally:
        state.loop = state.task = None


async def _run_all(
    tasks: list[Task],
    data_dir: Path | None,
    about_by_lang: dict[str, About],
    staging: Path,
    jobs: int,
    progress: Callable[[str], None],
    state: _Build,
) -> list[Path]:
    """Run every task's notebook and write its pages; return the pages written."""
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    # ``jobs`` notebooks run at once, and as many kernels more are started ahead, so that a
    # notebook never waits for its kernel to start.
    slots, kernels = asyncio.Semaphore(jobs), asyncio.Semaphore(2 * jobs)
    done = 0

    async def run(task: Task) -> list[Path]:
        nonlocal done
        figures = staging / "figures"
        (figures / task.lang).mkdir(parents=True, exist_ok=True)
        parameters = {
            "data_dir": None if data_dir is None else str(data_dir.resolve()),
            "lang": task.lang,
            "figures_dir": str(figures),
        }
        async with kernels:
            manager = await _start_kernel(task, state)
            async with slots:
                started = time.perf_counter()
                notebook = await _execute(task, manager, parameters)
        folder = staging / "reports" / task.lang
        folder.mkdir(parents=True, exist_ok=True)
        published = _as_published(notebook, task.lang, data_dir, about_by_lang[task.lang])
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
