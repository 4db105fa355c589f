"""The report build: every notebook run in every language, its pages and figures, the decks and
the Word documents, the index and gallery pages, swapped into place together.

Everything is built in a temporary folder beside the outputs and swapped in only when every
notebook succeeded, all folders together or none (:func:`budgetlib.files.replace_all`), so
a failed or interrupted run leaves the previous reports, figures and decks as they were.
Ctrl-C stops the kernels, removes their sockets and connection files and the temporary
folder, and raises :class:`~budgetlib.errors.Interrupted` (SIGTERM and SIGHUP alike).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from budgetlib.analysis.common import source_attrs
from budgetlib.checks.audit import Check, audit
from budgetlib.datapackage import Budget, load
from budgetlib.deck import write_deck
from budgetlib.document import read_template, write_document
from budgetlib.errors import Interrupted, ReportError, cannot_write, display_path
from budgetlib.files import replace_all
from budgetlib.publish.execute import Run, Task, end_kernels, interruptible, run_notebooks
from budgetlib.publish.html import embed_cjk_font, write_html
from budgetlib.publish.kernels import start_fork_server
from budgetlib.publish.notebooks import (
    as_published,
    bundled_notebooks_dir,
    expected_cost,
    read_in_language,
    statement_notebooks,
    subject,
)
from budgetlib.publish.site import gallery_page, index_page
from budgetlib.words.wording import check_wording


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


def check_out_dir(out_dir: Path, langs: Sequence[str]) -> Path:
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
    docx_template: Path | None = None,
) -> list[Path]:
    """Run every notebook in every language and swap the results into ``out_dir``.

    ``loaded`` is the data of ``data_dir`` and its audit when the caller has them already;
    ``docx_template`` a reference document whose styles the Word documents take.

    Returns the report files written. Raises ReportError (and leaves ``out_dir`` as it
    was) when a notebook fails or the outputs cannot be written, Interrupted (the same) on
    Ctrl-C, SIGTERM or SIGHUP, WordingError (before anything starts) when the wording folder
    cannot be used, TemplateError (the same) when ``docx_template`` is not a Word document.
    """
    notebooks = prepare(langs, jobs, notebooks_dir, docx_template)
    tasks = longest_first([Task(notebook, lang, data_dir) for lang in langs for notebook in notebooks])
    out_dir = check_out_dir(out_dir.resolve(), langs)  # kernels run in the notebooks' folder: absolute paths
    start_fork_server()
    with staged(out_dir) as (state, staging):
        if loaded is None:
            budget = load(data_dir)
            loaded = budget, audit(budget)
        facts = {lang: about(loaded[0], lang) for lang in langs}
        # The decks need only the data: written while the kernel template still imports its
        # libraries, they cost the build no time. They land with the reports, or not at all.
        write_decks(loaded, langs, staging)
        written = run_notebooks(
            tasks,
            lambda task: statement_parameters(task, staging),
            lambda task, notebook: publish_statement(task, notebook, facts[task.lang], staging),
            jobs=jobs,
            progress=progress,
            state=state,
        )
        indexes = write_indexes(staging, notebooks, facts)
        write_documents(loaded, langs, staging, docx_template)
        embed_cjk_font(written + indexes)
        swap_in(state, output_pairs(staging, out_dir, langs))
        reports = [path for path in written + indexes if "reports" in path.relative_to(staging).parts]
        return [out_dir / path.relative_to(staging) for path in reports]


def prepare(
    langs: Sequence[str], jobs: int, notebooks_dir: Path | None, docx_template: Path | None = None
) -> list[Path]:
    """Check what a build needs before it starts anything: the wording, ``jobs``, the notebooks of one
    package in ``notebooks_dir`` (default: the bundled ones); return those notebooks."""
    check_wording()
    if docx_template is not None:
        read_template(docx_template)
    if jobs < 1:
        raise ReportError(f"--jobs {jobs}: expected a whole number of at least 1")
    notebooks = statement_notebooks(notebooks_dir or bundled_notebooks_dir())
    if not notebooks:
        raise ReportError(f"no notebooks in {notebooks_dir or bundled_notebooks_dir()}")
    return notebooks


def longest_first(tasks: Sequence[Task]) -> list[Task]:
    """The tasks longest first, so that no long notebook starts last while the other workers idle."""
    return sorted(tasks, key=lambda task: -expected_cost(task.notebook))


@contextmanager
def staged(out_dir: Path) -> Iterator[tuple[Run, Path]]:
    """A build's run (its kernels, whether it was interrupted) and its staging folder beside the
    outputs: on the way out, whatever happened, the kernels are ended and the folder removed; an
    OSError becomes a ReportError naming what could not be written."""
    state, staging = Run(), None
    with interruptible(state):
        try:
            staging = Path(tempfile.mkdtemp(prefix=".budgetlib-build-", dir=out_dir))
            yield state, staging
        except OSError as error:
            raise ReportError(cannot_write(error)) from None
        finally:
            state.shielded = True  # nor is the clean-up cut short
            end_kernels(state)
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


def swap_in(state: Run, pairs: Sequence[tuple[Path, Path]], remove: Sequence[Path] = ()) -> None:
    """Swap the staged outputs in, all or none (:func:`budgetlib.files.replace_all`); from here on an
    interrupt waits for the swap to complete or roll back."""
    state.shielded = True
    if state.interrupted:
        raise Interrupted(state.interrupted)
    replace_all(pairs, remove)


def output_pairs(staging: Path, out_dir: Path, langs: Sequence[str]) -> list[tuple[Path, Path]]:
    """The staged ``figures/<lang>`` and ``reports/<lang>`` folders and where each goes."""
    return [(staging / folder / lang, out_dir / folder / lang) for lang in langs for folder in ("figures", "reports")]


def write_decks(loaded: tuple[Budget, list[Check]], langs: Sequence[str], staging: Path) -> None:
    """The briefing deck of the package in each language, into the staged ``reports/<lang>/``."""
    budget, checks = loaded
    for lang in langs:
        write_deck(budget, lang, staging / "reports" / lang / "briefing.pptx", checks)


def write_documents(
    loaded: tuple[Budget, list[Check]], langs: Sequence[str], staging: Path, template: Path | None = None
) -> None:
    """Write each language's Word briefing into ``staging/reports/<lang>/``, from the charts' PNGs the
    notebooks wrote into ``staging/figures``."""
    budget, checks = loaded
    for lang in langs:
        write_document(budget, lang, staging / "reports" / lang / "briefing.docx", checks,
                       figures_dir=staging / "figures", template=template)  # fmt: skip


def statement_parameters(task: Task, staging: Path) -> dict[str, object]:
    """The parameters a task's notebook runs with: the data, its language, the staged figures."""
    figures = staging / task.folder / "figures"
    (figures / task.lang).mkdir(parents=True, exist_ok=True)
    return {
        "data_dir": None if task.data_dir is None else str(task.data_dir.resolve()),
        "lang": task.lang,
        "figures_dir": str(figures),
    }


def publish_statement(task: Task, notebook: nbformat.NotebookNode, facts: About, staging: Path) -> list[Path]:
    """Write the pages of an executed notebook into the staged reports."""
    folder = staging / task.folder / "reports" / task.lang
    folder.mkdir(parents=True, exist_ok=True)
    published = as_published(notebook, task.lang, task.data_dir, facts.department, facts.year)
    return write_html(published, folder, task.notebook.stem)


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
            (staging / "reports" / lang / "index.html", index_page(reports, lang, other=other, **words)),
            (staging / "figures" / lang / "index.html", gallery_page(staging / "figures" / lang, lang, **words)),
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written
