"""The one-process floor: every notebook's code run in one interpreter, one after another.

Each notebook runs in a fresh namespace of one in-process IPython kernel, so its output is
rendered as a kernel renders it (charts shown as PNG), and its figures are written; the
libraries are imported once. Nothing else: no HTML, no decks. A build that starts a kernel
per notebook cannot do the notebooks' own work in less CPU time than this. Run by hand:

    .venv/bin/python benchmarks/floor.py OUT_DIR [--lang zh,en]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from budgetlib.publish import speedups

speedups.build_process()  # as the command does, before nbformat is imported

from ipykernel.inprocess.manager import InProcessKernelManager  # noqa: E402

from budgetlib.publish.notebooks import bundled_notebooks_dir, parameterized, read_in_language  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lang", default="zh", help="languages, comma-separated (default zh)")
    args = parser.parse_args()
    speedups.kernel_process()
    manager = InProcessKernelManager()
    manager.start_kernel()
    shell = manager.kernel.shell
    notebooks = bundled_notebooks_dir()
    os.chdir(notebooks)
    for lang in args.lang.split(","):
        for path in sorted(notebooks.glob("*.ipynb")):
            notebook = read_in_language(path, lang)
            parameters = {"data_dir": None, "lang": lang, "figures_dir": str(args.out_dir.resolve() / "figures")}
            notebook = parameterized(notebook, parameters)
            shell.reset(new_session=False)
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    shell.run_cell(cell.source).raise_error()


if __name__ == "__main__":
    main()
