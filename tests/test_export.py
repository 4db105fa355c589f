"""Figures are written deterministically, at briefing quality, and never half-written."""

from __future__ import annotations

import base64
import io
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backends import _backend_pdf_ps
from matplotlib.figure import Figure
from PIL import Image

from budgetlib import analysis, charts, load
from budgetlib.charts.export import save_chart, save_figure, save_table
from budgetlib.charts.fonts import BUNDLED_CJK_FAMILY, CHART_CJK_FAMILY, CHART_LATIN_FAMILY, LATIN_FAMILY, font_families
from budgetlib.publish import speedups


def drawn() -> charts.Chart:
    return charts.procurement_lines_bars(analysis.procurement_lines(load()), lang="zh", size="document")


@pytest.fixture(scope="module")
def figure() -> Figure:
    return drawn().figure


def test_same_figure_same_bytes(tmp_path, figure):
    first = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path / "a")
    second = save_figure(drawn().figure, "pareto", lang="zh", out_dir=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_png_is_at_least_200_dpi(tmp_path, figure):
    (png,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["png"])
    raw = png.read_bytes()
    width, height = struct.unpack(">II", raw[16:24])
    assert (width, height) == (1260, 780)  # 6.3 × 3.9 inches at 200 dpi
    phys = raw.index(b"pHYs")
    per_metre = struct.unpack(">I", raw[phys + 4 : phys + 8])[0]
    assert round(per_metre * 0.0254) == 200


def test_pdf_embeds_truetype_fonts_not_bitmaps(tmp_path, figure):
    (pdf,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["pdf"])
    raw = pdf.read_bytes()
    assert b"/FontFile2" in raw  # TrueType outlines embedded
    assert b"/Subtype /Type3" not in raw
    assert b"budgetlibCJK" in raw and b"budgetlibLatin" in raw  # the cut-down copies
    assert b"WenQuanYiMicroHei" not in raw and b"DejaVuSans" not in raw  # every character is in a copy
    assert b"/ToUnicode" in raw  # the text can be searched and copied
    assert b"CreationDate" not in raw


@pytest.mark.parametrize(
    ("copy", "whole", "sample"),
    [
        ([LATIN_FAMILY, CHART_CJK_FAMILY], [LATIN_FAMILY, BUNDLED_CJK_FAMILY], "{title}（其中：≥100%）"),
        ([CHART_LATIN_FAMILY], [LATIN_FAMILY], "AVATAR Tý ffi 29.0% ≥ −5.39 → € …"),  # kerned pairs, ligatures
    ],
)
def test_a_chart_font_copy_draws_the_same_pixels_as_the_whole_font(figure, copy, whole, sample):
    """The cut-down copies only make PDFs faster to write: the picture does not change."""
    assert set(copy) <= set(font_families())  # registered, so the copy is what draws
    text = sample.format(title=figure.axes[0].get_title() or figure.texts[0].get_text())
    pictures = []
    for family in (copy, whole):
        text_figure = Figure(figsize=(7, 1))
        text_figure.text(0.01, 0.5, text, fontsize=14, family=family)
        stream = io.BytesIO()
        text_figure.savefig(stream, format="png", dpi=200)
        pictures.append(stream.getvalue())
    assert pictures[0] == pictures[1]


@pytest.mark.parametrize(
    ("text", "copy", "whole"),
    [("王喆", b"budgetlibCJK", b"WenQuanYiMicroHei"), ("ЖЯ", b"budgetlibLatin", b"DejaVuSans")],
)
def test_a_character_outside_the_copy_falls_back_to_the_whole_font(tmp_path, text, copy, whole):
    figure = Figure(figsize=(3, 1))
    figure.text(0.1, 0.5, "T" + text, family=font_families())  # 喆 is not in GB 2312, Cyrillic not in the Latin copy
    (pdf,) = save_figure(figure, "fallback", lang="zh", out_dir=tmp_path, formats=["pdf"])
    raw = pdf.read_bytes()
    assert copy in raw and whole in raw


def test_a_remembered_font_subset_writes_the_same_pdf_as_a_fresh_cut(tmp_path, figure, monkeypatch):
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", _backend_pdf_ps.get_glyphs_subset)  # put back after
    speedups.kernel_process()
    remembered = _backend_pdf_ps.get_glyphs_subset
    (first,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path / "a", formats=["pdf"])
    hits = remembered.cache_info().hits
    (second,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path / "b", formats=["pdf"])
    assert remembered.cache_info().hits >= hits + 2  # the CJK and Latin subsets were not cut again
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", remembered.__wrapped__)
    (fresh,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path / "c", formats=["pdf"])
    assert first.read_bytes() == second.read_bytes() == fresh.read_bytes()


def test_the_formats_are_laid_out_once_and_the_figure_keeps_its_layout(tmp_path, monkeypatch):
    """The first format's draw lays the figure out; the others take the same positions."""
    figure = drawn().figure
    engine = figure.get_layout_engine()
    laid_out = []
    real_execute = type(engine).execute
    monkeypatch.setattr(type(engine), "execute", lambda self, fig: laid_out.append(fig) or real_execute(self, fig))
    save_figure(figure, "pareto", lang="zh", out_dir=tmp_path)
    assert laid_out == [figure]
    assert figure.get_layout_engine() is engine


def test_svg_has_no_date_and_draws_text_as_paths(tmp_path, figure):
    (svg,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["svg"])
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "<text" not in text  # glyphs as paths: renders without the font installed


def test_files_go_to_figures_lang_name(tmp_path, figure):
    paths = save_figure(figure, "pareto", lang="en", out_dir=tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["en/pareto.png", "en/pareto.svg", "en/pareto.pdf"]


def test_an_interrupted_save_keeps_the_previous_file(tmp_path, figure, monkeypatch):
    (good,) = save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["png"])
    before = good.read_bytes()

    def broken_savefig(stream, **kwargs):
        stream.write(b"half a picture")
        raise KeyboardInterrupt

    monkeypatch.setattr(figure, "savefig", broken_savefig)
    with pytest.raises(KeyboardInterrupt):
        save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["png"])
    assert good.read_bytes() == before
    assert sorted(p.name for p in Path(tmp_path, "zh").iterdir()) == ["pareto.png"]


def test_unknown_format_is_refused(tmp_path, figure):
    with pytest.raises(ValueError, match="unknown figure format gif"):
        save_figure(figure, "pareto", lang="zh", out_dir=tmp_path, formats=["gif"])


def test_tables_are_csv_for_spreadsheets(tmp_path):
    frame = analysis.asset_mix(load())[["category_zh", "amount"]]
    path = save_table(frame, "asset_mix", lang="zh", out_dir=tmp_path)
    raw = path.read_bytes()
    assert path.relative_to(tmp_path).as_posix() == "zh/asset_mix.csv"
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert raw.decode("utf-8-sig").splitlines()[1] == "交通运输,25.72"
    assert save_table(frame, "asset_mix", lang="zh", out_dir=tmp_path).read_bytes() == raw


def test_every_file_carries_the_finding(tmp_path):
    chart = drawn()
    png, svg, pdf = save_figure(chart.figure, "lines", lang="zh", out_dir=tmp_path, description=chart.finding)
    assert Image.open(png).text["Description"] == chart.finding == "政府采购高度集中：最大一条占93.8%"
    assert f"<dc:description>{chart.finding}</dc:description>" in svg.read_text(encoding="utf-8")
    assert b"/Title" in pdf.read_bytes()


def test_save_chart_without_a_folder_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    chart = save_chart(charts.growth_bridge, analysis.year_over_year(load()), "bridge", lang="zh", out_dir=None)
    assert chart.finding.startswith("总支出增长29.0%") and list(tmp_path.iterdir()) == []


def test_a_saved_chart_is_shown_as_the_png_it_wrote(tmp_path, monkeypatch):
    """On a page the chart is the 200 dpi document PNG just written, not drawn a fourth time."""
    chart = save_chart(charts.growth_bridge, analysis.year_over_year(load()), "bridge", lang="en", out_dir=tmp_path)
    monkeypatch.setattr(charts.Chart, "png", lambda *args, **kwargs: pytest.fail("drawn again"))
    data, metadata = chart._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]) == (tmp_path / "en" / "bridge-document.png").read_bytes()
    assert metadata["image/png"]["alt"] == chart.finding


def test_importing_budgetlib_changes_nothing_until_a_build_asks():
    """No patched matplotlib, no registered fonts, no module hidden from jsonschema, no frozen heap:
    the speed-ups are the build's, switched on explicitly."""
    code = """
import gc, sys
import budgetlib, budgetlib.analysis, budgetlib.charts, budgetlib.deck, budgetlib.pages, budgetlib.publish.build
from matplotlib import font_manager
from matplotlib.backends import _backend_pdf_ps
assert not getattr(_backend_pdf_ps.get_glyphs_subset, "remembers", False)
assert not any(entry.name.startswith("budgetlib") for entry in font_manager.fontManager.ttflist)
assert sys.modules.get("rfc3987_syntax", 0) is not None
assert gc.get_freeze_count() == 0
from budgetlib.publish import speedups
speedups.kernel_process()
assert _backend_pdf_ps.get_glyphs_subset.remembers
"""
    subprocess.run([sys.executable, "-c", code], check=True)
