"""Run notebooks in fresh kernels, several at once, and hand each executed notebook on.

Each notebook runs in a kernel of its own (forked from the template process, see
:mod:`budgetlib.publish.kernels`), talking over local sockets in a private folder that also
holds its connection file and log; ``jobs`` notebooks run at once and as many kernels more
are started ahead. A failed cell names the notebook, its language, the cell (counted as in
the notebook file) and the error. Ctrl-C, SIGTERM or SIGHUP cancels the running notebooks, kills
their kernels and removes their folders, then raises :class:`~budgetlib.errors.Interrupted`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from budgetlib.errors import STOP_SIGNALS, Interrupted, ReportError
from budgetlib.publish.kernels import ForkedKernelManager
from budgetlib.publish.notebooks import NotebookError, cell_numbers, failed_cell, in_language, parameterized

CELL_TIMEOUT = 600  # seconds one cell may run before the notebook is declared failed


SOCKET_FOLDER_MAX = 90  # characters: room for "/kernel-N" within a socket path's 107 bytes


# Quiet kernels: no debugger notice about frozen modules, no Jupyter path-migration notice.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}


@dataclass
class Run:
    """What a build has started and must stop or remove, whatever happens: kernels, socket folders;
    whether it was interrupted, and whether it is swapping its outputs in or cleaning up (not to be
    interrupted)."""

    managers: list[AsyncKernelManager] = field(default_factory=list)
    interrupted: int = 0  # the signal that stopped the build, 0 while none has
    shielded: bool = False
    task: asyncio.Task | None = None
    loop: asyncio.AbstractEventLoop | None = None


class _Loop(asyncio.SelectorEventLoop):
    """An event loop that leaves SIGINT, SIGTERM and SIGHUP to the build: nbclient would otherwise
    take them over for each notebook (shutting its kernel down under the running cell) and hand
    SIGINT back to Python's default when that notebook ends."""

    def add_signal_handler(self, sig: int, callback: Callable, *args: object) -> None:
        if sig in STOP_SIGNALS:
            raise RuntimeError("budgetlib's build handles interrupts itself")
        super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig: int) -> bool:
        if sig in STOP_SIGNALS:
            return False
        return super().remove_signal_handler(sig)


@contextmanager
def interruptible(state: Run) -> Iterator[None]:
    """On the first Ctrl-C, SIGTERM or SIGHUP: cancel the notebooks (their kernels are shut down as
    they unwind) or, between them, raise :class:`Interrupted`; later signals are ignored, so the
    clean-up is never cut short. A signal while the outputs are being swapped in, or while the build
    cleans up, waits for that to finish."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: object) -> None:
        if state.interrupted:
            return
        state.interrupted = signum
        if state.shielded:
            return
        if state.loop is not None and state.task is not None and not state.loop.is_closed():
            state.loop.call_soon_threadsafe(state.task.cancel)
        else:
            raise Interrupted(signum)

    previous = {signum: signal.signal(signum, on_interrupt) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@dataclass(frozen=True)
class Task:
    """One notebook to run in one language, on the package ``data_dir`` (None: the bundled one), its
    pages and figures going to ``folder`` of the build ("" its top, ``statements/<name>`` in a collection's)."""

    notebook: Path
    lang: str
    data_dir: Path | None = None
    folder: str = ""

    @property
    def label(self) -> str:
        return (
            f"{self.folder}/{self.notebook.stem} [{self.lang}]"
            if self.folder
            else f"{self.notebook.stem} [{self.lang}]"
        )


async def _start_kernel(task: Task, state: Run) -> AsyncKernelManager:
    """Start a kernel for ``task`` in its notebook's folder; it then waits to be given the notebook."""
    # Local sockets, not TCP: nothing listens on the network and the kernel has no
    # plain-text-transport warning to print. Their path must be absolute, as the kernel
    # runs in the notebook's folder. The connection file (it holds the signing key) goes in
    # the same private folder, so removing the folder removes every trace of the kernel.
    sockets = socket_folder()
    manager = ForkedKernelManager(
        kernel_name="python3",
        transport="ipc",
        ip=os.path.join(sockets, "kernel"),
        connection_file=os.path.join(sockets, "kernel.json"),
    )
    state.managers.append(manager)
    # The kernel's own output (a crash, or its complaint when shut down under a running cell)
    # goes to a log in the same folder, not the terminal; a kernel that dies is named by its last line.
    try:
        with open(_log(manager), "wb") as log:
            env = {**os.environ, **KERNEL_ENV}
            if env.get("BUDGETLIB_WORDING"):  # the kernel runs in the notebook's folder, not the build's
                env["BUDGETLIB_WORDING"] = os.path.abspath(env["BUDGETLIB_WORDING"])
            await manager.start_kernel(env=env, stdout=log, stderr=log, cwd=str(task.notebook.parent))
    except Exception as error:
        await _shut_down(manager)
        raise _could_not_run(task, error, manager) from None
    return manager


def socket_folder() -> str:
    """A new private folder for a kernel's sockets and connection file, in the temporary folder.

    A socket's path can be at most about 100 bytes long, so where the temporary folder's own
    path is too long for that (a deep ``TMPDIR``), the folder goes in ``/tmp`` instead."""
    folder = tempfile.mkdtemp(prefix="budgetlib-kernel-")
    if len(folder) > SOCKET_FOLDER_MAX and os.path.isdir("/tmp"):
        os.rmdir(folder)
        folder = tempfile.mkdtemp(prefix="budgetlib-kernel-", dir="/tmp")
    return folder


def _sockets(manager: AsyncKernelManager) -> str:
    """The private folder of a kernel's sockets, connection file and log."""
    return os.path.dirname(manager.connection_file)


def _log(manager: AsyncKernelManager) -> str:
    return os.path.join(_sockets(manager), "kernel.log")


def _could_not_run(task: Task, error: Exception, manager: AsyncKernelManager) -> ReportError:
    said = _last_line(_log(manager))
    return ReportError(
        f"{task.notebook.name} [{task.lang}] could not run: {type(error).__name__}: {error}"
        + (f" (the kernel said: {said})" if said else "")
    )


async def _execute(task: Task, manager: AsyncKernelManager, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """Run the notebook of ``task`` in the kernel of ``manager``, then end the kernel."""
    notebook = nbformat.read(task.notebook, as_version=4)
    numbers = cell_numbers(notebook, task.lang)
    notebook = in_language(notebook, task.lang)
    try:
        notebook = parameterized(notebook, parameters)
    except NotebookError as error:
        raise ReportError(f"{task.notebook.name}: {error}") from None
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(task.notebook.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError as error:
        cell = failed_cell(notebook, numbers)
        where = f"cell {cell}" if cell else "a cell"
        raise ReportError(
            f"{task.notebook.name} [{task.lang}] failed in {where}: {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # the kernel died
        raise _could_not_run(task, error, manager) from None
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        await _shut_down(manager)
    return notebook


def _last_line(path: str) -> str:
    """The last non-empty line of a text file, or '' when there is none."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return next((line.strip() for line in reversed(lines) if line.strip()), "")


async def _shut_down(manager: AsyncKernelManager) -> None:
    """End a kernel (a kernel manager handed to nbclient is ours to end) and remove its socket
    folder and connection file. Once its notebook has run, failed or been interrupted, a kernel
    has nothing left to do or say, so it is killed rather than asked to shut down: asking
    held its worker for a tenth of a second, while the kernel saved its history and
    collected its garbage for nobody."""
    try:
        if manager.has_kernel:
            await manager.shutdown_kernel(now=True)
    except Exception:  # already dead: _kill makes sure
        pass
    finally:
        _kill(manager)


def _kill(manager: AsyncKernelManager) -> None:
    """Kill the kernel process if it still runs, and remove its socket folder (connection file in it)."""
    process = getattr(manager.provisioner, "process", None)
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    shutil.rmtree(_sockets(manager), ignore_errors=True)


def _in_event_loop(run: Callable[[], Awaitable[list[Path]]], state: Run) -> list[Path]:
    """Await ``run()`` in an event loop of its own; :class:`Interrupted` when a signal cancelled it."""

    async def main() -> list[Path]:
        state.loop, state.task = asyncio.get_running_loop(), asyncio.current_task()
        if state.interrupted:
            raise asyncio.CancelledError
        return await run()

    try:
        with asyncio.Runner(loop_factory=_Loop) as runner:
            return runner.run(main())
    except (asyncio.CancelledError, Exception):
        if state.interrupted:  # a notebook cut short by the interrupt is not a failed notebook
            raise Interrupted(state.interrupted) from None
        raise
    finally:
        state.loop = state.task = None


async def _run_all(
    tasks: list[Task],
    parameters: Callable[[Task], dict[str, object]],
    publish: Callable[[Task, nbformat.NotebookNode], list[Path]],
    jobs: int,
    progress: Callable[[str], None],
    state: Run,
) -> list[Path]:
    """Run every task's notebook and publish it; return the files published."""
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    # ``jobs`` notebooks run at once, and as many kernels more are started ahead, so that a
    # notebook never waits for its kernel to start.
    slots, kernels = asyncio.Semaphore(jobs), asyncio.Semaphore(2 * jobs)
    done = 0

    async def run(task: Task) -> list[Path]:
        nonlocal done
        async with kernels:
            manager = await _start_kernel(task, state)
            async with slots:
                started = time.perf_counter()
                notebook = await _execute(task, manager, parameters(task))
        paths = await asyncio.to_thread(publish, task, notebook)
        done += 1
        progress(f"[{done}/{len(tasks)}] {task.label} done in {time.perf_counter() - started:.1f} s")
        return paths

    pending = [asyncio.ensure_future(run(task)) for task in tasks]
    try:
        results = await asyncio.gather(*pending)
    except BaseException:
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    return [path for paths in results for path in paths]


def run_notebooks(
    tasks: list[Task],
    parameters: Callable[[Task], dict[str, object]],
    publish: Callable[[Task, nbformat.NotebookNode], list[Path]],
    *,
    jobs: int,
    progress: Callable[[str], None],
    state: Run,
) -> list[Path]:
    """Run each task's notebook with ``parameters(task)`` in a fresh kernel, ``jobs`` at a time,
    and hand it, executed, to ``publish`` (in a worker thread); return the files it wrote.

    Raises ReportError naming the notebook and cell when one fails, KeyboardInterrupt when
    ``state`` was interrupted. Call :func:`end_kernels` afterwards, whatever happened."""
    return _in_event_loop(lambda: _run_all(tasks, parameters, publish, jobs, progress, state), state)


def end_kernels(state: Run) -> None:
    """Kill every kernel ``state`` started and remove its folder (sockets, connection file, log)."""
    for manager in state.managers:
        _kill(manager)
