"""The blocks a briefing page is made of: the headline tiles, the remit, the audit, the text review and
the wording checks in sentences, the target findings and the glossary.

Each is a :class:`~budgetlib.pages.blocks.Block`; every word comes from the wording files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from budgetlib.analysis.common import source_attrs
from budgetlib.checks.audit import Check
from budgetlib.checks.prose import Finding
from budgetlib.pages.blocks import Block, absent, escape, grid
from budgetlib.words.sentences import (
    audit_counts,
    completeness_names,
    flagged,
    prose_items,
    prose_summary,
    review_items,
    tile_cards,
)
from budgetlib.words.wording import Lang, check_lang, say


def tiles(facts: Mapping[str, Any], lines: pd.DataFrame, checks: Sequence[Check], lang: Lang) -> Block:
    """The headline figures as four tiles (see :func:`tile_cards`)."""
    cards = tile_cards(facts, lines, checks, lang)
    page = (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile {status}"><div class="label">{escape(label)}</div>'
            f'<div class="value">{escape(value)}</div><div class="detail">{escape(detail)}</div></div>'
            for status, label, value, detail in cards
        )
        + "</div>"
    )
    text = "\n".join(f"{label}: {value} ({detail})" for _, label, value, detail in cards)
    return Block(page, text)


def audit(
    checks: Sequence[Check],
    budget: Any,
    lang: Lang,
    missing: pd.DataFrame | None = None,
    wording: Sequence[Finding] | None = None,
) -> Block:
    """What the audit found: a count, then each warning and failure as a sentence with
    expected and found. Each carries its check's name in ``<code class="check-id">``,
    which the full report shows and the briefing leaves out. ``missing`` (the completeness
    findings), where given, follows the count in the same paragraph, as :func:`completeness` says it;
    then ``wording`` (the wording checks' findings), counted."""
    lang = check_lang(lang)
    summary = say("audit.summary", lang, **audit_counts(checks))
    sentences = [summary] + ([completeness(missing, lang).text] if missing is not None else [])
    if wording is not None:
        sentences.append(say("prose_check.count", lang, count=len(wording)))
    if len(sentences) > 1:
        summary = say("prose.paragraph", lang, sentences=sentences)
    items = []
    lines = [summary]
    for check, status, sentence in flagged(checks, budget, lang):
        items.append(
            f"<li><strong>{escape(status)}</strong> {escape(sentence)}"
            f' <code class="check-id">{escape(check.name)}</code></li>'
        )
        lines.append(f"- {status}: {sentence} [{check.name}]")
    page = f"<p>{escape(summary)}</p>" + (f'<ul class="audit">{"".join(items)}</ul>' if items else "")
    return Block(page, "\n".join(lines))


def text_review(findings: pd.DataFrame, lang: Lang) -> Block:
    """The text-vs-table findings as the audit shows its warnings: a count, then each in a
    sentence naming both sources, with an id (``text.<finding>.<row>``) for the full report."""
    lang = check_lang(lang)
    return _findings(review_summary(findings, lang), say("review.status", lang), review_items(findings, lang))


def review_summary(findings: pd.DataFrame, lang: Lang) -> str:
    """How many contradictions the text review found, in a sentence (or that there was nothing to check)."""
    return say("review.summary", check_lang(lang), count=len(findings), reviewed=findings.attrs.get("reviewed", 1))


def prose_checks(findings: Sequence[Finding], lang: Lang) -> Block:
    """The wording checks' findings as the text review shows its own: a summary that counts each
    kind, then each finding in a sentence with its place and the sentence quoted, and its id
    (``prose.<check>.<resource>.<row>``). A briefing, printed on two pages, has no room for it: the
    overview's audit counts the findings (:func:`audit`, ``wording``) and the full report lists them."""
    lang = check_lang(lang)
    return _findings(prose_summary(findings, lang), say("prose_check.status", lang), prose_items(findings, lang))


def _findings(summary: str, status: str, items: Iterable[tuple[str, str]]) -> Block:
    """A review's findings as a block: the summary, then each sentence with its id (``check-id``,
    which the briefing leaves out)."""
    shown, lines = [], [summary]
    for sentence, name in items:
        shown.append(f'<li>{escape(sentence)} <code class="check-id">{escape(name)}</code></li>')
        lines.append(f"- {status}: {sentence} [{name}]")
    page = f"<p>{escape(summary)}</p>" + (f'<ul class="audit review">{"".join(shown)}</ul>' if shown else "")
    return Block(page, "\n".join(lines))


def completeness(findings: pd.DataFrame, lang: Lang) -> Block:
    """What the statement does not print of what the 操作规程 asks for, in one sentence (a briefing
    page has no room for a list): the count, then the tables and notes by name."""
    lang = check_lang(lang)
    sentence = say("completeness.summary", lang, count=len(findings), names=completeness_names(findings, lang))
    return Block(f'<p class="completeness">{escape(sentence)}</p>', sentence)


def remit(budget: Any, lang: Lang) -> Block:
    """The department's remit in a sentence: its name and the leading clause of each duty
    (``responsibilities``), for a page to open with."""
    lang = check_lang(lang)
    if not budget.has("responsibilities"):
        return absent("responsibilities", lang)
    duties = budget.responsibilities
    summaries = duties[f"summary_{lang}"].where(duties[f"summary_{lang}"].notna(), duties["summary_zh"])
    sentence = say(
        "review.remit", lang, department=source_attrs(budget)[f"department_{lang}"], duties=summaries.tolist()
    )
    return Block(f'<p class="remit">{escape(sentence)}</p>', sentence)


def target_findings(findings: pd.DataFrame, every: pd.DataFrame, lang: Lang) -> Block:
    """The target-quality findings as a table. A project indicator is named by its name in
    ``lang``; a department indicator, which the statement only describes in Chinese, by its
    goal's name in ``lang`` and its number (and, in Chinese, its description)."""
    lang = check_lang(lang)
    if every.attrs.get("absent"):
        return absent(every.attrs["absent"], lang)
    names = every.set_index(["scope", "table_no", "indicator_no"])
    rows = []
    for _, row in findings.iterrows():
        indicator = names.loc[(row["scope"], row["table_no"], row["indicator_no"])]
        if row["scope"] == "department":
            name = say(
                "page.department_indicator",
                lang,
                goal=row["table_no"],
                goal_name=indicator[f"program_{lang}"],
                indicator=row["indicator_no"],
                description=indicator["description_zh"],
            )
        else:
            name = f"{indicator[f'program_{lang}']}: {indicator[f'name_{lang}']}"
        rows.append(
            [row[f"finding_{lang}"], say(f"value.scope_{row['scope']}", lang), str(row["table_no"]), name,
             row["target_text"], row["expected"]]
        )  # fmt: skip
    keys = ("finding", "scope", "table_no", "indicator", "target_text", "expected")
    return grid([say(f"column.{key}", lang) for key in keys], rows)


def glossary(budget: Any, lang: Lang) -> Block:
    """The statement's glossary (section 八) as a two-column table, in ``lang``."""
    lang = check_lang(lang)
    if not budget.has("glossary"):
        return absent("glossary", lang)
    terms = budget.glossary
    rows = [
        [row[f"term_{lang}"] if isinstance(row[f"term_{lang}"], str) else row["term_zh"],
         row[f"definition_{lang}"] if isinstance(row[f"definition_{lang}"], str) else row["definition_zh"]]
        for _, row in terms.iterrows()
    ]  # fmt: skip
    return grid([say("review.column.term", lang), say("review.column.definition", lang)], rows)
