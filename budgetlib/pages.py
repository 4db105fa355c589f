"""The building blocks of report pages: headline tiles, tables formatted for reading, the
audit in sentences, and the index and figure-gallery pages of a build.

A notebook cell whose value is a :class:`Block` shows as HTML in JupyterLab and in the
reports, and as plain text anywhere else: never as a pandas repr. Every word comes from
``budgetlib/wording/<lang>/pages.toml``, every number from :mod:`budgetlib.formatting`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from budgetlib import formatting
from budgetlib.analysis import source_attrs
from budgetlib.audit import Check
from budgetlib.text_review import section
from budgetlib.wording import HTML_LANG, Lang, check_lang, say

NUMERIC = {"amount", "pct", "pp", "count", "number"}
SIZES = ("slide", "document")
FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Block:
    """A piece of a page: HTML for notebooks and reports, plain text for everything else."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _escape(value: object) -> str:
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


def grid(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None) -> Block:
    """Header and rows of text as a reader table (no index, long text wrapped)."""
    numeric = list(numeric or [False] * len(header))

    def cls(i: int) -> str:
        return ' class="num"' if numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{_escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{_escape(v)}</td>" for i, v in enumerate(row)) + "</tr>" for row in rows
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
    Headers come from the wording ``column.<name>`` (or the key given in ``headers``).

    >>> frame = pd.DataFrame({"name_zh": ["甲"], "name_en": ["A"], "amount": [1937.9], "share_pct": [61.17]})
    >>> table(frame, {"name": "text", "amount": "amount", "share_pct": "pct"}, "en")
    Name	Amount ()	Share
    A	1,937.90	61.2%
    >>> table(pd.DataFrame({"scope": ["project"], "indicators": [63]}), {"scope": "code", "indicators": "count"}, "en")
    Scope	Indicators
    Project tables	63
    """
    lang = check_lang(lang)
    words = _words(frame, lang)
    headers = headers or {}
    header = [say(headers.get(name, f"column.{name}"), lang, **words) for name in columns]
    values = [_column(frame, name, lang).tolist() for name in columns]
    kinds = list(columns.values())
    names = list(columns)
    rows = [[_cell(v, kinds[i], lang, names[i]) for i, v in enumerate(row)] for row in zip(*values, strict=True)]
    return grid(header, rows, [kind in NUMERIC for kind in kinds])


def measures(series: pd.Series, kinds: Mapping[str, str], lang: Lang, *, frame_attrs: Mapping | None = None) -> Block:
    """A Series of named measures (such as the procurement concentration) as a two-column table."""
    lang = check_lang(lang)
    words = {"unit": (frame_attrs or series.attrs).get(f"unit_{lang}", "")}
    rows = [[say(f"concentration.{key}", lang, **words), _cell(series[key], kind, lang)] for key, kind in kinds.items()]
    return grid([say("column.metric", lang), say("column.value", lang)], rows, [False, True])


def tile_cards(
    facts: Mapping[str, Any], lines: pd.DataFrame, checks: Sequence[Check], lang: Lang
) -> list[tuple[str, str, str, str]]:
    """The headline figures as four cards of (status, label, value, detail): total and change,
    basic share, the largest procurement line's share, the audit result; from
    :func:`budgetlib.facts`, :func:`budgetlib.analysis.procurement_lines` (the line's name in
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
        (
            "",
            say("tile.procurement_label", lang),
            say("tile.procurement_value", lang, share=facts["procurement_top_share_pct"])
            if top_item
            else formatting.MISSING,
            say(
                "tile.procurement_detail",
                lang,
                item=top_item,
                amount=facts["procurement_top_amount"],
                total=facts["procurement_total"],
                unit=unit,
            )
            if top_item
            else say("tile.procurement_none", lang),
        ),
        (
            "fail" if audit["failed"] else "warn" if audit["warned"] else "",
            say("tile.audit_label", lang),
            say("tile.audit_value", lang, **audit),
            say("tile.audit_detail", lang, **audit),
        ),
    ]


def tiles(facts: Mapping[str, Any], lines: pd.DataFrame, checks: Sequence[Check], lang: Lang) -> Block:
    """The headline figures as four tiles (see :func:`tile_cards`)."""
    cards = tile_cards(facts, lines, checks, lang)
    page = (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile {status}"><div class="label">{_escape(label)}</div>'
            f'<div class="value">{_escape(value)}</div><div class="detail">{_escape(detail)}</div></div>'
            for status, label, value, detail in cards
        )
        + "</div>"
    )
    text = "\n".join(f"{label}: {value} ({detail})" for _, label, value, detail in cards)
    return Block(page, text)


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
    return say("audit.generic", lang, description=check.description, expected=check.expected, found=check.found)


def audit_counts(checks: Sequence[Check]) -> dict[str, int]:
    """How many checks ran, passed, warned and failed: what the audit's wording is filled with."""
    counted = {status: sum(c.status == status for c in checks) for status in ("pass", "warn", "fail")}
    return {"checks": len(checks), "passed": counted["pass"], "warned": counted["warn"], "failed": counted["fail"]}


def flagged(checks: Sequence[Check], budget: Any, lang: Lang) -> Iterator[tuple[Check, str, str]]:
    """Each check that did not pass, with its status and its sentence in ``lang``."""
    unit = source_attrs(budget)[f"unit_{lang}"]
    for check in checks:
        if check.status != "pass":
            yield check, say(f"audit.status_{check.status}", lang), audit_sentence(check, budget, lang, unit)


def audit(checks: Sequence[Check], budget: Any, lang: Lang) -> Block:
    """What the audit found: a count, then each warning and failure as a sentence with
    expected and found. Each carries its check's name in ``<code class="check-id">``,
    which the full report shows and the briefing leaves out."""
    lang = check_lang(lang)
    summary = say("audit.summary", lang, **audit_counts(checks))
    items = []
    lines = [summary]
    for check, status, sentence in flagged(checks, budget, lang):
        items.append(
            f"<li><strong>{_escape(status)}</strong> {_escape(sentence)}"
            f' <code class="check-id">{_escape(check.name)}</code></li>'
        )
        lines.append(f"- {status}: {sentence} [{check.name}]")
    page = f"<p>{_escape(summary)}</p>" + (f'<ul class="audit">{"".join(items)}</ul>' if items else "")
    return Block(page, "\n".join(lines))


def target_findings(findings: pd.DataFrame, every: pd.DataFrame, lang: Lang) -> Block:
    """The target-quality findings as a table. A project indicator is named by its name in
    ``lang``; a department indicator, which the statement only describes in Chinese, by its
    goal's name in ``lang`` and its number (and, in Chinese, its description)."""
    lang = check_lang(lang)
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


def _page(lang: Lang, title: str, body: str) -> str:
    """A standalone page in the reports' look, nothing loaded from the network."""
    css = (Path(__file__).resolve().parent / "templates" / "offline" / "report.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{_escape(title)}</title>\n'
        f"<style>\nbody {{ font-family: var(--jp-content-font-family, system-ui, sans-serif); margin: 0; "
        f"font-size: 16px; line-height: 1.6; color: #1f2328; }}\n"
        f".gallery {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1.2rem; }}\n"
        f".gallery figure {{ margin: 0; border: 1px solid #d0d7de; padding: 0.6rem; }}\n"
        f".gallery img {{ width: 100%; height: auto; }}\n.gallery figcaption {{ font-size: 15px; }}\n"
        f"{css}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def index_page(
    reports: Sequence[tuple[str, str]], lang: Lang, *, department: str, year: int, data: str, other: str | None
) -> str:
    """``reports/<lang>/index.html``: each report (name, subject) with its briefing, the
    gallery, and the data package it was built from (its title, not a path)."""
    lang = check_lang(lang)
    words = {"department": department, "year": year, "data": data}
    items = "".join(
        "<li>"
        + say(
            "index.item",
            lang,
            subject=f'<a href="{_escape(name)}.briefing.html">{_escape(subject)}</a>',
            briefing=f'<a href="{_escape(name)}.briefing.html">{_escape(say("index.briefing", lang))}</a>',
            full=f'<a href="{_escape(name)}.html">{_escape(say("index.full", lang))}</a>',
        )
        + "</li>"
        for name, subject in reports
    )
    body = (
        f"<h1>{_escape(say('index.heading', lang, **words))}</h1>\n<p>{_escape(say('index.data', lang, **words))}</p>\n"
        f"<h2>{_escape(say('index.reports', lang))}</h2>\n<ul>{items}</ul>\n"
        f'<p><a href="../../figures/{lang}/index.html">{_escape(say("index.gallery", lang))}</a></p>\n'
        f'<p><a href="briefing.pptx">{_escape(say("index.deck", lang))}</a></p>\n'
    )
    if other:
        body += f'<p><a href="../{other}/index.html">{_escape(say("index.other_language", lang))}</a></p>\n'
    return _page(lang, say("index.title", lang, **words), body)


def chart_finding(png: Path) -> str:
    """The finding sentence a saved chart carries in its PNG metadata, or its file name."""
    from PIL import Image

    with Image.open(png) as image:
        return str(getattr(image, "text", {}).get("Description") or png.stem)


def gallery_page(folder: Path, lang: Lang, *, department: str, year: int, data: str) -> str:
    """``figures/<lang>/index.html``: every chart in ``folder`` as a thumbnail with its
    finding and links to each size and format, all relative."""
    lang = check_lang(lang)
    words = {"department": department, "year": year, "data": data}
    names = sorted({p.name.rsplit("-", 1)[0] for p in folder.glob("*-document.png")})
    figures = []
    for name in names:
        finding = chart_finding(folder / f"{name}-document.png")
        links = " · ".join(
            say(
                "gallery.files",
                lang,
                size=_escape(say(f"gallery.{size}", lang)),
                links=[f'<a href="{_escape(name)}-{size}.{fmt}">{fmt.upper()}</a>' for fmt in FORMATS],
            )
            for size in SIZES
        )
        figures.append(
            f'<figure><a href="{_escape(name)}-document.png"><img src="{_escape(name)}-document.png" '
            f'alt="{_escape(finding)}" loading="lazy"></a>'
            f"<figcaption>{_escape(finding)}<br>{links}</figcaption></figure>"
        )
    tables = sorted(p.name for p in folder.glob("*.csv"))
    table_links = "".join(f'<li><a href="{_escape(t)}">{_escape(t)}</a></li>' for t in tables)
    body = (
        f"<h1>{_escape(say('gallery.heading', lang))}</h1>\n<p>{_escape(say('gallery.intro', lang, **words))}</p>\n"
        f'<p><a href="../../reports/{lang}/index.html">{_escape(say("gallery.back", lang))}</a></p>\n'
        f'<div class="gallery">{"".join(figures)}</div>\n' + (f"<ul>{table_links}</ul>\n" if tables else "")
    )
    return _page(lang, say("gallery.title", lang, **words), body)


def remit(budget: Any, lang: Lang) -> Block:
    """The department's remit in a sentence: its name and the leading clause of each duty
    (``responsibilities``), for a page to open with."""
    lang = check_lang(lang)
    sentence = say(
        "review.remit",
        lang,
        department=source_attrs(budget)[f"department_{lang}"],
        duties=budget.responsibilities[f"summary_{lang}"].tolist(),
    )
    return Block(f'<p class="remit">{_escape(sentence)}</p>', sentence)


def review_sentence(finding: Mapping[str, Any], lang: Lang, unit: str) -> str:
    """One text-vs-table finding (a row of :func:`budgetlib.text_review.review`) in words."""
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


def text_review(findings: pd.DataFrame, lang: Lang) -> Block:
    """The text-vs-table findings as the audit shows its warnings: a count, then each in a
    sentence naming both sources, with an id (``text.<finding>.<row>``) for the full report."""
    lang = check_lang(lang)
    summary = say("review.summary", lang, count=len(findings))
    status = say("review.status", lang)
    items, lines = [], [summary]
    for sentence, name in review_items(findings, lang):
        items.append(f'<li>{_escape(sentence)} <code class="check-id">{_escape(name)}</code></li>')
        lines.append(f"- {status}: {sentence} [{name}]")
    page = f"<p>{_escape(summary)}</p>" + (f'<ul class="audit review">{"".join(items)}</ul>' if items else "")
    return Block(page, "\n".join(lines))


def review_items(findings: pd.DataFrame, lang: Lang) -> Iterator[tuple[str, str]]:
    """Each text-vs-table finding as its sentence in ``lang`` and its id (``text.<finding>.<row>``)."""
    unit = findings.attrs.get(f"unit_{lang}", "")
    for _, finding in findings.iterrows():
        row = str(finding["stated_row"] or finding["held_rows"]).replace("/", ".")
        yield review_sentence(finding, lang, unit), f"text.{finding['finding']}.{row}"


def glossary(budget: Any, lang: Lang) -> Block:
    """The statement's glossary (section 八) as a two-column table, in ``lang``."""
    lang = check_lang(lang)
    terms = budget.glossary
    rows = [[row[f"term_{lang}"], row[f"definition_{lang}"]] for _, row in terms.iterrows()]
    return grid([say("review.column.term", lang), say("review.column.definition", lang)], rows)
