"""The building blocks of report pages: tables formatted for reading, as HTML and as text.

A notebook cell whose value is a :class:`Block` shows as HTML in JupyterLab and in the
reports, and as plain text anywhere else: never as a pandas repr. Every word comes from
``budgetlib/words/wording/<lang>/pages.toml``, every number from :mod:`budgetlib.words.formatting`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say

NUMERIC = {"amount", "pct", "pp", "count", "number"}
ROWS_SHOWN = 100  # rows of a table a page shows; the figures' CSV files hold every row


@dataclass(frozen=True)
class Block:
    """A piece of a page: HTML for notebooks and reports, plain text for everything else."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: Any, kind: str, lang: Lang, column: str = "") -> str:
    """One value as a reader writes it: ``kind`` is text, bool, code (a coded value of
    ``column``, in words: the wording ``value.<column>_<code>``), amount, pct, pp, count or number."""
    if kind == "bool":
        return say("page.yes" if bool(value) else "page.no", lang)
    if kind == "code":
        return say(f"value.{column}_{value}", lang)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return formatting.MISSING
    if kind == "amount":
        return formatting.amount(float(value))
    if kind == "pct":
        return formatting.pct(float(value))
    if kind == "pp":
        return formatting.pp(float(value))
    if kind == "count":
        return formatting.count(float(value))
    if kind == "number":
        return formatting.number(float(value))
    return str(value)


def absent(what: str, lang: Lang) -> Block:
    """What the statement does not give, said where a table or a chart of it would be (the wording
    ``absent.<what>``): a notebook shows this instead of failing or drawing an empty chart.

    >>> absent("glossary", "en").text
    'The statement has no glossary (名词解释).'
    """
    sentence = say(f"absent.{what}", check_lang(lang))
    return Block(f'<p class="absent">{escape(sentence)}</p>', sentence)


def prose(*paragraphs: str) -> Block:
    """Paragraphs of prose (from :mod:`budgetlib.words.narrative`) as a block: each an escaped
    ``<p>``, so a name from the data that holds markup shows as the text it is.

    >>> prose("Spending on <b>x</b> rose.").html
    '<p class="prose">Spending on &lt;b&gt;x&lt;/b&gt; rose.</p>'
    """
    page = "".join(f'<p class="prose">{escape(paragraph)}</p>' for paragraph in paragraphs if paragraph)
    return Block(page, "\n\n".join(paragraph for paragraph in paragraphs if paragraph))


def grid(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None) -> Block:
    """Header and rows of text as a reader table (no index, long text wrapped)."""
    numeric = list(numeric or [False] * len(header))

    def cls(i: int) -> str:
        return ' class="num"' if numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    page = f'<table class="reader"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    text = "\n".join("\t".join(map(str, row)) for row in [header, *rows])
    return Block(page, text)


def _column(frame: pd.DataFrame, name: str, lang: Lang) -> pd.Series:
    """Column ``name``, or ``name_<lang>`` when the frame holds the name in each language."""
    if f"{name}_{lang}" in frame:
        return frame[f"{name}_{lang}"]
    return frame[name]


def _words(frame: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    values: dict[str, Any] = {"unit": frame.attrs.get(f"unit_{lang}", "")}
    for column, key in (("base_year", "base"), ("year", "year")):
        if column in frame and len(frame):
            values[key] = int(frame[column].iloc[0])
    return values


def table(
    frame: pd.DataFrame, columns: Mapping[str, str], lang: Lang, *, headers: Mapping[str, str] | None = None
) -> Block:
    """``frame`` as a table for reading.

    ``columns`` maps each column to show to its kind (text, bool, code, amount, pct, pp,
    count, number); a name without language suffix takes the ``_zh``/``_en`` column of ``lang``.
    Headers come from the wording ``column.<name>`` (or the key given in ``headers``). A page
    shows at most :data:`ROWS_SHOWN` rows: past them, a last row says how many more there are.

    >>> frame = pd.DataFrame({"name_zh": ["甲"], "name_en": ["A"], "amount": [1937.9], "share_pct": [61.17]})
    >>> table(frame, {"name": "text", "amount": "amount", "share_pct": "pct"}, "en")
    Name	Amount ()	Share
    A	1,937.90	61.2%
    >>> table(pd.DataFrame({"scope": ["project"], "indicators": [63]}), {"scope": "code", "indicators": "count"}, "en")
    Scope	Indicators
    Project tables	63
    """
    lang = check_lang(lang)
    if frame.attrs.get("absent"):
        return absent(frame.attrs["absent"], lang)
    return grid(*cells(frame, columns, lang, headers=headers))


def cells(
    frame: pd.DataFrame, columns: Mapping[str, str], lang: Lang, *, headers: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]], list[bool]]:
    """The header, rows and numeric columns of :func:`table`, as text: for a page's table and a
    document's alike.

    >>> cells(pd.DataFrame({"rank": [1], "amount": [160.0]}), {"rank": "count", "amount": "amount"}, "en")
    (['Rank', 'Amount ()'], [['1', '160.00']], [True, True])
    """
    lang = check_lang(lang)
    words = _words(frame, lang)
    headers = headers or {}
    header = [say(headers.get(name, f"column.{name}"), lang, **words) for name in columns]
    shown = frame.head(ROWS_SHOWN) if len(frame) > ROWS_SHOWN else frame
    values = [_column(shown, name, lang).tolist() for name in columns]
    kinds = list(columns.values())
    names = list(columns)
    rows = [[_cell(v, kinds[i], lang, names[i]) for i, v in enumerate(row)] for row in zip(*values, strict=True)]
    if len(frame) > ROWS_SHOWN:
        rows.append([say("page.more_rows", lang, count=len(frame) - ROWS_SHOWN), *[""] * (len(columns) - 1)])
    return header, rows, [kind in NUMERIC for kind in kinds]


def measures(series: pd.Series, kinds: Mapping[str, str], lang: Lang, *, frame_attrs: Mapping | None = None) -> Block:
    """A Series of named measures (such as the procurement concentration) as a two-column table."""
    lang = check_lang(lang)
    words = {"unit": (frame_attrs or series.attrs).get(f"unit_{lang}", "")}
    rows = [[say(f"concentration.{key}", lang, **words), _cell(series[key], kind, lang)] for key, kind in kinds.items()]
    return grid([say("column.metric", lang), say("column.value", lang)], rows, [False, True])
