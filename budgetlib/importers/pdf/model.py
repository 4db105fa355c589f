"""The data a statement PDF yields: plain dataclasses, no behaviour.

Amounts stay text exactly as printed, normalised only by dropping thousands
separators and spaces ("371,514,655.00" -> "371514655.00"); a blank cell is
``None``, never zero. Every row and figure says the page it came from, so a
person can find it in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrgUnit:
    """One unit the 机构设置 section lists: the name as printed and its whole item."""

    name: str
    text: str
    page: int


@dataclass
class Metadata:
    """Who, when and what kind: from the cover, the table sub-titles and 机构设置."""

    department: str | None
    fiscal_year: int | None
    kind: str | None  # "department" (部门预算) or "unit" (单位预算)
    title: str | None  # the cover title as printed
    units: list[OrgUnit] = field(default_factory=list)
    unit_counts: dict[str, int] = field(default_factory=dict)  # {"行政单位": 1, "事业单位": 4, ...}
    page_count: int = 0


@dataclass
class Row:
    """One printed table row (one side of it, in a two-sided summary table).

    ``cells`` maps canonical column keys to printed text: amounts normalised,
    names and code parts as printed, ``None`` for a blank. The classification
    fields are filled where the row has a code: ``code`` is the full code in
    digits ("2011301"), ``code_parts`` the parts as printed (("201", "13",
    "01")), ``level`` 1 类 / 2 款 / 3 项, ``parent_code`` the code one level up.
    ``page`` and ``line`` locate the row: ``line`` is the 1-based row of the
    table's grid on that page, header rows included, as a person counts them.
    """

    cells: dict[str, str | None]
    page: int
    line: int
    is_total: bool = False
    side: str | None = None  # "income" / "spending" in two-sided summary tables
    name: str | None = None
    code: str | None = None
    code_parts: tuple[str, ...] = ()
    level: int | None = None
    parent_code: str | None = None


@dataclass
class Table:
    """One national table, joined over its pages.

    ``columns`` lists the canonical keys in printed order (``name``, code parts
    ``code_class``/``code_item``/``code_subitem`` or ``code``, then amount keys
    such as ``total``, ``basic``, ``project``); in a two-sided summary table the
    income side's keys come first and each key appears once. ``header_text``
    keeps the printed header of each key (its header path joined by " / ");
    ``amount_columns`` says which keys hold amounts.
    """

    kind: str
    title: str
    pages: list[int]
    unit: str | None  # "元" or "万元" (or another printed unit such as "千元")
    columns: list[str]
    rows: list[Row]
    empty_note: str | None = None
    header_text: dict[str, str] = field(default_factory=dict)
    amount_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    strategy: str = "ruled"  # "ruled" (cell borders) or "words" (word positions)


@dataclass(frozen=True)
class Figure:
    """A figure the explanatory notes state, with the sentence it came from.

    ``topic`` groups figures: "budget" (收入/支出 totals and sources in 编制说明),
    "functional_item" (财政拨款支出主要内容 items), "change_reason",
    "three_public", "operating_costs", "procurement", "performance", "assets",
    "assets_planned". ``measure`` is a canonical key where the wording is known
    (e.g. "income_total", "overseas_travel", "goods"), else the printed label;
    ``label`` is the wording as printed. Amounts are text in ``unit`` (万元 in
    the prose). ``change`` is "increase", "decrease" or "flat" against
    ``compared_with`` (e.g. "2024年预算执行数"); ``details`` holds the rest
    (counts, thresholds, dates, previous-year amounts, purposes).
    """

    topic: str
    measure: str
    label: str
    amount: str | None
    unit: str | None
    sentence: str
    page: int
    change: str | None = None
    change_amount: str | None = None
    change_unit: str | None = None
    compared_with: str | None = None
    reason: str | None = None
    count: str | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GlossaryEntry:
    """One 名词解释 entry."""

    term: str
    definition: str
    page: int


@dataclass
class Project:
    """One 项目经费情况说明 page: the project named by the page title."""

    name: str | None
    page: int
    amount: str | None  # 年度预算安排, 万元, where the text states one amount
    unit: str | None
    purpose: str | None  # 项目概述 / 项目概况
    budget_text: str | None  # the 年度预算安排 text as printed
    sections: dict[str, str] = field(default_factory=dict)  # every numbered part, by its heading


@dataclass
class Prose:
    """What the explanatory sections say."""

    figures: list[Figure] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    organisation: str | None = None
    glossary: list[GlossaryEntry] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    headings: dict[str, tuple[str, int]] = field(default_factory=dict)  # section kind -> (heading as printed, page)


@dataclass(frozen=True)
class Notice:
    """Something a person should look at: what, where, and for which table."""

    message: str
    page: int | None = None
    table: str | None = None


@dataclass(frozen=True)
class TableFound:
    """A line of the report: a national table and where it was read."""

    kind: str
    title: str
    pages: list[int]
    rows: int
    empty: bool
    unit: str | None


@dataclass
class Report:
    """What was found, what was not, and what needs a person's eye."""

    found: list[TableFound] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)


@dataclass
class Statement:
    """Everything read from one statement PDF."""

    path: str
    metadata: Metadata
    tables: list[Table]
    prose: Prose
    report: Report

    def table(self, kind: str) -> Table | None:
        """Return the table of ``kind``, or ``None`` when the statement lacks it."""
        for table in self.tables:
            if table.kind == kind:
                return table
        return None
