"""Kernels for a build, forked from a process that has already imported the libraries.

A kernel started the usual way (``python -m ipykernel_launcher``) spends a second or more
of CPU importing IPython, pandas, matplotlib, seaborn and budgetlib before it runs a
notebook's first line, and a build of both languages starts twelve. Here one template
process (:mod:`budgetlib.publish.kernel_template`) imports them once and each kernel is a new
fork of it: its own process, an empty namespace, nothing shared with another notebook.

:class:`ForkedProvisioner` is a jupyter_client kernel provisioner (registered as
``budgetlib-forked``); :class:`ForkedKernelManager` names it in its kernel spec. Where
there is no ``fork`` (Windows) kernels start the usual way.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

PROVISIONER = "budgetlib-forked"
PACKAGE = Path(__file__).resolve().parents[1]  # budgetlib: a change to any of its modules starts a new template


def forking_available() -> bool:
    """Whether this platform can fork kernels from a template process."""
    return hasattr(os, "fork")


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel is a fork of the template process (where there is
    ``fork``): give it to nbclient or papermill as their ``kernel_manager_class``."""

    @property
    def kernel_spec(self) -> KernelSpec | None:
        spec = super().kernel_spec
        if spec is not None and forking_available():
            spec.metadata["kernel_provisioner"] = {"provisioner_name": PROVISIONER}
        return spec


def sources_changed_since(moment: float, package: Path = PACKAGE) -> bool:
    """Whether a Python file of ``package`` was changed after ``moment`` (a ``time.time()``)."""
    return any(path.stat().st_mtime > moment for path in package.rglob("*.py"))


class _Template:
    """The running template process, started on first use, and again if it has ended or
    budgetlib's code has changed since it imported it (a process that builds more than once)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._replies: TextIO | None = None
        self._started_at = 0.0
        self._lock = threading.Lock()

    def start(self) -> subprocess.Popen:
        with self._lock:
            return self._started()

    def _started(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None or sources_changed_since(self._started_at):
            if self._process is not None:
                self._process.stdin.close()  # the template ends when its input does
                self._replies.close()
            self._started_at = time.time()
            read, write = os.pipe()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "budgetlib.publish.kernel_template", str(write)],
                stdin=subprocess.PIPE,
                pass_fds=(write,),
                text=True,
                start_new_session=True,  # Ctrl-C is for the build, not this process
            )
            os.close(write)
            self._replies = open(read)  # noqa: SIM115 (open as long as the process runs)
        return self._process

    def fork(self, request: dict[str, Any]) -> int:
        """Fork a kernel for ``request`` and return its process id (waits for the imports the first time)."""
        with self._lock:
            process = self._started()
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            answer = self._replies.readline()
        if not answer.strip():
            raise RuntimeError("the kernel template process ended before it forked a kernel")
        return int(answer)


_TEMPLATE = _Template()


def start_fork_server() -> None:
    """Start the template process now, so that it imports the libraries while the build gets
    ready; otherwise the first kernel starts it. Starting it again does nothing."""
    if forking_available():
        _TEMPLATE.start()


class _ForkedProcess:
    """What LocalProvisioner needs of a ``subprocess.Popen``, for a kernel that is not our child.

    The template process reaps it, so its exit code is not known: an ended kernel reads as 0."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 0
        return None

    def wait(self, timeout: float | None = None) -> int | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.02)
        return self.poll()

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # it has ended already
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """Starts the kernel by forking the template process instead of running the kernel's command.

    The fork gets what the command would have: its arguments (the connection file),
    environment, working folder and output file."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        request = {
            "arguments": cmd[cmd.index("-f") :],  # what follows ``-m ipykernel_launcher``
            "env": dict(kwargs.get("env") or os.environ),
            "cwd": str(kwargs.get("cwd") or os.getcwd()),
            "log": getattr(kwargs.get("stdout"), "name", None),
        }
        pid = await asyncio.to_thread(_TEMPLATE.fork, request)
        self.process = _ForkedProcess(pid)
        self.pid = self.pgid = pid
        self.cwd = request["cwd"]
        return self.connection_info
