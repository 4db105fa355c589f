"""The reports' prose, written from computed values so it changes when the data does.

Each function takes analysis frames and a language and returns Markdown. The sentences
are templates in ``budgetlib/words/wording/<lang>/prose.toml``; this module only computes the
values they are filled with (and which way each figure moved, so that a fall reads as a
fall and parts that move in opposite directions are said to). Numbers are written by
:mod:`budgetlib.words.formatting`, amounts in the data's unit, taken from the frames' ``attrs``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from budgetlib.analysis import hhi_band
from budgetlib.words import formatting
from budgetlib.words.wording import Lang, check_lang, say


def _unit(frame: pd.DataFrame, lang: Lang) -> str:
    return str(frame.attrs.get(f"unit_{lang}", ""))


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def year_over_year(yoy: pd.DataFrame, lang: Lang) -> str:
    """What changed between the two years, from :func:`budgetlib.analysis.year_over_year`.

    >>> from budgetlib import analysis, load
    >>> print(year_over_year(analysis.year_over_year(load()), "en"))
    Total spending rose by 193.79 (29.0%), from 667.25 in 2019 to 861.04 in 2020 (amounts in 10,000 yuan). \
The parts moved in opposite directions: basic spending rose by 199.18 (60.8%), while project spending fell \
by 5.39 (1.6%); the change in basic spending exceeds the change in the total.
    """
    lang = check_lang(lang)
    if yoy.attrs.get("absent"):
        return say(f"absent.{yoy.attrs['absent']}", lang)
    rows = yoy.set_index(yoy["spending_type"].astype(str))
    unit = _unit(yoy, lang)
    total = rows.loc["total"]
    parts = rows.drop(index="total")
    values = {"base": int(total["base_year"]), "year": int(total["year"]), "unit": unit}
    total_words = say("prose.year_over_year.total", lang, total=total.to_dict(), **values)
    if parts.empty:  # the national form: the notes state the total's change only
        derived = say("prose.year_over_year.derived", lang, compared_with=yoy.attrs.get("compared_with_zh", ""),
                      compared=yoy.attrs.get("compared_with", "budget"), reason=yoy.attrs.get("reason_zh", ""),
                      **values)  # fmt: skip
        return _join([total_words, derived, say("absent.parts_change", lang)], lang)
    directions = {formatting.direction(c) for c in parts["change"]}
    opposite = {"up", "down"} <= directions
    total_change = float(total["change"])
    driver = parts.loc[parts["change"].abs().idxmax()]
    part_words = [
        say(
            "prose.year_over_year.part",
            lang,
            unit=unit,
            part={
                "name": row[f"spending_type_{lang}"],
                "amount": row["amount"],
                "change": row["change"],
                "change_pct": _number(row["change_pct"]),
            },
        )
        for _, row in parts.iterrows()
    ]
    parts_words = say(
        "prose.year_over_year.parts",
        lang,
        parts=part_words,
        opposite=opposite,
        total_flat=formatting.direction(total_change) == "flat",
        driver=driver[f"spending_type_{lang}"],
        exceeds=abs(driver["change"]) > abs(total_change),
        driver_share=_number(driver["contribution_pct"]),
    )
    return _join([total_words, parts_words], lang)


def _join(sentences: list[str], lang: Lang) -> str:
    """Sentences as one paragraph, separated as the language separates them."""
    return say("prose.paragraph", lang, sentences=[s for s in sentences if s])


def spending_split(split: pd.DataFrame, earmarked: pd.DataFrame, lang: Lang) -> str:
    """The basic/project balance each year and the earmarked items, from the analyses of the same names."""
    lang = check_lang(lang)
    unit = _unit(split, lang)
    years = sorted(split["year"].unique())
    basic = split[split["spending_type"].astype(str) == "basic"].set_index("year")["share_pct"]
    project = split[split["spending_type"].astype(str) == "project"].set_index("year")["share_pct"]
    sentences = [
        say(
            "prose.spending_split.shares",
            lang,
            base=years[0],
            year=years[-1],
            basic_base=basic[years[0]],
            basic=basic[years[-1]],
            project=project[years[-1]],
            change_pp=basic[years[-1]] - basic[years[0]],
        )
    ]
    items = earmarked.set_index(earmarked["item"].astype(str))
    if "operating_costs" in items.index:
        operating = items.loc["operating_costs"]
        sentences.append(
            say(
                "prose.spending_split.operating",
                lang,
                unit=unit,
                amount=operating["amount"],
                of_total=operating["share_of_total_pct"],
                of_basic=operating["share_of_basic_pct"],
            )
        )
    three_public = earmarked[earmarked["item"].astype(str) != "operating_costs"]["amount"].sum()
    sentences.append(say("prose.spending_split.three_public", lang, unit=unit, amount=three_public))
    return _join(sentences, lang)


def procurement(concentration: pd.Series, lines: pd.DataFrame, by_category: pd.DataFrame, lang: Lang) -> str:
    """How concentrated procurement is, from the procurement analyses."""
    lang = check_lang(lang)
    if lines.attrs.get("absent"):
        return _stated_procurement(concentration, by_category, lang)
    count = int(concentration["lines"])
    values: dict[str, Any] = {"lines": count, "unit": _unit(lines, lang)}
    if count:
        top, category = lines.iloc[0], by_category.iloc[0]
        values.update(
            total=concentration["total"],
            of_project=_number(concentration["share_of_project_spending_pct"]),
            top_item=top[f"project_{lang}"],
            top_amount=top["amount"],
            top_share=concentration["top1_share_pct"],
            top3_share=concentration["top3_share_pct"],
            category=category[f"name_{lang}"],
            category_share=category["share_pct"],
        )
    text = say("prose.procurement.text", lang, **values)
    if count:
        index = _number(concentration["hhi"])
        return _join([text, say("prose.procurement.hhi", lang, hhi=index, band=hhi_band(index))], lang)
    return text


def _stated_procurement(concentration: pd.Series, by_category: pd.DataFrame, lang: Lang) -> str:
    """Procurement as the national form's notes state it: the total, its split, and that the lines
    (and so their concentration) are not given."""
    if by_category.attrs.get("absent"):
        return say("absent.procurement_lines", lang)
    split = [{"name": row[f"name_{lang}"], "amount": row["amount"], "share": _number(row["share_pct"])}
             for _, row in by_category.iterrows()]  # fmt: skip
    stated = say(
        "prose.procurement.stated", lang, total=concentration["total"], unit=_unit(by_category, lang), split=split,
        of_project=_number(concentration["share_of_project_spending_pct"]),
    )  # fmt: skip
    return _join([stated, say("absent.procurement_lines", lang)], lang)


def asset_mix(mix: pd.DataFrame, vehicles: pd.DataFrame, lang: Lang) -> str:
    """The fixed-asset mix, where the stated shares disagree, and the vehicles beside their budget line."""
    lang = check_lang(lang)
    if mix.attrs.get("absent"):
        return _stated_assets(vehicles, lang)
    unit = _unit(mix, lang)
    parts = [
        say(
            "prose.asset_mix.part",
            lang,
            unit=unit,
            name=row[f"category_{lang}"],
            amount=row["amount"],
            share=row["share_pct"],
            stated=_number(row["stated_share_pct"]),
        )
        for _, row in mix.iterrows()
    ]
    differing = int((mix["difference_pp"].abs() >= 0.005).sum())
    text = say("prose.asset_mix.text", lang, unit=unit, total=mix["amount"].sum(), parts=parts, differing=differing)
    if len(vehicles):
        vehicle = vehicles.iloc[0]
        text = _join(
            [
                text,
                say(
                    "prose.asset_mix.vehicles",
                    lang,
                    unit=unit,
                    vehicles=vehicle["vehicles"],
                    value=vehicle["vehicle_value"],
                    expenses=vehicle["vehicle_expenses"],
                ),
            ],
            lang,
        )
    return text


def _stated_assets(vehicles: pd.DataFrame, lang: Lang) -> str:
    """The national form's assets: no categories, the vehicles the notes count beside their budget line."""
    if vehicles.attrs.get("absent") or vehicles.empty:
        return say("absent.assets", lang)
    vehicle = vehicles.iloc[0]
    counted = say(
        "prose.asset_mix.stated_vehicles", lang, unit=_unit(vehicles, lang), vehicles=_number(vehicle["vehicles"]),
        expenses=_number(vehicle["vehicle_expenses"]),
    )  # fmt: skip
    return _join([say("absent.asset_categories", lang), counted], lang)


def performance(
    every: pd.DataFrame, findings: pd.DataFrame, shared: pd.DataFrame, differences: pd.DataFrame, lang: Lang
) -> str:
    """The review of the performance targets, from :mod:`budgetlib.analysis.performance` and
    :mod:`budgetlib.checks.targets`."""
    lang = check_lang(lang)
    if every.attrs.get("absent"):
        stated = every.attrs.get("stated_projects")
        if stated is None:
            return say("absent.performance_targets", lang)
        projects, funds = stated
        return _join([say("prose.performance.stated", lang, projects=projects, funds=funds, unit=_unit(every, lang)),
                      say("absent.performance_targets", lang)], lang)  # fmt: skip
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
        "quantitative_pct": 100 * quantitative / len(project) if len(project) else None,
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
    return _join(
        [say(f"prose.performance.{part}", lang, **values) for part in ("text", "findings", "consistency")], lang
    )
