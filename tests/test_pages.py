"""Every built page reads as a report in one language: its title, lang, headings, alt text,
no pandas repr, no build path; a rebuild gives the same bytes; the overview briefing
prints on at most two A4 pages in a real browser engine."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
LANG = {"zh": "zh-CN", "en": "en"}


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
    result = subprocess.run(
        [sys.executable, "-m", "budgetlib", "report", "--out", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    build(out)
    return out


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
