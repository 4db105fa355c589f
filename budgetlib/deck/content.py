"""The briefing deck: 16:9 PowerPoint slides with native, editable charts, one per language.

A title slide (department, fiscal year, the statement); the headline figures of the
briefing page's tiles; one slide per key finding, titled with the chart's finding
sentence (from :mod:`budgetlib.charts`), its chart as a native PowerPoint chart that
holds the analysis frame's numbers (so it can be restyled and its data edited in
PowerPoint or WPS), the chart's subtitle and source line; the department-vs-project
disagreements as a native table; the audit's findings, and the wording checks counted, on a
closing slide. Every slide carries speaker notes with the supporting numbers (the reports'
prose and the chart's data). Words come from ``budgetlib/words/wording/<lang>/deck.toml`` (and the chart and page
wording they share), numbers from :mod:`budgetlib.words.formatting`; charts' data labels use
PowerPoint number formats of the same decimals.

The slides are drawn by :mod:`budgetlib.deck.drawing` (East Asian typefaces on every run, no
dates in the file: the same data give a byte-identical deck); the deck is written
atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION

from budgetlib import analysis
from budgetlib.charts import reshape
from budgetlib.charts.theme import HIGHLIGHT, PALETTE
from budgetlib.checks.audit import Check, audit
from budgetlib.datapackage import Budget
from budgetlib.deck.drawing import (
    COUNT_FORMAT,
    PCT_FORMAT,
    PP_FORMAT,
    STATED_PCT_FORMAT,
    ChartSpec,
    Series,
    SlideSpec,
    presentation_bytes,
)
from budgetlib.files import write_atomically
from budgetlib.pages import briefing, outline
from budgetlib.pages.blocks import ROWS_SHOWN
from budgetlib.pages.outline import Shown
from budgetlib.words.wording import Lang, check_lang, say


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _source(frame: pd.DataFrame, lang: Lang) -> str:
    return say("chart.source", lang, source=frame.attrs.get(f"source_{lang}", ""))


def _unit(frame: pd.DataFrame, lang: Lang) -> str:
    return str(frame.attrs.get(f"unit_{lang}", ""))


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _cover(budget: Budget, lang: Lang) -> SlideSpec:
    words = outline.cover(budget, lang)
    source = analysis.source_attrs(budget)[f"source_{lang}"]
    return SlideSpec(
        title=words.title,
        subtitle=words.subtitle,
        source=words.source,
        notes=[say("deck.notes.title", lang, source=source)],
        cover=True,
    )


def _headline(budget: Budget, checks: Sequence[Check], lang: Lang) -> SlideSpec:
    """The briefing page's four tiles, with the same figures and words (:func:`outline.headline`)."""
    title, tiles = outline.headline(budget, checks, lang)
    return SlideSpec(
        title=title,
        source=_source(analysis.procurement_lines(budget), lang),
        tiles=tiles,
        notes=[say("deck.notes.tile", lang, label=t[1], value=t[2], detail=t[3]) for t in tiles],
    )


def _year_over_year(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    yoy = shown.frame
    _, total = reshape.parts_and_total(yoy)
    base, year = int(total["base_year"]), int(total["year"])
    unit = _unit(yoy, lang)
    chart = ChartSpec(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        yoy[f"spending_type_{lang}"].astype(str).tolist(),
        [
            Series(say("chart.year_label", lang, year=base), yoy["amount_base"].tolist(), PALETTE["sky"]),
            Series(say("chart.year_label", lang, year=year), yoy["amount"].tolist(), PALETTE["blue"]),
        ],
        legend=True,
        label_position=XL_LABEL_POSITION.OUTSIDE_END,
    )
    rows = [
        say(
            "deck.notes.yoy_row",
            lang,
            name=r[f"spending_type_{lang}"],
            base=base,
            year=year,
            amount_base=r["amount_base"],
            amount=r["amount"],
            change=r["change"],
            change_pct=_number(r["change_pct"]),
        )
        for r in _rows(yoy)
    ]
    return SlideSpec(
        **asdict(shown.texts), charts=[chart], notes=[*prose, say("deck.notes.heading", lang, unit=unit), *rows]
    )


def _growth_bridge(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    """The waterfall as a stacked column chart: an invisible base carries each step to its level."""
    yoy = shown.frame
    parts, total = reshape.parts_and_total(yoy)
    base, year = int(total["base_year"]), int(total["year"])
    unit = _unit(yoy, lang)
    bridge = reshape.waterfall(yoy, lang)
    changes = bridge.changes
    none = [None] * len(changes)
    ends = [bridge.base_total, *none, bridge.total]
    ups = [None, *(c if c >= 0 else None for c in changes), None]
    downs = [None, *(-c if c < 0 else None for c in changes), None]
    largest = max([abs(v) for v in ends if v is not None] + [1e-9])
    small = {i for i, c in enumerate(changes, start=1) if abs(c) < 0.08 * largest}  # label on white, not the bar
    chart = ChartSpec(
        XL_CHART_TYPE.COLUMN_STACKED,
        bridge.names,
        [
            Series(say("deck.series.base", lang), bridge.bottoms, None, labels=False),
            Series(say("deck.series.total", lang), ends, PALETTE["blue"]),
            Series(say("deck.series.up", lang), ups, PALETTE["green"], point_colours=dict.fromkeys(small, "")),
            Series(
                say("deck.series.down", lang),
                downs,
                HIGHLIGHT,
                point_colours=dict.fromkeys(small, ""),
                label_format='"−"#,##0.00',
            ),
        ],
        label_position=XL_LABEL_POSITION.CENTER,
        gap_width=60,
    )
    rows = [
        say(
            "deck.notes.bridge_row",
            lang,
            name=r[f"spending_type_{lang}"],
            change=r["change"],
            contribution=_number(r["contribution_pct"]),
        )
        for r in _rows(parts)
    ]
    ends_note = say(
        "deck.notes.bridge_ends", lang, base=base, year=year, total_base=total["amount_base"], total=total["amount"]
    )
    return SlideSpec(
        **asdict(shown.texts),
        charts=[chart],
        notes=[*prose, say("deck.notes.heading", lang, unit=unit), ends_note, *rows],
    )


def _spending_split(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    split = shown.frame
    years, shares, names = reshape.split_shares(split, lang)
    years = [int(y) for y in years]
    colours = [PALETTE["blue"], PALETTE["muted"], PALETTE["sky"]]
    chart = ChartSpec(
        XL_CHART_TYPE.BAR_STACKED,
        [say("chart.year_label", lang, year=y) for y in years],
        [
            Series(str(names[kind]), [float(v) for v in shares.loc[kind, years]], colour)
            for kind, colour in zip(shares.index, colours, strict=False)
        ],
        number_format=PCT_FORMAT,
        legend=True,
        label_position=XL_LABEL_POSITION.CENTER,
        maximum=100.0,
        gap_width=50,
    )
    rows = [
        say("deck.notes.split_row", lang, year=int(r["year"]), name=r[f"spending_type_{lang}"],
            amount=r["amount"], share=_number(r["share_pct"]))
        for r in _rows(split)
    ]  # fmt: skip
    return SlideSpec(
        **asdict(shown.texts),
        charts=[chart],
        notes=[*prose, say("deck.notes.heading", lang, unit=_unit(split, lang)), *rows],
    )


def _procurement(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    lines = shown.frame
    unit = _unit(lines, lang)
    names, amounts, _ = reshape.line_bars(lines, lang)  # as the figure groups them
    chart = ChartSpec(
        XL_CHART_TYPE.BAR_CLUSTERED,
        names,
        [Series(say("deck.series.amount", lang, unit=unit), amounts, PALETTE["muted"], point_colours={0: HIGHLIGHT})],
        label_position=XL_LABEL_POSITION.OUTSIDE_END,
        value_axis=False,
        gap_width=60,
    )
    listed = lines.head(ROWS_SHOWN)  # the notes list the lines a page's table lists
    rows = [
        say("deck.notes.line_row", lang, rank=int(r["rank"]), name=name, amount=r["amount"],
            share=_number(r["share_pct"]), cumulative=_number(r["cumulative_share_pct"]))
        for name, r in zip(reshape.line_names(lines, lang, ROWS_SHOWN), _rows(listed), strict=True)
    ]  # fmt: skip
    if len(lines) > ROWS_SHOWN:
        rows.append(say("page.more_rows", lang, count=len(lines) - ROWS_SHOWN))
    return SlideSpec(
        **asdict(shown.texts), charts=[chart], notes=[*prose, say("deck.notes.heading", lang, unit=unit), *rows]
    )


def _asset_mix(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    unit = _unit(shown.frame, lang)
    mix = reshape.largest_first(shown.frame)
    names = mix[f"category_{lang}"].astype(str).tolist()
    shares = ChartSpec(
        XL_CHART_TYPE.BAR_CLUSTERED,
        names,
        [
            Series(
                say("chart.asset_mix.computed", lang),
                [float(v) for v in mix["share_pct"]],
                PALETTE["muted"],
                point_colours={0: HIGHLIGHT},
            )
        ],
        number_format=STATED_PCT_FORMAT,
        heading=say("chart.asset_mix.computed", lang),
        label_position=XL_LABEL_POSITION.OUTSIDE_END,
        value_axis=False,
        gap_width=60,
    )
    specs, widths = [shares], [1.0]
    if mix["difference_pp"].notna().any():
        reach = 2 * max(float(mix["difference_pp"].abs().max()), 0.01)  # zero in the middle, room for labels
        gaps = ChartSpec(
            XL_CHART_TYPE.BAR_CLUSTERED,
            names,
            [
                Series(
                    say("chart.asset_mix.gap", lang), [_number(v) for v in mix["difference_pp"]], PALETTE["dark_grey"]
                )
            ],
            number_format=PP_FORMAT,
            heading=say("chart.asset_mix.gap", lang),
            label_position=XL_LABEL_POSITION.OUTSIDE_END,
            value_axis=False,
            maximum=reach,
            minimum=-reach,
            category_labels=False,  # beside the shares' chart, whose rows it shares
            gap_width=60,
        )
        specs, widths = [shares, gaps], [0.58, 0.42]
    rows = [
        say("deck.notes.asset_row", lang, name=r[f"category_{lang}"], amount=r["amount"], share=_number(r["share_pct"]),
            stated=_number(r["stated_share_pct"]), gap=_number(r["difference_pp"]))
        for r in _rows(mix)
    ]  # fmt: skip
    return SlideSpec(
        **asdict(shown.texts),
        charts=specs,
        widths=widths,
        notes=[*prose, say("deck.notes.heading", lang, unit=unit), *rows],
    )


def _thresholds(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    distribution = shown.frame
    counts = reshape.threshold_counts(distribution)
    values = [say("deck.threshold_value", lang, value=v) for v in counts.index]
    colours = {"project": PALETTE["blue"], "department": PALETTE["orange"]}
    chart = ChartSpec(
        XL_CHART_TYPE.COLUMN_CLUSTERED,  # side by side, not stacked: a count of 1 keeps a readable label
        values,
        [
            Series(say(f"chart.scope_{scope}", lang), [float(v) for v in counts[scope]], colours[scope])
            for scope in counts.columns
        ],
        number_format=COUNT_FORMAT,
        legend=True,
        label_position=XL_LABEL_POSITION.OUTSIDE_END,
        gap_width=50,
    )
    rows = [
        say("deck.notes.threshold_row", lang, value=v, project=int(r.get("project", 0)),
            department=int(r.get("department", 0)))
        for v, (_, r) in zip(values, counts.iterrows(), strict=True)
    ]  # fmt: skip
    return SlideSpec(
        **asdict(shown.texts), charts=[chart], notes=[*prose, say("deck.notes.heading_counts", lang), *rows]
    )


def _department_vs_project(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    differences = shown.frame
    header, rows = reshape.consistency_rows(differences, lang)
    notes = [
        say("deck.notes.difference_row", lang, goal=r[f"goal_{lang}"], table=r["table_no"],
            indicator=r[f"project_indicator_{lang}"], department=r["department_target"], project=r["project_target"])
        for r in _rows(differences)
    ]  # fmt: skip
    return SlideSpec(
        **asdict(shown.texts), table=(header, reshape.rows_shown(rows, lang)) if rows else None, notes=[*prose, *notes]
    )


def _closing(budget: Budget, checks: Sequence[Check], lang: Lang) -> SlideSpec:
    """The audit's slide: its count and each flagged check, then the wording checks counted by kind;
    the notes list both."""
    result = outline.audit(budget, checks, lang)
    items = [say("deck.closing_item", lang, status=status, sentence=sentence) for status, sentence in result.flagged]
    return SlideSpec(
        title=result.title,
        source=say("deck.source", lang, source=analysis.source_attrs(budget)[f"source_{lang}"]),
        lines=[result.summary, *(items or [say("deck.closing_none", lang)]), result.wording_summary],
        notes=[
            *briefing.audit(checks, budget, lang).text.splitlines(),
            *briefing.prose_checks(result.wording, lang).text.splitlines(),
        ],
    )


def _sorted_bars(shown: Shown, prose: Sequence[str], lang: Lang) -> SlideSpec:
    """A slide of sorted bars, the largest highlighted, titled as its chart's figure; the notes list
    each bar's amount."""
    frame = shown.frame
    names, amounts = BARS[shown.name](frame, lang)
    unit = _unit(frame, lang)
    spec = ChartSpec(
        XL_CHART_TYPE.BAR_CLUSTERED,
        names,
        [Series(say("deck.series.amount", lang, unit=unit), amounts, PALETTE["muted"], point_colours={0: HIGHLIGHT})],
        label_position=XL_LABEL_POSITION.OUTSIDE_END,
        value_axis=False,
        gap_width=60,
    )
    rows = [say("deck.notes.bar_row", lang, name=n, amount=a) for n, a in zip(names, amounts, strict=True)]
    return SlideSpec(
        **asdict(shown.texts), charts=[spec], notes=[*prose, say("deck.notes.heading", lang, unit=unit), *rows]
    )


def _named(column: str) -> Callable[[pd.DataFrame, Lang], tuple[list[str], list[float]]]:
    """The bars of a frame of named amounts: its names in the slide's language and its ``column``."""
    return lambda frame, lang: (frame[f"name_{lang}"].astype(str).tolist(), frame[column].tolist())


def _earmarked(frame: pd.DataFrame, lang: Lang) -> tuple[list[str], list[float]]:
    """The operating costs and the three public expenses, largest first."""
    chosen = frame[frame["item"].isin(["operating_costs", "overseas_travel", "vehicles", "hospitality"])]
    chosen = chosen.sort_values("amount", ascending=False, kind="stable")
    return [say(f"name.{item}", lang) for item in chosen["item"].astype(str)], chosen["amount"].tolist()


BARS = {  # the sorted bars of each chart drawn as _sorted_bars: names and amounts
    "procurement_by_category": _named("amount"),
    "function_spending": _named("total"),
    "economic_mix": _named("total"),
    "earmarked": _earmarked,
}
SLIDES: dict[str, Callable[[Shown, Sequence[str], Lang], SlideSpec]] = {  # each chart's slide, by its figures' name
    "year_over_year": _year_over_year,
    "growth_bridge": _growth_bridge,
    "spending_split": _spending_split,
    "procurement_lines": _procurement,
    "asset_mix": _asset_mix,
    "threshold_distribution": _thresholds,
    "department_vs_project": _department_vs_project,
    **dict.fromkeys(BARS, _sorted_bars),
}


def slides(budget: Budget, lang: Lang, checks: Sequence[Check] | None = None) -> list[SlideSpec]:
    """What each slide of the deck says, in order, computed from ``budget``: the cover, the headline
    figures, a slide for each chart of the briefing's outline (:func:`outline.topics`; a finding the
    statement does not give has none; the first of a topic's slides carries its prose in the notes),
    and the audit."""
    lang = check_lang(lang)
    checks = list(audit(budget) if checks is None else checks)
    specs = [_cover(budget, lang), _headline(budget, checks, lang)]
    for topic in outline.topics(budget, lang):
        for i, shown in enumerate(topic.charts):
            specs.append(SLIDES[shown.name](shown, topic.prose if i == 0 else (), lang))
    return [*specs, _closing(budget, checks, lang)]


def deck_bytes(budget: Budget, lang: Lang, checks: Sequence[Check] | None = None) -> bytes:
    """The deck of ``budget`` in ``lang`` as the bytes of a .pptx file, the same for the same data."""
    lang = check_lang(lang)
    return presentation_bytes(slides(budget, lang, checks), lang)


def write_deck(budget: Budget, lang: Lang, path: Path, checks: Sequence[Check] | None = None) -> Path:
    """Write the deck to ``path`` atomically (a temporary file beside it, then a rename)."""
    data = deck_bytes(budget, lang, checks)
    return write_atomically(Path(path), lambda stream: stream.write(data))
