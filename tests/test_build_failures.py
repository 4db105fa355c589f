"""A failed or interrupted build leaves the last good one whole, and nothing of its own behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from conftest import budgetlib, files_under, write_notebook

from budgetlib import files
from budgetlib.cli import main
from budgetlib.errors import ReportError
from budgetlib.publish import build, execute


def notebook_folder(folder: Path, *sources: str, markdown_en: bool = False) -> Path:
    """A folder holding one tiny notebook (see conftest.write_notebook)."""
    write_notebook(folder / "10_tiny.ipynb", *sources, markdown_en=markdown_en)
    return folder


def descendants(pid: int) -> list[psutil.Process]:
    """The processes started by process ``pid`` and by those it started: its kernels (and their fork server)."""
    return psutil.Process(pid).children(recursive=True)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """The output folder of a good build of a tiny notebook."""
    root = tmp_path_factory.mktemp("good")
    notebooks, out = notebook_folder(root / "notebooks", "print('good build', lang)"), root / "out"
    result = budgetlib("report", "--lang", "zh", "--out", str(out), "--notebooks", str(notebooks))
    assert result.returncode == 0, result.stderr
    built = files_under(out)
    assert {
        "reports/zh/10_tiny.html",
        "reports/zh/briefing.pptx",
        "reports/zh/briefing.docx",
        "figures/zh/index.html",
    } <= set(built)
    assert b"good build zh" in built["reports/zh/10_tiny.html"]
    return out


@pytest.fixture
def last_good(good_build, tmp_path) -> Path:
    """A copy of the good build, to fail a build over."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    return out


STOPS = {
    # the signal, sent to the process group (a terminal) or the process (a scheduler), the exit code, the message
    "ctrl_c": ("SIGINT", True, 130, "interrupted"),
    "sigterm": ("SIGTERM", False, 143, "stopped by SIGTERM"),
    "closed_terminal": ("SIGHUP", True, 129, "stopped by SIGHUP"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("stop", STOPS, ids=str)
def test_interrupting_a_build_leaves_the_last_good_one_and_nothing_else(last_good, tmp_path, stop):
    name, to_group, code, said = STOPS[stop]
    started = tmp_path / "started"
    notebooks = notebook_folder(
        tmp_path / "notebooks", f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(120)"
    )
    temporary = Path(tempfile.mkdtemp())  # short enough for the kernel's sockets, wherever the tests run
    before = files_under(last_good)
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetlib", "report", "--lang", "zh", "--out", str(last_good),
         "--notebooks", str(notebooks)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if not started.exists():
        process.kill()
        pytest.fail(f"the kernel never ran the cell: {process.communicate()[1][-2000:]}")
    started_processes = descendants(process.pid)
    assert started_processes, "no kernel to interrupt"
    (os.killpg if to_group else os.kill)(process.pid, getattr(signal, name))
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr == f"budgetlib: {said}; the previous reports and figures were left as they were\n"
    assert "Traceback" not in stdout
    assert files_under(last_good) == before
    assert sorted(p.name for p in last_good.iterdir()) == ["figures", "reports"]  # no build folder left
    assert list(temporary.iterdir()) == []  # no socket folder, no connection file
    temporary.rmdir()
    _, alive = psutil.wait_procs(started_processes, timeout=10)
    assert alive == []  # no kernel, no fork server


def failing_rename(call: int) -> tuple[Callable[[Path, Path], Path], list[Path]]:
    """A ``Path.rename`` whose ``call``-th call fails as a write-protected folder would, and the
    list of the paths it is called on."""
    calls: list[Path] = []
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) == call:
            raise PermissionError(13, "Permission denied", str(self))
        return real_rename(self, target)

    return rename, calls


def fail_rename_on(monkeypatch, call: int) -> list[Path]:
    """Make the ``call``-th rename of the build's swap fail; the paths renamed."""
    rename, renamed = failing_rename(call)
    real_swap = files.replace_all

    def swap_in(pairs, remove=()):
        with monkeypatch.context() as patch:
            patch.setattr(Path, "rename", rename)
            real_swap(pairs, remove)

    monkeypatch.setattr(build, "replace_all", swap_in)
    return renamed


def test_a_swap_that_fails_half_way_leaves_the_last_good_build(last_good, tmp_path, monkeypatch, capsys):
    """The new figures are in when moving the reports in fails: they go back out, the old ones back in."""
    before = files_under(last_good)
    notebooks = notebook_folder(tmp_path / "notebooks", "print('new build', lang)")
    renamed = fail_rename_on(monkeypatch, 4)  # old figures aside, old reports aside, new figures in, new reports in
    code = main(["report", "--lang", "zh", "--out", str(last_good), "--notebooks", str(notebooks), "--jobs", "1"])
    assert code == 1
    assert [path.name for path in renamed[:4]] == ["zh", "zh", "zh", "zh"]
    err = capsys.readouterr().err
    assert "budgetlib: report failed: cannot write" in err and "Permission denied" in err
    assert "left as they were" in err
    assert files_under(last_good) == before
    assert sorted(p.name for p in last_good.iterdir()) == ["figures", "reports"]
    assert sorted(p.name for p in (last_good / "reports").iterdir()) == ["zh"]


@pytest.mark.parametrize("call", [1, 2, 3, 4, 5, 6, 7, 8])
def test_swap_in_is_all_or_nothing(tmp_path, monkeypatch, call):
    """Two languages, four folders: whichever rename fails, every old folder is back as it was,
    every staged one back in staging; with no failure (call 9 never comes) all are new."""
    out, staging = tmp_path / "out", tmp_path / "staging"
    pairs = []
    for lang in ("zh", "en"):
        for folder in ("figures", "reports"):
            (out / folder / lang).mkdir(parents=True)
            (out / folder / lang / "page.html").write_text(f"old {folder} {lang}")
            (staging / folder / lang).mkdir(parents=True)
            (staging / folder / lang / "page.html").write_text(f"new {folder} {lang}")
            pairs.append((staging / folder / lang, out / folder / lang))
    before, staged = files_under(out), files_under(staging)
    with monkeypatch.context() as patch, pytest.raises(PermissionError):
        patch.setattr(Path, "rename", failing_rename(call)[0])
        files.replace_all(pairs)
    assert files_under(out) == before
    assert files_under(staging) == staged
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == [
        "figures", "figures/en", "figures/en/page.html", "figures/zh", "figures/zh/page.html",
        "reports", "reports/en", "reports/en/page.html", "reports/zh", "reports/zh/page.html",
    ]  # fmt: skip
    files.replace_all(pairs)
    assert {name: text.decode() for name, text in files_under(out).items()} == {
        f"{folder}/{lang}/page.html": f"new {folder} {lang}"
        for lang in ("zh", "en")
        for folder in ("figures", "reports")
    }


def test_swap_in_into_a_new_folder_removes_what_it_created_when_it_fails(tmp_path, monkeypatch):
    staging = tmp_path / "staging"
    (staging / "reports" / "zh").mkdir(parents=True)
    with monkeypatch.context() as patch, pytest.raises(PermissionError):
        patch.setattr(Path, "rename", failing_rename(1)[0])
        files.replace_all([(staging / "reports" / "zh", tmp_path / "out" / "reports" / "zh")])
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write in a read-only folder")
def test_a_read_only_out_is_refused_before_any_kernel_starts(last_good, tmp_path):
    before = files_under(last_good)
    (last_good / "reports").chmod(0o555)
    try:
        result = budgetlib(
            "report", "--lang", "zh", "--out", str(last_good), "--notebooks", str(notebook_folder(tmp_path / "nb", "1"))
        )
    finally:
        (last_good / "reports").chmod(0o755)
    assert result.returncode == 1
    assert "reports: cannot write there (permission denied)" in result.stderr
    assert files_under(last_good) == before


def test_a_read_only_out_is_refused_with_one_message(last_good, tmp_path, monkeypatch, capsys):
    """As a user without write permission sees it (the tests may run as root, who may write anywhere)."""
    before = files_under(last_good)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "reports" and real_access(path, mode))
    code = main(
        ["report", "--lang", "zh", "--out", str(last_good), "--notebooks", str(notebook_folder(tmp_path / "nb", "1"))]
    )
    assert code == 1
    assert "reports: cannot write there (permission denied)" in capsys.readouterr().err
    assert files_under(last_good) == before


def test_the_failing_cell_is_numbered_as_in_the_notebook_file(last_good, tmp_path):
    """Not counting the injected parameters cell, counting the cells of the other language."""
    notebooks = notebook_folder(tmp_path / "notebooks", "x = 1", "1 / 0", markdown_en=True)
    before = files_under(last_good)
    result = budgetlib("report", "--lang", "zh", "--out", str(last_good), "--notebooks", str(notebooks))
    assert result.returncode == 1
    assert "10_tiny.ipynb [zh] failed in cell 4: ZeroDivisionError: division by zero" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(last_good) == before
    assert sorted(p.name for p in last_good.iterdir()) == ["figures", "reports"]  # no build folder left behind


def test_jobs_below_one_is_refused_by_the_library(tmp_path):
    with pytest.raises(ReportError, match="--jobs 0: expected a whole number of at least 1"):
        build.build(data_dir=None, langs=["zh"], out_dir=tmp_path, jobs=0, notebooks_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_long_temporary_folder_still_leaves_room_for_the_kernel_sockets(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    folder = execute.socket_folder()
    try:
        assert len(folder) <= execute.SOCKET_FOLDER_MAX
        assert Path(folder).is_dir() and list(deep.iterdir()) == []
    finally:
        os.rmdir(folder)
