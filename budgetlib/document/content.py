"""The briefing as a Word document, one per language, from the outline the deck is drawn from
(:mod:`budgetlib.pages.outline`).

A title block (the department and year, the statement it comes from) and the department's remit;
the headline figures as a table; the findings in sentences, then the text review; the key charts
(the change on the year, the basic/project split, spending by function where the statement prints
it, procurement), each at the text width with its finding as its caption and alt text; the
procurement lines as a table; the audit's result and its flagged checks as a table; the performance
targets in sentences and the department-vs-project disagreements as a table. Each chart the
statement does not give is left out, and the prose says what the statement does not give.

Every word comes from the wording files (``document.toml``, and the deck's, charts' and pages'
wording it shares), every number from :mod:`budgetlib.words.formatting`. The same data give a
byte-identical file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetlib import analysis
from budgetlib.charts import reshape
from budgetlib.checks.audit import Check, audit
from budgetlib.checks.completeness import completeness
from budgetlib.datapackage import Budget
from budgetlib.document import typography, writing
from budgetlib.document.figures import chart_png
from budgetlib.document.template import base_document, read_template
from budgetlib.files import write_atomically
from budgetlib.pages import briefing, outline
from budgetlib.pages.blocks import cells
from budgetlib.pages.outline import Topic
from budgetlib.words.wording import Lang, check_lang, say

# The document's charts, by section: for each place, the first of these charts the statement gives.
PICTURES = {
    "spending": (("change", ("growth_bridge", "year_over_year")), ("split", ("spending_split",)),
                 ("national", ("function_spending",))),
    "procurement": (("procurement", ("procurement_lines", "procurement_by_category")),),
}  # fmt: skip
TOLD = ("change", "split", "procurement")  # the topics whose prose the findings section tells
LINE_COLUMNS = {"rank": "count", "project": "text", "item": "text", "amount": "amount", "share_pct": "pct",
                "cumulative_share_pct": "pct"}  # fmt: skip


class _Counter:
    """The numbers of the figures and the tables, in the order they appear."""

    def __init__(self) -> None:
        self.figures = self.tables = 0


def _figures(document: object, topics: dict[str, Topic], section: str, lang: Lang, count: _Counter,
             figures_dir: Path | None) -> None:  # fmt: skip
    """The section's charts, each with its caption (the numbered finding), under its heading; no
    heading where the statement gives none of them. The first chart's section starts a page: the
    first page is the summary, the charts follow."""
    shown = [topics[topic].chart(*names) for topic, names in PICTURES[section]]
    shown = [each for each in shown if each is not None]
    if not shown:
        return
    title = writing.heading(document, say(f"document.{section}", lang))
    if not count.figures:
        title.paragraph_format.page_break_before = True
    for each in shown:
        count.figures += 1
        writing.picture(document, chart_png(each, lang, figures_dir), each.texts.title, f"{each.name}.png")
        writing.paragraph(document, say("document.figure_caption", lang, number=count.figures,
                                        finding=each.texts.title), "Caption")  # fmt: skip


def _table(document: object, title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
           lang: Lang, count: _Counter, numeric: Sequence[bool] | None = None) -> None:  # fmt: skip
    """A numbered table caption above a native table."""
    count.tables += 1
    writing.paragraph(document, say("document.table_caption", lang, number=count.tables, title=title), "Table Caption")
    writing.table(document, header, rows, numeric)


def _procurement_lines(document: object, budget: Budget, lang: Lang, count: _Counter) -> None:
    lines = analysis.procurement_lines(budget)
    if lines.attrs.get("absent") or lines.empty:
        return
    header, rows, numeric = cells(lines, LINE_COLUMNS, lang)
    title = say("document.lines_title", lang, unit=lines.attrs.get(f"unit_{lang}", ""))
    _table(document, title, header, reshape.rows_shown(rows, lang), lang, count, numeric)


def _audit(document: object, budget: Budget, checks: Sequence[Check], lang: Lang, count: _Counter) -> None:
    result = outline.audit(budget, checks, lang)
    writing.heading(document, result.title)
    missing = briefing.completeness(completeness(budget), lang).text
    wording = say("prose_check.count", lang, count=len(result.wording))  # as the overview counts them
    writing.paragraph(document, say("prose.paragraph", lang, sentences=[result.summary, wording, missing]))
    if result.flagged:
        header = [say("document.column.status", lang), say("document.column.finding", lang)]
        _table(document, say("document.audit_title", lang), header, result.flagged, lang, count)


def _targets(document: object, topic: Topic, lang: Lang, count: _Counter) -> None:
    writing.heading(document, say("document.targets", lang))
    for paragraph in topic.prose:
        writing.paragraph(document, paragraph)
    differences = topic.chart("department_vs_project")
    if differences is not None:
        header, rows = reshape.consistency_rows(differences.frame, lang)
        if rows:
            title, shown = differences.texts.title, reshape.rows_shown(rows, lang)
            _table(document, title, header, shown, lang, count)


def _write(document: object, budget: Budget, checks: Sequence[Check], lang: Lang, figures_dir: Path | None,
           cover: outline.Cover) -> None:  # fmt: skip
    """Write the briefing of ``budget`` into ``document``, in order, under ``cover``."""
    count = _Counter()
    writing.heading(document, cover.title, 0)
    writing.paragraph(document, cover.subtitle, "Subtitle")
    writing.paragraph(document, cover.source, "Source")
    writing.paragraph(document, briefing.remit(budget, lang).text)
    title, cards = outline.headline(budget, checks, lang)
    writing.heading(document, title)
    header = [say(f"document.column.{key}", lang) for key in ("figure", "value", "detail")]
    writing.table(document, header, [card[1:] for card in cards])
    topics = {topic.name: topic for topic in outline.topics(budget, lang)}
    writing.heading(document, say("document.findings", lang))
    for name in TOLD:
        for paragraph in topics[name].prose:
            writing.paragraph(document, paragraph)
    summary, findings = outline.review(budget, lang)
    writing.paragraph(document, summary)
    writing.bullets(document, findings)
    _figures(document, topics, "spending", lang, count, figures_dir)
    _figures(document, topics, "procurement", lang, count, figures_dir)
    _procurement_lines(document, budget, lang, count)
    _audit(document, budget, checks, lang, count)
    _targets(document, topics["targets"], lang, count)


def document_bytes(
    budget: Budget,
    lang: Lang,
    checks: Sequence[Check] | None = None,
    *,
    figures_dir: Path | None = None,
    template: Path | None = None,
) -> bytes:
    """The briefing of ``budget`` in ``lang`` as the bytes of a .docx, the same for the same data.

    ``figures_dir`` is where a build wrote the charts (``<lang>/<name>-document.png``); a chart not
    there is drawn. ``template`` is a reference document whose styles and page setup the document
    takes (a :class:`~budgetlib.document.template.TemplateError` if it is not a Word document)."""
    lang = check_lang(lang)
    checks = list(audit(budget) if checks is None else checks)
    document = base_document(None if template is None else read_template(template))
    typography.apply(document, lang, own=template is None)
    cover = outline.cover(budget, lang)
    _write(document, budget, checks, lang, figures_dir, cover)
    writing.page_numbers(document)
    return writing.document_file(document, title=cover.title, subject=cover.subtitle, lang=lang)


def write_document(
    budget: Budget,
    lang: Lang,
    path: Path,
    checks: Sequence[Check] | None = None,
    *,
    figures_dir: Path | None = None,
    template: Path | None = None,
) -> Path:
    """Write the briefing document to ``path`` atomically (a temporary file beside it, then a rename)."""
    data = document_bytes(budget, lang, checks, figures_dir=figures_dir, template=template)
    return write_atomically(Path(path), lambda stream: stream.write(data))
