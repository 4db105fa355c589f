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
from collections.abc import Callable, Sequence
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
from budgetlib.publish.notebooks import as_published, bundled_notebooks_dir, expected_cost, read_in_language, subject
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
    check_wording()
    if docx_template is not None:
        read_template(docx_template)
    if jobs < 1:
        raise ReportError(f"--jobs {jobs}: expected a whole number of at least 1")
    notebooks = sorted((notebooks_dir or bundled_notebooks_dir()).glob("*.ipynb"))
    if not notebooks:
        raise ReportError(f"no notebooks in {notebooks_dir or bundled_notebooks_dir()}")
    # Longest first, so that no long notebook starts last while the other workers idle.
    tasks = sorted(
        (Task(notebook, lang) for lang in langs for notebook in notebooks),
        key=lambda task: -expected_cost(task.notebook),
    )
    out_dir = check_out_dir(out_dir.resolve(), langs)  # kernels run in the notebooks' folder: absolute paths
    start_fork_server()
    state, staging = Run(), None
    with interruptible(state):
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
            written = run_notebooks(
                tasks,
                lambda task: _parameters(task, data_dir, staging),
                lambda task, notebook: _publish(task, notebook, data_dir, facts[task.lang], staging),
                jobs=jobs,
                progress=progress,
                state=state,
            )
            indexes = write_indexes(staging, notebooks, facts)
            for lang in langs:  # from the charts' PNGs the notebooks wrote
                write_document(budget, lang, staging / "reports" / lang / "briefing.docx", checks,
                               figures_dir=staging / "figures", template=docx_template)  # fmt: skip
            embed_cjk_font(written + indexes)
            pairs = [
                (staging / folder / lang, out_dir / folder / lang)
                for lang in langs
                for folder in ("figures", "reports")
            ]
            state.shielded = True  # from here on an interrupt waits: the swap completes or rolls back
            if state.interrupted:
                raise Interrupted(state.interrupted)
            replace_all(pairs)
        except OSError as error:
            raise ReportError(cannot_write(error)) from None
        finally:
            state.shielded = True  # nor is the clean-up cut short
            end_kernels(state)
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    reports = [path for path in written + indexes if "reports" in path.relative_to(staging).parts]
    return [out_dir / path.relative_to(staging) for path in reports]


def _parameters(task: Task, data_dir: Path | None, staging: Path) -> dict[str, object]:
    """The parameters a task's notebook runs with: the data, its language, the staged figures."""
    figures = staging / "figures"
    (figures / task.lang).mkdir(parents=True, exist_ok=True)
    return {
        "data_dir": None if data_dir is None else str(data_dir.resolve()),
        "lang": task.lang,
        "figures_dir": str(figures),
    }


def _publish(
    task: Task, notebook: nbformat.NotebookNode, data_dir: Path | None, facts: About, staging: Path
) -> list[Path]:
    """Write the pages of an executed notebook into the staged reports."""
    folder = staging / "reports" / task.lang
    folder.mkdir(parents=True, exist_ok=True)
    published = as_published(notebook, task.lang, data_dir, facts.department, facts.year)
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
