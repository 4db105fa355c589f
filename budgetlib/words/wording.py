"""Every sentence and label a reader sees, from one template file per language.

The wording lives in ``budgetlib/words/wording/<lang>/*.toml`` (charts, prose, pages): each key
holds a Jinja template,
filled with computed values, so a title or a sentence can be changed without touching
Python and can never go stale when the data change. A long template is continued on the
next line with a backslash at the line's end (TOML drops the break and the indent). Templates pick their own verbs
(rose, fell, stayed) from the numbers; the numbers are written by the filters of
:mod:`budgetlib.words.formatting` (``amount``, ``pct``, ``pp``, ``count``, ``direction``).
The language is checked here, once, for the whole library.

A wording folder is data, passed between colleagues like any other file, so its templates
cannot run code: they are rendered in Jinja's sandbox, with no globals, no other templates
to include, import or extend, and values handed over as plain data (text, numbers, dates,
lists and mappings of them). A folder is checked as a whole when it is first used
(:func:`check_wording`): both languages define the keys of the bundled wording, and every
template that differs from the bundled one compiles and uses only the names the bundled
template of its key uses, in either language (Python passes a key the same values in both).
The bundled templates themselves are checked the same way by the tests, not at every start.
A broken folder, and a template that fails while it is filled, is a :class:`WordingError`
naming the file, the line and the key.
"""

from __future__ import annotations

import datetime
import numbers
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from budgetlib.words import formatting

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
WORDING_DIR = Path(__file__).resolve().parent / "wording"
HTML_LANG = {"zh": "zh-CN", "en": "en"}  # the page's lang attribute
OFFICE_LANG = {"zh": "zh-CN", "en": "en-US"}  # the language of a slide's or document's text: proofing, line breaking
FILTERS = {
    "amount": formatting.amount,
    "pct": formatting.pct,
    "pp": formatting.pp,
    "count": formatting.count,
    "number": formatting.number,
    "direction": formatting.direction,
}
# What a template refers to that is not a value it is given: other templates.
_ELSEWHERE = {nodes.Extends: "extends", nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import"}


class WordingError(ValueError):
    """A wording folder, or one of its templates, that cannot be used. The message names the
    file, the line and the key where they apply, what was expected and what was found:

    >>> print(WordingError("w/en/review.toml, line 7, key review.summary", "a name it is not given",
    ...                    expected="names among count", found="cycler"))
    w/en/review.toml, line 7, key review.summary: a name it is not given: expected names among count, found cycler
    """

    def __init__(self, where: str, problem: str, *, expected: str | None = None, found: str | None = None) -> None:
        self.where, self.problem, self.expected, self.found = where, problem, expected, found
        self.more = 0  # further problems of the same folder, not described
        super().__init__(where, problem)

    def __str__(self) -> str:
        message = f"{self.where}: {self.problem}"
        if self.expected is not None:
            message += f": expected {self.expected}"
        if self.found is not None:
            message += f", found {self.found}"
        if self.more:
            message += f" (and {self.more} more {'problem' if self.more == 1 else 'problems'} in the folder)"
        return message


def check_lang(lang: object) -> Lang:
    """``lang`` if budgetlib speaks it, else a ValueError naming the languages it does.

    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of zh, en, not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang  # type: ignore[return-value]


@cache
def _environment(html: bool = False) -> SandboxedEnvironment:
    """The sandbox templates are compiled in; with ``html``, one that escapes every value
    that is not already markup, for wording placed in a page. No globals (``range``,
    ``cycler``, ``namespace``…): a template has the values it is given and the filters, and no
    loader, so it can include nothing. The sandbox, not the immutable one, because a template
    may build a list of its own (``items.append``); the values it is given are copies."""
    environment = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=html, keep_trailing_newline=False)
    environment.globals.clear()
    environment.filters.update(FILTERS)
    return environment


# --- reading a folder -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Wording:
    """A folder's templates by language and dotted key, and the file each key is in."""

    folder: Path
    sources: dict[str, dict[str, str]]
    files: dict[str, dict[str, Path]]


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _read(folder: Path, lang: str) -> tuple[dict[str, str], dict[str, Path]]:
    """The templates of ``folder/<lang>/*.toml`` by key, and each key's file; a file that is not
    TOML, a value that is not text and a key defined in two files are errors."""
    found: dict[str, str] = {}
    files: dict[str, Path] = {}
    paths = sorted((folder / lang).glob("*.toml"))
    if not paths:
        raise WordingError(
            str(folder / lang), "no wording in this language", expected="the files <name>.toml", found="none"
        )
    for path in paths:
        try:
            with path.open("rb") as handle:
                table = _flatten(tomllib.load(handle))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            found = getattr(error, "strerror", None) or str(error)
            raise WordingError(str(path), "cannot be read", expected="a TOML file", found=found) from None
        for key, value in table.items():
            if key in found:
                raise WordingError(
                    _where(path, key), "defined in two files", expected="each key once", found=f"it in {files[key]} too"
                )
            if not isinstance(value, str):
                raise WordingError(_where(path, key), "not a template", expected="text in quotes", found=repr(value))
            found[key], files[key] = value, path
    return found, files


_KEY_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""  # a bare, "basic" or 'literal' key
_ENTRY = re.compile(rf"((?:{_KEY_PART})(?:\s*\.\s*(?:{_KEY_PART}))*)\s*=\s*(.*)")  # key = value
_TABLE = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")  # [table.name]
_PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")


def _dotted(text: str) -> str:
    """A TOML key as budgetlib names it: its parts, unquoted, joined by dots."""
    return ".".join(m.group(1) if m.group(1) is not None else m.group(2) or m.group(0) for m in _PART.finditer(text))


def _key_line(path: Path, key: str) -> int | None:
    """The line of ``path`` where ``key`` is defined (counted from 1), or None where it cannot be told.

    Only asked for when something is wrong, so the file is read again for it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table, open_quote = "", None
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if open_quote:  # inside a multi-line string: look only for its end
            if text.count(open_quote) % 2:
                open_quote = None
            continue
        if not text or text.startswith("#"):
            continue
        header = _TABLE.match(text)
        if header and not text.startswith("[["):
            table = _dotted(header.group(1))
            continue
        entry = _ENTRY.match(text)
        if entry:
            if ".".join(filter(None, (table, _dotted(entry.group(1))))) == key:
                return number
            value = entry.group(2)
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    open_quote = quote
    return None


def _where(path: Path, key: str, template_line: int | None = None) -> str:
    """``path, line N, key K``: where in a wording folder a key is defined (the line of the file
    and, for a template of several lines, the line within it)."""
    line = _key_line(path, key)
    parts = [str(path)] + ([f"line {line}"] if line else []) + [f"key {key}"]
    if template_line and template_line > 1:
        parts.append(f"line {template_line} of the template")
    return ", ".join(parts)


# --- checking a folder ----------------------------------------------------------------------


@cache
def _parsed(source: str) -> nodes.Template:
    return _environment().parse(source)


@cache
def names_used(key: str) -> frozenset[str]:
    """The names the bundled templates of ``key`` use, in either language: the names a template
    of that key may use (Python passes a key the same values whatever the language)."""
    bundled = _wording(WORDING_DIR).sources
    return frozenset().union(*(meta.find_undeclared_variables(_parsed(bundled[lang][key])) for lang in LANGS))


def check_template(path: Path, key: str, source: str, allowed: Iterable[str]) -> None:
    """Raise a WordingError unless ``source`` compiles, uses no other template, reads no
    attribute starting with ``_`` and uses no name outside ``allowed`` (its own ``set`` and
    ``for`` variables aside)."""
    environment = _environment()
    try:
        tree = environment.parse(source)
    except jinja2.TemplateSyntaxError as error:
        raise WordingError(
            _where(path, key, error.lineno), "not a template", expected="a Jinja template", found=error.message
        ) from None
    for node in tree.find_all(tuple(_ELSEWHERE)):
        raise WordingError(
            _where(path, key, node.lineno),
            "a template may not use other templates",
            expected="no include, import or extends",
            found=f"{{% {_ELSEWHERE[type(node)]} %}}",
        )
    hidden = {}  # attributes starting with _, by name: the way into Python's internals
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attribute = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attribute, str) and attribute.startswith("_"):
            hidden.setdefault(attribute, node.lineno)
    if hidden:
        names = sorted(hidden, key=source.find)  # as they are read
        raise WordingError(
            _where(path, key, hidden[names[0]]),
            "a template may not reach into Python",
            expected="no attribute starting with _",
            found=", ".join(names),
        )
    for node in tree.find_all((nodes.Filter, nodes.Test)):  # Jinja leaves one inside an if to fail when met
        kind, known = ("filter", environment.filters) if isinstance(node, nodes.Filter) else ("test", environment.tests)
        if node.name not in known:
            raise WordingError(
                _where(path, key, node.lineno),
                f"an unknown {kind}",
                expected=f"the filters {', '.join(FILTERS)} or Jinja's own" if kind == "filter" else "a Jinja test",
                found=node.name,
            )
    try:
        used = meta.find_undeclared_variables(tree)
        environment.compile(tree)
    except jinja2.TemplateError as error:  # what Jinja refuses only when it compiles
        raise WordingError(
            _where(path, key, getattr(error, "lineno", None)),
            "not a template",
            expected="a Jinja template",
            found=getattr(error, "message", None) or str(error),
        ) from None
    unknown = sorted(used - set(allowed))
    if unknown:
        names = sorted(allowed)
        raise WordingError(
            _where(path, key),
            "a name this wording is not given",
            expected=f"names among {', '.join(names)}" if names else "no names (fixed text)",
            found=", ".join(unknown),
        )


def _is_bundled(folder: Path) -> bool:
    return folder == WORDING_DIR or folder.resolve() == WORDING_DIR


@cache
def _wording(folder: Path) -> _Wording:
    """The folder's wording, checked (see :func:`check_wording`); cached, so once per process."""
    if not folder.is_dir():
        raise WordingError(
            str(folder),
            "not a folder of wording",
            expected=f"a folder holding {' and '.join(f'{lang}/*.toml' for lang in LANGS)}",
            found="a file" if folder.exists() else "nothing there",
        )
    read = {lang: _read(folder, lang) for lang in LANGS}
    wording = _Wording(folder, {lang: read[lang][0] for lang in LANGS}, {lang: read[lang][1] for lang in LANGS})
    problems = _key_problems(wording)
    if not problems and not _is_bundled(folder):
        bundled = _wording(WORDING_DIR).sources
        for lang in LANGS:
            for key, source in wording.sources[lang].items():
                if source != bundled[lang][key]:  # an unchanged template is checked with the bundled ones
                    try:
                        check_template(wording.files[lang][key], key, source, names_used(key))
                    except WordingError as problem:
                        problems.append(problem)
    if problems:
        problems[0].more = len(problems) - 1
        raise problems[0]
    return wording


def _key_problems(wording: _Wording) -> list[WordingError]:
    """Every key of the bundled wording in both languages, and no other key."""
    bundled = wording if _is_bundled(wording.folder) else _wording(WORDING_DIR)
    expected = set(bundled.sources[LANGS[0]])
    problems = []
    keys = set(expected).union(*(wording.sources[lang] for lang in LANGS))
    for key in sorted(keys):
        has = [lang for lang in LANGS if key in wording.sources[lang]]
        if key not in expected:
            lang = has[0]
            problems.append(
                WordingError(
                    _where(wording.files[lang][key], key),
                    "not a key of budgetlib's wording",
                    expected="the keys of the bundled wording",
                    found=f"{key} (nothing would say it)",
                )
            )
        elif not has:
            file = bundled.files[LANGS[0]][key].name
            problems.append(
                WordingError(
                    " and ".join(str(wording.folder / lang / file) for lang in LANGS) + f", key {key}",
                    "missing",
                    expected="every key of the bundled wording",
                    found=f"no {key} in {' or '.join(str(wording.folder / lang) for lang in LANGS)}",
                )
            )
        elif len(has) < len(LANGS):
            lang, other = has[0], next(o for o in LANGS if o not in has)
            present = wording.files[lang][key]
            line = _key_line(present, key)
            problems.append(
                WordingError(
                    f"{wording.folder / other / present.name}, key {key}",
                    f"missing in {other}",
                    expected=f"every key in both {' and '.join(LANGS)}",
                    found=f"it only in {present}" + (f", line {line}" if line else ""),
                )
            )
    return problems


def check_wording(folder: Path | None = None) -> Path:
    """``folder`` (default: :func:`wording_dir`), checked: its files are TOML, both languages
    define the keys of the bundled wording and no other, and every template that is not the
    bundled one compiles, uses no other template, reads no attribute starting with ``_`` and
    uses only the names the bundled templates of its key use. Raises a WordingError naming the
    first problem (and how many more there are); checked once per folder and process."""
    folder = wording_dir() if folder is None else folder
    _wording(folder)
    return folder


# --- the public API -------------------------------------------------------------------------


def sources(lang: Lang, folder: Path = WORDING_DIR) -> dict[str, str]:
    """The template sources of ``lang``, by dotted key (``chart.growth_bridge.title``),
    from every file of ``folder/<lang>/``, the folder checked first (:func:`check_wording`)."""
    return _wording(folder).sources[check_lang(lang)]


@cache
def template(key: str, lang: Lang, folder: Path = WORDING_DIR, *, html: bool = False) -> jinja2.Template:
    """The compiled template ``key`` (escaping its values with ``html``). Compiled when first
    asked for: a notebook uses a few dozen of the 600-odd templates."""
    wording = _wording(folder)
    source = wording.sources[check_lang(lang)].get(key)
    if source is None:
        raise KeyError(f"no wording {key!r} in {folder / lang}")
    try:
        return _environment(html).from_string(source)
    except jinja2.TemplateError as error:  # a bundled template someone broke: the tests check them
        raise WordingError(
            _where(wording.files[lang][key], key, getattr(error, "lineno", None)),
            "not a template",
            expected="a Jinja template",
            found=getattr(error, "message", None) or str(error),
        ) from None


def wording_dir() -> Path:
    """The folder of the wording: ``$BUDGETLIB_WORDING`` if set (a copy an analyst edits,
    with the same ``<lang>/*.toml`` files), else the one installed with budgetlib."""
    return Path(os.environ.get("BUDGETLIB_WORDING") or WORDING_DIR)


_PLAIN = frozenset({str, int, float, bool, type(None), Markup, datetime.date, datetime.datetime})


def plain(value: Any) -> Any:
    """``value`` as plain data a template can read but not act through: text, numbers,
    dates, and lists and mappings of them (numpy numbers as Python's, a pandas Timestamp as
    a datetime); anything else as its text, which is what a template would have printed.

    >>> import numpy as np, pandas as pd
    >>> plain({"share": np.float64(61.17), "rows": (np.int64(3),), "date": pd.Timestamp("2020-12-31")})
    {'share': 61.17, 'rows': (3,), 'date': datetime.datetime(2020, 12, 31, 0, 0)}
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return kind(plain(v) for v in value) if kind in (list, tuple) else [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return frozenset(plain(v) for v in value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, datetime.datetime):
        try:
            return datetime.datetime(*value.timetuple()[:6], value.microsecond, value.tzinfo)
        except (TypeError, ValueError):  # NaT
            return str(value)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if kind.__module__ == "numpy" and hasattr(value, "item"):  # numpy's bool and other scalars
        item = value.item()
        if type(item) in _PLAIN:
            return item
    return str(value)


def _render(key: str, lang: Lang, html: bool, values: dict[str, Any]) -> str:
    """The template ``key`` filled with ``values`` made plain; a failure names the file and key."""
    folder = wording_dir()
    compiled = template(key, check_lang(lang), folder, html=html)
    given = {name: value if type(value) in _PLAIN else plain(value) for name, value in values.items()}
    try:
        return compiled.render(given).strip()
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as error:
        path = _wording(folder).files[lang][key]
        raise WordingError(
            _where(path, key),
            "cannot be filled in",
            expected=f"a template that works with the values {', '.join(sorted(values)) or '(none)'}",
            found=f"{type(error).__name__}: {error}",
        ) from error


def say(key: str, lang: Lang, **values: Any) -> str:
    """The wording ``key`` in ``lang``, filled with ``values``, without surrounding whitespace.

    >>> say("chart.year_label", "zh", year=2020), say("chart.year_label", "en", year=2020)
    ('2020年', '2020')
    """
    return _render(key, lang, False, values)


def say_html(key: str, lang: Lang, **values: Any) -> Markup:
    """The wording ``key`` in ``lang`` as HTML: every value escaped unless it is markup already
    (a link built with :class:`markupsafe.Markup`), the template's own text as written.

    >>> str(say_html("index.item", "en", subject="<b>", briefing=Markup("<a>b</a>"), full="x"))
    '&lt;b&gt;: <a>b</a> · x'
    """
    return Markup(_render(key, lang, True, values))
