"""The briefing decks, read back with python-pptx: slides, titles, native chart data, fonts,
notes, reproducibility, and the ``budgetlib deck`` command."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import chart_inputs
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

import budgetlib
from budgetlib import analysis, charts, deck, files
from budgetlib.charts import reshape
from budgetlib.checks import targets
from budgetlib.cli import main
from budgetlib.deck import drawing
from budgetlib.words.wording import OFFICE_LANG

CJK = re.compile(r"[\u4e00-\u9fff]")
CENT = 0.005
CHART_SLIDES = {  # slide number (from 1) → the chart (as conftest.chart_inputs names it) whose finding titles it
    3: "year_over_year",
    4: "growth_bridge",
    5: "spending_split",
    6: "procurement_lines",
    7: "asset_mix",
    8: "threshold_distribution",
    9: "department_vs_project",
}


@pytest.fixture(scope="module")
def budget():
    return budgetlib.load()


@pytest.fixture(scope="module")
def built(budget, tmp_path_factory):
    """Each language's deck written once from the bundled data: (path, Presentation)."""
    folder = tmp_path_factory.mktemp("decks")
    decks = {}
    for lang in ("zh", "en"):
        path = deck.write_deck(budget, lang, folder / lang / "briefing.pptx")
        decks[lang] = (path, Presentation(str(path)))
    return decks


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _series(chart):
    return {s.name: list(s.values) for s in chart.plots[0].series}


def _categories(chart):
    return list(chart.plots[0].categories)


def _close(found, expected):
    assert len(found) == len(expected)
    for f, e in zip(found, expected, strict=True):
        if e is None:
            assert f is None
        else:
            assert f is not None and abs(f - e) < CENT, (found, expected)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_slides_are_16_9_with_titles_from_the_findings(built, budget, lang):
    _, presentation = built[lang]
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    slides = list(presentation.slides)
    assert len(slides) == 10
    titles = [slide.shapes.title.text for slide in slides]
    assert all(titles)
    inputs = chart_inputs(budget)
    for number, name in CHART_SLIDES.items():  # test_findings checks finding() against the drawn chart
        chart, frame = inputs[name]
        assert titles[number - 1] == charts.finding(chart, frame, lang)
    department = analysis.source_attrs(budget)[f"department_{lang}"]
    assert department in titles[0] and "2020" in titles[0]


def test_titles_in_each_language(built):
    for lang, expect_cjk in (("zh", True), ("en", False)):
        _, presentation = built[lang]
        for slide in presentation.slides:
            title = slide.shapes.title.text
            assert bool(CJK.search(title)) is expect_cjk, title
    growth = built["zh"][1].slides[3].shapes.title.text
    assert growth == "总支出增长29.0%：基本支出增加199.18万元，项目支出减少5.39万元"
    assert built["en"][1].slides[3].shapes.title.text == (
        "Total spending rose 29.0%: basic spending up 199.18, project spending down 5.39"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_holds_the_analysis_frames(built, budget, lang):
    slides = list(built[lang][1].slides)
    yoy = analysis.year_over_year(budget)
    total = yoy[yoy["spending_type"].astype(str) == "total"].iloc[0]
    parts = yoy[yoy["spending_type"].astype(str) != "total"]

    (bars,) = _charts(slides[2])
    assert _categories(bars) == yoy[f"spending_type_{lang}"].tolist()
    base_year, year = _series(bars).values()
    _close(base_year, yoy["amount_base"].tolist())
    _close(year, yoy["amount"].tolist())

    (bridge,) = _charts(slides[3])
    base, ends, ups, downs = _series(bridge).values()
    _close([ends[0], ends[-1]], [total["amount_base"], total["amount"]])
    changes = [(u if u is not None else -d) for u, d in zip(ups[1:-1], downs[1:-1], strict=True)]
    _close(changes, parts["change"].tolist())
    tops = [b + (e or u or d or 0) for b, e, u, d in zip(base, ends, ups, downs, strict=True)]
    _close(tops[:2], [total["amount_base"], total["amount_base"] + parts["change"].iloc[0]])  # steps meet

    (split,) = _charts(slides[4])
    shares = analysis.spending_split(budget)
    for name, values in _series(split).items():
        expected = shares[shares[f"spending_type_{lang}"] == name].sort_values("year")["share_pct"]
        _close(values, expected.tolist())

    (procurement,) = _charts(slides[5])
    lines = analysis.procurement_lines(budget)
    (amounts,) = _series(procurement).values()
    keep = reshape.MAX_BARS - 1
    _close(amounts, [*lines["amount"].head(keep), lines["amount"].iloc[keep:].sum()])
    assert sum(amounts) == pytest.approx(lines["amount"].sum(), abs=CENT)

    shares_chart, gaps_chart = _charts(slides[6])
    mix = analysis.asset_mix(budget).sort_values("share_pct", ascending=False)
    assert _categories(shares_chart) == mix[f"category_{lang}"].tolist()
    _close(next(iter(_series(shares_chart).values())), mix["share_pct"].tolist())
    _close(next(iter(_series(gaps_chart).values())), mix["difference_pp"].tolist())

    (thresholds,) = _charts(slides[7])
    counts = reshape.threshold_counts(analysis.threshold_distribution(budget))
    found = _series(thresholds)
    for scope, values in zip(counts.columns, found.values(), strict=True):
        _close(values, counts[scope].astype(float).tolist())
    assert sum(sum(v) for v in found.values()) == analysis.threshold_distribution(budget)["indicators"].sum()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sources_notes_and_table(built, budget, lang):
    slides = list(built[lang][1].slides)
    source = analysis.source_attrs(budget)[f"source_{lang}"]
    for slide in slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert any(source in text for text in texts), slide.shapes.title.text
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    assert "199.18" in slides[3].notes_slide.notes_text_frame.text
    assert "160.00" in slides[5].notes_slide.notes_text_frame.text
    headline = " ".join(shape.text_frame.text for shape in slides[1].shapes if shape.has_text_frame)
    for figure in ("861.04", "61.2%", "93.8%"):
        assert figure in headline
    tables = [shape.table for shape in slides[8].shapes if shape.has_table]
    assert len(tables) == 1 and len(tables[0].rows) == len(targets.department_vs_project(budget)) + 1
    closing = " ".join(shape.text_frame.text for shape in slides[9].shapes if shape.has_text_frame)
    assert "34.52%" in closing  # the stated asset shares the audit warns about


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_run_names_a_latin_and_an_east_asian_font(built, lang):
    with zipfile.ZipFile(built[lang][0]) as package:
        parts = [n for n in package.namelist() if re.match(r"ppt/(slides|notesSlides|charts)/[^/]+\.xml$", n)]
        for name in parts:
            root = etree.fromstring(package.read(name))
            for run in root.iter(qn("a:r")):
                properties = run.find(qn("a:rPr"))
                assert properties is not None, name
                assert properties.find(qn("a:ea")).get("typeface") == drawing.EA_FONT["typeface"], name
                assert properties.find(qn("a:latin")) is not None, name
                assert properties.get("lang") == OFFICE_LANG[lang]


def test_rebuild_is_byte_identical_and_carries_no_dates(built, budget, tmp_path):
    path, _ = built["zh"]
    again = deck.write_deck(budget, "zh", tmp_path / "briefing.pptx")
    assert again.read_bytes() == path.read_bytes()
    with zipfile.ZipFile(path) as package:
        assert {info.date_time for info in package.infolist()} == {files.ZIP_DATE}
        core = package.read("docProps/core.xml").decode("utf-8")
        embedded = [n for n in package.namelist() if n.endswith(".xlsx")]
        assert embedded  # each chart's data travels as a workbook
        with zipfile.ZipFile(io.BytesIO(package.read(embedded[0]))) as workbook:
            assert {info.date_time for info in workbook.infolist()} == {files.ZIP_DATE}
            assert b"dcterms:created" not in workbook.read("docProps/core.xml")
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    properties = Presentation(str(path)).core_properties
    assert properties.author == "budgetlib" and properties.revision == 1
    assert list(tmp_path.iterdir()) == [again]  # no temporary file left beside it


def test_the_deck_changes_with_the_data(built, edit, tmp_path):
    changed = budgetlib.load(edit("budget_overview", 2, "amount_10k_cny", "300.00"))  # 2019 basic spending
    path = deck.write_deck(changed, "en", tmp_path / "briefing.pptx")
    assert path.read_bytes() != built["en"][0].read_bytes()
    slides = list(Presentation(str(path)).slides)
    (bars,) = _charts(slides[2])
    base_year, _ = _series(bars).values()
    assert base_year[0] == pytest.approx(300.0)
    original = [s.shapes.title.text for s in built["en"][1].slides]
    assert slides[3].shapes.title.text != original[3]  # the bridge's finding follows the data
    assert "basic spending up 226.74" in slides[3].shapes.title.text


def test_cli_builds_the_decks(tmp_path, capsys):
    assert main(["deck", "--lang", "en", "--out", str(tmp_path)]) == 0
    written = tmp_path / "reports" / "en" / "briefing.pptx"
    assert written.is_file() and not (tmp_path / "reports" / "zh").exists()
    assert sorted(p.name for p in written.parent.iterdir()) == ["briefing.docx", "briefing.pptx"]
    assert str(written) in capsys.readouterr().out
    assert len(Presentation(str(written)).slides) == 10


def test_cli_refuses_bad_and_unreconciled_data(edit, tmp_path, capsys):
    data = edit("budget_overview", 2, "amount_10k_cny", "300.00")
    assert main(["deck", "--data", str(data), "--out", str(tmp_path)]) == 1
    assert "no deck was built" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()
    edit("procurement_lines", 8, "amount_10k_cny", "160万")
    assert main(["deck", "--data", str(data), "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("budgetlib: cannot read the data:") and "\n" not in error
