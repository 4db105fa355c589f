"""What a statement's explanatory sections say, as the rows of the package's resources.

The figures the notes state (编制说明, 其他相关情况说明) become ``stated_figures``, each with the
sentence it came from; each 项目经费情况说明 page a row of ``project_pages``; the duties
(主要职能) ``responsibilities``; the 名词解释 ``glossary``; the units of 机构设置 ``organisation``.
A reason the notes give once for several changes (财政拨款收入支出增加的主要原因是…) goes with
each change of the budget's figures stated before it that gives none of its own. English is left
empty: a person translates it (the import report lists what).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from budgetlib.importers.pdf.model import Figure, Notice, Statement

# The reader's names for a few measures, where budgetlib's stated figures name them otherwise.
MEASURES = {("three_public", "total"): "three_public", ("three_public", "vehicles_total"): "vehicles",
            ("procurement", "total"): "procurement_total"}  # fmt: skip
NOTES_UNIT = "万元"  # the prose of the national form states its figures in 万元
LEADING_CLAUSE = re.compile(r"^(.+?)[，,；;。：:]")


def stated_figures(statement: Statement, notices: list[Notice]) -> list[dict[str, str]]:
    """The figures of the notes in ``NOTES_UNIT``, in the order stated, a change stated as a percentage
    in ``change_pct``; a figure stated in another unit is said in ``notices`` (its sentence is kept)."""
    rows = []
    for figure in _with_reasons(statement.prose.figures):
        amount = figure.amount or ""
        if amount and figure.unit not in (None, NOTES_UNIT):
            notices.append(Notice(f"{figure.label}: stated in {figure.unit}, not {NOTES_UNIT}; the amount is left out",
                                  page=figure.page))  # fmt: skip
            amount = ""
        change_amount, change_pct = figure.change_amount or "", ""
        if change_amount and figure.change_unit == "%":
            change_amount, change_pct = "", change_amount
        elif change_amount and figure.change_unit not in (None, NOTES_UNIT):
            notices.append(Notice(f"{figure.label}: its change is stated as {change_amount}{figure.change_unit}; "
                                  "kept in its sentence only", page=figure.page))  # fmt: skip
            change_amount = ""
        rows.append({
            "figure_no": str(len(rows) + 1), "topic": figure.topic,
            "measure": MEASURES.get((figure.topic, figure.measure), figure.measure), "label_zh": figure.label,
            "amount": amount, "count": figure.count or "", "change": figure.change or "",
            "change_amount": change_amount,
            "change_pct": change_pct, "compared_with_zh": figure.compared_with or "",
            "reason_zh": figure.reason or "", "sentence_zh": figure.sentence, "source_page": str(figure.page),
        })  # fmt: skip
    return rows


def _with_reasons(figures: Iterable[Figure]) -> list[Figure]:
    """The figures without the reader's reason sentences, each reason given to the budget's changes
    stated before it that have none."""
    kept: list[Figure] = []
    for figure in figures:
        if figure.topic != "change_reason":
            kept.append(figure)
            continue
        for number, earlier in enumerate(kept):
            if earlier.topic == "budget" and earlier.change in ("increase", "decrease") and not earlier.reason:
                kept[number] = replace(earlier, reason=figure.reason)
    return kept


def project_pages(statement: Statement, notices: list[Notice]) -> list[dict[str, str]]:
    """One row per project page whose title names the project; a page without a name is said in ``notices``."""
    rows = []
    for project in statement.prose.projects:
        if not project.name:
            continue  # the reader has said so already
        amount = project.amount or ""
        if amount and project.unit not in (None, NOTES_UNIT):
            notices.append(Notice(f"{project.name}: its budget is stated in {project.unit}; the amount is left out",
                                  page=project.page))  # fmt: skip
            amount = ""
        rows.append({
            "project_no": str(len(rows) + 1), "project_zh": project.name, "project_en": "", "amount": amount,
            "purpose_zh": project.purpose or "", "budget_text_zh": project.budget_text or "",
            "source_page": str(project.page),
        })  # fmt: skip
    return rows


def responsibilities(statement: Statement) -> list[dict[str, str]]:
    """The duties as the bundled package holds them: each duty and its leading clause (the summary)."""
    heading = statement.prose.headings.get("duties", ("", 0))[0]
    return [
        {
            "item_no": str(number),
            "duty_zh": duty,
            "duty_en": "",
            "summary_zh": leading_clause(duty),
            "summary_en": "",
            "value_status": "published",
            "source_section": heading,
            "source_table": "",
        }
        for number, duty in enumerate(statement.prose.duties, start=1)
    ]


def leading_clause(text: str) -> str:
    """A duty's first clause, up to its first comma, semicolon or stop: what a remit sentence names.

    >>> leading_clause("贯彻执行国家和本市有关方针、政策，并结合本区实际。")
    '贯彻执行国家和本市有关方针、政策'
    """
    match = LEADING_CLAUSE.match(text)
    return match.group(1) if match else text.rstrip("。；;")


def glossary(statement: Statement) -> list[dict[str, str]]:
    """The 名词解释 entries, each term and its definition."""
    heading = statement.prose.headings.get("glossary", ("", 0))[0]
    return [
        {
            "item_no": str(number),
            "term_zh": entry.term,
            "term_en": "",
            "definition_zh": entry.definition,
            "definition_en": "",
            "value_status": "published",
            "source_section": heading,
            "source_table": "",
        }
        for number, entry in enumerate(statement.prose.glossary, start=1)
    ]


def organisation(statement: Statement) -> list[dict[str, str]]:
    """The units 机构设置 lists, each with what the statement says of it."""
    return [
        {
            "unit_no": str(number),
            "unit_zh": unit.name,
            "unit_en": "",
            "text_zh": unit.text,
            "source_page": str(unit.page),
        }
        for number, unit in enumerate(statement.metadata.units, start=1)
    ]
