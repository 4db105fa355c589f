"""One theme for every chart: palette, fonts, sizes for slides and documents.

Charts draw inside :func:`chart_context`, so they look the same whatever a notebook
has set; :func:`use_theme` applies the same look globally for a person's own plots.
Seaborn's ``set_theme`` resets the font list, so the fonts go in through its ``rc``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import seaborn as sns
from cycler import cycler

from budgetlib.fonts import FONT_FAMILIES

Size = Literal["slide", "document"]

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",
    "black": "#000000",
}

# Width × height in inches: a 16:9 slide, and the text width of an A4 document page.
SIZES: dict[str, tuple[float, float]] = {"slide": (13.333, 7.5), "document": (6.3, 3.9)}
_CONTEXTS: dict[str, tuple[str, float]] = {"slide": ("talk", 1.15), "document": ("paper", 0.9)}


def rc(size: Size = "slide") -> dict[str, Any]:
    """The matplotlib settings of the theme at ``size``."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    context, scale = _CONTEXTS[size]
    return {
        **sns.axes_style("whitegrid"),
        **sns.plotting_context(context, font_scale=scale),
        "font.family": FONT_FAMILIES,
        "font.sans-serif": FONT_FAMILIES,
        "axes.prop_cycle": cycler(color=list(PALETTE.values())),
        # The CJK font has no bold face: bold titles would mix weights within a line.
        "axes.titleweight": "normal",
        "axes.titlesize": "x-large",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.figsize": SIZES[size],
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "savefig.bbox": None,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "budgetlib",
    }


@contextmanager
def chart_context(size: Size = "slide") -> Iterator[None]:
    """Draw inside this context to get the theme, leaving global settings as they were."""
    with mpl.rc_context(rc(size)):
        yield


def use_theme(size: Size = "slide") -> None:
    """Apply the theme globally (for a notebook's own plots)."""
    sns.set_theme(style="whitegrid", rc=rc(size))
