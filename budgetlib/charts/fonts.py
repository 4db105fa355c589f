"""Fonts for charts: Chinese renders on any machine, with or without Chinese system fonts.

The CJK font is WenQuanYi Micro Hei from the ``paperang-p2-fonts-cjk`` package: it has
TrueType outlines, so matplotlib embeds it in PDF as a real font (Type 42, subset,
searchable text). Latin text is set in DejaVu Sans, which ships with matplotlib;
matplotlib falls back per glyph along the family list, so Chinese characters come from
the CJK font. Chinese system fonts, where present, follow as further fallbacks.

Charts use cut-down copies of both fonts first: ``budgetlib CJK`` holds the GB 2312
character set, every character of everyday Chinese text (7,445 glyphs instead of 49,531),
and ``budgetlib Latin`` holds Latin, Greek, punctuation, currency, arrows and mathematical
signs (1,440 glyphs instead of 6,253, with DejaVu's kerning and ligatures). Each PDF embeds
its own subset of the fonts it uses, and cutting a subset reads the whole font it is cut
from, which is quicker from a small copy. The glyphs are the same, so figures look the same
to the pixel; a character the copies lack falls back to the whole font. The copies are made
once and kept in matplotlib's cache folder.

A chart saved at two sizes embeds the same glyphs twice; a build remembers each subset cut
for a PDF (:func:`budgetlib.publish.speedups.remember_pdf_font_subsets`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from importlib import resources
from pathlib import Path

import fontTools
import matplotlib as mpl
from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from budgetlib.files import write_atomically

LATIN_FAMILY = "DejaVu Sans"
CHART_LATIN_FAMILY = "budgetlib Latin"
BUNDLED_CJK_FAMILY = "WenQuanYi Micro Hei"
CHART_CJK_FAMILY = "budgetlib CJK"
LATIN_BLOCKS = (
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x22FF),  # Arrows, Mathematical Operators
    (0x25A0, 0x25FF),  # Geometric Shapes
)
SYSTEM_CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei"]


def bundled_cjk_font() -> Path | None:
    """Path of the CJK font file installed with budgetlib, or None if the package is absent."""
    try:
        path = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


@functools.cache
def gb2312_characters() -> str:
    """Every character of GB 2312: 6,763 hanzi and 682 symbols, in code order."""
    pairs = (bytes((row, cell)) for row in range(0xA1, 0xF8) for cell in range(0xA1, 0xFF))
    return "".join(pair.decode("gb2312", errors="ignore") for pair in pairs)  # unassigned pairs give ""


def latin_characters() -> str:
    """Every character of ``LATIN_BLOCKS``, in code order (the font may lack some)."""
    return "".join(chr(code) for first, last in LATIN_BLOCKS for code in range(first, last + 1))


def chart_font_copy(source: Path, family: str, characters: str, cache_dir: Path, *, layout: bool) -> Path | None:
    """A copy of ``source`` holding only ``characters``, its family named ``family``; made on
    first use and kept in ``cache_dir``, its file named by a digest of what it is made from;
    None if it cannot be written. ``layout`` keeps the kerning and ligature tables (matplotlib
    shapes Latin text with them)."""
    recipe = f"{source.stat().st_size}:{fontTools.version}:{family}:{layout}:{characters}"
    path = cache_dir / f"{family.replace(' ', '-').lower()}-{hashlib.sha256(recipe.encode()).hexdigest()[:16]}.ttf"
    if path.is_file():
        return path
    font = TTFont(str(source), fontNumber=0, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"] if layout else []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = family
        elif record.nameID == 6:  # PostScript name: no spaces
            record.string = family.replace(" ", "")
    try:
        return write_atomically(path, font.save)
    except OSError:
        return None


def chart_cjk_font(source: Path, cache_dir: Path) -> Path | None:
    """The ``budgetlib CJK`` copy of ``source``: GB 2312 only."""
    return chart_font_copy(source, CHART_CJK_FAMILY, gb2312_characters(), cache_dir, layout=False)


def chart_latin_font(source: Path, cache_dir: Path) -> Path | None:
    """The ``budgetlib Latin`` copy of ``source``: ``LATIN_BLOCKS`` only, kerning kept."""
    return chart_font_copy(source, CHART_LATIN_FAMILY, latin_characters(), cache_dir, layout=True)


@functools.cache
def font_families() -> list[str]:
    """The font family list charts are set in, once the bundled CJK font and the chart copies
    are registered with matplotlib (on the first call: importing budgetlib registers nothing).

    Only families matplotlib can find are listed, so it never logs a "font not found".
    """
    cjk = bundled_cjk_font()
    latin = Path(font_manager.findfont(LATIN_FAMILY, fallback_to_default=False))
    cache_dir = Path(mpl.get_cachedir())
    fonts = [(CHART_LATIN_FAMILY, chart_latin_font(latin, cache_dir))]
    if cjk is not None:
        fonts += [(BUNDLED_CJK_FAMILY, cjk), (CHART_CJK_FAMILY, chart_cjk_font(cjk, cache_dir))]
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family, file in fonts:
        if file is not None and family not in known:
            font_manager.fontManager.addfont(str(file))
            known.add(family)
    wanted = [CHART_LATIN_FAMILY, LATIN_FAMILY, CHART_CJK_FAMILY, BUNDLED_CJK_FAMILY, *SYSTEM_CJK_FAMILIES]
    return [family for family in wanted if family in known]


def cjk_font_subset(characters: set[str]) -> bytes | None:
    """The bundled CJK font cut down to ``characters``, as WOFF bytes; None without the font.

    For web pages that must show Chinese on machines without Chinese fonts. The same
    characters give the same bytes (no timestamp is rewritten). Cut from the chart copy
    when it holds them all, as it is quicker to read.
    """
    path = bundled_cjk_font()
    if path is None:
        return None
    if characters <= set(gb2312_characters()):
        path = chart_cjk_font(path, Path(mpl.get_cachedir())) or path
    # Not lazy=True: glyphs loaded lazily lose the outlines their composites point to.
    font = TTFont(str(path), fontNumber=0, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # a FontForge timestamp the subsetter cannot cut down
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    font.flavor = "woff"
    stream = io.BytesIO()
    font.save(stream)
    return stream.getvalue()
