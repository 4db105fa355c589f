"""The national tables on a page: as the statement prints them, in its unit, names in the page's
language (a name budgetlib's reference has no English for is shown in Chinese, marked †)."""

from __future__ import annotations

import pandas as pd

from budgetlib.analysis.national import printed_rows
from budgetlib.datapackage import Budget
from budgetlib.pages.blocks import Block, absent, grid
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say

PARTS = {"function_spending": ("total", "basic", "project"), "economic_basic": ("total", "personnel", "public")}
UNTRANSLATED = "†"


def national_table(budget: Budget, resource: str, table: str | None, lang: Lang) -> Block:
    """``resource`` (``function_spending`` with its ``table``, or ``economic_basic``) as printed: code,
    name, and each amount column in the table's own unit, the total row last; or, where the statement
    does not print it, a sentence saying so."""
    lang = check_lang(lang)
    kind = table or "basic_economic"
    rows = printed_rows(budget, resource, table)
    if rows.attrs.get("absent") or rows.empty:
        return absent(kind, lang)
    unit = rows.attrs[f"unit_{lang}"]
    header = [say("column.code", lang), say("column.name", lang)]
    header += [say(f"national.column.{part}", lang, unit=unit) for part in PARTS[resource]]
    # A name without English is shown in Chinese on an English page, marked.
    rows = rows.assign(
        shown_zh=rows["name_zh"], shown_en=rows["name_en"].where(rows["translated"], rows["name_zh"] + UNTRANSLATED)
    )
    body = [
        [_code(row["code"]), row[f"shown_{lang}"], *(_amount(row[part]) for part in PARTS[resource])]
        for _, row in rows.iterrows()
    ]
    block = grid(header, body, [False, False, True, True, True])
    if not rows["translated"].all():
        note = say("national.untranslated", lang, mark=UNTRANSLATED)
        return Block(block.html + f'<p class="note">{note}</p>', block.text + "\n" + note)
    return block


def _code(code: object) -> str:
    return "" if not isinstance(code, str) else code


def _amount(value: object) -> str:
    """An amount as printed, or an empty cell where the statement prints none."""
    return "" if pd.isna(value) else formatting.amount(value)
