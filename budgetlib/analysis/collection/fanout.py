"""Read the panel of many packages in parts, at once: in this process, in worker processes on this
machine (``jobs``), or on a Dask cluster (``client``, Dask's distributed scheduler, the optional extra
``budgetlib[distributed]``) when a province's packages outgrow one machine.

Each part is a few packages read in one DuckDB database (:func:`~budgetlib.analysis.collection.panel.read_part`);
the parts come back in order and are joined, so every way gives the same panel. On a cluster, every
worker must see the package folders at the same paths (a shared file system).
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from budgetlib.analysis.collection.panel import Part, joined, read_part

PART = 100  # packages a part reads at most: what one DuckDB query per table holds in memory at once


def part_sizes(count: int, workers: int) -> int:
    """How many packages each part reads: enough parts to keep ``workers`` busy (four each), at most
    :data:`PART`.

    >>> part_sizes(1000, 1), part_sizes(1000, 2), part_sizes(5, 2)
    (100, 100, 1)
    """
    return max(1, min(PART, math.ceil(count / (4 * workers)))) if workers > 1 else PART


def read_panel(paths: Sequence[Path], names: Sequence[str], *, jobs: int = 1, client: Any = None) -> Part:
    """The panel of the packages at ``paths`` (named ``names``): read in this process (``jobs`` 1), in
    ``jobs`` worker processes, or by the workers of ``client`` (a ``distributed.Client``). Raises the
    first DataError a part raises."""
    workers = len(client.nthreads()) if client is not None else jobs
    size = part_sizes(len(paths), workers)
    starts = range(0, len(paths), size)
    chunks = [([str(p) for p in paths[i : i + size]], list(names[i : i + size])) for i in starts]
    if client is not None:
        futures = client.map(read_part, *zip(*chunks, strict=True), threads=1, pure=False)
        return joined(client.gather(futures))
    if jobs > 1 and len(chunks) > 1:
        # New processes, not forks: DuckDB's threads do not survive a fork.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            return joined(list(pool.map(read_part, *zip(*chunks, strict=True), [1] * len(chunks))))
    return joined([read_part(chunk_paths, chunk_names) for chunk_paths, chunk_names in chunks])
