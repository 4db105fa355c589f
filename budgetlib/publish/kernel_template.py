"""The template process a build forks its kernels from: ``python -m budgetlib.publish.kernel_template FD``.

It imports what every notebook imports, then waits. For each request it reads (one JSON
line on its standard input: the kernel's arguments, environment, working folder and log
file) it forks, and writes the new kernel's process id as one line to file descriptor
FD (its standard output stays the build's, for kernels to write to). The fork becomes
what ``python -m ipykernel_launcher <arguments>`` would have been, without paying for the
imports again. Nothing but modules is loaded before a fork (no kernel, no event loop, no
figure, no data), so each kernel starts as empty as a new one. The process ends when
its standard input closes: when the build that started it ends, however it ends.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import signal
import sys
from pathlib import Path

# The libraries the notebooks import, and the kernel itself (with the debugger, history
# and process modules it loads as it starts).
MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.history",
    "sqlite3",
    "pdb",
    "psutil",
    "IPython.display",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "pandas",
    "seaborn",
    "budgetlib",
    "budgetlib.analysis",
    "budgetlib.charts",
    "budgetlib.checks",
    "budgetlib.pages",
    "budgetlib.words.narrative",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel gives matplotlib


def serve(replies: int) -> None:
    """Import the libraries, then fork a kernel for each request until standard input closes,
    answering each with the kernel's process id on file descriptor ``replies``."""
    # Set before matplotlib is imported, which reads it then; ipykernel would set the same.
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    # The debugger prints a notice about frozen modules when imported, unless told not to.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for module in MODULES:
        importlib.import_module(module)
    from budgetlib.publish import speedups  # after MPLBACKEND is set: budgetlib loads nothing of matplotlib first

    speedups.kernel_process()
    # The wording read and checked once, for every kernel (as the build names it to them); a
    # folder that cannot be used is the kernel's to report, when a notebook first says something.
    from budgetlib.words import wording

    with contextlib.suppress(wording.WordingError):
        wording.check_wording(Path(os.path.abspath(wording.wording_dir())))
    # What the kernels inherit is left out of their garbage collections: a full collection
    # would walk the whole inherited heap, and copy every page of it it touches.
    speedups.freeze_heap()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended kernels are reaped by the system
    with open(replies, "w") as answers:
        for line in sys.stdin:
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                os.close(replies)
                run_kernel(**request)
            answers.write(f"{pid}\n")
            answers.flush()


def run_kernel(arguments: list[str], env: dict[str, str], cwd: str, log: str | None) -> None:
    """In the forked child: run the kernel as its own process, then exit (never returns)."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the notebook's own subprocesses are waited for
        os.setsid()  # a session of its own: Ctrl-C reaches the build, which interrupts its kernels
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        sys.path.insert(0, "")  # as under ``python -m``: the working folder first
        with open(os.devnull, "rb") as null:
            os.dup2(null.fileno(), 0)
        if log is not None:
            with open(log, "ab") as out:
                os.dup2(out.fileno(), 1)
                os.dup2(out.fileno(), 2)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize([*arguments, f"--IPKernelApp.parent_handle={os.getppid()}"])  # ends if this process does
        app.start()
        code = 0
    finally:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
