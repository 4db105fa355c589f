"""Fonts for charts: Chinese renders on any machine, with or without Chinese system fonts.

The CJK font is WenQuanYi Micro Hei from the ``paperang-p2-fonts-cjk`` package: it has
TrueType outlines, so matplotlib embeds it in PDF as a real font (Type 42, subset,
searchable text). Latin text is set in DejaVu Sans, which ships with matplotlib;
matplotlib falls back per glyph along the family list, so Chinese characters come from
the CJK font. Chinese system fonts, where present, follow as further fallbacks.

Charts use a cut-down copy of that font first (``budgetlib CJK``: the GB 2312 character
set, every character of everyday Chinese text, 1.4 MB instead of 49,531 glyphs). Each
PDF embeds its own subset of the fonts it uses, and cutting that subset from the whole
font took 0.26 s per PDF; from the copy it takes 0.05 s. The glyphs are the same, so
figures look the same to the pixel; a character outside GB 2312 falls back to the whole
font. The copy is made once and kept in matplotlib's cache folder.
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
BUNDLED_CJK_FAMILY = "WenQuanYi Micro Hei"
CHART_CJK_FAMILY = "budgetlib CJK"
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


def chart_cjk_font(source: Path, cache_dir: Path) -> Path | None:
    """The ``budgetlib CJK`` copy of ``source`` (GB 2312 only), made on first use and kept in
    ``cache_dir``, named by a digest of what it is made from; None if it cannot be written."""
    characters = gb2312_characters()
    digest = hashlib.sha256(f"{source.stat().st_size}:{fontTools.version}:{characters}".encode()).hexdigest()
    path = cache_dir / f"budgetlib-cjk-{digest[:16]}.ttf"
    if path.is_file():
        return path
    font = TTFont(str(source), fontNumber=0, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = CHART_CJK_FAMILY
        elif record.nameID == 6:  # PostScript name: no spaces
            record.string = CHART_CJK_FAMILY.replace(" ", "")
    try:
        return write_atomically(path, font.save)
    except OSError:
        return None


def register_fonts() -> list[str]:
    """Register the bundled CJK font and its chart copy with matplotlib; return the font
    family list to use.

    Only families matplotlib can find are listed, so it never logs a "font not found".
    """
    path = bundled_cjk_font()
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if path is not None:
        copy = chart_cjk_font(path, Path(mpl.get_cachedir()))
        for family, file in ((BUNDLED_CJK_FAMILY, path), (CHART_CJK_FAMILY, copy)):
            if file is not None and family not in known:
                font_manager.fontManager.addfont(str(file))
                known.add(family)
    wanted = [LATIN_FAMILY, CHART_CJK_FAMILY, BUNDLED_CJK_FAMILY, *SYSTEM_CJK_FAMILIES]
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


FONT_FAMILIES = register_fonts()
