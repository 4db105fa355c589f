"""A build's kernels are forks of one template process, and still share nothing with each other."""

from __future__ import annotations

import os

import pytest
from conftest import write_notebook

from budgetlib.publish.build import build
from budgetlib.publish.kernels import forking_available, sources_changed_since

FIRST = """
import os, sys
assert "budgetlib.charts" in sys.modules  # imported by the template before this kernel was forked from it
import budgetlib
budgetlib.left_behind = left_behind = 1
os.environ["LEFT_BEHIND"] = "1"
sys.path.append("left-behind")
open("{pids}", "a").write(f"{{os.getpid()}} {{os.getcwd()}}\\n")
"""

SECOND = """
import os, sys
import budgetlib
assert "left_behind" not in globals()
assert not hasattr(budgetlib, "left_behind")
assert "LEFT_BEHIND" not in os.environ
assert "left-behind" not in sys.path
open("{pids}", "a").write(f"{{os.getpid()}} {{os.getcwd()}}\\n")
"""


@pytest.mark.skipif(not forking_available(), reason="kernels start the usual way where there is no fork")
def test_each_notebook_gets_a_fresh_forked_kernel_in_its_folder(tmp_path):
    folder, pids = tmp_path / "notebooks", tmp_path / "pids.txt"
    write_notebook(folder / "10_first.ipynb", FIRST.format(pids=pids))
    write_notebook(folder / "20_second.ipynb", SECOND.format(pids=pids))
    build(data_dir=None, langs=["zh"], out_dir=tmp_path / "out", jobs=1, notebooks_dir=folder, progress=lambda _: None)
    runs = [line.split(" ", 1) for line in pids.read_text().splitlines()]
    assert len(runs) == 2
    assert len({pid for pid, _ in runs} | {str(os.getpid())}) == 3  # two kernels, neither of them this process
    assert {cwd for _, cwd in runs} == {str(folder)}


def test_changed_code_is_noticed(tmp_path):
    """A process that builds twice starts a new template once budgetlib's code has changed."""
    module = tmp_path / "module.py"
    module.write_text("x = 1\n")
    moment = module.stat().st_mtime
    assert not sources_changed_since(moment, tmp_path)
    os.utime(module, (moment + 5, moment + 5))
    assert sources_changed_since(moment, tmp_path)
