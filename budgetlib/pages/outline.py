"""What the briefing says, in order: the one outline the deck's slides and the Word document are
drawn from (the overview notebook calls the same functions in view).

The cover's words; the headline figures (the page's tiles); each topic of the briefing (the change
on the year, the basic/project split, procurement, the assets, the national tables, the performance
targets) as its prose (:mod:`budgetlib.words.narrative`) and the charts that show it, each with the
frame it is drawn from and the name its figures are saved under (``figures/<lang>/<name>-<size>.png``,
as the notebooks save them); the text review; and what the audit found. A chart the statement does
not give is left out of its topic (its prose says what the statement does not give).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from budgetlib import analysis, charts
from budgetlib.charts import reshape
from budgetlib.charts.framework import ChartTexts
from budgetlib.checks import prose, targets, text_review
from budgetlib.checks.audit import Check
from budgetlib.datapackage import Budget
from budgetlib.pages import briefing
from budgetlib.words import narrative, sentences
from budgetlib.words.wording import Lang, check_lang, say


@dataclass(frozen=True)
class Cover:
    """The title block: the department and year, what it is, the statement it comes from."""

    title: str
    subtitle: str
    source: str


@dataclass(frozen=True)
class Shown:
    """A chart of the briefing: its figures' file name, the chart function, the frame it is drawn
    from, and its words (the title is its finding)."""

    name: str
    chart: Any  # a chart function of budgetlib.charts
    frame: pd.DataFrame
    texts: ChartTexts


@dataclass(frozen=True)
class Topic:
    """One topic of the briefing: its name, the paragraphs that tell it, and the charts the statement
    gives of it, in order."""

    name: str
    prose: tuple[str, ...]
    charts: tuple[Shown, ...]

    def chart(self, *names: str) -> Shown | None:
        """The first of the charts ``names`` that the topic shows, or None."""
        shown = {each.name: each for each in self.charts}
        return next((shown[name] for name in names if name in shown), None)


@dataclass(frozen=True)
class Audit:
    """What the audit found: a title that states it, the summary sentence, each check that did
    not pass as (status, sentence), and the wording checks' findings (:mod:`budgetlib.checks.prose`)
    with the sentence that counts them by kind."""

    title: str
    summary: str
    flagged: tuple[tuple[str, str], ...]
    wording: tuple[Any, ...]
    wording_summary: str


def cover(budget: Budget, lang: Lang) -> Cover:
    """The cover's words: the wording ``deck.title``, ``deck.subtitle`` and ``deck.source``."""
    attrs = analysis.source_attrs(budget)
    words = {"department": attrs[f"department_{lang}"], "year": attrs["fiscal_year"], "source": attrs[f"source_{lang}"]}
    return Cover(
        say("deck.title", lang, **words), say("deck.subtitle", lang, **words), say("deck.source", lang, **words)
    )


def headline(budget: Budget, checks: Sequence[Check], lang: Lang) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The headline figures' title and the page's four tiles (:func:`sentences.tile_cards`)."""
    facts = analysis.headline(budget)
    cards = sentences.tile_cards(facts, analysis.procurement_lines(budget), checks, lang)
    return say("deck.headline_title", lang, year=facts["fiscal_year"]), cards


def review(budget: Budget, lang: Lang) -> tuple[str, list[str]]:
    """The text review's summary and each of its findings as a sentence, as the page says them."""
    findings = text_review.review(budget)
    return briefing.review_summary(findings, lang), [sentence for sentence, _ in sentences.review_items(findings, lang)]


def audit(budget: Budget, checks: Sequence[Check], lang: Lang) -> Audit:
    """The audit's result: its title (the wording ``deck.closing_title``), summary, flagged checks and
    the wording checks' findings."""
    counts = sentences.audit_counts(checks)
    flagged = tuple((status, sentence) for _, status, sentence in sentences.flagged(checks, budget, lang))
    wording = tuple(prose.check(budget))
    return Audit(
        say("deck.closing_title", lang, **counts),
        say("audit.summary", lang, **counts),
        flagged,
        wording,
        sentences.prose_summary(wording, lang),
    )


Candidate = tuple[str, Any, pd.DataFrame]  # a chart's figures' name, its function and its frame


def _topic(name: str, prose: Sequence[str], candidates: Sequence[Candidate], lang: Lang, *, one: bool = False) -> Topic:
    """Topic ``name`` with each of ``candidates`` the statement gives (with ``one``, only the first of
    them: the others stand in for it)."""
    shown = [Shown(figure, chart, frame, charts.texts(chart, frame, lang))
             for figure, chart, frame in candidates if chart.missing(frame) is None]  # fmt: skip
    return Topic(name, tuple(p for p in prose if p), tuple(shown[:1] if one else shown))


def topics(budget: Budget, lang: Lang) -> list[Topic]:
    """The briefing's topics in the order it tells them, computed from ``budget``."""
    lang = check_lang(lang)
    yoy = analysis.year_over_year(budget)
    split = analysis.spending_split(budget)
    lines = analysis.procurement_lines(budget)
    by_category = analysis.procurement_by(budget, "category")
    mix = analysis.asset_mix(budget)  # the prose names the categories as the chart shows them, largest first
    differences = targets.department_vs_project(budget)
    every = analysis.indicators(budget)
    performance = narrative.performance(
        every, targets.target_findings(budget), targets.shared_indicators(budget), differences, lang
    )
    procurement = narrative.procurement(analysis.procurement_concentration(budget), lines, by_category, lang)
    return [
        _topic(
            "change",
            [narrative.year_over_year(yoy, lang)],
            [("year_over_year", charts.year_over_year_bars, yoy), ("growth_bridge", charts.growth_bridge, yoy)],
            lang,
        ),
        _topic(
            "split",
            [narrative.spending_split(split, analysis.earmarked_spending(budget), lang)],
            [("spending_split", charts.spending_split_bars, split)],
            lang,
        ),
        _topic(
            "procurement",
            [procurement],
            [
                ("procurement_lines", charts.procurement_lines_bars, lines),
                ("procurement_by_category", charts.procurement_by_bars, by_category),
            ],
            lang,
            one=True,
        ),
        _topic(
            "assets",
            [narrative.asset_mix(reshape.largest_first(mix), analysis.vehicles_and_vehicle_expenses(budget), lang)],
            [("asset_mix", charts.asset_mix_bars, mix)],
            lang,
        ),
        _topic(
            "national",
            [],
            [
                ("function_spending", charts.function_spending_bars, analysis.function_spending(budget)),
                ("economic_mix", charts.economic_mix_bars, analysis.economic_classes(budget)),
                ("earmarked", charts.earmarked_bars, analysis.earmarked(budget)),
            ],
            lang,
        ),
        _topic(
            "targets",
            [performance],
            [
                ("threshold_distribution", charts.threshold_bars, analysis.threshold_distribution(budget)),
                ("department_vs_project", charts.consistency_table, differences),
            ],
            lang,
        ),
    ]
