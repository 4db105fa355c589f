"""Every built page reads as a report in one language: its title, lang, headings, alt text,
no pandas repr, no build path; a rebuild gives the same bytes; the overview briefing
prints on at most two A4 pages in a real browser engine."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import budgetlib, budgetlib_process
from fontTools.ttLib import TTFont

from budgetlib.publish.notebooks import statement_notebooks

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
LANG = {"zh": "zh-CN", "en": "en"}
NOTEBOOKS = [p.stem for p in statement_notebooks(Path(__file__).resolve().parents[1] / "notebooks")]


class Page(HTMLParser):
    """The parts of a page the checks look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.headings: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "img":
            self.images.append(attributes)
        elif tag in ("title", "h1", "h2", "h3"):
            self._in = tag
            if tag != "title":
                self.headings.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in:
            self.headings[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def build(out: Path) -> None:
    result = budgetlib("report", "--out", str(out))
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def build_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``budgetlib report`` in both languages as ``make report`` runs it (a relative ``--out``):
    the output folder and the finished process."""
    out = tmp_path_factory.mktemp("build")
    result = budgetlib_process("report", "--out", ".", cwd=out)
    assert result.returncode == 0, result.stderr
    return out, result


@pytest.fixture(scope="module")
def built(build_run) -> Path:
    return build_run[0]


def pages(out: Path) -> list[tuple[str, Path]]:
    found = [(lang, p) for lang in LANG for p in sorted((out / "reports" / lang).glob("*.html"))]
    found += [(lang, out / "figures" / lang / "index.html") for lang in LANG]
    return found


def test_every_page_is_built(built):
    for lang in LANG:
        assert (built / "reports" / lang / "index.html").exists()
        assert (built / "figures" / lang / "index.html").exists()
        assert (built / "reports" / lang / "00_overview.briefing.html").exists()


def test_pages_declare_their_language_and_title(built):
    for lang, path in pages(built):
        page = parse(path)
        assert page.lang == LANG[lang], path
        assert page.title.strip() and "Notebook" not in page.title, (path, page.title)
    title = parse(built / "reports" / "zh" / "00_overview.briefing.html").title
    assert "预算概览" in title and "2020" in title and "应急管理局" in title
    title = parse(built / "reports" / "en" / "00_overview.briefing.html").title
    assert "Budget overview" in title and "2020" in title and "Emergency Management Bureau" in title


def test_headings_are_in_the_page_language(built):
    for lang, path in pages(built):
        headings = parse(path).headings
        assert headings, path
        for heading in headings:
            has_cjk = bool(CJK.search(heading))
            assert has_cjk == (lang == "zh"), (path.name, lang, heading)


def test_every_image_has_alt_text(built):
    for _, path in pages(built):
        for image in parse(path).images:
            alt = (image.get("alt") or "").strip()
            assert alt and "No description" not in alt, (path.name, image.get("src", "")[:40])


def test_no_pandas_repr_no_build_path(built):
    for _, path in pages(built):
        text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", path.read_text(encoding="utf-8"))  # images and fonts
        for bad in ("dtype:", "Name: ", "/tmp/", ".budgetlib-build", str(built), "<th></th>", "NaN"):
            assert bad not in text, (path.name, bad)


def test_briefings_leave_check_ids_to_the_full_report(built):
    briefing = (built / "reports" / "en" / "00_overview.briefing.html").read_text(encoding="utf-8")
    full = (built / "reports" / "en" / "00_overview.html").read_text(encoding="utf-8")
    assert "assets.stated_share" not in briefing and "assets.stated_share" in full
    assert "expected" not in briefing.lower() or "34.50%" in briefing
    assert "34.50%" in briefing and "34.52%" in briefing  # the audit's expected and found


def test_index_links_every_report_and_the_gallery(built):
    for lang in LANG:
        index = (built / "reports" / lang / "index.html").read_text(encoding="utf-8")
        for report in sorted((built / "reports" / lang).glob("0*.html")):
            assert f'href="{report.name}"' in index
        assert f'href="../../figures/{lang}/index.html"' in index
        assert 'href="briefing.pptx"' in index and (built / "reports" / lang / "briefing.pptx").is_file()
        assert 'href="briefing.docx"' in index and (built / "reports" / lang / "briefing.docx").is_file()
        gallery = (built / "figures" / lang / "index.html").read_text(encoding="utf-8")
        for png in (built / "figures" / lang).glob("*.png"):
            assert f'href="{png.name}"' in gallery
    assert "Emergency Management Bureau" in (built / "reports" / "en" / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_gives_the_same_bytes(built, tmp_path):
    again = tmp_path / "again"
    build(again)
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*.html")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")}
    assert first.keys() == second.keys()
    assert [str(k) for k in first if first[k] != second[k]] == []


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def printed_pages(html: Path, pdf: Path) -> int:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
             html.as_uri()],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("lang", LANG)
def test_the_overview_briefing_prints_on_two_a4_pages(built, tmp_path, lang):
    pdf = tmp_path / f"overview-{lang}.pdf"
    count = printed_pages(built / "reports" / lang / "00_overview.briefing.html", pdf)
    assert 1 <= count <= 2, f"{count} pages"
    media = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert media and abs(float(media.group(1)) - 595.9) < 2 and abs(float(media.group(2)) - 842.9) < 2  # A4


def test_report_writes_every_notebook_and_its_briefing(build_run):
    out, result = build_run
    pages = [f"{n}.html" for n in NOTEBOOKS] + [f"{n}.briefing.html" for n in NOTEBOOKS] + ["index.html"]
    for lang in ("zh", "en"):
        html = sorted(p.name for p in (out / "reports" / lang).iterdir())
        assert html == sorted([*pages, "briefing.pptx", "briefing.docx"])
        count = 2 * len(NOTEBOOKS)
        assert len(re.findall(rf"^\[\d+/{count}\] .* \[{lang}\] done in", result.stdout, flags=re.M)) == len(NOTEBOOKS)


def test_the_build_writes_the_word_briefing_from_its_figures(built):
    """The document of a build holds the PNGs its notebooks saved: the same file `budgetlib deck` draws."""
    import budgetlib
    from budgetlib.document import document_bytes

    for lang in LANG:
        assert (built / "reports" / lang / "briefing.docx").read_bytes() == document_bytes(budgetlib.load(), lang)


def test_report_is_quiet(build_run):
    _, result = build_run
    assert result.stderr == ""


def test_reports_open_offline(build_run):
    out, _ = build_run
    for page in (out / "reports" / "zh").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html), page.name
        assert "require.min.js" not in html and "mathjax" not in html.lower()


def test_reports_carry_their_chinese_font(build_run):
    """Chinese prose and tables read as Chinese on a machine without Chinese fonts."""
    out, _ = build_run
    page = (out / "reports" / "zh" / "05_performance_targets.briefing.html").read_text(encoding="utf-8")
    font = re.search(r"@font-face \{font-family: 'budgetlib-cjk'; src: url\(data:font/woff;base64,([^)]+)\)", page)
    assert font, "no embedded font"
    covered = TTFont(io.BytesIO(base64.b64decode(font.group(1)))).getBestCmap()
    body = page[page.index("<body") :]
    assert {ord(c) for c in body if ord(c) >= 0x2E80} <= set(covered)
    assert "--jp-content-font-family: 'budgetlib-cjk'," in page


def test_reports_show_every_chart_and_the_computed_story(build_run):
    out, _ = build_run
    overview = (out / "reports" / "zh" / "00_overview.briefing.html").read_text(encoding="utf-8")
    assert overview.count('src="data:image/png;base64,') == 3  # the bridge, the split, procurement
    assert "861.04万元" in overview and "增加193.79万元" in overview and "93.8%" in overview
    assert "家具用具占固定资产的比重为13.20%" in overview and "13.33%" in overview  # what the audit found
    assert "require_reconciled" not in overview  # the briefing hides the code
    assert "assets.stated_share.furniture" not in overview  # check IDs are for the full report
    full = (out / "reports" / "zh" / "00_overview.html").read_text(encoding="utf-8")
    assert "require_reconciled" in full and "assets.stated_share.furniture" in full
    assert ".budgetlib-build-" not in full  # the parameters name where the figures end up
    procurement = (out / "reports" / "zh" / "03_procurement_concentration.html").read_text(encoding="utf-8")
    assert procurement.count('src="data:image/png;base64,') == 4


def test_report_exports_figures(build_run):
    out, _ = build_run
    figures = {p.name for p in (out / "figures" / "zh").iterdir()}
    charts = ["year_over_year", "growth_bridge", "spending_split", "procurement_lines", "procurement_by_category",
              "procurement_by_unit", "procurement_by_project", "asset_mix", "indicator_mix", "threshold_distribution",
              "department_vs_project"]  # fmt: skip
    tables = {"target_findings.csv", "shared_indicators.csv", "department_vs_project.csv", "index.html"}
    expected = {f"{c}-{s}.{e}" for c in charts for s in ("slide", "document") for e in ("png", "svg", "pdf")}
    assert figures == expected | tables


def test_charts_print_at_the_text_width_except_on_the_two_sheet_overview(built):
    """Charts are drawn for the A4 text width and print at it, readable; only the overview,
    which must fit on two sheets, prints them smaller."""
    for lang in LANG:
        for page in (built / "reports" / lang).glob("*.html"):
            compact = "@media print { .jp-RenderedImage img { max-height: 70mm;" in page.read_text(encoding="utf-8")
            assert compact == page.name.startswith("00_overview"), page.name


class Text(HTMLParser):
    """The words a reader sees on a page: its text and the alt text of its images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_data(self, data):
        self.parts.append(data)


def test_the_overview_shows_each_headline_figure_rounded_once(built):
    """The briefing's tiles, prose and chart titles show each share as rounded once from its exact value
    (tests/test_rounding.py checks the same on copies whose shares sit on rounding edges)."""
    import budgetlib
    from budgetlib.analysis import headline
    from budgetlib.words.formatting import pct

    figures = headline(budgetlib.load())
    year = figures["fiscal_year"]
    for lang in ("zh", "en"):
        page = Text()
        page.feed((built / "reports" / lang / "00_overview.briefing.html").read_text(encoding="utf-8"))
        words = " ".join(page.parts)
        for key in (f"basic_share_{year}_pct", "total_change_pct", "procurement_top_share_pct"):
            assert words.count(pct(figures[key])) >= 2, (lang, key)  # the tile, and a chart or the prose
            if pct(round(figures[key], 2)) != pct(figures[key]):
                assert pct(round(figures[key], 2)) not in words, (lang, key)
