"""Time and size of the charts' PNGs at each zlib compression level, to choose the level the build
writes (``charts.framework.PNG_OPTIONS``). Every chart of the bundled statement's year-over-year and
procurement notebooks is drawn at both sizes once and rendered at 200 dpi; then the same pixels are
encoded at each level, ``--rounds`` times. The pixels do not depend on the level. Run by hand:

    .venv/bin/python benchmarks/png_compression.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import io
import time

from PIL import Image

from budgetlib import analysis, charts, load


def rendered() -> list[Image.Image]:
    """Every chart of the two notebooks at both sizes, as the 200 dpi pixels the build writes."""
    budget = load()
    drawings = [
        (charts.growth_bridge, analysis.year_over_year(budget)),
        (charts.year_over_year_bars, analysis.year_over_year(budget)),
        (charts.procurement_lines_bars, analysis.procurement_lines(budget)),
    ]
    images = []
    for chart, frame in drawings:
        for size in ("slide", "document"):
            stream = io.BytesIO()
            chart(frame, lang="zh", size=size).figure.savefig(stream, format="png", dpi=200)
            images.append(Image.open(io.BytesIO(stream.getvalue())).convert("RGBA"))
    return images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    images = rendered()
    rows = []
    for level in range(1, 10):
        started, size = time.perf_counter(), 0
        for _ in range(args.rounds):
            for image in images:
                stream = io.BytesIO()
                image.save(stream, format="png", compress_level=level)
                size += len(stream.getvalue())
        rows.append((level, (time.perf_counter() - started) / args.rounds, size / args.rounds))
    default = next(row for row in rows if row[0] == 6)
    print(f"{len(images)} charts; level 6 is zlib's default")
    print("| level | time ÷ level 6 | size ÷ level 6 |")
    print("|---:|---:|---:|")
    for level, seconds, size in rows:
        print(f"| {level} | {seconds / default[1]:.2f} | {size / default[2]:.2f} |")


if __name__ == "__main__":
    main()
