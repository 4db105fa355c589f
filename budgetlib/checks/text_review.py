"""The statement's text against its tables: what the prose says, beside the tables that hold it.

The statement states figures and items in words (an objective's count, what the
procurement budget is for, what the bureau plans to buy, amounts in a paragraph) and
again in its tables. The review's rules, each named:

- ``objective_count``: a count an objective states ("at least 1 session") that no
  indicator of the same table or goal sets in that unit; the closest indicator in that
  unit is the other side.
- ``purpose_not_procured``: an item the procurement prose names (``procurement_purposes``)
  that no procurement line buys; the lines of its catalogue category are the other side.
- ``procured_not_stated``: a procurement line that buys nothing the prose names (left out
  when an unmatched item of its category already says so).
- ``planned_not_procured``: a planned purchase (``planned_asset_purchases``) in no
  procurement line.
- ``prose_amount``: an amount (万元) or share (%) a paragraph states that no table row of
  the same section holds.

Nothing here names a project or an item: units come from the indicators' targets, category
words from ``catalogue_categories``, and items are matched by their names. Findings are
warnings: the statement is published as it is, and the data keep what it says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.analysis.matching import normalized, same_item, similarity
from budgetlib.checks.audit import HALF_CENT
from budgetlib.datapackage import Budget

FINDINGS = ("objective_count", "purpose_not_procured", "procured_not_stated", "planned_not_procured", "prose_amount")
COLUMNS = [
    "finding", "subject_zh", "subject_en", "stated", "stated_zh",
    "stated_in", "stated_row", "stated_section",
    "held", "held_zh", "held_en", "held_in", "held_rows", "held_section", "category_zh", "category_en",
]  # fmt: skip
AT_LEAST = re.compile(r"至少|不少于|不低于|以上")
AT_MOST = re.compile(r"至多|最多|不超过|不多于|以内|以下")
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*万")
_SHARE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%")
_CLAUSES = re.compile(r"[。；;！!,，]|(?<![\d.])\d+、")


def stated_counts(text: str, units: Iterable[str]) -> list[tuple[str, str, float, str]]:
    """The counts a text states in ``units``: (the clause up to the count, operator, value, unit) each.

    >>> stated_counts("1、提高水平。2、计划至少举办2次讲座。", ["次", "人次"])
    [('计划至少举办2次', '≥', 2.0, '次')]
    """
    units = sorted({u for u in units if u and u != "%"}, key=len, reverse=True)
    if not units:
        return []
    pattern = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(map(re.escape, units)) + ")")
    found = []
    for clause in filter(None, (c.strip() for c in _CLAUSES.split(normalized(text)))):
        for match in pattern.finditer(clause):
            operator = "≥" if AT_LEAST.search(clause) else "≤" if AT_MOST.search(clause) else "="
            found.append((clause[: match.end()], operator, float(match.group(1)), match.group(2)))
    return found


def review(budget: Budget) -> pd.DataFrame:
    """Every place where the statement's text says something its tables do not hold.

    One row per finding: ``finding`` (see the module), ``subject_zh``/``subject_en``
    (what it is about), ``stated`` (the figure or item as the text gives it),
    ``stated_zh`` (the words), ``stated_in``/``stated_row``/``stated_section`` (the
    table, row and section of the text), ``held`` (what the table holds),
    ``held_zh``/``held_en``, ``held_in``/``held_rows``/``held_section`` (the table,
    rows and section or table title of the other side; ``held_rows`` empty when no row
    holds it), and ``category_zh``/``category_en`` (an unmatched purpose's catalogue
    category, when its name gives one).

    >>> from budgetlib import load
    >>> found = review(load())
    >>> found[["finding", "stated_in", "stated_row", "held_in", "held_rows"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['objective_count', 'project_target_tables', '13', 'project_indicators', '13/1'],
     ['purpose_not_procured', 'procurement_purposes', '2020/2', 'procurement_lines', '8'],
     ['planned_not_procured', 'planned_asset_purchases', '2020/1', 'procurement_lines', ''],
     ['planned_not_procured', 'planned_asset_purchases', '2020/2', 'procurement_lines', '']]
    """
    groups = [
        (
            _objective_counts,
            ("project_target_tables", "project_indicators", "department_goals", "department_indicators"),
        ),
        (_procurement_purposes, ("procurement_lines", "procurement_purposes", "catalogue_categories")),
        (_planned_purchases, ("planned_asset_purchases", "procurement_lines", "catalogue_categories")),
        (_prose_amounts, ("statement_text",)),
    ]
    applied = [group for group, tables in groups if budget.has(*tables)]
    rows = [row for group in applied for row in group(budget)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {name: i for i, name in enumerate(FINDINGS)}
    frame = frame.sort_values("finding", key=lambda s: s.map(order), kind="stable", ignore_index=True)
    frame = with_source(frame, budget)
    frame.attrs["reviewed"] = len(applied)  # how many of the comparisons the package's tables allow
    return frame


def _row(finding: str, **values: object) -> dict[str, object]:
    return {column: values.get(column, "") for column in COLUMNS} | {"finding": finding}


def _objective_counts(budget: Budget) -> Iterable[dict[str, object]]:
    for parents, indicators, key, name, indicator_name in (
        ("project_target_tables", "project_indicators", "table_no", "project", "indicator_zh"),
        ("department_goals", "department_indicators", "goal_no", "goal", "description_zh"),
    ):
        every = budget[indicators]
        units = every["target_unit"].dropna().astype(str)
        for parent in budget[parents].itertuples(index=False):
            number = getattr(parent, key)
            own = every[every[key] == number]
            for clause, operator, value, unit in stated_counts(parent.objective_zh, units):
                same_unit = own[own["target_unit"] == unit]
                if same_unit.empty or (same_unit["target_value"] == value).any():
                    continue
                scores = [(similarity(clause, getattr(i, indicator_name)), i) for i in same_unit.itertuples()]
                indicator = max(scores, key=lambda pair: pair[0])[1]
                indicator_en = getattr(indicator, "indicator_en", None) if name == "project" else None
                yield _row(
                    "objective_count",
                    subject_zh=getattr(parent, f"{name}_zh"),
                    subject_en=getattr(parent, f"{name}_en"),
                    stated=f"{operator.replace('=', '')}{value:g}{unit}",
                    stated_zh=clause,
                    stated_in=parents,
                    stated_row=str(number),
                    stated_section=parent.source_table if name == "project" else parent.source_section,
                    held=indicator.target_text,
                    held_zh=_indicator_name(getattr(indicator, indicator_name), indicator.description_zh),
                    held_en=indicator_en or getattr(indicator, indicator_name),
                    held_in=indicators,
                    held_rows=f"{number}/{indicator.indicator_no}",
                    held_section=indicator.source_table if name == "project" else indicator.source_section,
                )


def _indicator_name(name: str, description: str) -> str:
    """An indicator as named, with its description when that says more ("培训（培训次数）")."""
    return name if normalized(description) in (normalized(name), "") else f"{name}（{description}）"


def _categories(budget: Budget) -> pd.DataFrame:
    return budget.catalogue_categories.assign(category=lambda f: f["category"].astype(str))


def _lines_zh(lines: pd.DataFrame) -> str:
    return "、".join(f"{row.item_zh}（{row.catalogue_code}）" for row in lines.itertuples())


def _lines_en(lines: pd.DataFrame) -> str:
    return "; ".join(f"{row.item_en} ({row.catalogue_code})" for row in lines.itertuples())


def _procurement_purposes(budget: Budget) -> Iterable[dict[str, object]]:
    lines = budget.procurement_lines
    categories = _categories(budget)
    generic = categories["category_zh"].astype(str).tolist()
    category_of = lines["catalogue_code"].astype(str).str[0]
    matched_lines: set[int] = set()
    unmatched_categories: set[str] = set()
    for purpose in budget.procurement_purposes.itertuples(index=False):
        hits = [line.line_no for line in lines.itertuples() if same_item(purpose.purpose_zh, line.item_zh, generic)]
        matched_lines.update(hits)
        if hits:
            continue
        named = categories[[word in normalized(purpose.purpose_zh) for word in generic]]
        category = named["category"].iloc[0] if len(named) else None
        unmatched_categories.add(category)
        others = lines[category_of == category] if category else lines.iloc[0:0]
        yield _row(
            "purpose_not_procured",
            subject_zh=purpose.purpose_zh,
            subject_en=purpose.purpose_en,
            stated=purpose.purpose_zh,
            stated_zh=purpose.purpose_zh,
            stated_in="procurement_purposes",
            stated_row=f"{purpose.year}/{purpose.item_no}",
            stated_section=purpose.source_section,
            held=f"{others['amount_10k_cny'].sum():.2f}" if len(others) else "",
            held_zh=_lines_zh(others),
            held_en=_lines_en(others),
            held_in="procurement_lines",
            held_rows=", ".join(map(str, others["line_no"])),
            held_section=", ".join(sorted(set(others["source_table"].dropna()))),
            category_zh=named["category_zh"].iloc[0] if len(named) else "",
            category_en=named["category_en"].iloc[0] if len(named) else "",
        )
    if budget.procurement_purposes.empty:
        return
    for line in lines.itertuples(index=False):
        if line.line_no in matched_lines or str(line.catalogue_code)[0] in unmatched_categories:
            continue
        yield _row(
            "procured_not_stated",
            subject_zh=line.item_zh,
            subject_en=line.item_en,
            stated="",
            stated_in="procurement_purposes",
            stated_section=budget.procurement_purposes["source_section"].iloc[0],
            held=f"{line.amount_10k_cny:.2f}",
            held_zh=_lines_zh(lines[lines["line_no"] == line.line_no]),
            held_en=_lines_en(lines[lines["line_no"] == line.line_no]),
            held_in="procurement_lines",
            held_rows=str(line.line_no),
            held_section=line.source_table,
        )


def _planned_purchases(budget: Budget) -> Iterable[dict[str, object]]:
    lines = budget.procurement_lines
    generic = _categories(budget)["category_zh"].astype(str).tolist()
    for item in budget.planned_asset_purchases.itertuples(index=False):
        if any(same_item(item.item_zh, line, generic) for line in lines["item_zh"]):
            continue
        yield _row(
            "planned_not_procured",
            subject_zh=item.item_zh,
            subject_en=item.item_en,
            stated=f"{item.quantity:g}",
            stated_zh=f"{item.item_zh}{item.quantity:g}{item.measure_unit_zh}",
            stated_in="planned_asset_purchases",
            stated_row=f"{item.year}/{item.item_no}",
            stated_section=item.source_section,
            held_in="procurement_lines",
            held_section=", ".join(sorted(set(lines["source_table"].dropna()))),
        )


def section(heading: object) -> str:
    """The top-level section of a heading: the numeral before its first 、 ("六、…" → "六")."""
    return str(heading).split("、", 1)[0]


def _held_figures(budget: Budget) -> dict[str, tuple[list[float], list[float], list[str]]]:
    """For each top-level section: the amounts and shares its table rows hold, and the tables."""
    held: dict[str, tuple[list[float], list[float], list[str]]] = {}
    for name, frame in budget.tables.items():
        if name == "statement_text" or "source_section" not in frame:
            continue
        amounts = [c for c in frame if c.endswith("_10k_cny")]
        shares = [c for c in frame if c.endswith("_pct")]
        if not amounts and not shares:
            continue
        for numeral, rows in frame.groupby(frame["source_section"].map(section), sort=False):
            entry = held.setdefault(numeral, ([], [], []))
            entry[0].extend(rows[amounts].abs().stack().dropna().tolist())
            entry[1].extend(rows[shares].stack().dropna().tolist())
            entry[2].append(name)
    return held


def _prose_amounts(budget: Budget) -> Iterable[dict[str, object]]:
    held = _held_figures(budget)
    for paragraph in budget.statement_text.itertuples(index=False):
        amounts, shares, tables = held.get(section(paragraph.source_section), ([], [], []))
        text = normalized(paragraph.text_zh)
        for pattern, values, suffix in ((_AMOUNT, amounts, "万元"), (_SHARE, shares, "%")):
            for match in pattern.finditer(text):
                value = float(match.group(1))
                if any(abs(value - v) < HALF_CENT for v in values):
                    continue
                yield _row(
                    "prose_amount",
                    subject_zh=f"{match.group(1)}{suffix}",
                    subject_en=f"{match.group(1)}{suffix}",
                    stated=match.group(1) + ("%" if suffix == "%" else ""),
                    stated_zh=text[max(0, match.start() - 12) : match.end() + 2],
                    stated_in="statement_text",
                    stated_row=f"{paragraph.section}/{paragraph.paragraph_no}",
                    stated_section=paragraph.source_section,
                    held_in=", ".join(tables),
                    held_section=section(paragraph.source_section),
                )
