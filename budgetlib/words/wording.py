"""Every sentence and label a reader sees, from one template file per language.

The wording lives in ``budgetlib/words/wording/<lang>/*.toml`` (charts, prose, pages): each key
holds a Jinja template,
filled with computed values, so a title or a sentence can be changed without touching
Python and can never go stale when the data change. A long template is continued on the
next line with a backslash at the line's end (TOML drops the break and the indent). Templates pick their own verbs
(rose, fell, stayed) from the numbers; the numbers are written by the filters of
:mod:`budgetlib.words.formatting` (``amount``, ``pct``, ``pp``, ``count``, ``direction``).
The language is checked here, once, for the whole library.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from budgetlib.words import formatting

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
WORDING_DIR = Path(__file__).resolve().parent / "wording"
HTML_LANG = {"zh": "zh-CN", "en": "en"}  # the page's lang attribute


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
def _environment(html: bool = False) -> jinja2.Environment:
    """The environment templates are compiled in; with ``html``, one that escapes every value
    that is not already markup, for wording placed in a page."""
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=html, keep_trailing_newline=False)
    environment.filters.update(
        amount=formatting.amount,
        pct=formatting.pct,
        pp=formatting.pp,
        count=formatting.count,
        number=formatting.number,
        direction=formatting.direction,
    )
    return environment


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@cache
def sources(lang: Lang, folder: Path = WORDING_DIR) -> dict[str, str]:
    """The template sources of ``lang``, by dotted key (``chart.growth_bridge.title``),
    from every file of ``folder/<lang>/``; a key defined in two files is an error."""
    found: dict[str, str] = {}
    for path in sorted((folder / check_lang(lang)).glob("*.toml")):
        with path.open("rb") as handle:
            table = _flatten(tomllib.load(handle))
        twice = sorted(set(table) & set(found))
        if twice:
            raise ValueError(f"{path}: wording {', '.join(twice)} is defined in another file too")
        found.update(table)
    return found


@cache
def template(key: str, lang: Lang, folder: Path = WORDING_DIR, *, html: bool = False) -> jinja2.Template:
    """The compiled template ``key`` (escaping its values with ``html``). Compiled when first
    asked for: a notebook uses a few dozen of the 300-odd templates."""
    source = sources(lang, folder).get(key)
    if source is None:
        raise KeyError(f"no wording {key!r} in {folder / lang}")
    return _environment(html).from_string(source)


def wording_dir() -> Path:
    """The folder of the wording: ``$BUDGETLIB_WORDING`` if set (a copy an analyst edits,
    with the same ``<lang>/*.toml`` files), else the one installed with budgetlib."""
    return Path(os.environ.get("BUDGETLIB_WORDING") or WORDING_DIR)


def say(key: str, lang: Lang, **values: Any) -> str:
    """The wording ``key`` in ``lang``, filled with ``values``, without surrounding whitespace.

    >>> say("chart.year_label", "zh", year=2020), say("chart.year_label", "en", year=2020)
    ('2020年', '2020')
    """
    return template(key, check_lang(lang), wording_dir()).render(**values).strip()


def say_html(key: str, lang: Lang, **values: Any) -> Markup:
    """The wording ``key`` in ``lang`` as HTML: every value escaped unless it is markup already
    (a link built with :class:`markupsafe.Markup`), the template's own text as written.

    >>> str(say_html("index.item", "en", subject="<b>", briefing=Markup("<a>b</a>"), full="x"))
    '&lt;b&gt;: <a>b</a> · x'
    """
    return Markup(template(key, check_lang(lang), wording_dir(), html=True).render(**values).strip())
