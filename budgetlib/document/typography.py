"""The document's typography, all of it in styles: A4 with the usual margins, the fonts, sizes and
spacing of each style the briefing uses, bullets, a plain table grid and page numbers.

Chinese body text is set in a Song-style face (宋体, SimSun) and headings in a Hei-style face (黑体,
SimHei), named as East Asian fonts (``w:eastAsia``) beside the Latin fonts (Times New Roman for the
body, Arial for headings) on the styles, never on a run: a person restyles the document by changing
its styles. The fonts are listed in the document's font table with their other name, PANOSE
classification and GB 2312 character set, so Word and WPS substitute a face of the same kind where
one is missing. English documents name the same fonts (their Chinese names and quotations need
them) at the sizes English text is set in.

A document made from a user's reference document keeps that document's styles and page setup:
a style it lacks is added as here; a style of it whose East Asian font comes from the theme has it
named by the face the theme gives Chinese; one that names none is given this one's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from budgetlib.words.wording import OFFICE_LANG, Lang

LATIN_BODY, LATIN_HEADING = "Times New Roman", "Arial"
EAST_ASIAN_BODY, EAST_ASIAN_HEADING = "宋体", "黑体"
# Each font's entry in the font table: its other name, PANOSE, character set (86: GB 2312), family and
# pitch: what Word and WPS match a substitute by where the face is not installed.
FONT_TABLE = {
    "宋体": ("SimSun", "02010600030101010101", "86", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "Arial": (None, "020B0604020202020204", "00", "swiss", "variable"),
    "Times New Roman": (None, "02020603050405020304", "00", "roman", "variable"),
}
GREY = RGBColor(0x59, 0x59, 0x59)  # the charts' dark grey: 7:1 on white
# A4, with the margins of a Chinese official document's text block (GB/T 9704: 156 mm wide).
PAGE = {"width": Cm(21), "height": Cm(29.7), "top": Cm(2.54), "bottom": Cm(2.54), "left": Cm(2.8), "right": Cm(2.6)}
BULLET = "•"
TABLE_STYLE = "Table Grid"


# What differs between the languages: sizes (body, tables and captions, source lines; pt), line
# spacing, the first-line indent (characters), space after a paragraph and a list item (pt), the
# size of headings and subtitles (pt), and bold (the CJK faces have no bold weight).
SCRIPT: dict[str, dict[str, Any]] = {
    "zh": {"sizes": (12, 10.5, 9), "line": 1.25, "indent": 2, "after": 2, "list_after": 2, "heading": 14,
           "bold": False},
    "en": {"sizes": (11, 9.5, 8.5), "line": 1.15, "indent": None, "after": 6, "list_after": 3, "heading": 13,
           "bold": True},
}  # fmt: skip


@dataclass(frozen=True)
class Look:
    """How one paragraph style looks: what it is based on, its face (body or heading), size in
    points, weight, alignment, spacing in points, first-line indent in characters, and whether it
    stays with the next paragraph."""

    based_on: str | None = "Normal"
    heading: bool = False
    size: float | None = None
    bold: bool = False
    align: str | None = None  # "left", "center", "right", "both"
    before: float | None = None  # None: as the base style
    after: float | None = None
    line: float | None = None  # line spacing, a multiple of single; None: as the base style
    indent: int | None = None  # first-line indent in characters; None: none
    keep_next: bool = False
    outline: int | None = None  # the heading level, from 0
    grey: bool = False


def looks(lang: Lang) -> dict[str, Look]:
    """Every paragraph style the briefing uses, by name, in ``lang``: Chinese sizes by the 字号 a
    reader of official documents expects (小四 body, 四号 headings, 五号 tables and captions)."""
    t = SCRIPT[lang]
    body, small, smallest = t["sizes"]
    bold = t["bold"]
    return {
        "Normal": Look(based_on=None, size=body, line=t["line"], align="left", before=0, after=0),
        "Body Text": Look(align="both", indent=t["indent"], after=t["after"]),
        "Title": Look(heading=True, size=18, bold=bold, align="center", after=6, line=1.0, keep_next=True),
        "Subtitle": Look(size=t["heading"], align="center", after=4, keep_next=True),
        "Heading 1": Look(heading=True, size=t["heading"], bold=bold, before=14, after=6, keep_next=True,
                          outline=0),
        "Caption": Look(size=small, align="center", before=3, after=9, line=1.0),
        "Table Caption": Look(based_on="Caption", before=9, after=3, keep_next=True),
        "Figure": Look(align="center", before=6, line=1.0, keep_next=True),
        "List Bullet": Look(after=t["list_after"]),
        "Source": Look(size=smallest, align="center", after=12, line=1.0, grey=True),
        "Table Text": Look(size=small, line=1.0, before=1.5, after=1.5),
        "Table Number": Look(based_on="Table Text", align="right"),
        "Table Heading": Look(based_on="Table Text", heading=True, bold=bold, align="center"),
        "Footer": Look(size=small, align="center", line=1.0),
    }  # fmt: skip


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _fonts(properties: Any, heading: bool) -> None:
    """Name the Latin and East Asian fonts on ``properties`` (a ``w:rPr``), dropping theme fonts,
    which would override them."""
    fonts = properties.get_or_add_rFonts()
    for name in list(fonts.attrib):
        fonts.attrib.pop(name)
    latin, east_asian = (LATIN_HEADING, EAST_ASIAN_HEADING) if heading else (LATIN_BODY, EAST_ASIAN_BODY)
    for attribute, font in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asian)):
        fonts.set(qn(f"w:{attribute}"), font)


def _draw(style: Any, look: Look, styles: Any) -> None:
    """Give ``style`` ``look``, replacing its paragraph and run properties."""
    element = style.element
    for old in element.findall(qn("w:pPr")) + element.findall(qn("w:rPr")):
        element.remove(old)
    style.base_style = styles[look.based_on] if look.based_on else None
    if look.based_on is None or look.heading or look.based_on == "Normal":
        _fonts(element.get_or_add_rPr(), look.heading)
    font = style.font
    if look.size is not None:
        font.size = Pt(look.size)
    font.bold = True if look.bold else None
    if look.grey:
        font.color.rgb = GREY
    paragraph = style.paragraph_format
    if look.align:
        paragraph.alignment = ALIGN[look.align]
    if look.before is not None:
        paragraph.space_before = Pt(look.before)
    if look.after is not None:
        paragraph.space_after = Pt(look.after)
    if look.line is not None:
        paragraph.line_spacing = look.line
    paragraph.keep_with_next = True if look.keep_next else None
    properties = element.get_or_add_pPr()
    if look.indent is not None:  # in characters, as Chinese text is indented; in twips too, for LibreOffice
        indent = properties.get_or_add_ind()
        indent.set(qn("w:firstLineChars"), str(look.indent * 100))
        indent.set(qn("w:firstLine"), str(round(look.indent * (look.size or looks_size(styles)) * 20)))
    if look.outline is not None:
        properties.get_or_add_outlineLvl().val = look.outline


def looks_size(styles: Any) -> float:
    """The size of Normal text in points (12 where it is not said)."""
    size = styles["Normal"].font.size
    return size.pt if size is not None else 12.0


def _east_asian_fonts(style: Any, defaults: Any) -> Any:
    """The ``w:rFonts`` that gives ``style`` its East Asian font (its own, a style's it is based on, or
    the document defaults'), or None where none names one."""
    while style is not None:
        fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and (fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:eastAsiaTheme"))):
            return fonts
        style = style.base_style
    fonts = defaults.find(qn("w:rFonts")) if defaults is not None else None
    return fonts if fonts is not None and (fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:eastAsiaTheme"))) else None


def theme_faces(document: Any) -> dict[str, str]:
    """The East Asian faces of the document's theme, by theme font (``majorEastAsia``,
    ``minorEastAsia``): its East Asian typeface, else the one it gives Simplified Chinese."""
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/theme")), None)
    if part is None:
        return {}
    theme, faces = parse_xml(part.blob), {}
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind in ("major", "minor"):
        scheme = theme.find(f".//{drawing}{kind}Font")
        if scheme is None:
            continue
        east_asian = scheme.find(f"{drawing}ea")
        chinese = next((f for f in scheme.findall(f"{drawing}font") if f.get("script") == "Hans"), None)
        face = (east_asian.get("typeface") if east_asian is not None else "") or (
            chinese.get("typeface") if chinese is not None else ""
        )
        if face:
            faces[f"{kind}EastAsia"] = face
    return faces


def _name_east_asian(style: Any, heading: bool, defaults: Any, faces: dict[str, str]) -> None:
    """Make sure ``style``'s East Asian font is named: a theme font by the face the theme gives it
    (a theme's font follows the language its document is set for, which may not be Chinese), and
    where nothing names one, this typography's."""
    fonts = _east_asian_fonts(style, defaults)
    ours = EAST_ASIAN_HEADING if heading else EAST_ASIAN_BODY
    if fonts is None:
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), ours)
    elif fonts.get(qn("w:eastAsiaTheme")):
        theme = fonts.attrib.pop(qn("w:eastAsiaTheme"))
        fonts.set(qn("w:eastAsia"), faces.get(theme, ours))


def _run_defaults(document: Any) -> Any:
    """The document's default run properties (``w:docDefaults/w:rPrDefault/w:rPr``), or None."""
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def apply(document: Any, lang: Lang, *, own: bool) -> None:
    """Set the briefing's typography on ``document``: with ``own`` (the document is budgetlib's
    base) every style, the defaults and the page; else (a user's reference document) only the
    styles it lacks, and an East Asian font named where a style's chain names none or a theme's."""
    styles = document.styles
    defaults = _run_defaults(document)
    faces = theme_faces(document)
    if own:
        _defaults(document)
        _page(document)
    for name, look in looks(lang).items():
        if name in styles:
            style = styles[name]
            if own:
                _draw(style, look, styles)
            else:
                _name_east_asian(style, look.heading, defaults, faces)
        else:
            _draw(styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH), look, styles)
    if styles["List Bullet"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None:
        _bullets(document)
    if TABLE_STYLE not in styles:
        _table_grid(document)
    _font_table(document)


def _defaults(document: Any) -> None:
    """The document defaults: body fonts, and the languages of the text, as Word sets them for Chinese:
    Latin text as English (so a number never breaks across lines), East Asian text as Chinese."""
    properties = _run_defaults(document)
    _fonts(properties, heading=False)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = properties.makeelement(qn("w:lang"), {})
        properties.append(language)
    language.attrib.clear()
    language.set(qn("w:val"), OFFICE_LANG["en"])  # Latin letters and digits, in either language: broken as words
    language.set(qn("w:eastAsia"), OFFICE_LANG["zh"])
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:eastAsia"), OFFICE_LANG["zh"])
    spacing = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    if spacing is not None:
        spacing.attrib.clear()
        spacing.set(qn("w:after"), "0")


def _page(document: Any) -> None:
    """A4 portrait with :data:`PAGE`'s margins, header and footer 1.5 cm from the edge."""
    for section in document.sections:
        section.page_width, section.page_height = PAGE["width"], PAGE["height"]
        section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
        section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
        section.header_distance = section.footer_distance = Cm(1.5)


def _bullets(document: Any) -> None:
    """A bullet list numbering, and the List Bullet style pointing to it."""
    numbering = document.part.numbering_part.element
    ids = [int(each.get(qn("w:abstractNumId"))) for each in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{BULLET}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first = numbering.find(qn("w:num"))
    if first is None:
        numbering.append(abstract)
    else:
        first.addprevious(abstract)
    number = numbering.add_num(abstract_id)
    document.styles["List Bullet"].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = number.numId


def _table_grid(document: Any) -> None:
    """A table style of thin black rules, for a reference document that has none."""
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    rules = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV"))  # fmt: skip
    style.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}><w:tblBorders>{rules}</w:tblBorders></w:tblPr>"))


def _font_table(document: Any) -> None:
    """List :data:`FONT_TABLE`'s fonts in the document's font table (those it does not list yet)."""
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    fonts = parse_xml(part.blob)
    listed = {font.get(qn("w:name")) for font in fonts.findall(qn("w:font"))}
    for name, (other, panose, charset, family, pitch) in FONT_TABLE.items():
        if name in listed:
            continue
        alt = f'<w:altName w:val="{other}"/>' if other else ""
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}">{alt}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        ))  # fmt: skip
    part._blob = _serialise(fonts)


def _serialise(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
