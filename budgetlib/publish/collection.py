"""The report of a collection: the collection notebook in each language, each statement's own report
beside it, the index linking them all, swapped into place together.

``OUT/reports/<lang>/`` holds the collection's pages (its notebook, briefing and full, and the index),
``OUT/figures/<lang>/`` its charts and gallery, and ``OUT/statements/<name>/`` each statement's report
exactly as ``budgetlib report --data PACKAGE --out OUT/statements/<name>`` writes it. Every notebook
of every statement and the collection's run in one pool of kernels, ``jobs`` at a time; the build is
all or nothing as a single report's is (:mod:`budgetlib.publish.build`), and a statement of an
earlier build that this one no longer holds is taken away with the swap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from budgetlib.analysis.collection import Collection
from budgetlib.checks.audit import Check, audit, failures
from budgetlib.checks.collection import cross_statement_checks
from budgetlib.datapackage import Budget, load
from budgetlib.errors import ReportError, display_path
from budgetlib.pages import collection as collection_pages
from budgetlib.publish.build import (
    about,
    check_out_dir,
    longest_first,
    output_pairs,
    prepare,
    publish_statement,
    staged,
    statement_parameters,
    swap_in,
    write_decks,
    write_documents,
    write_indexes,
)
from budgetlib.publish.execute import Task, run_notebooks
from budgetlib.publish.html import embed_cjk_font, write_html
from budgetlib.publish.kernels import start_fork_server
from budgetlib.publish.notebooks import (
    as_published,
    bundled_notebooks_dir,
    collection_notebooks,
    read_in_language,
    subject,
)
from budgetlib.publish.site import collection_index_page, gallery_page
from budgetlib.words import formatting
from budgetlib.words.sentences import audit_counts
from budgetlib.words.wording import say

STATEMENTS = "statements"  # the folder of OUT holding each statement's own report


@dataclass(frozen=True)
class Statement:
    """One statement of the collection as the build reports it: its name, package, data and audit."""

    name: str
    data_dir: Path
    budget: Budget
    checks: list[Check]

    @property
    def folder(self) -> str:
        return f"{STATEMENTS}/{self.name}"


def loaded_statements(collection: Collection) -> list[Statement]:
    """Each statement of ``collection``, loaded whole and audited; a ReportError naming the first whose
    audit fails (no report is built on tables that do not reconcile)."""
    statements = []
    for row in collection.statements.itertuples(index=False):
        budget = load(row.path)
        checks = audit(budget)
        failed = failures(checks)
        if failed:
            names = ", ".join(check.name for check in failed[:5])
            raise ReportError(f"{display_path(Path(row.path))}: the data do not reconcile ({names}); "
                              "see 'budgetlib check --data' for it")  # fmt: skip
        statements.append(Statement(row.package, Path(row.path), budget, checks))
    return statements


def build_collection(
    collection: Collection,
    *,
    langs: Sequence[str],
    out_dir: Path,
    jobs: int,
    notebooks_dir: Path | None = None,
    progress: Callable[[str], None] = print,
) -> list[Path]:
    """Run the collection notebook and every statement's notebooks in every language and swap the
    results into ``out_dir``; return the report files written. Raises as :func:`budgetlib.publish.build.build`."""
    notebooks = prepare(langs, jobs, notebooks_dir)
    own = collection_notebooks(notebooks_dir or bundled_notebooks_dir())
    if not own:
        raise ReportError(f"no collection notebook in {notebooks_dir or bundled_notebooks_dir()}")
    out_dir = check_out_dir(out_dir.resolve(), langs)
    statements = loaded_statements(collection)
    tasks = longest_first(
        [Task(notebook, lang) for lang in langs for notebook in own]
        + [Task(nb, lang, s.data_dir, s.folder) for s in statements for lang in langs for nb in notebooks]
    )
    facts = {s.folder: {lang: about(s.budget, lang) for lang in langs} for s in statements}
    packages = [str(path) for path in collection.statements["path"]]
    start_fork_server()
    with staged(out_dir) as (state, staging):
        for statement in statements:
            write_decks((statement.budget, statement.checks), langs, staging / statement.folder)

        def parameters(task: Task) -> dict[str, object]:
            if task.folder:
                return statement_parameters(task, staging)
            (staging / "figures" / task.lang).mkdir(parents=True, exist_ok=True)
            return {"packages": packages, "lang": task.lang, "figures_dir": str(staging / "figures")}

        def publish(task: Task, notebook: nbformat.NotebookNode) -> list[Path]:
            if task.folder:
                return publish_statement(task, notebook, facts[task.folder][task.lang], staging)
            return _publish_own(task, notebook, collection, staging)

        written = run_notebooks(tasks, parameters, publish, jobs=jobs, progress=progress, state=state)
        indexes = [path for s in statements for path in write_indexes(staging / s.folder, notebooks, facts[s.folder])]
        for statement in statements:
            write_documents((statement.budget, statement.checks), langs, staging / statement.folder)
        indexes += _collection_indexes(staging, own, collection, langs)
        embed_cjk_font(written + indexes)
        pairs = output_pairs(staging, out_dir, langs)
        pairs += [pair for s in statements for pair in output_pairs(staging / s.folder, out_dir / s.folder, langs)]
        swap_in(state, pairs, _left_over(out_dir, {s.name for s in statements}, langs))
        reports = [path for path in written + indexes if "reports" in path.relative_to(staging).parts]
        return [out_dir / path.relative_to(staging) for path in reports]


def _words(collection: Collection, lang: str) -> dict[str, object]:
    years = collection.statements.attrs["years"]
    return {"count": len(collection.statements), "first": years[0], "last": years[-1],
            "unit": collection.statements.attrs[f"unit_{lang}"]}  # fmt: skip


def _publish_own(task: Task, notebook: nbformat.NotebookNode, collection: Collection, staging: Path) -> list[Path]:
    """Write the pages of the executed collection notebook: its parameters shown as the packages' names."""
    folder = staging / "reports" / task.lang
    folder.mkdir(parents=True, exist_ok=True)
    shown = {"packages": list(collection.statements["package"]), "lang": task.lang, "figures_dir": "../../figures"}
    title = say("collection.page_title", task.lang, subject=subject(notebook), **_words(collection, task.lang))
    published = as_published(notebook, task.lang, None, "", 0, shown=shown, title=title)
    return write_html(published, folder, task.notebook.stem)


def _collection_indexes(staging: Path, own: Sequence[Path], collection: Collection, langs: Sequence[str]) -> list[Path]:
    """The collection's ``reports/<lang>/index.html`` and its gallery ``figures/<lang>/index.html``."""
    checks = cross_statement_checks(collection.comparisons())
    counts = audit_counts(checks)
    written = []
    for lang in langs:
        words = _words(collection, lang)
        summary = collection_pages.summary(collection.statements, lang).text
        findings = say("collection.index.findings", lang, checks=counts["checks"],
                       flagged=counts["warned"] + counts["failed"]) if checks else ""  # fmt: skip
        rows = [
            (getattr(row, f"department_{lang}"), int(row.fiscal_year),
             say(f"collection.kind.{row.budget_kind}", lang), formatting.amount(row.total),
             f"../../{STATEMENTS}/{row.package}/reports/{lang}/index.html")
            for row in collection.statements.itertuples(index=False)
        ]  # fmt: skip
        reports = [(nb.stem, subject(read_in_language(nb, lang))) for nb in own]
        other = next((o for o in langs if o != lang), None)
        name = say("collection.name", lang, count=words["count"])
        span = words["first"] if words["first"] == words["last"] else f"{words['first']}–{words['last']}"
        pages = (
            (staging / "reports" / lang / "index.html",
             collection_index_page(reports, rows, lang, words=words, summary=summary, findings=findings, other=other)),
            (staging / "figures" / lang / "index.html",
             gallery_page(staging / "figures" / lang, lang, department=name, year=span, data=name)),
        )  # fmt: skip
        for path, page in pages:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written


def _left_over(out_dir: Path, names: set[str], langs: Sequence[str]) -> list[Path]:
    """The statements' reports and figures of an earlier build, in the languages built, that this
    build no longer holds: taken away with the swap."""
    folder = out_dir / STATEMENTS
    if not folder.is_dir():
        return []
    return [
        path
        for statement in sorted(folder.iterdir())
        if statement.is_dir() and statement.name not in names
        for kind in ("reports", "figures")
        for lang in langs
        if (path := statement / kind / lang).exists()
    ]


__all__ = ["Statement", "build_collection", "loaded_statements"]
