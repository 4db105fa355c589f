"""The build's speed-ups that change global state, each switched on explicitly, never on import.

Importing budgetlib changes nothing in matplotlib or the interpreter. The ``budgetlib``
command switches these on for its own process (:func:`build_process`), the kernel template
for the kernels it forks (:func:`kernel_process`); a person's own Python session keeps
matplotlib as it was.

- jsonschema, imported with nbformat, compiles 38 grammars when ``rfc3987_syntax`` is
  installed, for a format check nbformat never makes: the build process lets it find the
  module absent (before nbformat is imported).
- matplotlib's PDF backend cuts a font subset for every PDF it writes; a chart's document and
  slide PDFs ask for the same glyphs, so kernels remember each subset cut.
- matplotlib looks up the font files of a text's font properties each time it lays the text
  out, one lookup per family of the family list (70,000 lookups for a build's charts, for a
  handful of distinct properties): kernels resolve each set of properties once.
- A process about to fork kernels, or to end, leaves its heap out of garbage collection.
"""

from __future__ import annotations

import functools
import gc
import io
import sys
from collections.abc import Iterable


def build_process() -> None:
    """Switch on the speed-ups of the process that runs a build: call before nbformat is imported."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def kernel_process() -> None:
    """Switch on the speed-ups of a kernel that draws and saves charts."""
    remember_pdf_font_subsets()
    remember_font_lookups()


def freeze_heap() -> None:
    """Leave every object alive now out of later garbage collections: a template about to fork
    kernels, or a process about to end, need not have its whole heap walked again."""
    gc.freeze()


def remember_pdf_font_subsets() -> None:
    """Make matplotlib's PDF backend cut each font subset once per process.

    Cutting a subset reads the whole font; a chart's document and slide PDFs
    ask for the same glyphs of the same fonts, and the same subset is returned for them.
    Does nothing if matplotlib no longer has the function this wraps.
    """
    from fontTools.ttLib import TTFont
    from matplotlib.backends import _backend_pdf_ps

    cut = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    if cut is None or getattr(cut, "remembers", False):
        return

    @functools.lru_cache(maxsize=256)
    def cut_once(fontfile: object, glyphs: frozenset[int]) -> tuple[bytes, tuple[tuple[int, int], ...]]:
        with cut(fontfile, glyphs) as made:
            return _backend_pdf_ps.font_as_file(made.font).getvalue(), tuple(made.glyph_index_map.items())

    def get_glyphs_subset(fontfile: object, glyphs: Iterable[int]) -> object:
        data, index_map = cut_once(fontfile, frozenset(glyphs))
        font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
        return _backend_pdf_ps.SubsetResults(font, dict(index_map))._as_cm()

    get_glyphs_subset.remembers = True
    get_glyphs_subset.cache_info = cut_once.cache_info
    get_glyphs_subset.__wrapped__ = cut
    _backend_pdf_ps.get_glyphs_subset = get_glyphs_subset


GENERIC_FAMILIES = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace")


def remember_font_lookups() -> None:
    """Make matplotlib's font manager find the font files of each set of font properties once
    per process. The answer depends on the properties, the lookup's arguments, the families the
    generic names stand for and the fonts registered, so all of them are the key: registering a
    font or changing ``font.sans-serif`` makes a new lookup, as before.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    manager = font_manager.fontManager
    find = manager._find_fonts_by_props
    if getattr(find, "remembers", False):
        return
    found: dict[tuple, list] = {}

    def _find_fonts_by_props(prop: object, *args: object, **kwargs: object) -> list:
        prop = font_manager.FontProperties._from_any(prop)
        generic = tuple(tuple(mpl.rcParams[key]) for key in GENERIC_FAMILIES)
        key = (prop, args, tuple(sorted(kwargs.items())), generic, len(manager.ttflist))
        if key not in found:
            found[(prop.copy(), *key[1:])] = find(prop, *args, **kwargs)
        return list(found[key])

    _find_fonts_by_props.remembers = True
    _find_fonts_by_props.__wrapped__ = find
    manager._find_fonts_by_props = _find_fonts_by_props
