"""Notebooks as a build prepares and publishes them: found, filtered to one language, given their
parameters, and once run, cleaned of what a reader should not see.

Markdown cells tagged ``lang-zh`` / ``lang-en`` appear only in that language; the parameters
go in a cell after the one tagged ``parameters``, as papermill injects them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from papermill.parameterize import parameterize_notebook

from budgetlib.datapackage import bundled_dir
from budgetlib.words.wording import HTML_LANG, LANGS, say

LANG_TAG = "lang-{}"  # markdown cells tagged lang-zh / lang-en appear only on pages in that language
INJECTED = "injected-parameters"  # the tag (and cell id) of the cell holding a run's parameters


class NotebookError(Exception):
    """A notebook cannot be prepared: it has no cell tagged ``parameters``."""


def bundled_notebooks_dir() -> Path:
    """The notebooks shipped with budgetlib: inside an installed wheel, or notebooks/ of a checkout."""
    return bundled_dir("notebooks", "00_overview.ipynb")


COLLECTION = "collection"  # a notebook's ``budgetlib.scope`` when it reads a collection, not one package


def scope(path: Path) -> str:
    """What a notebook reads: ``statement`` (one package, the default) or ``collection`` (many), as its
    metadata says (``"budgetlib": {"scope": "collection"}``)."""
    metadata = nbformat.read(path, as_version=4).metadata
    return str(metadata.get("budgetlib", {}).get("scope", "statement"))


def statement_notebooks(folder: Path) -> list[Path]:
    """The notebooks of ``folder`` that report on one package, in order: what ``budgetlib report`` runs."""
    return [path for path in sorted(folder.glob("*.ipynb")) if scope(path) != COLLECTION]


def collection_notebooks(folder: Path) -> list[Path]:
    """The notebooks of ``folder`` that report on a collection of packages."""
    return [path for path in sorted(folder.glob("*.ipynb")) if scope(path) == COLLECTION]


def parameterized(notebook: nbformat.NotebookNode, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """``notebook`` with a cell tagged ``injected-parameters`` after the cell tagged ``parameters``,
    by papermill's own injection (so a build runs a notebook exactly as papermill would).

    >>> cell = nbformat.v4.new_code_cell("lang = 'zh'", metadata={"tags": ["parameters"]})
    >>> nb = parameterized(nbformat.v4.new_notebook(cells=[cell]), {"lang": "en", "data_dir": None})
    >>> print(nb.cells[1].source)
    # Parameters
    lang = "en"
    data_dir = None
    <BLANKLINE>
    """
    if not any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in notebook.cells):
        raise NotebookError("the notebook has no cell tagged 'parameters'")
    for cell in notebook.cells:  # as papermill's own reader leaves them
        cell.metadata.setdefault("tags", [])
    notebook.metadata.setdefault("papermill", {})
    notebook = parameterize_notebook(notebook, parameters, kernel_name="python3", language="python")
    cell = next(cell for cell in notebook.cells if INJECTED in cell.metadata.get("tags", []))
    cell["id"] = INJECTED  # not a random one: the same notebook gives the same pages
    return notebook


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
    notebook.cells = [cell for cell in notebook.cells if _in(cell, lang)]
    return notebook


def cell_numbers(notebook: nbformat.NotebookNode, lang: str) -> list[int]:
    """The numbers (from 1, as the notebook file counts its cells) of the cells that
    :func:`in_language` keeps for ``lang``, in order."""
    return [number for number, cell in enumerate(notebook.cells, start=1) if _in(cell, lang)]


def _in(cell: nbformat.NotebookNode, lang: str) -> bool:
    """Whether ``cell`` belongs on pages in ``lang``: it is tagged for no other language."""
    others = {LANG_TAG.format(other) for other in LANGS if other != lang}
    return not others & set(cell.get("metadata", {}).get("tags", []))


def subject(notebook: nbformat.NotebookNode) -> str:
    """The notebook's subject: the text of its first level-1 heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def expected_cost(notebook: Path) -> int:
    """A notebook's rough running time, in charts drawn: ``save_chart`` draws and saves
    two sizes in three formats, a chart shown inline draws once."""
    source = notebook.read_text(encoding="utf-8")
    return 6 * source.count("save_chart(") + source.count("charts.")


def failed_cell(notebook: nbformat.NotebookNode, numbers: list[int]) -> int | None:
    """Number of the first cell whose outputs hold an error, as the notebook file counts its cells
    (``numbers``: :func:`cell_numbers` of the notebook before it was filtered and parameterized):
    the injected parameters cell and the other language's cells are not counted."""
    ran = [cell for cell in notebook.cells if INJECTED not in cell.get("metadata", {}).get("tags", [])]
    for cell, number in zip(ran, numbers, strict=False):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number
    return None


def statement_title(notebook: nbformat.NotebookNode, lang: str, department: str, year: int) -> str:
    """A statement's page title: the notebook's subject, the department and the year."""
    return say("page.title", lang, subject=subject(notebook), department=department, year=year)


def as_published(
    notebook: nbformat.NotebookNode,
    lang: str,
    data_dir: Path | None,
    department: str,
    year: int,
    *,
    shown: dict[str, object] | None = None,
    title: str | None = None,
) -> nbformat.NotebookNode:
    """The executed notebook as the report shows it: without kernel stderr streams
    (warnings, transport notices); its parameters as a reader could use them (the data
    folder by name, the figures where they end up beside the reports; ``shown`` instead, where
    given), never a build or machine path; its language and title (subject, department, year,
    or ``title``) in its metadata."""
    for cell in notebook.cells:
        if "outputs" in cell:
            cell.outputs = [
                o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        if INJECTED in cell.get("metadata", {}).get("tags", []):
            shown = shown or {
                "data_dir": None if data_dir is None else data_dir.name,
                "lang": lang,
                "figures_dir": "../../figures",
            }
            cell.source = "\n".join(["# Parameters", *(f"{name} = {value!r}" for name, value in shown.items())])
    notebook.metadata.pop("papermill", None)
    notebook.metadata["html_lang"] = HTML_LANG[lang]
    notebook.metadata["title"] = title or statement_title(notebook, lang, department, year)
    return notebook
