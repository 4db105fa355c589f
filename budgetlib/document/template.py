"""The document a briefing is written into: budgetlib's own, or a user's reference document
(``--docx-template``) whose styles, page setup, headers and footers it keeps, emptied of its text.

A reference document is checked before anything is built: a file that is not a Word document
(.docx, or a .dotx template) is a :class:`TemplateError` naming the file, what was expected and
what was found, shown to a person in one line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from budgetlib.errors import DataError, display_path

DOCUMENT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
OTHER_OFFICE = {  # what a file that is not a Word document is, by its main part
    "ppt/presentation.xml": "a PowerPoint presentation",
    "xl/workbook.xml": "an Excel workbook",
}


NOT_WORD = "not a Word document"


class TemplateError(DataError):
    """A reference document that cannot be used: names the file, what was expected and what was found."""


def read_template(path: Path) -> bytes:
    """The bytes of the reference document at ``path`` as a .docx (a .dotx's main part retyped as a
    document's), checked to open as a Word document; else a :class:`TemplateError`."""
    shown = display_path(Path(path))
    expected = "a Word document (.docx or .dotx)"
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise TemplateError(shown, f"cannot read it ({error.strerror or error})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except zipfile.BadZipFile:
        raise TemplateError(shown, NOT_WORD, expected=expected, found="a file that is not a zip package") from None
    other = next((what for part, what in OTHER_OFFICE.items() if part in names), None)
    if other or "word/document.xml" not in names:
        raise TemplateError(shown, NOT_WORD, expected=expected, found=other or "a zip with no word/document.xml")
    if TEMPLATE in types:
        data = _retyped(data)
    try:
        docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx meets a damaged package with errors of any kind: the file is at fault
        found = f"a damaged one ({type(error).__name__}: {error})"
        raise TemplateError(shown, NOT_WORD, expected=expected, found=found) from None
    return data


def _retyped(data: bytes) -> bytes:
    """A .dotx as a .docx: the same parts, its main part typed as a document's."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(TEMPLATE, DOCUMENT)
            target.writestr(info, content)
    return out.getvalue()


def base_document(template: bytes | None) -> Any:
    """A python-docx Document to write the briefing into: budgetlib's base (python-docx's default)
    when ``template`` is None, else the reference document (from :func:`read_template`), its
    body emptied but for its page setup; neither keeps a thumbnail picture of another text."""
    document = docx.Document(None if template is None else io.BytesIO(template))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    package_rels = document.part.package.rels
    for key in [key for key, rel in package_rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        package_rels.pop(key)
    return document
