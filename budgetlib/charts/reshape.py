"""The shapes the charts draw, worked out once for the figure and the slide alike: the parts and
total of the change, the waterfall's steps, the split's shares, the procurement bars (the
smallest grouped), the target values' counts and the disagreements as rows of text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from budgetlib.words import formatting
from budgetlib.words.wording import Lang, say


def parts_and_total(yoy: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The rows of the parts of spending, and the row of the total."""
    kinds = yoy["spending_type"].astype(str)
    return yoy[kinds != "total"], yoy[kinds == "total"].iloc[0]


@dataclass(frozen=True)
class Waterfall:
    """A bridge from the base year's total to the latest year's: the steps' names (the base
    total, each part, the latest total), each part's change, the base of each step's bar (0 for
    the totals; the level before a rise, the level after a fall) and the level each step ends at
    (where a connector runs to the next), in the package's unit."""

    names: list[str]
    base_total: float
    total: float
    changes: list[float]
    bottoms: list[float]
    levels: list[float]


def waterfall(yoy: pd.DataFrame, lang: Lang) -> Waterfall:
    """The waterfall of ``yoy`` (from :func:`budgetlib.analysis.year_over_year`) in ``lang``."""
    parts, total = parts_and_total(yoy)
    base_total, latest = float(total["amount_base"]), float(total["amount"])
    changes = [float(c) for c in parts["change"]]
    names = [
        say("chart.total_in", lang, year=int(total["base_year"])),
        *parts[f"spending_type_{lang}"].astype(str),
        say("chart.total_in", lang, year=int(total["year"])),
    ]
    level, bottoms, levels = base_total, [0.0], [base_total]
    for change in changes:
        bottoms.append(level if change >= 0 else level + change)
        level += change
        levels.append(level)
    bottoms.append(0.0)
    return Waterfall(names, base_total, latest, changes, bottoms, levels)


def split_shares(split: pd.DataFrame, lang: Lang) -> tuple[list[Any], pd.DataFrame, pd.Series]:
    """The years in order, each kind of spending's share of each year (kinds by years), and the kinds' names."""
    years = sorted(split["year"].unique())
    shares = split.pivot_table(index="spending_type", columns="year", values="share_pct", observed=True)
    names = split.drop_duplicates("spending_type").set_index("spending_type")[f"spending_type_{lang}"]
    return years, shares, names


def line_names(lines: pd.DataFrame, lang: Lang, first: int | None = None) -> list[str]:
    """Procurement lines by their project, with the item where a project has several lines (and
    the quantity where it has several of the same item); the ``first`` lines only, when given."""
    projects, items = lines[f"project_{lang}"].astype(str), lines[f"item_{lang}"].astype(str)
    several = projects.duplicated(keep=False)
    repeated = (projects + items).duplicated(keep=False)
    named = slice(0, first)
    quantities = [formatting.number(q, 0 if float(q).is_integer() else 2) for q in lines["quantity"].iloc[named]]
    return [
        say("chart.line_name", lang, project=p, item=i if s else None, quantity=q if r else None, measure=m)
        for p, i, q, m, s, r in zip(
            projects.iloc[named], items.iloc[named], quantities, lines[f"measure_unit_{lang}"].iloc[named],
            several.iloc[named], repeated.iloc[named], strict=True,
        )
    ]  # fmt: skip


MAX_BARS = 6  # more lines than this and the smallest are grouped into one bar


Bars = tuple[list[str], list[float], list[float]]  # names, amounts and shares of sorted bars


def largest_and_rest(names: list[str], amounts: list[float], shares: list[float], rest: str, lang: Lang) -> Bars:
    """Sorted bars (largest first) as a chart can label them: past :data:`MAX_BARS` the smallest are
    grouped into one last bar, named by the wording ``rest`` (filled with ``count``, how many)."""
    if len(names) <= MAX_BARS:
        return names, amounts, shares
    keep = MAX_BARS - 1
    grouped = say(rest, lang, count=len(names) - keep)
    return [*names[:keep], grouped], [*amounts[:keep], sum(amounts[keep:])], [*shares[:keep], sum(shares[keep:])]


def line_bars(lines: pd.DataFrame, lang: Lang) -> Bars:
    """The bars' names, amounts and shares: the lines largest first, the smallest grouped into
    one bar when there are more than :data:`MAX_BARS`."""
    names = line_names(lines, lang, MAX_BARS) + [""] * max(len(lines) - MAX_BARS, 0)  # only the shown are named
    return largest_and_rest(names, lines["amount"].tolist(), lines["share_pct"].tolist(), "chart.other_lines", lang)


def threshold_counts(distribution: pd.DataFrame) -> pd.DataFrame:
    """Indicators per percentage target value (rows, ascending) and scope (columns: project, department)."""
    counts = distribution.pivot_table(
        index="target_value", columns="scope", values="indicators", aggfunc="sum", fill_value=0
    ).sort_index()
    return counts.reindex(columns=[c for c in ("project", "department") if c in counts.columns])


TABLE_COLUMNS = ("goal", "table", "indicator", "department_target", "project_target", "differs")


TABLE_WIDTHS = (0.30, 0.07, 0.30, 0.11, 0.11, 0.11)


def consistency_rows(differences: pd.DataFrame, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """The department-vs-project disagreements as header and rows of text in ``lang``,
    for the page's table and the figure's alike."""
    header = [say(f"table.consistency.{c}", lang) for c in TABLE_COLUMNS]
    rows = [
        [
            str(row[f"goal_{lang}"]),
            str(row["table_no"]),
            str(row[f"project_indicator_{lang}"]),
            str(row["department_target"]),
            str(row["project_target"]),
            say("table.consistency.differs_in", lang, parts=row["differs_in"].split(", ")),
        ]
        for _, row in differences.iterrows()
    ]
    return header, rows


TABLE_ROWS_SHOWN = 20  # a figure or slide of the disagreements shows this many rows at most


def rows_shown(rows: list[list[str]], lang: Lang) -> list[list[str]]:
    """The rows a figure or a slide of a table shows: all of them up to :data:`TABLE_ROWS_SHOWN`,
    else the first ones and a last row saying how many more the page's table lists."""
    if len(rows) <= TABLE_ROWS_SHOWN:
        return rows
    keep = TABLE_ROWS_SHOWN - 1
    more = say("table.more_rows", lang, count=len(rows) - keep)
    return [*rows[:keep], [more, *[""] * (len(rows[0]) - 1)]]


def largest_first(mix: pd.DataFrame) -> pd.DataFrame:
    """The asset categories, the largest computed share first."""
    return mix.sort_values("share_pct", ascending=False, ignore_index=True)
