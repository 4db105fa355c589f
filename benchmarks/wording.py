"""Time the wording in its sandbox against the plain Jinja environment it replaced, in one run.

The calls: every ``say`` and ``say_html`` that building both languages' slides, the index
pages and the text review makes (recorded once, with their values). Each round replays all
of them through today's ``say``/``say_html`` (a sandbox, values made plain) and through the
renderer budgetlib had before (a plain ``jinja2.Environment``, values as given, each
template compiled once), alternating, and checks that both give the same text. Then the
checking: what a process pays when it first uses the bundled folder, an edited copy with
one sentence changed, and a copy with every template changed. Run by hand:

    .venv/bin/python benchmarks/wording.py [--rounds 7] [--repeat 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import tomllib
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from budgetlib import load
from budgetlib.checks.audit import audit
from budgetlib.checks.text_review import review
from budgetlib.deck.content import slides
from budgetlib.publish.site import index_page
from budgetlib.words import wording
from budgetlib.words.sentences import review_items

# --- the renderer before the sandbox, as it was ---------------------------------------------


@cache
def _old_environment(html: bool) -> jinja2.Environment:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=html, keep_trailing_newline=False)
    environment.filters.update(wording.FILTERS)
    return environment


@cache
def _old_sources(lang: str, folder: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((folder / lang).glob("*.toml")):
        with path.open("rb") as handle:
            found.update(wording._flatten(tomllib.load(handle)))
    return found


@cache
def _old_template(key: str, lang: str, folder: Path, *, html: bool = False) -> jinja2.Template:
    return _old_environment(html).from_string(_old_sources(lang, folder)[key])


def old_say(key: str, lang: str, **values: object) -> str:
    return _old_template(key, wording.check_lang(lang), wording.wording_dir()).render(**values).strip()


def old_say_html(key: str, lang: str, **values: object) -> Markup:
    compiled = _old_template(key, wording.check_lang(lang), wording.wording_dir(), html=True)
    return Markup(compiled.render(**values).strip())


# --- the calls ------------------------------------------------------------------------------


def recorded_calls() -> list[tuple[str, str, bool, dict]]:
    """Every wording call of the slides, index pages and text review of both languages."""
    budget = load()
    checks = audit(budget)
    calls = []
    render = wording._render

    def recording(key: str, lang: str, html: bool, values: dict) -> str:
        calls.append((key, lang, html, dict(values)))
        return render(key, lang, html, values)

    wording._render = recording
    try:
        for lang in wording.LANGS:
            slides(budget, lang, checks)
            reports = [(f"0{n}_report", f"Report <{n}>") for n in range(6)]
            index_page(reports, lang, other=None, department="D & D", year=2020, data="<x>")
            list(review_items(review(budget), lang))
    finally:
        wording._render = render
    return calls


def replay(calls: list, new: bool, repeat: int) -> tuple[float, list[str]]:
    said = []
    started = time.perf_counter()
    for _ in range(repeat):
        said = []
        for key, lang, html, values in calls:
            if new:
                said.append((wording.say_html if html else wording.say)(key, lang, **values))
            else:
                said.append((old_say_html if html else old_say)(key, lang, **values))
    return time.perf_counter() - started, said


def fresh() -> None:
    """Forget every folder read, checked and compiled, as in a new process."""
    for function in (wording._wording, wording._parsed, wording.names_used, wording.template):
        function.cache_clear()
    for function in (_old_sources, _old_template):
        function.cache_clear()


def timed(run) -> float:
    fresh()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def edited_copy(folder: Path, every: bool) -> Path:
    """A copy of the bundled wording with one template changed, or every template."""
    shutil.copytree(wording.WORDING_DIR, folder)
    for path in sorted(folder.glob("*/*.toml")):
        text = path.read_text(encoding="utf-8")
        if every:  # a space after every expression: every template differs from the bundled one
            text = text.replace("}}", " }}")
        elif path.name == "prose.toml" and path.parent.name == "zh":
            text = text.replace("两部分变化方向相反：", "两部分此消彼长：")
        path.write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20, help="replays of all calls per timed run")
    args = parser.parse_args()
    calls = recorded_calls()
    print(f"{len(calls)} calls, {len({c[0] for c in calls})} keys, {sum(c[2] for c in calls)} as HTML")
    replay(calls, True, 1)  # compile every template used, in both
    _, before = replay(calls, False, 1)
    _, after = replay(calls, True, 1)
    assert before == after, "the sandbox changed a text"
    assert [type(t) for t in before] == [type(t) for t in after]
    times = {False: [], True: []}
    for round in range(args.rounds):
        for new in (round % 2 == 0, round % 2 == 1):
            times[new].append(replay(calls, new, args.repeat)[0] / args.repeat / len(calls))
    old, new = statistics.median(times[False]), statistics.median(times[True])
    print(f"rendering, per call: before {old * 1e6:.1f} µs, now {new * 1e6:.1f} µs, ratio {new / old:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        one, every = edited_copy(Path(tmp) / "one", False), edited_copy(Path(tmp) / "every", True)
        rows = {
            "first use before (one language read)": lambda: _old_sources("zh", wording.WORDING_DIR),
            "first use now, bundled (both read, keys compared)": lambda: wording.check_wording(wording.WORDING_DIR),
            "first use now, one sentence edited": lambda: wording.check_wording(one),
            "first use now, every template edited": lambda: wording.check_wording(every),
        }
        for name, run in rows.items():
            print(f"{name}: {statistics.median(timed(run) for _ in range(args.rounds)) * 1e3:.1f} ms")
    fresh()


if __name__ == "__main__":
    main()
