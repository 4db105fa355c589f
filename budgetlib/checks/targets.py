"""The review of the performance targets' quality (绩效目标), each rule named:

- ``percent_over_100``: a percentage target of ≥100% (or above 100): it cannot be
  exceeded, so it is really "exactly 100%".
- ``adverse_rate``: a rate of accidents or failures (事故率, 故障率) that the target asks
  to be at least something, or allows up to 10% or more.
- ``unit_mismatch``: the target's unit disagrees with the unit the indicator's name
  gives, in brackets (``(个)`` but "≥3次") or by being a rate (率) without a %.
- ``shared_indicators``: the same indicator, description verbatim, in several project
  tables (copied indicator sets).
- ``department_vs_project``: a department-level goal and the project table for the same
  work setting different targets for the same indicator. Goals and tables are paired,
  and indicators within a pair matched, by the similarity of their Chinese names.

Every finding lists the rows that show it and the table they come from.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.analysis.matching import BRACKETS, normalized, similarity
from budgetlib.analysis.national import TARGET_TABLES, needs
from budgetlib.analysis.performance import indicators
from budgetlib.datapackage import Budget

ADVERSE_RATE = re.compile(r"事故率|故障率")


ADVERSE_CEILING_PCT = 10.0  # an accident or failure rate allowed this high is no target


NAME_MATCH = 0.6  # similarity above which a department goal and a project table are the same work


INDICATOR_MATCH = 0.7  # similarity above which two indicators are the same indicator


FINDINGS = {
    "percent_over_100": ("目标≥100%，无法超额完成", "A target of ≥100% cannot be exceeded"),
    "adverse_rate": ("事故或故障率目标不合理", "An accident or failure rate target that makes no sense"),
    "unit_mismatch": ("目标单位与指标名称不符", "The target's unit disagrees with the indicator's name"),
}


def _expected_unit(name: str) -> str | None:
    """The unit an indicator's name implies: the bracketed unit, or % for a rate (率)."""
    bracket = BRACKETS.search(normalized(name))
    if bracket:
        return "%" if "%" in bracket.group(1) else bracket.group(1)
    return "%" if "率" in name else None


@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=[
        "finding",
        "finding_zh",
        "finding_en",
        "scope",
        "table_no",
        "indicator_no",
        "program_zh",
        "name_zh",
        "target_text",
        "expected",
        "source_table",
    ],
)
def target_findings(budget: Budget) -> pd.DataFrame:
    """Targets that cannot be exceeded, make no sense as written, or whose unit disagrees with the name.

    One row per finding and indicator: ``finding`` (``percent_over_100``,
    ``adverse_rate``, ``unit_mismatch``), ``finding_zh``, ``finding_en``, ``scope``,
    ``table_no``, ``indicator_no``, ``program_zh``, ``name_zh``, ``target_text``,
    ``expected`` (what the rule expected), ``source_table``.

    >>> from budgetlib import load
    >>> found = target_findings(load())
    >>> found["finding"].value_counts().to_dict()
    {'unit_mismatch': 4, 'percent_over_100': 3, 'adverse_rate': 3}
    """
    rows = []
    for row in indicators(budget).itertuples(index=False):
        value, unit, operator = row.target_value, row.target_unit, row.target_operator
        has_value = not pd.isna(value)
        if has_value and unit == "%" and (value > 100 or (value == 100 and operator in ("≥", ">"))):
            rows.append((row, "percent_over_100", "100%"))
        too_loose = operator in ("≥", ">") or (operator in ("<", "≤") and value >= ADVERSE_CEILING_PCT)
        if ADVERSE_RATE.search(row.name_zh) and has_value and too_loose:
            rows.append((row, "adverse_rate", f"<{ADVERSE_CEILING_PCT:g}%"))
        expected = _expected_unit(row.name_zh)
        shown_unit = None if pd.isna(unit) or unit == "" else unit
        if expected is not None and shown_unit != expected:
            rows.append((row, "unit_mismatch", expected))
    frame = pd.DataFrame(
        [
            {
                "finding": finding,
                "finding_zh": FINDINGS[finding][0],
                "finding_en": FINDINGS[finding][1],
                "scope": row.scope,
                "table_no": row.table_no,
                "indicator_no": row.indicator_no,
                "program_zh": row.program_zh,
                "name_zh": row.name_zh,
                "target_text": row.target_text,
                "expected": expected,
                "source_table": row.source_table,
            }
            for row, finding, expected in rows
        ],
        columns=[
            "finding", "finding_zh", "finding_en", "scope", "table_no", "indicator_no",
            "program_zh", "name_zh", "target_text", "expected", "source_table",
        ],
    )  # fmt: skip
    order = {name: i for i, name in enumerate(FINDINGS)}
    frame = frame.sort_values(
        ["finding", "scope", "table_no", "indicator_no"], key=lambda s: s.map(order) if s.name == "finding" else s
    )
    return with_source(frame.reset_index(drop=True), budget)


@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=["description_zh", "names_zh", "names_en", "tables", "table_nos", "targets", "same_target"],
)
def shared_indicators(budget: Budget) -> pd.DataFrame:
    """Indicators whose description appears verbatim in more than one project table.

    One row per shared indicator: ``description_zh``, ``names_zh`` (the names used,
    joined by " / "), ``tables`` (count), ``table_nos`` (e.g. "16, 19, 21"),
    ``targets`` (the distinct targets, joined by " / "), ``same_target`` (bool).

    >>> from budgetlib import load
    >>> shared_indicators(load())[["table_nos", "same_target"]].values.tolist()
    [['16, 19, 21', True], ['16, 19, 21', True], ['9, 17, 18', False], ['16, 21', True]]
    """
    rows = budget.project_indicators.assign(key=budget.project_indicators["description_zh"].map(normalized))
    groups = []
    for _, group in rows.groupby("key", sort=False):
        tables = sorted(set(group["table_no"]))
        if len(tables) < 2:
            continue
        targets = sorted(set(group["target_text"]))
        groups.append(
            {
                "description_zh": group["description_zh"].iloc[0],
                "names_zh": " / ".join(sorted(set(group["indicator_zh"]))),
                "names_en": " / ".join(sorted(set(group["indicator_en"]))),
                "tables": len(tables),
                "table_nos": ", ".join(map(str, tables)),
                "targets": " / ".join(targets),
                "same_target": len(targets) == 1,
            }
        )
    frame = pd.DataFrame(
        groups, columns=["description_zh", "names_zh", "names_en", "tables", "table_nos", "targets", "same_target"]
    )
    frame = frame.sort_values(["tables", "table_nos"], ascending=[False, True], ignore_index=True)
    return with_source(frame, budget)


@needs(
    *TARGET_TABLES, what="performance_targets", columns=["goal_no", "goal_zh", "table_no", "project_zh", "similarity"]
)
def goal_table_pairs(budget: Budget) -> pd.DataFrame:
    """Each department goal with the project table for the same work (the most similar name).

    Columns: ``goal_no``, ``goal_zh``, ``table_no``, ``project_zh``, ``similarity``;
    goals with no table similar enough (``NAME_MATCH``) are left out.

    >>> from budgetlib import load
    >>> goal_table_pairs(load())[["goal_no", "table_no"]].values.tolist()[:4]
    [[1, 15], [2, 10], [3, 9], [4, 17]]
    """
    tables = budget.project_target_tables
    pairs = []
    for goal in budget.department_goals.itertuples(index=False):
        scores = [(similarity(goal.goal_zh, t.project_zh), t.table_no, t.project_zh) for t in tables.itertuples()]
        score, table_no, project = max(scores, default=(0.0, None, None))
        if score >= NAME_MATCH:
            pairs.append(
                {
                    "goal_no": goal.goal_no,
                    "goal_zh": goal.goal_zh,
                    "table_no": table_no,
                    "project_zh": project,
                    "similarity": score,
                }
            )
    return pd.DataFrame(pairs, columns=["goal_no", "goal_zh", "table_no", "project_zh", "similarity"])


@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=[
        "goal_no",
        "goal_zh",
        "goal_en",
        "department_indicator_no",
        "department_description_zh",
        "department_target",
        "table_no",
        "project_zh",
        "project_en",
        "project_indicator_no",
        "project_indicator_zh",
        "project_indicator_en",
        "project_target",
        "differs_in",
        "department_source",
        "project_source",
    ],
)
def department_vs_project(budget: Budget) -> pd.DataFrame:
    """Indicators that a department goal and its project table both set, with different targets.

    One row per disagreement: ``goal_no``, ``goal_zh``, ``goal_en``,
    ``department_indicator_no``, ``department_description_zh``, ``department_target``,
    ``table_no``, ``project_zh``, ``project_en``, ``project_indicator_no``,
    ``project_indicator_zh``, ``project_indicator_en``, ``project_target``, ``differs_in``
    ("value", "operator", "unit", joined by ", "), and the two sources
    ``department_source`` and ``project_source``.

    >>> from budgetlib import load
    >>> rows = department_vs_project(load()).set_index("goal_no")
    >>> rows.loc[1, ["department_target", "project_target", "differs_in"]].tolist()
    ['≥98%', '≥90%', 'value']
    """
    department = budget.department_indicators
    project = budget.project_indicators
    goals = budget.department_goals.set_index("goal_no")
    tables = budget.project_target_tables.set_index("table_no")
    rows = []
    for pair in goal_table_pairs(budget).itertuples(index=False):
        candidates = project[project["table_no"] == pair.table_no]
        for d in department[department["goal_no"] == pair.goal_no].itertuples(index=False):
            scored = [
                (max(similarity(d.description_zh, p.indicator_zh), similarity(d.description_zh, p.description_zh)), p)
                for p in candidates.itertuples(index=False)
            ]
            if not scored:
                continue
            score, p = max(scored, key=lambda item: item[0])
            if score < INDICATOR_MATCH:
                continue
            differs = [
                part
                for part, a, b in (
                    ("value", d.target_value, p.target_value),
                    ("operator", d.target_operator, p.target_operator),
                    ("unit", d.target_unit, p.target_unit),
                )
                if not (pd.isna(a) and pd.isna(b)) and a != b
            ]
            if differs:
                rows.append(
                    {
                        "goal_no": pair.goal_no,
                        "goal_zh": pair.goal_zh,
                        "goal_en": goals.loc[pair.goal_no, "goal_en"],
                        "department_indicator_no": d.indicator_no,
                        "department_description_zh": d.description_zh,
                        "department_target": d.target_text,
                        "table_no": pair.table_no,
                        "project_zh": pair.project_zh,
                        "project_en": tables.loc[pair.table_no, "project_en"],
                        "project_indicator_no": p.indicator_no,
                        "project_indicator_zh": p.indicator_zh,
                        "project_indicator_en": p.indicator_en,
                        "project_target": p.target_text,
                        "differs_in": ", ".join(differs),
                        "department_source": d.source_section,
                        "project_source": p.source_table,
                    }
                )
    return with_source(pd.DataFrame(rows), budget)
