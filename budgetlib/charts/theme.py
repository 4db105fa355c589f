"""One theme for every chart: palette, fonts, sizes for slides and documents.

Charts draw inside :func:`chart_context`, so they look the same whatever a notebook
has set, and leave the global settings as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import seaborn as sns
from cycler import cycler
from matplotlib.colors import to_rgb

from budgetlib.charts.fonts import font_families

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
    # Not Okabe–Ito: greys for text and furniture. Dark grey on white is 7:1, above WCAG AA.
    "dark_grey": "#595959",
    "muted": "#BBBBBB",
    "grid": "#E3E3E3",
}
HIGHLIGHT = PALETTE["vermillion"]  # the one colour for the point of a chart

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
        "font.family": font_families(),
        "font.sans-serif": font_families(),
        "axes.prop_cycle": cycler(color=list(PALETTE.values())),
        # The CJK font has no bold face: bold titles would mix weights within a line.
        "axes.titleweight": "normal",
        "axes.titlesize": "x-large",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.grid": False,  # charts draw gridlines along their value axis only
        "grid.color": PALETTE["grid"],
        "axes.edgecolor": PALETTE["dark_grey"],
        "text.color": PALETTE["black"],
        "xtick.color": PALETTE["dark_grey"],
        "ytick.color": PALETTE["dark_grey"],
        "xtick.labelcolor": PALETTE["black"],
        "ytick.labelcolor": PALETTE["black"],
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


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, 1 (none) to 21 (black on white).

    >>> round(contrast_ratio("#FFFFFF", "#000000"), 1), round(contrast_ratio("#E69F00", "#FFFFFF"), 1)
    (21.0, 2.3)
    """

    def luminance(colour: str) -> float:
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``.

    >>> text_colour_on(PALETTE["blue"]), text_colour_on(PALETTE["orange"])
    ('#FFFFFF', '#000000')
    """
    white, black = "#FFFFFF", PALETTE["black"]
    return white if contrast_ratio(fill, white) >= contrast_ratio(fill, black) else black


@contextmanager
def chart_context(size: Size = "slide") -> Iterator[None]:
    """Draw inside this context to get the theme, leaving global settings as they were."""
    with mpl.rc_context(rc(size)):
        yield
