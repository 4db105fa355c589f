"""The pages around the reports: ``reports/<lang>/index.html`` and the figure gallery
``figures/<lang>/index.html``, from the Jinja templates in ``templates/site/``.

The templates escape every value they are given (autoescape); links are built here, as
markup, from escaped parts. Each page inlines its styles (``site.css``, then the reports'
``report.css``), so it opens offline in the reports' look.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from budgetlib.charts.export import FORMATS
from budgetlib.charts.theme import SIZES
from budgetlib.words.wording import HTML_LANG, Lang, check_lang, say, say_html

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "site"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


@functools.cache
def _css() -> str:
    return "".join(
        (TEMPLATES / folder / name).read_text(encoding="utf-8")
        for folder, name in (("site", "site.css"), ("offline", "report.css"))
    )


def link(href: str, text: str) -> Markup:
    """``<a href="href">text</a>``, both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)


def _render(name: str, lang: Lang, title_key: str, words: dict[str, Any], **values: Any) -> str:
    def say_in(key: str, **more: Any) -> str:
        return say(key, lang, **more)

    def say_html_in(key: str, **more: Any) -> Markup:
        return say_html(key, lang, **more)

    return (
        _environment()
        .get_template(name)
        .render(
            html_lang=HTML_LANG[lang],
            title=say(title_key, lang, **words),
            css=_css(),
            lang=lang,
            words=words,
            say=say_in,
            say_html=say_html_in,
            link=link,
            **values,
        )
    )


def index_page(
    reports: Sequence[tuple[str, str]], lang: Lang, *, department: str, year: int, data: str, other: str | None
) -> str:
    """``reports/<lang>/index.html``: each report (name, subject) with its briefing, the
    gallery, and the data package it was built from (its title, not a path)."""
    lang = check_lang(lang)
    words = {"department": department, "year": year, "data": data}
    return _render("index.html.j2", lang, "index.title", words, reports=reports, other=other)


def chart_finding(png: Path) -> str:
    """The finding sentence a saved chart carries in its PNG metadata, or its file name."""
    from PIL import Image

    with Image.open(png) as image:
        return str(getattr(image, "text", {}).get("Description") or png.stem)


def gallery_page(folder: Path, lang: Lang, *, department: str, year: int, data: str) -> str:
    """``figures/<lang>/index.html``: every chart in ``folder`` as a thumbnail with its
    finding and links to each size and format, all relative."""
    lang = check_lang(lang)
    words = {"department": department, "year": year, "data": data}
    names = sorted({p.name.rsplit("-", 1)[0] for p in folder.glob("*-document.png")})

    def links(name: str, size: str) -> list[Markup]:
        return [link(f"{name}-{size}.{fmt}", fmt.upper()) for fmt in FORMATS]

    return _render(
        "gallery.html.j2",
        lang,
        "gallery.title",
        words,
        figures=[(name, chart_finding(folder / f"{name}-document.png")) for name in names],
        sizes=list(SIZES),
        links=links,
        tables=sorted(p.name for p in folder.glob("*.csv")),
    )


def collection_index_page(
    reports: Sequence[tuple[str, str]],
    statements: Sequence[tuple[str, int, str, str, str]],
    lang: Lang,
    *,
    words: dict[str, Any],
    summary: str,
    findings: str,
    other: str | None,
) -> str:
    """``reports/<lang>/index.html`` of a collection: its own reports (name, subject), the gallery, and
    each statement (department, year, kind, total, the link to its own report's index)."""
    lang = check_lang(lang)
    headers = [
        say("collection.column.department", lang),
        say("collection.column.fiscal_year", lang),
        say("collection.column.kind", lang),
        say("collection.column.total", lang, unit=words["unit"]),
        say("collection.column.report", lang),
    ]
    return _render("collection.html.j2", lang, "collection.index.title", words, reports=reports,
                   statements=statements, headers=headers, summary=summary, findings=findings, other=other)  # fmt: skip
