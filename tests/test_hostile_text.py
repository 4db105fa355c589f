"""A package's text is untrusted: markup and formulas in every text field stay text in every output.

A copy of the package whose names, prose and titles all carry a script, an event handler, stray
markup and a spreadsheet formula is built whole (pages in both languages, galleries, figures,
decks, tables) and exported as a workbook; each output is parsed as what it is (HTML, SVG, the
decks' and the workbook's XML, CSV), never grepped, and holds no executable element, no event
handler, no link of its own making and no formula, while the hostile text shows as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import budgetlib

from budgetlib.datapackage import bundled_data_dir, read_descriptor

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(1)>"><b>x</b>'
FORMULA = '=HYPERLINK("http://example.invalid","x")'
EXECUTABLE = {"script", "iframe", "object", "embed", "foreignObject", "b"}  # <b>: the payload's own markup
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")


def text_fields(resource: dict) -> list[str]:
    """The free-text fields of a table: names, prose and titles, not codes, keys or closed lists."""
    schema = resource["schema"]
    keys = set([schema["primaryKey"]] if isinstance(schema.get("primaryKey"), str) else schema.get("primaryKey", []))
    for foreign in schema.get("foreignKeys", []):
        keys |= set([foreign["fields"]] if isinstance(foreign["fields"], str) else foreign["fields"])
    return [
        field["name"]
        for field in schema["fields"]
        if field.get("type", "string") == "string"
        and not {"enum", "pattern"} & set(field.get("constraints", {}))
        and field["name"] not in keys
        and (field["name"].endswith(("_zh", "_en")) or field["name"] in ("source_table", "derivation"))
    ]


def hostile_copy(target: Path) -> Path:
    """The bundled package with a formula before and the payload after every text value, and in
    the department's names and the source's titles."""
    descriptor = read_descriptor(bundled_data_dir())
    for resource in descriptor["resources"]:
        path = bundled_data_dir() / resource["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for name in text_fields(resource):
                if row[name]:
                    row[name] = FORMULA + row[name] + PAYLOAD
        target.mkdir(parents=True, exist_ok=True)
        with (target / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    descriptor["department"] = {key: value + PAYLOAD for key, value in descriptor["department"].items()}
    descriptor["sources"] = [
        {key: FORMULA + value + PAYLOAD for key, value in s.items()} for s in descriptor["sources"]
    ]
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """The hostile package built whole, both languages, and exported as a workbook."""
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_copy(root / "data")
    result = budgetlib("report", "--data", str(data), "--out", str(root / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert budgetlib("workbook", "export", "--data", str(data), str(root / "out" / "export.xlsx")).returncode == 0
    return root / "out"


class Page(HTMLParser):
    """What a page would run (elements, handlers, links) and the text it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in EXECUTABLE:
            self.unsafe.append((tag, attrs))
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append((tag, name))
            if (
                name in ("href", "src")
                and value
                and (value.strip().lower().startswith(("javascript:", "http")) or value == "x")
            ):
                self.unsafe.append((tag, name, value))

    def handle_data(self, data):
        self.text.append(data)


def test_no_page_runs_what_a_package_says(outputs):
    pages = sorted(outputs.rglob("*.html"))
    assert len(pages) == 2 * (2 * 7 + 1) + 2  # reports with their briefings, indexes, galleries
    for path in pages:
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        assert page.unsafe == [], path.name
        assert "<script>alert(1)</script>" in "".join(page.text), path.name  # shown, as text


def test_no_figure_runs_what_a_package_says(outputs):
    figures = sorted(outputs.rglob("*.svg"))
    assert len(figures) == 2 * 22
    described = []
    for path in figures:
        root = ElementTree.parse(path).getroot()  # well-formed: a NUL or a raw "<" would not parse
        for element in root.iter():
            assert element.tag.rsplit("}", 1)[-1] not in EXECUTABLE, path.name
            assert not [name for name in element.attrib if name.rsplit("}", 1)[-1].startswith("on")], path.name
        described += [e.text or "" for e in root.iter() if e.tag.endswith("}description")]
    assert any("<script>alert(1)</script>" in text for text in described)  # a finding that names a thing, as text


def _xml_parts(path: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as package:
        return [ElementTree.fromstring(package.read(n)) for n in package.namelist() if n.endswith((".xml", ".rels"))]


@pytest.mark.parametrize("name", ["briefing.pptx", "briefing.docx"])
def test_the_decks_and_documents_hold_the_text_as_text_and_link_nowhere(outputs, name):
    for lang in ("zh", "en"):
        parts = _xml_parts(outputs / "reports" / lang / name)
        elements = [element for part in parts for element in part.iter()]
        assert not [e for e in elements if e.tag.endswith(("}hlinkClick", "}hlinkHover"))]
        assert not [e for e in elements if e.tag.endswith("}Relationship") and e.get("TargetMode") == "External"]
        assert any("<script>alert(1)</script>" in (e.text or "") for e in elements if e.tag.endswith("}t"))


def test_the_workbook_holds_formulas_as_text(outputs):
    parts = _xml_parts(outputs / "export.xlsx")
    assert not [e for part in parts for e in part.iter() if e.tag.endswith("}f")]  # no formula anywhere
    from openpyxl import load_workbook

    book = load_workbook(outputs / "export.xlsx")
    starting = [cell for sheet in book for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")]  # fmt: skip
    assert starting and all(cell.data_type == "s" for cell in starting)


def test_no_table_the_build_writes_holds_a_formula(outputs):
    tables = sorted(outputs.rglob("*.csv"))
    assert len(tables) == 2 * 3
    neutralised = 0
    for path in tables:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or NUMBER.fullmatch(cell), (path.name, cell)
                neutralised += cell.startswith("'" + FORMULA)
    assert neutralised > 0  # the formula is there, as text
