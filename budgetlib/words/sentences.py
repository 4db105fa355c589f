"""Sentences the pages and the deck both say: the headline cards, the audit's flagged checks, the text
review's findings, the wording checks' findings.

Every word comes from the wording files, every number from :mod:`budgetlib.words.formatting`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from budgetlib.analysis.common import source_attrs
from budgetlib.checks.audit import Check
from budgetlib.checks.completeness import TABLES
from budgetlib.checks.prose import Finding
from budgetlib.checks.text_review import section
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def tile_cards(
    facts: Mapping[str, Any], lines: pd.DataFrame, checks: Sequence[Check], lang: Lang
) -> list[tuple[str, str, str, str]]:
    """The headline figures as four cards of (status, label, value, detail): total and change,
    basic share, the largest procurement line's share, the audit result; from the exact
    :func:`budgetlib.analysis.headline` (each figure rounded once, here, as it is shown),
    :func:`budgetlib.analysis.procurement_lines` (the line's name in
    ``lang``, the unit) and the audit. The page's tiles and the deck's headline slide show them."""
    lang = check_lang(lang)
    base, year = facts["base_year"], facts["fiscal_year"]
    unit = lines.attrs.get(f"unit_{lang}", "")
    top_item = lines[f"project_{lang}"].iloc[0] if len(lines) else None
    audit = audit_counts(checks)
    return [
        (
            "",
            say("tile.total_label", lang, year=year),
            say("tile.total_value", lang, total=facts[f"total_{year}"], unit=unit),
            say(
                "tile.total_detail",
                lang,
                base=base,
                change=facts["total_change"],
                change_pct=facts["total_change_pct"],
                unit=unit,
            ),
        ),
        (
            "",
            say("tile.basic_label", lang),
            say("tile.basic_value", lang, share=facts[f"basic_share_{year}_pct"]),
            say(
                "tile.basic_detail",
                lang,
                base=base,
                share=facts[f"basic_share_{year}_pct"],
                share_base=facts[f"basic_share_{base}_pct"],
            ),
        ),
        _procurement_card(facts, top_item, unit, lang),
        (
            "fail" if audit["failed"] else "warn" if audit["warned"] else "",
            say("tile.audit_label", lang),
            say("tile.audit_value", lang, **audit),
            say("tile.audit_detail", lang, **audit),
        ),
    ]


def _procurement_card(
    facts: Mapping[str, Any], top_item: str | None, unit: str, lang: Lang
) -> tuple[str, str, str, str]:
    """The largest procurement line's share; where the statement lists no lines, its procurement total."""
    if top_item:
        value = say("tile.procurement_value", lang, share=facts["procurement_top_share_pct"])
        detail = say("tile.procurement_detail", lang, item=top_item, amount=facts["procurement_top_amount"],
                     total=facts["procurement_total"], unit=unit)  # fmt: skip
        return "", say("tile.procurement_label", lang), value, detail
    if facts.get("procurement_total") is not None:
        return ("", say("tile.procurement_total_label", lang),
                say("tile.total_value", lang, total=facts["procurement_total"], unit=unit),
                say("tile.procurement_no_lines", lang, unit=unit))  # fmt: skip
    return "", say("tile.procurement_label", lang), formatting.MISSING, say("tile.procurement_none", lang)


def audit_counts(checks: Sequence[Check]) -> dict[str, int]:
    """How many checks ran, passed, warned and failed: what the audit's wording is filled with."""
    counted = {status: sum(c.status == status for c in checks) for status in ("pass", "warn", "fail")}
    return {"checks": len(checks), "passed": counted["pass"], "warned": counted["warn"], "failed": counted["fail"]}


def audit_sentence(check: Check, budget: Any, lang: Lang, unit: str) -> str:
    """One flagged check in words, with what was expected and what was found."""
    kind, _, key = check.name.rpartition(".")
    if kind == "assets.stated_share":
        categories = budget.asset_categories.set_index("category")
        if key in categories.index:
            row = categories.loc[key]
            return say(
                "audit.stated_share",
                lang,
                name=row[f"category_{lang}"],
                expected=check.expected,
                found=check.found,
                value=row["value_10k_cny"],
                total=budget.asset_categories["value_10k_cny"].sum(),
                unit=unit,
            )
    return say("audit.generic", lang, description=check.describe(lang), expected=check.expected, found=check.found)


def flagged(checks: Sequence[Check], budget: Any, lang: Lang) -> Iterator[tuple[Check, str, str]]:
    """Each check that did not pass, with its status and its sentence in ``lang``."""
    unit = source_attrs(budget)[f"unit_{lang}"]
    for check in checks:
        if check.status != "pass":
            yield check, say(f"audit.status_{check.status}", lang), audit_sentence(check, budget, lang, unit)


def review_sentence(finding: Mapping[str, Any], lang: Lang, unit: str) -> str:
    """One text-vs-table finding (a row of :func:`budgetlib.checks.text_review.review`) in words."""
    held = str(finding["held"])
    values = {
        **finding,
        "subject": finding[f"subject_{lang}"],
        "held_text": finding[f"held_{lang}"],
        "category": finding[f"category_{lang}"],
        "number": str(finding["stated_row"]).rsplit("/", 1)[-1],
        "held_no": str(finding["held_rows"]).rsplit("/", 1)[-1],
        "section": section(finding["stated_section"]),
        "amount": float(held) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", held) else None,
        "unit": unit,
    }
    return say(f"review.{finding['finding']}", lang, **values)


def review_items(findings: pd.DataFrame, lang: Lang) -> Iterator[tuple[str, str]]:
    """Each text-vs-table finding as its sentence in ``lang`` and its id (``text.<finding>.<row>``)."""
    unit = findings.attrs.get(f"unit_{lang}", "")
    for _, finding in findings.iterrows():
        row = str(finding["stated_row"] or finding["held_rows"]).replace("/", ".")
        yield review_sentence(finding, lang, unit), f"text.{finding['finding']}.{row}"


def completeness_items(findings: pd.DataFrame, lang: Lang) -> Iterator[tuple[str, str]]:
    """Each completeness finding (a row of :func:`budgetlib.checks.completeness.completeness`) as its
    sentence in ``lang`` and its id (``completeness.<finding>.<key>``); the table's or section's
    Chinese name beside its name in ``lang``, as the 操作规程 names it."""
    for finding in findings.itertuples(index=False):
        key = f"name.{finding.key}" if finding.finding == "table_missing" else f"completeness.section.{finding.key}"
        words = {"name": say(key, lang), "name_zh": say(key, "zh")}
        yield say(f"completeness.{finding.finding}", lang, **words), f"completeness.{finding.finding}.{finding.key}"


def completeness_names(findings: pd.DataFrame, lang: Lang) -> list[str]:
    """Each completeness finding as a short name in ``lang``, for a sentence that lists them: the
    table's name, or "a note on" the section; all the national tables, where none is printed, in one."""
    tables = findings.loc[findings["finding"] == "table_missing", "key"].tolist()
    names = [say(f"name.{key}", lang) for key in tables]
    if set(tables) == set(TABLES):
        names = [say("completeness.all_tables", lang, count=len(TABLES))]
    sections = findings.loc[findings["finding"] == "section_missing", "key"]
    return names + [
        say("completeness.section_named", lang, name=say(f"completeness.section.{key}", lang)) for key in sections
    ]


def prose_summary(findings: Sequence[Finding], lang: Lang) -> str:
    """The wording checks in one sentence: how many findings, and how many of each kind."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    kinds = [say(f"prose_check.kind.{name}", lang, count=count) for name, count in counts.items()]
    return say("prose_check.summary", lang, count=len(findings), kinds=kinds)


def prose_items(findings: Sequence[Finding], lang: Lang) -> Iterator[tuple[str, str]]:
    """Each finding of the wording checks (:func:`budgetlib.checks.prose.check`) as its sentence in
    ``lang`` and its id (``prose.<check>.<resource>.<row>``)."""
    for finding in findings:
        yield finding.describe(lang), finding.name


def cross_statement_items(checks: Sequence[Check], lang: Lang) -> Iterator[tuple[Check, str, str]]:
    """Each cross-statement check (:mod:`budgetlib.checks.collection`) that did not pass, with its status
    and its sentence in ``lang``: what the later statement states, what the two publish."""
    from budgetlib.analysis.collection.panel import UNIT, UNIT_EN

    lang = check_lang(lang)
    unit = {"zh": UNIT, "en": UNIT_EN}[lang]
    for check in checks:
        if check.status == "pass":
            continue
        values = {**check.values, "department": check.values[f"department_{lang}"], "unit": unit}
        sentence = say("collection.finding", lang, **values, measure=check.values[f"measure_{lang}"],
                       status=check.status)  # fmt: skip
        yield check, say(f"audit.status_{check.status}", lang), sentence
