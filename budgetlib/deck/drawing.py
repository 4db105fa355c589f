"""Slides drawn with python-pptx: what a slide can hold, and how it is drawn, deterministically.

:class:`SlideSpec` says what one slide shows (title, subtitle, native charts, a table,
tiles or lines, source line, notes); :func:`presentation_bytes` draws a list of them as a
16:9 .pptx. Text is set with a Latin and an East Asian typeface on every run, so Chinese
renders as Chinese in PowerPoint and WPS. The file carries no dates: fixed document
properties, zip entries with a fixed date in a fixed order (the charts' embedded workbooks
too), so the same slides give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from budgetlib.charts.reshape import TABLE_WIDTHS
from budgetlib.charts.theme import HIGHLIGHT, PALETTE, text_colour_on
from budgetlib.files import office_file
from budgetlib.words.wording import OFFICE_LANG, Lang

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9: 13.333 × 7.5 inches, as PowerPoint sets it
MARGIN = Inches(0.6)
# Fonts named on every run: Latin text in Arial; East Asian text in Microsoft YaHei, with
# its PANOSE and the GB2312 character set, so that where it is missing PowerPoint and WPS
# substitute another Chinese sans-serif font instead of a Latin one.
LATIN_FONT = {"typeface": "Arial", "panose": "020B0604020202020204", "pitchFamily": "34", "charset": "0"}
EA_FONT = {"typeface": "Microsoft YaHei", "panose": "020B0503020204020204", "pitchFamily": "34", "charset": "-122"}
# OOXML requires a:latin and a:ea in this order, before these siblings of a run's properties.
_AFTER_FONTS = {qn(f"a:{t}") for t in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")}
_TEXT_PROPERTIES = [qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")]

TITLE_PT, SUBTITLE_PT, BODY_PT, CHART_PT, SOURCE_PT = 26, 16, 16, 14, 12
AMOUNT_FORMAT = '#,##0.00;"−"#,##0.00;0.00'  # the formatter's amount: true minus, two decimals
PCT_FORMAT = '0.0"%"'  # shares held in percent
STATED_PCT_FORMAT = '0.00"%"'  # shares set beside the statement's, which it prints with two decimals
PP_FORMAT = '+0.00;"−"0.00;0.00'  # percentage points, signed
COUNT_FORMAT = "#,##0;−#,##0;;"  # a count; zero segments unlabelled


@dataclass(frozen=True)
class Series:
    """One data series: its name, values (None where a category has none) and look."""

    name: str
    values: list[float | None]
    colour: str | None  # None: no fill (the invisible base of a waterfall)
    point_colours: dict[int, str] = field(default_factory=dict)
    labels: bool = True
    label_format: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A native chart: its type, categories, series and number formats."""

    kind: Any  # XL_CHART_TYPE
    categories: list[str]
    series: list[Series]
    number_format: str = AMOUNT_FORMAT
    legend: bool = False
    heading: str | None = None  # a title above the chart (when a slide holds two)
    label_position: Any = None  # XL_LABEL_POSITION; None leaves PowerPoint's default
    value_axis: bool = True  # gridlines and tick labels along the value axis
    maximum: float | None = None
    minimum: float | None = None
    category_labels: bool = True
    gap_width: int = 80


@dataclass(frozen=True)
class SlideSpec:
    """What one slide says: title, subtitle, body (a chart, two charts, a table, tiles or lines),
    source line and notes."""

    title: str
    subtitle: str = ""
    source: str = ""
    charts: list[ChartSpec] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # the charts' shares of the slide's width
    table: tuple[list[str], list[list[str]]] | None = None
    tiles: list[tuple[str, str, str, str]] = field(default_factory=list)  # (status, label, value, detail)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cover: bool = False


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _fonts(element: etree._Element, lang: Lang) -> None:
    """Name the Latin and East Asian typefaces and the language on every run of ``element``."""
    for run in element.iter(qn("a:r")):
        if run.find(qn("a:rPr")) is None:
            run.insert(0, etree.Element(qn("a:rPr")))
    for tag in _TEXT_PROPERTIES:
        for properties in element.iter(tag):
            if tag != qn("a:defRPr"):
                properties.set("lang", OFFICE_LANG[lang])
                properties.set("altLang", "en-US")
            for old in properties.findall(qn("a:latin")) + properties.findall(qn("a:ea")):
                properties.remove(old)
            fonts = [etree.Element(qn("a:latin"), LATIN_FONT), etree.Element(qn("a:ea"), EA_FONT)]
            after = next((child for child in properties if child.tag in _AFTER_FONTS), None)
            for font in fonts:
                if after is None:
                    properties.append(font)
                else:
                    after.addprevious(font)


def _text(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    paragraphs: Sequence[str],
    size: int,
    *,
    colour: str = PALETTE["black"],
    bold: bool = False,
    anchor: Any = MSO_ANCHOR.TOP,
    frame: Any = None,
    space_after: int = 0,
) -> Any:
    """A text box (or the given shape's text frame) holding ``paragraphs``."""
    shape = frame if frame is not None else slide.shapes.add_textbox(left, top, width, height)
    if frame is not None:
        shape.left, shape.top, shape.width, shape.height = left, top, width, height
    text_frame = shape.text_frame
    text_frame.clear()
    text_frame.word_wrap = True
    text_frame.auto_size = None
    text_frame.vertical_anchor = anchor
    text_frame.margin_left = text_frame.margin_right = 0
    text_frame.margin_top = text_frame.margin_bottom = 0
    for i, words in enumerate(paragraphs):
        paragraph = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.space_after = Pt(space_after)
        run = paragraph.add_run()
        run.text = words
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
    return shape


def _header(slide: Any, spec: SlideSpec) -> int:
    """Title (the finding) and subtitle at the top; returns where the body may start."""
    _text(slide, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(1.05), [spec.title], TITLE_PT,
          anchor=MSO_ANCHOR.BOTTOM, frame=slide.shapes.title)  # fmt: skip
    top = Inches(1.45)
    if spec.subtitle:
        _text(slide, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.4), [spec.subtitle], SUBTITLE_PT,
              colour=PALETTE["dark_grey"])  # fmt: skip
        top = Inches(1.95)
    return top


def _footer(slide: Any, spec: SlideSpec) -> None:
    if spec.source:
        _text(slide, MARGIN, HEIGHT - Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.3), [spec.source], SOURCE_PT,
              colour=PALETTE["dark_grey"], anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip


def _chart(slide: Any, spec: ChartSpec, left: int, top: int, width: int, height: int) -> None:
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    if spec.heading:
        _text(slide, left, top, width, Inches(0.4), [spec.heading], CHART_PT, colour=PALETTE["dark_grey"])
        top, height = top + Inches(0.45), height - Inches(0.45)
    chart = slide.shapes.add_chart(spec.kind, left, top, width, height, data).chart
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = _rgb(PALETTE["black"])
    chart.has_title = False
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_PT)
    plot = chart.plots[0]
    plot.gap_width = spec.gap_width
    horizontal = spec.kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED)
    stacked = spec.kind in (XL_CHART_TYPE.BAR_STACKED, XL_CHART_TYPE.COLUMN_STACKED)
    plot.overlap = 100 if stacked else 0
    plot.vary_by_categories = False
    categories = chart.category_axis
    categories.major_tick_mark = XL_TICK_MARK.NONE
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = _rgb(PALETTE["dark_grey"])
    categories.tick_labels.font.size = Pt(CHART_PT)
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if not spec.category_labels:
        categories.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    if horizontal:
        categories.reverse_order = True  # the first category on top, as read
    values = chart.value_axis
    if all((v or 0) >= 0 for s in spec.series for v in s.values):
        values.minimum_scale = 0  # bars start at zero
    if spec.minimum is not None:
        values.minimum_scale = spec.minimum
    if spec.maximum is not None:
        values.maximum_scale = spec.maximum
    values.major_tick_mark = XL_TICK_MARK.NONE
    values.format.line.fill.background()
    values.has_major_gridlines = spec.value_axis
    if spec.value_axis:
        values.major_gridlines.format.line.color.rgb = _rgb(PALETTE["grid"])
        values.tick_labels.font.size = Pt(CHART_PT)
        values.tick_labels.number_format = spec.number_format.replace("0.00", "0").replace("0.0", "0")
        values.tick_labels.number_format_is_linked = False
        values.tick_labels.font.color.rgb = _rgb(PALETTE["dark_grey"])
    else:
        values.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    for series, drawn in zip(spec.series, plot.series, strict=True):
        fill = drawn.format.fill
        if series.colour is None:
            fill.background()
            drawn.format.line.fill.background()
        else:
            fill.solid()
            fill.fore_color.rgb = _rgb(series.colour)
        drawn.invert_if_negative = False
        for index, colour in series.point_colours.items():
            if colour:
                point = drawn.points[index].format.fill
                point.solid()
                point.fore_color.rgb = _rgb(colour)
        if not series.labels:
            continue
        labels = drawn.data_labels
        labels.show_value = True
        labels.number_format = series.label_format or spec.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(CHART_PT)
        inside = spec.label_position == XL_LABEL_POSITION.CENTER and series.colour
        labels.font.color.rgb = _rgb(text_colour_on(series.colour) if inside else PALETTE["black"])
        if spec.label_position is not None:
            labels.position = spec.label_position
        for index, colour in series.point_colours.items():
            if not colour:  # a step too small to hold its label: the label sits on white, in black
                label = drawn.points[index].data_label
                label.font.size = Pt(CHART_PT)
                label.font.color.rgb = _rgb(PALETTE["black"])
                label.position = XL_LABEL_POSITION.INSIDE_BASE


def _table(slide: Any, header: list[str], rows: list[list[str]], top: int) -> None:
    widths = TABLE_WIDTHS
    height = HEIGHT - Inches(0.75) - top
    shape = slide.shapes.add_table(len(rows) + 1, len(header), MARGIN, top, WIDTH - 2 * MARGIN, height)
    table = shape.table
    total = WIDTH - 2 * MARGIN
    for i, share in enumerate(widths):
        table.columns[i].width = Emu(int(total * share))
    points = 12 if len(rows) > 6 else 14
    for r, values in enumerate([header, *rows]):
        table.rows[r].height = Emu(int(height / (len(rows) + 1)))
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb("#E8EEF4" if r == 0 else "#FFFFFF")
            text_frame = cell.text_frame
            text_frame.word_wrap = True
            paragraph = text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(points)
            run.font.bold = r == 0
            run.font.color.rgb = _rgb(PALETTE["black"])


def _tiles(slide: Any, tiles: Sequence[tuple[str, str, str, str]], top: int) -> None:
    """The headline tiles side by side: label, value and detail as paragraphs of one box."""
    gap = Inches(0.3)
    count = max(len(tiles), 1)
    width = int((WIDTH - 2 * MARGIN - gap * (count - 1)) / count)
    borders = {"fail": HIGHLIGHT, "warn": PALETTE["orange"], "": PALETTE["muted"]}
    for i, (status, label, value, detail) in enumerate(tiles):
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN + i * (width + gap), top, width, Inches(3.2))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb("#F6F8FA")
        box.line.color.rgb = _rgb(borders.get(status, PALETTE["muted"]))
        box.line.width = Pt(3 if status else 1)
        box.shadow.inherit = False
        _text(slide, box.left, box.top, box.width, box.height, [label, value, detail], BODY_PT, frame=box)
        frame = box.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(0.2)
        for paragraph, (points, colour, bold) in zip(
            frame.paragraphs,
            [(BODY_PT, PALETTE["dark_grey"], False), (32, PALETTE["black"], True), (BODY_PT, PALETTE["black"], False)],
            strict=True,
        ):
            paragraph.space_after = Pt(10)
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(points), bold
                run.font.color.rgb = _rgb(colour)


def _draw(spec: SlideSpec, presentation: Any, lang: Lang) -> None:
    layout = presentation.slide_layouts[0 if spec.cover else 5]  # Title Slide, Title Only
    slide = presentation.slides.add_slide(layout)
    if spec.cover:
        _text(slide, MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(1.6), [spec.title], 36, bold=True,
              anchor=MSO_ANCHOR.BOTTOM, frame=slide.shapes.title)  # fmt: skip
        subtitle = slide.placeholders[1]
        _text(slide, MARGIN, Inches(4.0), WIDTH - 2 * MARGIN, Inches(0.6), [spec.subtitle], 24,
              colour=PALETTE["dark_grey"], frame=subtitle)  # fmt: skip
        _text(slide, MARGIN, Inches(4.7), WIDTH - 2 * MARGIN, Inches(0.8), [spec.source], BODY_PT,
              colour=PALETTE["dark_grey"])  # fmt: skip
        accent = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(3.9), Inches(1.2), Pt(4))
        accent.fill.solid()
        accent.fill.fore_color.rgb = _rgb(PALETTE["blue"])
        accent.line.fill.background()
        accent.shadow.inherit = False
    else:
        top = _header(slide, spec)
        bottom = HEIGHT - Inches(0.7)
        if spec.charts:
            widths = spec.widths or [1.0 / len(spec.charts)] * len(spec.charts)
            left, room, gap = MARGIN, WIDTH - 2 * MARGIN - Inches(0.4) * (len(spec.charts) - 1), Inches(0.4)
            for chart, share in zip(spec.charts, widths, strict=True):
                _chart(slide, chart, left, top, int(room * share), bottom - top)
                left += int(room * share) + gap
        if spec.table:
            _table(slide, *spec.table, top=top + Inches(0.05))
        if spec.tiles:
            _tiles(slide, spec.tiles, Inches(2.0))
        if spec.lines:
            _text(slide, MARGIN, top + Inches(0.2), WIDTH - 2 * MARGIN, bottom - top - Inches(0.2), spec.lines,
                  BODY_PT + 2, space_after=12)  # fmt: skip
        _footer(slide, spec)
    if spec.notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(spec.notes)
        _fonts(slide.notes_slide.element, lang)
    _fonts(slide.element, lang)
    for shape in slide.shapes:
        if shape.has_chart:
            _fonts(shape.chart._chartSpace, lang)


def presentation_bytes(specs: list[SlideSpec], lang: Lang) -> bytes:
    """``specs`` drawn as the bytes of a 16:9 .pptx in ``lang``, the same for the same slides."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    for spec in specs:
        _draw(spec, presentation, lang)
    return office_file(presentation, title=specs[0].title, subject=specs[0].subtitle, language=OFFICE_LANG[lang])
