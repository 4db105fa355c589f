"""The performance targets (绩效目标) as data: every indicator in one frame, their mix, kinds and values.

Project indicators come from the project performance-target tables, department
indicators from the department-level goals. The review of their quality is
:mod:`budgetlib.checks.targets`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from budgetlib.analysis.common import with_source
from budgetlib.analysis.matching import normalized
from budgetlib.analysis.national import TARGET_TABLES, in_display_unit, needs, stated
from budgetlib.datapackage import Budget


def with_stated_projects(indicators: Callable[[Budget], pd.DataFrame]) -> Callable[[Budget], pd.DataFrame]:
    """Where the package has no target tables, the indicators' empty frame carries the count of projects
    with targets and their funds the notes state (``attrs["stated_projects"]``: count, amount in the
    display unit), for the page to say."""

    @functools.wraps(indicators)
    def every(budget: Budget) -> pd.DataFrame:
        frame = indicators(budget)
        figure = stated(budget, "projects_with_targets", "performance")
        if frame.attrs.get("absent") and figure is not None:
            funds = in_display_unit(budget, "stated_figures", "amount", float(figure["amount"]))
            frame.attrs["stated_projects"] = (int(figure["count"]), funds)
        return frame

    return every


def target_kind(operator: object, value: object, unit: object) -> str:
    """``quantitative`` (operator, number and unit), ``number_only`` (no unit) or ``qualitative`` (no number).

    >>> target_kind("≥", 90.0, "%"), target_kind("≥", 90.0, None), target_kind(None, None, None)
    ('quantitative', 'number_only', 'qualitative')
    """
    if pd.isna(value):
        return "qualitative"
    return "number_only" if pd.isna(unit) or unit == "" else "quantitative"


@with_stated_projects
@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=[
        "scope",
        "table_no",
        "indicator_no",
        "unit_code",
        "program_zh",
        "program_en",
        "level1_zh",
        "level1_en",
        "level2_zh",
        "level2_en",
        "name_zh",
        "name_en",
        "description_zh",
        "target_text",
        "target_operator",
        "target_value",
        "target_unit",
        "source_section",
        "source_table",
        "target_kind",
    ],
)
def indicators(budget: Budget) -> pd.DataFrame:
    """All indicators, project and department, in one tidy frame.

    Columns: ``scope`` (project, department), ``table_no`` (project table, or goal
    number for a department indicator), ``indicator_no``, ``unit_code`` (projects),
    ``program_zh``/``program_en`` (project or goal name), ``level1_zh``/``level1_en``,
    ``level2_zh``/``level2_en`` (projects), ``name_zh`` (level-3 name; for department
    indicators, their description), ``name_en`` (projects), ``description_zh``,
    ``target_text``, ``target_operator``, ``target_value``, ``target_unit``,
    ``target_kind`` and the provenance ``source_section``, ``source_table``.

    >>> from budgetlib import load
    >>> indicators(load())["scope"].value_counts().to_dict()
    {'project': 66, 'department': 34}
    """
    project = budget.project_indicators.merge(
        budget.project_target_tables[["table_no", "unit_code", "project_zh", "project_en"]], on="table_no"
    )
    project = pd.DataFrame(
        {
            "scope": "project",
            "table_no": project["table_no"],
            "indicator_no": project["indicator_no"],
            "unit_code": project["unit_code"],
            "program_zh": project["project_zh"],
            "program_en": project["project_en"],
            "level1_zh": project["level1_zh"].astype(str),
            "level1_en": project["level1_en"].astype(str),
            "level2_zh": project["level2_zh"].astype(str),
            "level2_en": project["level2_en"].astype(str),
            "name_zh": project["indicator_zh"],
            "name_en": project["indicator_en"],
            "description_zh": project["description_zh"],
            "target_text": project["target_text"],
            "target_operator": project["target_operator"].astype(object),
            "target_value": project["target_value"],
            "target_unit": project["target_unit"],
            "source_section": project["source_section"],
            "source_table": project["source_table"],
        }
    )
    goals = budget.department_goals[["goal_no", "goal_zh", "goal_en"]]
    department = budget.department_indicators.merge(goals, on="goal_no")
    department = pd.DataFrame(
        {
            "scope": "department",
            "table_no": department["goal_no"],
            "indicator_no": department["indicator_no"],
            "unit_code": None,
            "program_zh": department["goal_zh"],
            "program_en": department["goal_en"],
            "level1_zh": department["level1_zh"],
            "level1_en": None,
            "level2_zh": None,
            "level2_en": None,
            "name_zh": department["description_zh"],
            "name_en": None,
            "description_zh": department["description_zh"],
            "target_text": department["target_text"],
            "target_operator": department["target_operator"].astype(object),
            "target_value": department["target_value"],
            "target_unit": department["target_unit"],
            "source_section": department["source_section"],
            "source_table": department["source_section"],
        }
    )
    frame = pd.concat([project, department], ignore_index=True)
    frame["target_kind"] = [
        target_kind(o, v, u)
        for o, v, u in zip(frame["target_operator"], frame["target_value"], frame["target_unit"], strict=True)
    ]
    return with_source(frame, budget)


@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=["table_no", "project_zh", "project_en", "level1_zh", "level1_en", "level2_zh", "level2_en", "indicators"],
)
def indicator_mix(budget: Budget) -> pd.DataFrame:
    """Indicators per project table by level-1 and level-2 indicator.

    Columns: ``table_no``, ``project_zh``, ``project_en``, ``level1_zh``/``_en``,
    ``level2_zh``/``_en``, ``indicators`` (count). Level-2 categories keep their order.

    >>> from budgetlib import load
    >>> mix = indicator_mix(load())
    >>> int(mix["indicators"].sum()), mix.query("table_no == 15")["indicators"].tolist()
    (66, [4, 1, 1])
    """
    rows = budget.project_indicators.merge(budget.project_target_tables[["table_no", "project_zh", "project_en"]])
    keys = ["table_no", "project_zh", "project_en", "level1_zh", "level1_en", "level2_zh", "level2_en"]
    frame = rows.groupby(keys, observed=True, sort=True).size().rename("indicators").reset_index()
    return with_source(frame, budget)


@needs(*TARGET_TABLES, what="performance_targets", columns=["scope", "target_kind", "indicators", "share_pct"])
def target_kinds(budget: Budget) -> pd.DataFrame:
    """How many targets are quantitative, a number without a unit, or qualitative, per scope.

    Columns: ``scope``, ``target_kind``, ``indicators``, ``share_pct`` (of the scope).

    >>> from budgetlib import load
    >>> kinds = target_kinds(load())
    >>> for row in kinds[["scope", "target_kind", "indicators"]].values.tolist():
    ...     print(*row)
    project quantitative 63
    project qualitative 3
    department quantitative 33
    department number_only 1
    """
    frame = indicators(budget)
    counts = frame.groupby(["scope", "target_kind"], sort=False).size().rename("indicators").reset_index()
    counts["share_pct"] = 100 * counts["indicators"] / counts.groupby("scope")["indicators"].transform("sum")
    return with_source(counts, budget)


@needs(
    *TARGET_TABLES,
    what="performance_targets",
    columns=["target", "target_operator", "target_value", "scope", "indicators"],
)
def threshold_distribution(budget: Budget) -> pd.DataFrame:
    """How often each percentage target occurs (e.g. "≥90%"), per scope.

    Columns: ``target`` (operator and value, as "≥90%"; a bare value has no sign),
    ``target_operator``, ``target_value``, ``scope``, ``indicators``, sorted by value.
    """
    frame = indicators(budget)
    percent = frame[frame["target_unit"] == "%"].copy()
    sign = percent["target_operator"].replace("=", "")
    percent["target"] = sign + percent["target_value"].map(lambda v: f"{v:g}") + "%"
    counts = (
        percent.groupby(["target", "target_operator", "target_value", "scope"], sort=False)
        .size()
        .rename("indicators")
        .reset_index()
        .sort_values(["target_value", "target_operator", "scope"], ignore_index=True)
    )
    return with_source(counts, budget)


@needs(
    *TARGET_TABLES,
    "procurement_lines",
    what="performance_targets",
    columns=[
        "table_no",
        "project_zh",
        "project_en",
        "project_budget_10k_cny",
        "procurement",
        "indicators",
        "quantitative",
        "targets",
    ],
)
def project_budgets(budget: Budget) -> pd.DataFrame:
    """Project tables whose budget the procurement table gives, beside their targets.

    Columns: ``table_no``, ``project_zh``, ``project_en``, ``project_budget_10k_cny``
    (万元, as printed on the procurement lines), ``procurement`` (万元, the project's
    procurement), ``indicators``, ``quantitative`` (count) and ``targets`` (the
    project's targets, joined by " / "). Matched by the project's name.

    >>> from budgetlib import load
    >>> budgets = project_budgets(load())
    >>> budgets["table_no"].tolist(), budgets["project_budget_10k_cny"].tolist()
    ([3, 5, 11, 12, 15], [1.0, 1.0, 9.68, 3.0, 160.0])
    """
    lines = budget.procurement_lines.assign(key=budget.procurement_lines["project_zh"].map(normalized))
    budgets = lines.groupby("key").agg(
        project_budget_10k_cny=("project_budget_10k_cny", "first"), procurement=("amount_10k_cny", "sum")
    )
    tables = budget.project_target_tables.assign(key=budget.project_target_tables["project_zh"].map(normalized))
    matched = tables.merge(budgets.reset_index(), on="key")
    every = indicators(budget)
    every = every[every["scope"] == "project"]
    summary = every.groupby("table_no").agg(
        indicators=("indicator_no", "size"),
        quantitative=("target_kind", lambda kinds: int((kinds == "quantitative").sum())),
        targets=("target_text", " / ".join),
    )
    frame = matched.merge(summary.reset_index(), on="table_no")[
        [
            "table_no",
            "project_zh",
            "project_en",
            "project_budget_10k_cny",
            "procurement",
            "indicators",
            "quantitative",
            "targets",
        ]
    ]
    return with_source(frame.sort_values("table_no", ignore_index=True), budget)


def projects_with_targets(budget: Budget) -> float:
    """How many projects have performance targets (绩效目标): the bundled form's project target tables,
    or the count the national form's notes state; NaN where the statement gives neither."""
    if budget.has("project_target_tables"):
        return float(len(budget.project_target_tables))
    figure = stated(budget, "projects_with_targets", "performance")
    return float("nan") if figure is None or pd.isna(figure["count"]) else float(figure["count"])
