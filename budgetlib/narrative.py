"""The notebooks' prose, written from computed values so it changes when the data does.

Each function takes analysis frames (or the facts, or the audit) and a language and
returns Markdown. Amounts read as 万元 in Chinese and as whole yuan in English
(1 万元 = CNY 10,000, so the two decimals of 万元 are exact in yuan).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from budgetlib.audit import Check
from budgetlib.charts import Lang

AUDIT_STATUS = {"zh": {"warn": "警告", "fail": "不符"}, "en": {"warn": "warning", "fail": "failed"}}


def amount(value: float, lang: Lang, *, signed: bool = False) -> str:
    """An amount in 万元 written for prose.

    >>> amount(193.79, "zh", signed=True), amount(193.79, "en", signed=True), amount(-5.39, "en", signed=True)
    ('+193.79万元', '+CNY 1,937,900', '−CNY 53,900')
    """
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ("−" if value < 0 else "")
    if lang == "zh":
        return f"{sign}{abs(value):.2f}万元"
    return f"{sign}CNY {abs(value) * 10000:,.0f}"


def pct(value: float, *, signed: bool = False) -> str:
    """A percentage written for prose.

    >>> pct(29.043, signed=True), pct(-2.78, signed=True), pct(61.1749)
    ('+29.04%', '−2.78%', '61.17%')
    """
    return (f"{value:+.2f}%" if signed else f"{value:.2f}%").replace("-", "−")


def _by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.set_index(frame[column].astype(str))


def headline(facts: dict[str, Any], lang: Lang) -> str:
    """The briefing's opening paragraph, from :func:`budgetlib.facts.facts`."""
    base, year = facts["base_year"], facts["fiscal_year"]
    values = {
        "department": facts["department"] if lang == "zh" else facts["department_en"],
        "base": base,
        "year": year,
        "total_base": amount(facts[f"total_{base}"], lang),
        "total": amount(facts[f"total_{year}"], lang),
        "change": amount(facts["total_change"], lang, signed=True),
        "change_pct": pct(facts["total_change_pct"], signed=True),
        "basic_share_base": pct(facts[f"basic_share_{base}_pct"]),
        "basic_share": pct(facts[f"basic_share_{year}_pct"]),
        "procurement": amount(facts["procurement_total"], lang),
        "top_item": facts["procurement_top_item"] if lang == "zh" else facts["procurement_top_item_en"],
        "top_amount": amount(facts["procurement_top_amount"], lang),
        "top_share": pct(facts["procurement_top_share_pct"]),
        "hhi": f"{facts['procurement_hhi']:,.0f}",
        "tables": facts["project_target_tables"],
        "indicators": facts["project_indicators"],
        "department_indicators": facts["department_indicators"],
    }
    if lang == "zh":
        return (
            "{department}{year}年预算支出{total}，比{base}年的{total_base}增加{change}（{change_pct}）。"
            "基本支出占总支出的比重从{basic_share_base}升至{basic_share}。"
            "政府采购预算{procurement}，其中“{top_item}”一项{top_amount}，占{top_share}"
            "（赫芬达尔指数{hhi}，满分10,000）。"
            "绩效信息包括{tables}张项目绩效目标表、{indicators}个项目指标和{department_indicators}个部门整体指标。"
        ).format(**values)
    return (
        "The {department} budgets {total} for {year}, {change} ({change_pct}) on {base}'s {total_base}. "
        "Basic spending rose from {basic_share_base} to {basic_share} of the total. "
        "Government procurement comes to {procurement}, of which one line, “{top_item}”, is {top_amount} "
        "({top_share}; Herfindahl–Hirschman index {hhi} of 10,000). "
        "The performance information has {tables} project target tables with {indicators} indicators, "
        "and {department_indicators} department-level indicators."
    ).format(**values)


def year_over_year(yoy: pd.DataFrame, lang: Lang) -> str:
    """What changed between the two years, from :func:`budgetlib.analysis.year_over_year`."""
    rows = _by(yoy, "spending_type")
    total, basic, project = rows.loc["total"], rows.loc["basic"], rows.loc["project"]
    values = {
        "base": int(total["base_year"]),
        "year": int(total["year"]),
        "total_base": amount(total["amount_base"], lang),
        "total": amount(total["amount"], lang),
        "change": amount(total["change"], lang, signed=True),
        "change_pct": pct(total["change_pct"], signed=True),
        "basic_change": amount(basic["change"], lang, signed=True),
        "basic_change_pct": pct(basic["change_pct"], signed=True),
        "basic_contribution": pct(basic["contribution_pct"]),
        "project_change": amount(project["change"], lang, signed=True),
        "project_change_pct": pct(project["change_pct"], signed=True),
        "project_contribution": pct(project["contribution_pct"], signed=True),
    }
    if lang == "zh":
        return (
            "总支出从{base}年的{total_base}增至{year}年的{total}，变化{change}（{change_pct}）。"
            "基本支出变化{basic_change}（{basic_change_pct}），贡献了总增量的{basic_contribution}；"
            "项目支出变化{project_change}（{project_change_pct}），贡献{project_contribution}。"
        ).format(**values)
    return (
        "Total spending went from {total_base} in {base} to {total} in {year}, a change of {change} ({change_pct}). "
        "Basic spending changed by {basic_change} ({basic_change_pct}), {basic_contribution} of the total change; "
        "project spending changed by {project_change} ({project_change_pct}), contributing {project_contribution}."
    ).format(**values)


def spending_split(split: pd.DataFrame, earmarked: pd.DataFrame, lang: Lang) -> str:
    """The basic/project balance each year and the earmarked items, from the analyses of the same names."""
    years = sorted(split["year"].unique())
    basic = split[split["spending_type"].astype(str) == "basic"].set_index("year")["share_pct"]
    items = _by(earmarked, "item")
    operating = items.loc["operating_costs"] if "operating_costs" in items.index else None
    three_public = earmarked[earmarked["item"] != "operating_costs"]
    values = {
        "base": years[0],
        "year": years[-1],
        "basic_base": pct(basic[years[0]]),
        "basic": pct(basic[years[-1]]),
        "project_base": pct(100 - basic[years[0]]),
        "project": pct(100 - basic[years[-1]]),
        "operating": amount(operating["amount"], lang) if operating is not None else "—",
        "operating_total": pct(operating["share_of_total_pct"]) if operating is not None else "—",
        "operating_basic": pct(operating["share_of_basic_pct"]) if operating is not None else "—",
        "three_public": amount(three_public["amount"].sum(), lang),
    }
    if lang == "zh":
        return (
            "基本支出占总支出的比重由{base}年的{basic_base}变为{year}年的{basic}，项目支出相应由{project_base}变为{project}。"
            "机关运行经费{operating}，占总支出{operating_total}、基本支出{operating_basic}；"
            "“三公”经费合计{three_public}。"
        ).format(**values)
    return (
        "Basic spending was {basic_base} of the total in {base} and {basic} in {year}; "
        "project spending went from {project_base} to {project}. "
        "Operating costs are {operating}, {operating_total} of total and {operating_basic} of basic spending; "
        "the three public expenses come to {three_public}."
    ).format(**values)


def procurement(concentration: pd.Series, lines: pd.DataFrame, by_category: pd.DataFrame, lang: Lang) -> str:
    """How concentrated procurement is, from the procurement analyses."""
    top = lines.iloc[0]
    services = by_category.iloc[0]
    values = {
        "total": amount(concentration["total"], lang),
        "lines": int(concentration["lines"]),
        "top_item": top[f"project_{lang}"],
        "top_amount": amount(top["amount"], lang),
        "top_share": pct(concentration["top1_share_pct"]),
        "top3_share": pct(concentration["top3_share_pct"]),
        "hhi": f"{concentration['hhi']:,.0f}",
        "of_project": pct(concentration["top_line_share_of_project_spending_pct"]),
        "of_total": pct(concentration["top_line_share_of_total_spending_pct"]),
        "all_of_project": pct(concentration["share_of_project_spending_pct"]),
        "category": services[f"name_{lang}"],
        "category_share": pct(services["share_pct"]),
    }
    if lang == "zh":
        return (
            "政府采购预算共{lines}条明细、合计{total}。最大一条“{top_item}”{top_amount}，占采购总额的{top_share}，"
            "相当于项目支出的{of_project}、总支出的{of_total}；前三条合计占{top3_share}，赫芬达尔指数{hhi}。"
            "按品目类别，{category}类占{category_share}。采购总额相当于项目支出的{all_of_project}。"
        ).format(**values)
    return (
        "Procurement has {lines} lines totalling {total}. The largest, “{top_item}”, is {top_amount}: "
        "{top_share} of procurement, {of_project} of project spending and {of_total} of all spending. "
        "The top three lines hold {top3_share}; the Herfindahl–Hirschman index is {hhi}. "
        "By catalogue category, {category} take {category_share}. "
        "All procurement equals {all_of_project} of project spending."
    ).format(**values)


def asset_mix(mix: pd.DataFrame, vehicles: pd.DataFrame, lang: Lang) -> str:
    """The fixed-asset mix, where the stated shares disagree, and the vehicles beside their budget line."""
    parts = []
    for row in mix.itertuples(index=False):
        name = row.category_zh if lang == "zh" else row.category_en
        if lang == "zh":
            parts.append(f"{name}{amount(row.amount, lang)}（{pct(row.share_pct)}，文中为{pct(row.stated_share_pct)}）")
        else:
            parts.append(
                f"{name.lower()} {amount(row.amount, lang)} ({pct(row.share_pct)}; stated {pct(row.stated_share_pct)})"
            )
    differing = mix[(mix["difference_pp"].abs() >= 0.005)]
    vehicle = vehicles.iloc[0] if len(vehicles) else None
    total = amount(mix["amount"].sum(), lang)
    if lang == "zh":
        prose = f"固定资产合计{total}：" + "；".join(parts) + "。"
        if len(differing):
            prose += f"文中所列占比有{len(differing)}项与按金额计算的不符。"
        if vehicle is not None:
            prose += (
                f"单位有车辆{vehicle['vehicles']:.0f}辆、价值{amount(vehicle['vehicle_value'], lang)}，"
                f"而“三公”经费中的公务用车购置及运维费为{amount(vehicle['vehicle_expenses'], lang)}。"
            )
        return prose
    prose = f"Fixed assets total {total}: " + "; ".join(parts) + "."
    if len(differing):
        prose += f" {len(differing)} of the stated shares do not match the shares the values give."
    if vehicle is not None:
        value, expenses = amount(vehicle["vehicle_value"], lang), amount(vehicle["vehicle_expenses"], lang)
        prose += (
            f" The bureau holds {vehicle['vehicles']:.0f} vehicles worth {value}, "
            f"while the official-vehicle line of the three public expenses is {expenses}."
        )
    return prose


def audit_findings(checks: list[Check], lang: Lang) -> str:
    """What the audit found: a count, then each warning and failure as a list item."""
    counts = {status: sum(c.status == status for c in checks) for status in ("pass", "warn", "fail")}
    if lang == "zh":
        lines = [f"共{len(checks)}项核对：{counts['pass']}项相符，{counts['warn']}项警告，{counts['fail']}项不符。"]
    else:
        lines = [f"{len(checks)} checks: {counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail."]
    flagged = [c for c in checks if c.status != "pass"]
    if flagged:
        lines.append("")
    for c in flagged:
        status = AUDIT_STATUS[lang][c.status]
        if lang == "zh":
            lines.append(f"- **{status}** `{c.name}`：应为 {c.expected}，实为 {c.found}")
        else:
            lines.append(f"- **{status}** `{c.name}`: {c.description}; expected {c.expected}, found {c.found}")
    return "\n".join(lines)


def performance(
    every: pd.DataFrame, findings: pd.DataFrame, shared: pd.DataFrame, differences: pd.DataFrame, lang: Lang
) -> str:
    """The review of the performance targets, from the functions of :mod:`budgetlib.performance`."""
    project = every[every["scope"] == "project"]
    department = every[every["scope"] == "department"]
    counts = findings["finding"].value_counts()
    quantitative = int((project["target_kind"] == "quantitative").sum())
    values = {
        "tables": project["table_no"].nunique(),
        "indicators": len(project),
        "goals": department["table_no"].nunique(),
        "department": len(department),
        "quantitative": quantitative,
        "quantitative_pct": pct(100 * quantitative / len(project)) if len(project) else "—",
        "qualitative": int((project["target_kind"] == "qualitative").sum()),
        "number_only": int((every["target_kind"] == "number_only").sum()),
        "over_100": int(counts.get("percent_over_100", 0)),
        "adverse": int(counts.get("adverse_rate", 0)),
        "unit": int(counts.get("unit_mismatch", 0)),
        "shared": len(shared),
        "shared_different": int((~shared["same_target"]).sum()) if len(shared) else 0,
        "differences": len(differences),
        "different_goals": differences["goal_no"].nunique() if len(differences) else 0,
    }
    if lang == "zh":
        return (
            "共有{tables}张项目绩效目标表、{indicators}个项目指标，{goals}个部门分项目标下有{department}个指标。"
            "项目指标中{quantitative}个（{quantitative_pct}）为定量目标（比较符、数值和单位俱全），{qualitative}个为定性目标；"
            "另有{number_only}个目标只有数值没有单位。"
            "{over_100}个目标为“≥100%”，无法超额完成；{adverse}个事故或故障率目标不合理；{unit}个目标的单位与指标名称不符。"
            "{shared}个指标在多张项目表中逐字重复（其中{shared_different}个目标值不同）。"
            "部门整体目标与对应项目表在{different_goals}个分项目标中有{differences}处目标不一致。"
        ).format(**values)
    return (
        "There are {tables} project target tables with {indicators} indicators, and {department} indicators under "
        "{goals} department-level goals. Of the project indicators, {quantitative} ({quantitative_pct}) are "
        "quantitative (operator, number and unit) and {qualitative} qualitative; targets with a number but no unit: "
        "{number_only}. {over_100} targets of “≥100%” cannot be exceeded; {adverse} accident or failure rate "
        "targets make no sense as written; {unit} targets have a unit that disagrees with the indicator's name. "
        "{shared} indicators are copied verbatim across project tables ({shared_different} of them with different "
        "targets). The department goals and their project tables disagree on {differences} targets under "
        "{different_goals} goals."
    ).format(**values)
