"""The blocks of a collection's page: the panel, a department's series, what later statements say of
the year before (a count, the findings in sentences, the table), and spending by function.

Each is a :class:`~budgetlib.pages.blocks.Block`; every word comes from the wording files
(``collection.*``), every number from :mod:`budgetlib.words.formatting`. Amounts in 万元.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from budgetlib.checks.audit import Check
from budgetlib.pages.blocks import ROWS_SHOWN, Block, _cell, absent, escape, grid
from budgetlib.words.sentences import audit_counts, cross_statement_items
from budgetlib.words.wording import Lang, check_lang, say

# The panel's measures in two tables, so that each fits the width of a page: spending and its parts,
# then where the money comes from and goes (万元), with the count of projects with targets.
PANEL = (("spending", ("total", "basic", "project", "personnel", "public")),
         ("funds", ("fiscal_appropriations", "three_public", "operating_costs", "procurement")))  # fmt: skip


def _rows(frame: pd.DataFrame, columns: Sequence[tuple[str, str]], lang: Lang) -> list[list[str]]:
    shown = frame.head(ROWS_SHOWN)
    rows = [[_cell(getattr(row, name), kind, lang) for name, kind in columns] for row in shown.itertuples(index=False)]
    if len(frame) > ROWS_SHOWN:
        rows.append([say("page.more_rows", lang, count=len(frame) - ROWS_SHOWN), *[""] * (len(columns) - 1)])
    return rows


def _named(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """``frame`` with ``department`` in ``lang`` and, where it has one, the budget's kind in words."""
    frame = frame.assign(department=frame[f"department_{lang}"])
    if "budget_kind" in frame:
        frame = frame.assign(kind=[say(f"collection.kind.{kind}", lang) for kind in frame["budget_kind"]])
    return frame


def summary(statements: pd.DataFrame, lang: Lang) -> Block:
    """How many statements of how many departments, of which years, in one sentence."""
    attrs = statements.attrs
    sentence = say("collection.summary", check_lang(lang), statements=attrs["statements"],
                   departments=attrs["departments"], first=attrs["years"][0], last=attrs["years"][-1])  # fmt: skip
    return Block(f'<p class="prose">{escape(sentence)}</p>', sentence)


def panel_table(statements: pd.DataFrame, lang: Lang) -> Block:
    """One row per statement in each of two tables (:data:`PANEL`): department (with its kind of budget
    where it is a unit's), year, then the measures (万元; the second table ends with the count of
    projects with targets); a dash where a statement gives none."""
    lang = check_lang(lang)
    unit = statements.attrs.get(f"unit_{lang}", "")
    named = _named(statements, lang)
    named = named.assign(
        department=[
            say("collection.table.department_of_kind", lang, department=department, kind=kind)
            for department, kind in zip(named["department"], statements["budget_kind"], strict=True)
        ]
    )
    html, text = [], []
    for part, measures in PANEL:
        columns = [("department", "text"), ("fiscal_year", "text"), *((name, "amount") for name in measures)]
        if part == "funds":
            columns.append(("projects_with_targets", "count"))
        header = [say(f"collection.column.{name}", lang) for name, _ in columns[:2]]
        header += [say(f"collection.measure.{name}", lang) for name, _ in columns[2:]]
        block = grid(header, _rows(named, columns, lang), [kind != "text" for _, kind in columns])
        caption = say(f"collection.panel.{part}", lang, unit=unit)
        html.append(f'<p class="caption">{escape(caption)}</p>' + block.html)
        text.append(caption + "\n" + block.text)
    return Block("".join(html), "\n\n".join(text))


def series_table(series: pd.DataFrame, lang: Lang) -> Block:
    """A measure's series: each department's years, the amount and the change on its previous statement."""
    lang = check_lang(lang)
    if series.empty:
        return absent("collection_years", lang)
    unit = series.attrs.get(f"unit_{lang}", "")
    frame = _named(series, lang).assign(measure=[say(f"collection.measure.{m}", lang) for m in series["measure"]])
    columns = [("department", "text"), ("measure", "text"), ("fiscal_year", "text"), ("amount", "amount"),
               ("change", "amount"), ("change_pct", "pct")]  # fmt: skip
    header = [say(f"collection.column.{name}", lang, unit=unit) for name, _ in columns]
    return grid(header, _rows(frame, columns, lang), [kind != "text" for _, kind in columns])


def cross_statement(checks: Sequence[Check], lang: Lang) -> Block:
    """What later statements say of the year before: the count, then each that differs in a sentence,
    with its check's name for the full report (``check-id``, which the briefing leaves out)."""
    lang = check_lang(lang)
    if not checks:
        return absent("collection_comparisons", lang)
    summary = say("collection.across_summary", lang, **audit_counts(checks))
    items, lines = [], [summary]
    for check, status, sentence in cross_statement_items(checks, lang):
        items.append(f"<li><strong>{escape(status)}</strong> {escape(sentence)}"
                     f' <code class="check-id">{escape(check.name)}</code></li>')  # fmt: skip
        lines.append(f"- {status}: {sentence} [{check.name}]")
    page = f"<p>{escape(summary)}</p>" + (f'<ul class="audit">{"".join(items)}</ul>' if items else "")
    return Block(page, "\n".join(lines))


def comparisons_table(comparisons: pd.DataFrame, checks: Sequence[Check], lang: Lang) -> Block:
    """Each stated change beside the two published figures and their difference, with the check's result."""
    lang = check_lang(lang)
    if comparisons.empty:
        return absent("collection_comparisons", lang)
    unit = comparisons.attrs.get(f"unit_{lang}", "")
    results = [say("collection.column.pass", lang) if c.status == "pass" else say(f"audit.status_{c.status}", lang)
               for c in checks]  # fmt: skip
    frame = _named(comparisons, lang).assign(
        measure=[say(f"collection.measure.{m}", lang) for m in comparisons["measure"]],
        compared=[say(f"collection.compared.{c}", lang) for c in comparisons["compared_with"]],
        published=comparisons["published_change"],
        stated=comparisons["stated_change"].where(
            ~comparisons["in_percent"], comparisons["gap_amount"] + comparisons["published_change"]
        ),
        result=results,
    )
    columns = [("department", "text"), ("year", "text"), ("measure", "text"), ("compared", "text"),
               ("earlier", "amount"), ("later", "amount"), ("published", "amount"), ("stated", "amount"),
               ("result", "text")]  # fmt: skip
    keys = {"compared": "compared_with", "result": "status", "year": "fiscal_year"}
    header = [say(f"collection.column.{keys.get(name, name)}", lang, unit=unit) for name, _ in columns]
    return grid(header, _rows(frame, columns, lang), [kind != "text" for _, kind in columns])


def function_table(shares: pd.DataFrame, lang: Lang) -> Block:
    """Each department's spending by functional class (类): the class, the amount and its share."""
    lang = check_lang(lang)
    if shares.empty:
        return absent("collection_functions", lang)
    unit = shares.attrs.get(f"unit_{lang}", "")
    frame = _named(shares, lang).assign(function=shares[f"name_{lang}"])
    columns = [("department", "text"), ("fiscal_year", "text"), ("function", "text"), ("total", "amount"),
               ("share_pct", "pct")]  # fmt: skip
    keys = {"total": "amount", "share_pct": "share"}
    header = [say(f"collection.column.{keys.get(name, name)}", lang, unit=unit) for name, _ in columns]
    return grid(header, _rows(frame, columns, lang), [kind != "text" for _, kind in columns])
