"""The prose of a package, for the wording checks (:mod:`budgetlib.checks.prose`): every text with its
place, and the years, names and changes the checks compare it with.

A text is read as printed; :func:`folded` turns its full-width letters, digits and marks into ASCII
one character for one, so a position in the folded text is a position in the text, and
:func:`sentences` and :func:`clauses` cut it where a reader pauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from budgetlib.analysis.measures import fiscal_year
from budgetlib.checks.audit import HALF_CENT
from budgetlib.datapackage import Budget
from budgetlib.words.wording import Lang, say

_FOLD = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}  # ！…～ and the ideographic space
NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{NUMERALS}]+)、")
_SUBSECTION = re.compile(rf"（([{NUMERALS}]+)）")
_SENTENCE_END = re.compile(r"[。!?]")
_CLAUSE_END = re.compile(r"[;:、。!?]|(?<!\d),|,(?!\d)")  # a comma between digits separates thousands
SIGNS = {"up": 1, "down": -1, "flat": 0}
# Where the texts of a kind are counted together when their heading has no numbered section.
GROUPS = {"duty": "duties", "reason": "reasons", "purpose": "purposes", "goal": "goals",
          "project_table": "project_tables", "glossary": "glossary_terms"}  # fmt: skip


def folded(text: str) -> str:
    """``text`` with full-width letters, digits and marks as ASCII, one character for one.

    >>> folded("预算（略）：８６１．０４万元，")
    '预算(略):861.04万元,'
    """
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Place:
    """Where a text is: a kind (the wording ``prose_check.place.<kind>``) and what names it there."""

    kind: str
    values: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: Lang) -> str:
        """The place in words.

        >>> Place("duty", {"item": 1}).describe("en"), Place("page", {"page": 7}).describe("zh")
        ('duty 1', '第7页')
        """
        return say(f"prose_check.place.{self.kind}", lang, **self.values)

    @property
    def key(self) -> tuple[str, str]:
        """The place as a key: two texts with the same key are in the same place."""
        return self.kind, repr(sorted(self.values.items()))


@dataclass(frozen=True)
class Text:
    """One prose text: the table and row it is in, the words as printed, its place, the section it
    is counted in (half-width marks, units), the scope its figures are compared within, and for a
    reason the sign of the change it explains (1, −1, 0; None for any other text)."""

    resource: str
    row: str
    text: str
    place: Place
    section: Place
    scope: str
    change: int | None = None


@dataclass(frozen=True)
class Change:
    """A change the package states: its name (Chinese, English), sign and amount (万元; None where only
    a rate or a word is given), its reason ("" for none), whether it is a total, its topic, the
    table and row that hold it, where it is stated and its sentence ("" where a table holds it)."""

    name: str
    name_en: str
    sign: int
    amount: float | None
    reason: str
    is_total: bool
    topic: str
    resource: str
    row: str
    place: Place
    sentence: str = ""


@dataclass(frozen=True)
class Context:
    """What the checks compare a package's texts with: its fiscal and base years, the registered
    names of the department and each unit (one tuple each, full name first), its stated changes."""

    fiscal_year: int
    base_year: int
    names: list[tuple[str, ...]]
    changes: list[Change]


def _filled(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _names(record: dict[str, Any], column: str) -> dict[str, str]:
    """A row's name in Chinese and in English (the Chinese where it has no English)."""
    name, english = record[f"{column}_zh"], record.get(f"{column}_en")
    return {"name": name, "name_en": english if _filled(english) else name}


def whole(value: object) -> int | str:
    """A number of a page, paragraph or row as a whole number, or "" where the row leaves it blank."""
    return "" if value is None or pd.isna(value) else int(value)


def _sign(value: object) -> int | None:
    """The sign of an amount at the printed precision (None for none)."""
    if value is None or pd.isna(value):
        return None
    return 0 if abs(float(value)) < HALF_CENT else (1 if float(value) > 0 else -1)


def section_place(heading: object) -> Place:
    """The numbered section a heading opens ("五、预算绩效信息…" → section 五), else the heading."""
    heading = "" if pd.isna(heading) else str(heading)
    numeral = _SECTION.match(heading)
    return Place("section", {"section": numeral.group(1)} if numeral else {"heading": heading})


def paragraph_place(heading: object, paragraph: object) -> Place:
    """A paragraph of the statement's text: its section, subsection ("（四）") and number."""
    heading = "" if pd.isna(heading) else str(heading)
    numeral, sub = _SECTION.match(heading), _SUBSECTION.search(heading)
    return Place(
        "paragraph",
        {
            "section": numeral.group(1) if numeral else "",
            "sub": f"（{sub.group(1)}）" if numeral and sub else "",
            "paragraph": whole(paragraph),
        },
    )


def _counted_in(record: dict[str, Any], place: Place) -> Place:
    """The section a text is counted in: the numbered section of its heading, else all the texts of
    its kind (the duties, the glossary)."""
    heading = record.get("source_section")
    if isinstance(heading, str) and _SECTION.match(heading):
        return section_place(heading)
    return Place(GROUPS[place.kind], {}) if place.kind in GROUPS else place


@dataclass(frozen=True)
class _Column:
    """A column of prose: its table and column, how its rows are placed and named, and optionally
    the section its texts are counted in, the scope of their figures and the change they explain."""

    resource: str
    column: str
    place: Callable[[dict[str, Any]], Place]
    row: Callable[[dict[str, Any]], str]
    section: Callable[[dict[str, Any]], Place] | None = None
    scope: str | None = None
    change: Callable[[dict[str, Any]], int | None] | None = None


def _page(record: dict[str, Any]) -> Place:
    return Place("page", {"page": whole(record["source_page"])})


COLUMNS = (
    _Column("statement_text", "text_zh", lambda r: paragraph_place(r["source_section"], r["paragraph_no"]),
            lambda r: f"{r['section']}/{r['paragraph_no']}", scope="statement_text"),
    _Column("responsibilities", "duty_zh", lambda r: Place("duty", {"item": whole(r["item_no"])}),
            lambda r: str(r["item_no"])),
    _Column("budget_changes", "reason_zh", lambda r: Place("reason", _names(r, "spending_type")),
            lambda r: f"{r['base_year']}/{r['spending_type']}", change=lambda r: _sign(r["change_10k_cny"])),
    _Column("operating_costs", "purpose_zh", lambda r: Place("purpose", _names(r, "item")),
            lambda r: f"{r['year']}/{r['item_zh']}"),
    _Column("department_goals", "objective_zh", lambda r: Place("goal", {"goal": whole(r["goal_no"])}),
            lambda r: str(r["goal_no"])),
    _Column("project_target_tables", "objective_zh", lambda r: Place("project_table", {"table": whole(r["table_no"])}),
            lambda r: str(r["table_no"])),
    _Column("glossary", "definition_zh", lambda r: Place("glossary", {"term": r["term_zh"]}),
            lambda r: str(r["item_no"])),
    _Column("project_pages", "purpose_zh",
            lambda r: Place("project_page", {"page": whole(r["source_page"]), "project": r["project_zh"]}),
            lambda r: f"{r['project_no']}/purpose", section=_page),
    _Column("project_pages", "budget_text_zh",
            lambda r: Place("project_page", {"page": whole(r["source_page"]), "project": r["project_zh"]}),
            lambda r: f"{r['project_no']}/budget", section=_page),
    _Column("organisation", "text_zh", _page, lambda r: str(r["unit_no"]), section=_page),
)  # fmt: skip


def texts(budget: Budget) -> list[Text]:
    """Every prose text of ``budget``: the title, then the columns of :data:`COLUMNS` the package has
    (the stated figures' sentences before the project pages), each row whose text is not blank."""
    found: list[Text] = []
    title = (budget.descriptor.get("sources") or [{}])[0].get("title") or budget.descriptor.get("title", "")
    if title:
        found.append(Text("title", "1", title, Place("title"), Place("title"), "title"))
    stated = COLUMNS.index(next(c for c in COLUMNS if c.resource == "project_pages"))
    for column in COLUMNS[:stated]:
        found += _column_texts(budget, column)
    found += _stated_texts(budget)
    for column in COLUMNS[stated:]:
        found += _column_texts(budget, column)
    return found


def _column_texts(budget: Budget, column: _Column) -> Iterator[Text]:
    if not budget.has(column.resource) or column.column not in budget[column.resource]:
        return
    for record in budget[column.resource].to_dict("records"):
        if not _filled(record[column.column]):
            continue
        place, row = column.place(record), column.row(record)
        section = column.section(record) if column.section else _counted_in(record, place)
        change = column.change(record) if column.change else None
        scope = column.scope or f"{column.resource}/{row}"
        yield Text(column.resource, row, record[column.column], place, section, scope, change)


def _stated_texts(budget: Budget) -> Iterator[Text]:
    """The sentences of the stated figures, each once (several figures share a sentence), and the
    reasons the reader took from another sentence, each with the sign of its figure's change."""
    if not budget.has("stated_figures"):
        return
    seen = set()
    for record in budget.stated_figures.to_dict("records"):
        page, number = _page(record), record["figure_no"]
        sentence, reason = record["sentence_zh"], record["reason_zh"]
        if _filled(sentence) and sentence not in seen:
            seen.add(sentence)
            yield Text("stated_figures", str(number), sentence, page, page, f"stated_figures/{number}")
        if _filled(reason) and not (_filled(sentence) and reason in sentence) and reason not in seen:
            seen.add(reason)
            where = Place("stated_reason", {"page": whole(record["source_page"]), "label": record["label_zh"]})
            scope = f"stated_figures/{number}/reason"
            yield Text(
                "stated_figures", f"{number}/reason", reason, where, page, scope, SIGNS.get(str(record["change"]))
            )


def context(budget: Budget) -> Context:
    """The years, names and changes the checks of ``budget`` compare its texts with. The base year is
    the budget overview's year before the fiscal year, else the year before."""
    year = fiscal_year(budget)
    years = budget.budget_overview["year"] if budget.has("budget_overview") else []
    base = max((int(y) for y in years if y < year), default=year - 1)
    return Context(year, base, registered_names(budget), changes(budget))


def registered_names(budget: Budget) -> list[tuple[str, ...]]:
    """The names of the department and each of its units as the package registers them, one tuple
    per unit, its full name first: ``units`` (with the descriptor's department joined to its row),
    the descriptor's department, ``organisation``."""
    names: list[tuple[str, ...]] = []
    if budget.has("units"):
        for row in budget.units.itertuples(index=False):
            names.append(tuple(n for n in (row.unit_name_zh, row.unit_short_name_zh) if _filled(n)))
    department = budget.descriptor.get("department", {})
    own = tuple(n for n in (department.get("name_zh"), department.get("short_name_zh")) if _filled(n))
    same = next((i for i, unit in enumerate(names) if own and unit and unit[0] == own[0]), None)
    if same is not None:
        names[same] = tuple(dict.fromkeys(names[same] + own))
    elif own:
        names.insert(0, own)
    if budget.has("organisation"):
        names += [(name,) for name in budget.organisation["unit_zh"] if _filled(name)]
    return [unit for unit in names if unit]


def changes(budget: Budget) -> list[Change]:
    """The changes the package states: those of ``budget_changes`` and ``three_public_expenses`` (the
    narrative form), with the reasons the first gives; the stated figures' (the national form)."""
    found = []
    tables = (("budget_changes", "spending_type", "change_10k_cny", "budget"),
              ("three_public_expenses", "item", "change_from_previous_year_10k_cny", "three_public"))  # fmt: skip
    for resource, column, change, topic in tables:
        if not budget.has(resource) or change not in budget[resource]:
            continue
        for row in budget[resource].to_dict("records"):
            sign = _sign(row[change])
            if sign is None:
                continue
            names, reason = _names(row, column), row.get("reason_zh")
            found.append(
                Change(
                    names["name"],
                    names["name_en"],
                    sign,
                    abs(float(row[change])),
                    reason if _filled(reason) else "",
                    bool(row.get("is_total", False)),
                    topic,
                    resource,
                    str(row[column]),
                    Place("change", names),
                )
            )
    if budget.has("stated_figures"):
        for row in budget.stated_figures.to_dict("records"):
            if str(row["change"]) not in SIGNS:
                continue
            amount = None if pd.isna(row["change_amount"]) else float(row["change_amount"])
            found.append(
                Change(
                    row["label_zh"],
                    row["label_zh"],
                    SIGNS[str(row["change"])],
                    amount,
                    row["reason_zh"] if _filled(row["reason_zh"]) else "",
                    False,
                    str(row["topic"]),
                    "stated_figures",
                    str(row["figure_no"]),
                    _page(row),
                    row["sentence_zh"],
                )
            )
    return found


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between the matches of ``pattern``, each with its mark."""
    pieces, begin = [], start
    for match in pattern.finditer(text, start, end):
        pieces.append((begin, match.end()))
        begin = match.end()
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end), each with its full stop.

    >>> sentences("甲增加。乙减少！")
    [(0, 4), (4, 8)]
    """
    return _spans(_SENTENCE_END, folded(text), 0, len(text))


def clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]``: cut after commas (not those of 1,720.00), 、, ；, ：, 。.

    >>> [("甲，乙、1,720.00万元；"[a:b]) for a, b in clauses("甲，乙、1,720.00万元；")]
    ['甲，', '乙、', '1,720.00万元；']
    """
    return _spans(_CLAUSE_END, folded(text), start, len(text) if end is None else end)


def excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``, at most ``width`` characters on either
    side of it, a cut end marked "…".

    >>> excerpt("第一句。这里有预算预算两字，后面还有很多很多字。", 7, 11, width=4)
    '这里有预算预算两字，后…'
    """
    flat = folded(text)
    begin = max((m.end() for m in _SENTENCE_END.finditer(flat, 0, start)), default=0)
    stop = next((m.end() for m in _SENTENCE_END.finditer(flat, end)), len(text))
    left, right = max(begin, start - width), min(stop, end + width)
    return ("…" if left > begin else "") + text[left:right] + ("…" if right < stop else "")


def unique(places: Sequence[Place]) -> list[Place]:
    """``places`` without repeats, in order."""
    return list({place.key: place for place in places}.values())
