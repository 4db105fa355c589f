"""The briefing as a Word document, read back as XML and with python-docx: native tables whose header
row repeats, pictures with their findings as alt text, East Asian fonts on every run of Chinese text,
headings in heading styles, byte-identical rebuilds, a user's reference document, the ``budgetlib deck``
command, and, where LibreOffice is installed, at most four A4 pages of searchable Chinese."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from conftest import COMMERCE
from docx.oxml.ns import qn
from lxml import etree

import budgetlib
from budgetlib import analysis, charts, document
from budgetlib.charts.fonts import bundled_cjk_font
from budgetlib.charts.reshape import consistency_rows
from budgetlib.checks import targets
from budgetlib.cli import main
from budgetlib.document import typography
from budgetlib.document.writing import EMU_PER_TWIP
from budgetlib.pages import outline
from budgetlib.words import formatting
from budgetlib.words.wording import say

CJK = re.compile(r"[\u3400-\u9fff]")
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def bundled():
    return budgetlib.load()


@pytest.fixture(scope="module")
def commerce():
    return budgetlib.load(COMMERCE)


@pytest.fixture(scope="module")
def files(bundled, commerce):
    """Each document's bytes, once: (package, lang) -> bytes, for the bundled statement and the commerce
    package imported from its published PDF."""
    return {(key, lang): document.document_bytes(budget, lang)
            for key, budget in (("bundled", bundled), ("commerce", commerce)) for lang in LANGS}  # fmt: skip


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """Each body paragraph outside tables as (style id, text)."""
    body = part(data, "word/document.xml").find("w:body", W)
    shown = []
    for p in body.findall("w:p", W):
        style = p.find("w:pPr/w:pStyle", W)
        shown.append((style.get(qn("w:val")) if style is not None else "Normal", text_of(p)))
    return shown


@pytest.mark.parametrize("key", ["bundled", "commerce"])
@pytest.mark.parametrize("lang", LANGS)
def test_tables_are_native_and_repeat_their_header_row(files, key, lang):
    tables = part(files[key, lang], "word/document.xml").findall(".//w:tbl", W)
    assert len(tables) >= (4 if key == "bundled" else 1)  # headline, procurement lines, audit, targets
    for table in tables:
        rows = table.findall("w:tr", W)
        assert len(rows) >= 2
        assert rows[0].find("w:trPr/w:tblHeader", W) is not None, text_of(rows[0])
        assert all(row.find("w:trPr/w:tblHeader", W) is None for row in rows[1:])
        assert all(row.find("w:trPr/w:cantSplit", W) is not None for row in rows)
        assert all(text_of(cell).strip() for cell in rows[0].findall("w:tc", W))  # a header names each column
        grid = [int(col.get(qn("w:w"))) for col in table.findall("w:tblGrid/w:gridCol", W)]
        assert len(grid) == len(rows[0].findall("w:tc", W)) and min(grid) > 0


def test_the_tables_hold_the_data(files, bundled):
    """The procurement lines and the disagreements are the analyses' rows, as text a reader can copy."""
    tables = part(files["bundled", "en"], "word/document.xml").findall(".//w:tbl", W)
    rows = [[text_of(c) for c in row.findall("w:tc", W)] for table in tables for row in table.findall("w:tr", W)]
    lines = analysis.procurement_lines(bundled)
    top = lines.iloc[0]
    assert [formatting.count(top["rank"]), top["project_en"], top["item_en"], formatting.amount(top["amount"]),
            formatting.pct(top["share_pct"]), formatting.pct(top["cumulative_share_pct"])] in rows  # fmt: skip
    _, differences = consistency_rows(targets.department_vs_project(bundled), "en")
    assert all(row in rows for row in differences)
    assert len(differences) == 10


@pytest.mark.parametrize("key", ["bundled", "commerce"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_picture_is_a_chart_at_the_text_width_with_its_finding_as_alt_text(files, key, lang):
    data = files[key, lang]
    pictures = part(data, "word/document.xml").findall(".//{*}docPr")
    captions = [text for style, text in paragraphs(data) if style == "Caption"]
    assert len(pictures) == len(captions) == (3 if key == "bundled" else 4)
    section = docx.Document(io.BytesIO(data)).sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    for picture, caption in zip(pictures, captions, strict=True):
        assert picture.get("descr") and picture.get("descr") in caption
        assert caption == say("document.figure_caption", lang, number=captions.index(caption) + 1,
                              finding=picture.get("descr"))  # fmt: skip
    for shape in docx.Document(io.BytesIO(data)).inline_shapes:
        assert abs(shape.width - width) < EMU_PER_TWIP
        assert shape._inline.graphic.graphicData.pic.blipFill is not None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert images and all(n.endswith(".png") for n in images)
        assert all(b"pHYs" in package.read(n)[:200] for n in images)  # 200 dpi, as the build writes them


def test_the_bundled_captions_are_the_overview_charts_findings(files, bundled):
    yoy = analysis.year_over_year(bundled)
    expected = [charts.finding(charts.growth_bridge, yoy, "zh"),
                charts.finding(charts.spending_split_bars, analysis.spending_split(bundled), "zh"),
                charts.finding(charts.procurement_lines_bars, analysis.procurement_lines(bundled), "zh")]  # fmt: skip
    found = [p.get("descr") for p in part(files["bundled", "zh"], "word/document.xml").findall(".//{*}docPr")]
    assert found == expected


def _style_fonts(styles: etree._Element) -> tuple[dict[str, etree._Element], etree._Element]:
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall("w:style", W)}
    return by_id, styles.find("w:docDefaults/w:rPrDefault/w:rPr", W)


def east_asian_font(run: etree._Element, paragraph_style: str | None, by_id: dict, defaults) -> str | None:
    """The East Asian font a run is set in: its own, its character style's, its paragraph style's
    chain's, or the document defaults'."""
    chain = [run.find("w:rPr", W)]
    character = run.find("w:rPr/w:rStyle", W)
    style_ids = [character.get(qn("w:val"))] if character is not None else []
    style_ids += [paragraph_style or "Normal"]
    for style_id in style_ids:
        while style_id:
            style = by_id[style_id]
            chain.append(style.find("w:rPr", W))
            based = style.find("w:basedOn", W)
            style_id = based.get(qn("w:val")) if based is not None else None
    chain.append(defaults)
    for properties in chain:
        fonts = properties.find("w:rFonts", W) if properties is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the name
            return fonts.get(qn("w:eastAsia"))
    return None


def chinese_runs(data: bytes, name: str = "word/document.xml"):
    """Each run holding Chinese text, with its paragraph's style id."""
    for paragraph in part(data, name).iter(qn("w:p")):
        style = paragraph.find("w:pPr/w:pStyle", W)
        for run in paragraph.iter(qn("w:r")):
            if CJK.search(text_of(run)):
                yield run, style.get(qn("w:val")) if style is not None else None


@pytest.mark.parametrize("key", ["bundled", "commerce"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_run_of_chinese_text_names_an_east_asian_font(files, key, lang):
    data = files[key, lang]
    by_id, defaults = _style_fonts(part(data, "word/styles.xml"))
    runs = list(chinese_runs(data))
    assert len(runs) >= 3  # English documents quote the statement's Chinese too
    fonts = {east_asian_font(run, style, by_id, defaults) for run, style in runs}
    assert fonts <= {typography.EAST_ASIAN_BODY, typography.EAST_ASIAN_HEADING}, fonts
    if lang == "zh":
        assert fonts == {typography.EAST_ASIAN_BODY, typography.EAST_ASIAN_HEADING}  # Song body, Hei headings
    for style_id in ("Normal", "Heading1", "Title"):
        latin = by_id[style_id].find("w:rPr/w:rFonts", W)
        assert latin.get(qn("w:ascii")) in (typography.LATIN_BODY, typography.LATIN_HEADING)  # a Latin font beside
    table = {f.get(qn("w:name")): f for f in part(data, "word/fontTable.xml").findall("w:font", W)}
    for name, (other, _, charset, _, _) in typography.FONT_TABLE.items():
        assert table[name].find("w:charset", W).get(qn("w:val")) == charset
        if other:
            assert table[name].find("w:altName", W).get(qn("w:val")) == other


@pytest.mark.parametrize("lang", LANGS)
def test_headings_use_heading_styles_and_text_carries_no_direct_formatting(files, bundled, lang):
    data = files["bundled", lang]
    shown = paragraphs(data)
    headings = [text for style, text in shown if style == "Heading1"]
    checks = budgetlib.audit(bundled)
    expected = [
        outline.headline(bundled, checks, lang)[0],
        say("document.findings", lang),
        say("document.spending", lang),
        say("document.procurement", lang),
        outline.audit(bundled, checks, lang).title,
        say("document.targets", lang),
    ]
    assert headings == expected
    cover = outline.cover(bundled, lang)
    assert shown[:3] == [("Title", cover.title), ("Subtitle", cover.subtitle), ("Source", cover.source)]
    styles = {s.get(qn("w:styleId")): s for s in part(data, "word/styles.xml").findall("w:style", W)}
    assert styles["Heading1"].find("w:pPr/w:outlineLvl", W).get(qn("w:val")) == "0"
    body = part(data, "word/document.xml")
    assert body.findall(".//w:r/w:rPr", W) == []  # every run takes its look from its style
    assert all(style in styles for style, _ in shown)


def test_the_page_is_a4_with_page_numbers(files):
    document_ = docx.Document(io.BytesIO(files["bundled", "zh"]))
    section = document_.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert " PAGE " in [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]


def test_a_rebuild_gives_the_same_bytes(files, bundled):
    again = document.document_bytes(bundled, "zh")
    assert again == files["bundled", "zh"]
    with zipfile.ZipFile(io.BytesIO(again)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml")
        assert b"dcterms:created" not in core and b"dcterms:modified" not in core
        assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_the_build_s_pngs_give_the_same_document(files, bundled, tmp_path):
    """A build writes the document from the PNGs its notebooks saved; `budgetlib deck` draws them: the same file."""
    yoy = analysis.year_over_year(bundled)
    drawn = {
        "growth_bridge": (charts.growth_bridge, yoy),
        "spending_split": (charts.spending_split_bars, analysis.spending_split(bundled)),
        "procurement_lines": (charts.procurement_lines_bars, analysis.procurement_lines(bundled)),
    }
    for name, (chart, frame) in drawn.items():
        charts.save_chart(chart, frame, name, lang="en", out_dir=tmp_path)
    assert document.document_bytes(bundled, "en", figures_dir=tmp_path) == files["bundled", "en"]


def test_an_imported_statement_says_what_it_does_not_give(files, commerce):
    text = "\n".join(t for _, t in paragraphs(files["commerce", "en"]))
    assert say("absent.procurement_lines", "en") in text
    assert say("absent.performance_targets", "en") in text
    names = [p.get("name") for p in part(files["commerce", "en"], "word/document.xml").findall(".//{*}docPr")]
    assert names == ["year_over_year.png", "spending_split.png", "function_spending.png", "procurement_by_category.png"]
    assert formatting.amount(analysis.headline(commerce)[f"total_{analysis.fiscal_year(commerce)}"]) in text


def _reference(tmp_path, *, suffix=".docx"):
    """A user's reference document: 14 pt 仿宋 body, red headings, 3.5 cm margins, some text of its own."""
    from docx.shared import Cm, Pt, RGBColor

    reference = docx.Document()
    reference.styles["Normal"].font.size = Pt(14)
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0, 0)
    section = reference.sections[0]
    section.left_margin = section.right_margin = Cm(3.5)
    reference.add_paragraph("the reference document's own text")
    path = tmp_path / f"reference{suffix}"
    reference.save(path)
    if suffix == ".dotx":  # a Word template: the same parts, its main part typed as a template's
        data = path.read_bytes()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(b"document.main+xml", b"template.main+xml")
                target.writestr(info, content)
        path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_a_reference_document_supplies_the_styles(bundled, tmp_path, suffix):
    reference = _reference(tmp_path, suffix=suffix)
    data = document.document_bytes(bundled, "zh", template=reference)
    made = docx.Document(io.BytesIO(data))
    assert made.styles["Normal"].font.size.pt == 14
    assert str(made.styles["Heading 1"].font.color.rgb) == "C00000"
    section = made.sections[-1]
    assert round(section.left_margin.cm, 1) == 3.5
    text = "\n".join(p.text for p in made.paragraphs)
    assert "the reference document's own text" not in text and say("document.findings", "zh") in text
    width = section.page_width - section.left_margin - section.right_margin
    assert all(abs(shape.width - width) < EMU_PER_TWIP for shape in made.inline_shapes)
    by_id, defaults = _style_fonts(part(data, "word/styles.xml"))
    assert all(east_asian_font(run, style, by_id, defaults) for run, style in chinese_runs(data))
    assert document.document_bytes(bundled, "zh", template=reference) == data


def test_the_deck_command_writes_the_deck_and_the_document(tmp_path, capsys):
    assert main(["deck", "--lang", "en", "--out", str(tmp_path), "--docx-template", str(_reference(tmp_path))]) == 0
    folder = tmp_path / "reports" / "en"
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.docx", "briefing.pptx"]
    assert str(folder / "briefing.docx") in capsys.readouterr().out
    assert docx.Document(str(folder / "briefing.docx")).styles["Normal"].font.size.pt == 14


@pytest.mark.parametrize("kind", ["text", "deck", "missing", "broken"])
def test_a_bad_reference_document_is_one_message_and_nothing_written(tmp_path, capsys, kind):
    path = tmp_path / "reference.docx"
    if kind == "text":
        path.write_text("not a document", encoding="utf-8")
    elif kind == "deck":
        shutil.copy(_slides(tmp_path), path)
    elif kind == "broken":
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("[Content_Types].xml", "<Types/>")
            package.writestr("word/document.xml", "<not xml")
    out = tmp_path / "out"
    for command in (["deck"], ["report", "--jobs", "1"]):
        assert main([*command, "--out", str(out), "--docx-template", str(path)]) == 2
        err = capsys.readouterr().err
        assert (
            err.count("\n") == 1
            and err.startswith("budgetlib: cannot use the Word template: ")
            and "reference.docx" in err
        )
        assert "Traceback" not in err
    assert not out.exists()


def _slides(tmp_path):
    from budgetlib import deck

    return deck.write_deck(budgetlib.load(), "en", tmp_path / "slides.pptx")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("key", ["bundled", "commerce"])
def test_the_documents_print_on_at_most_four_a4_pages_of_searchable_chinese(files, tmp_path, key):
    """Converted by LibreOffice, pointed at budgetlib's own CJK font (the machine may have none)."""
    from pypdf import PdfReader

    font = bundled_cjk_font()
    folder = font.parent if font else tmp_path
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    for lang in LANGS:
        source = tmp_path / f"{key}-{lang}.docx"
        source.write_bytes(files[key, lang])
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=240, check=True, env={**os.environ, "FONTCONFIG_FILE": str(config)},
        )  # fmt: skip
        pdf = PdfReader(tmp_path / f"{key}-{lang}.pdf")
        assert 1 <= len(pdf.pages) <= 4, (key, lang, len(pdf.pages))
        box = pdf.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4
        text = "".join(page.extract_text() for page in pdf.pages)
        department = analysis.source_attrs(budgetlib.load(None if key == "bundled" else COMMERCE))["department_zh"]
        if lang == "zh":
            assert department in text.replace("\n", "")
