"""Fonts for charts: Chinese renders on any machine, with or without Chinese system fonts.

The CJK font is WenQuanYi Micro Hei from the ``paperang-p2-fonts-cjk`` package: it has
TrueType outlines, so matplotlib embeds it in PDF as a real font (Type 42, subset,
searchable text). Latin text is set in DejaVu Sans, which ships with matplotlib;
matplotlib falls back per glyph along the family list, so Chinese characters come from
the CJK font. Chinese system fonts, where present, follow as further fallbacks.
"""

from __future__ import annotations

import io
import logging
from importlib import resources
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

LATIN_FAMILY = "DejaVu Sans"
BUNDLED_CJK_FAMILY = "WenQuanYi Micro Hei"
SYSTEM_CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei"]


def bundled_cjk_font() -> Path | None:
    """Path of the CJK font file installed with budgetlib, or None if the package is absent."""
    try:
        path = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


def register_fonts() -> list[str]:
    """Register the bundled CJK font with matplotlib and return the font family list to use.

    Only families matplotlib can find are listed, so it never logs a "font not found".
    """
    path = bundled_cjk_font()
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if path is not None and BUNDLED_CJK_FAMILY not in known:
        font_manager.fontManager.addfont(str(path))
        known.add(BUNDLED_CJK_FAMILY)
    wanted = [LATIN_FAMILY, BUNDLED_CJK_FAMILY, *SYSTEM_CJK_FAMILIES]
    return [family for family in wanted if family in known]


def cjk_font_subset(characters: set[str]) -> bytes | None:
    """The bundled CJK font cut down to ``characters``, as WOFF bytes; None without the font.

    For web pages that must show Chinese on machines without Chinese fonts. The same
    characters give the same bytes (no timestamp is rewritten).
    """
    path = bundled_cjk_font()
    if path is None:
        return None
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
