"""A wording folder is data: its templates cannot run code, and a broken one is named by file, key and line.

An edited copy of the wording is what ``$BUDGETLIB_WORDING`` points at; every command checks
it before it does anything else and refuses it in one message with exit 2.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import budgetlib, budgetlib_process, files_under

from budgetlib.words import wording
from budgetlib.words.wording import WORDING_DIR, WordingError, say, sources

CYCLER = "{{ cycler.__init__.__globals__.os.popen('id > PWNED').read() }}"
MRO = "{{ ''.__class__.__mro__ }}"
SUMMARY = "{% elif reviewed %}The figures and items"  # in en/review.toml, the template of review.summary (line 6)


def edited(tmp_path: Path, lang: str, file: str, old: str, new: str) -> Path:
    """A copy of the bundled wording with ``old`` replaced by ``new`` (once) in ``lang/file``."""
    folder = tmp_path / "wording"
    if not folder.exists():
        shutil.copytree(WORDING_DIR, folder)
    path = folder / lang / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def refused(result, *fragments: str) -> None:
    """Exit 2 and one line on stderr, with every fragment and no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("budgetlib: cannot use the wording: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.mark.parametrize("payload", [CYCLER, MRO], ids=["cycler-globals", "mro"])
def test_a_template_that_reaches_into_python_is_refused(tmp_path, monkeypatch, payload):
    monkeypatch.chdir(tmp_path)
    folder = edited(tmp_path, "en", "review.toml", SUMMARY, payload + SUMMARY)
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    result = budgetlib("check")
    found = "__init__, __globals__" if payload == CYCLER else "__class__, __mro__"
    refused(result, f"{folder}/en/review.toml, line 6, key review.summary: ", f"found {found}")
    assert not (tmp_path / "PWNED").exists()
    assert result.stdout == "" and "<class" not in result.stderr


def test_the_real_command_runs_no_code_from_the_wording(tmp_path):
    folder = edited(tmp_path, "en", "review.toml", SUMMARY, CYCLER + SUMMARY)
    result = budgetlib_process("check", cwd=tmp_path, env={**os.environ, "BUDGETLIB_WORDING": str(folder)})
    refused(result, "en/review.toml, line 6, key review.summary")
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "template",
    [
        CYCLER,
        MRO,
        "{{ count|attr('__class__') }}",
        "{{ count.__class__ }}",
        "{{ range.__globals__ }}",
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_the_sandbox_stops_what_the_check_did_not_see(template, tmp_path, monkeypatch):
    """Rendered directly, bypassing the folder's check: nothing of Python shows, no code runs."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exception) as caught:
        wording._environment().from_string(template).render(count=1)
    assert type(caught.value).__name__ in ("SecurityError", "UndefinedError")
    assert not (tmp_path / "PWNED").exists()


def test_values_reach_a_template_as_plain_data(tmp_path, monkeypatch):
    """A numpy number arrives as a Python float: no method of numpy's to write a file with."""
    monkeypatch.chdir(tmp_path)
    folder = edited(
        tmp_path, "zh", "charts.toml", 'name_and_share = "{{ name }}', "name_and_share = \"{{ share.tofile('out') }}"
    )
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    with pytest.raises(
        WordingError, match=r"zh/charts\.toml, line \d+, key chart\.name_and_share: cannot be filled in"
    ):
        say("chart.name_and_share", "zh", name="a", share=np.float64(61.17))
    assert not (tmp_path / "out").exists()
    assert wording.plain({"a": [np.int64(3), np.bool_(True)]}) == {"a": [3, True]}
    assert [type(v) for v in wording.plain({"a": [np.int64(3), np.bool_(True)]})["a"]] == [int, bool]


STATUS = {"zh": 'status = "文表不符"\n', "en": 'status = "Text vs tables"\n'}  # the line of review.status
BROKEN = {
    "syntax": ("en", "review.toml", SUMMARY, "{% if %}" + SUMMARY, "line 6, key review.summary: not a template"),
    "undefined name": ("en", "review.toml", SUMMARY, "{{ nobody }}" + SUMMARY, "found nobody"),
    "include": ("en", "review.toml", SUMMARY, "{% include 'x.html' %}" + SUMMARY, "found {% include %}"),
    "import": ("en", "review.toml", SUMMARY, "{% import 'x.html' as x %}" + SUMMARY, "found {% import %}"),
    "extends": ("zh", "review.toml", 'status = "文表不符"', "status = \"{% extends 'x' %}\"", "found {% extends %}"),
    "unknown filter": ("en", "review.toml", SUMMARY, "{{ count|shout }}" + SUMMARY, "found shout"),
    "missing key": ("zh en", "review.toml", STATUS, "", "key review.status: missing: expected every key"),
    "one language": ("en", "review.toml", STATUS, "", "key review.status: missing in en"),
}


def _break(tmp_path: Path, case: str) -> Path:
    langs, file, old, new, _ = BROKEN[case]
    for lang in langs.split():
        folder = edited(tmp_path, lang, file, old[lang] if isinstance(old, dict) else old, new)
    return folder


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_template_is_one_message_naming_it(case, tmp_path, monkeypatch):
    folder = _break(tmp_path, case)
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    where = f"{folder}/{'zh' if case == 'extends' else 'en'}/review.toml"
    refused(budgetlib("check"), where, BROKEN[case][4])
    with pytest.raises(WordingError, match="review"):
        say("review.summary", "en", count=0)


@pytest.mark.parametrize("case", ["syntax", "undefined name", "include", "missing key", "one language"])
def test_report_refuses_a_broken_wording_before_it_writes_anything(case, tmp_path, monkeypatch):
    folder = _break(tmp_path, case)
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    out = tmp_path / "out"
    (out / "reports" / "zh").mkdir(parents=True)
    (out / "reports" / "zh" / "index.html").write_text("the previous report", encoding="utf-8")
    before = files_under(out)
    refused(budgetlib("report", "--lang", "zh", "--out", str(out)), "review.toml", BROKEN[case][4])
    assert files_under(out) == before and sorted(p.name for p in out.iterdir()) == ["reports"]


@pytest.mark.parametrize(
    "command",
    [["check"], ["facts"], ["facts", "--json"], ["deck", "--out", "OUT"], ["workbook", "template", "OUT/new.xlsx"]],
    ids=" ".join,
)
def test_every_command_refuses_a_broken_wording(command, tmp_path, monkeypatch):
    folder = _break(tmp_path, "one language")
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    out = tmp_path / "OUT"
    result = budgetlib(*(str(out) + arg[3:] if arg.startswith("OUT") else arg for arg in command))
    refused(result, f"{folder}/en/review.toml, key review.status: missing in en", "zh/review.toml, line 5")
    assert result.stdout == "" and not out.exists()


def test_a_key_missing_from_a_copy_is_refused_not_left_out(tmp_path, monkeypatch):
    """The workbook says nothing for a column it has no wording for; a copy lacking one is refused."""
    old = 'unit_code = "'
    folder = edited(tmp_path, "zh", "workbook.toml", old, 'unit_codes = "')
    edited(tmp_path, "en", "workbook.toml", old, 'unit_codes = "')
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    refused(
        budgetlib("workbook", "template", str(tmp_path / "new.xlsx")),
        "key workbook.column.unit_code: missing",
    )
    assert not (tmp_path / "new.xlsx").exists()


def test_a_template_failing_as_it_is_filled_in_names_its_file_and_key(tmp_path, monkeypatch):
    folder = edited(tmp_path, "en", "review.toml", SUMMARY, "{{ (count ~ '')|amount }}" + SUMMARY)
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    refused(
        budgetlib("check"),
        f"{folder}/en/review.toml, line 6, key review.summary: cannot be filled in",
        "found TypeError",
    )


def test_an_edited_copy_is_read_and_checked_once(tmp_path, monkeypatch):
    folder = edited(tmp_path, "zh", "prose.toml", "两部分变化方向相反：", "两部分此消彼长：")
    monkeypatch.setenv("BUDGETLIB_WORDING", str(folder))
    assert wording.check_wording() == folder
    (folder / "zh" / "prose.toml").write_text("broken = ", encoding="utf-8")  # read already
    assert wording.check_wording() == folder
    assert "此消彼长" in sources("zh", folder)["prose.year_over_year.parts"]
