"""Size a page's decompressed content before anything parses it.

pdfminer inflates a content stream whole and interprets every form XObject
each time a page draws it, so a small file can demand gigabytes. This module
decodes with a bound (stopping as soon as the bound is passed), counts how
often each form is drawn (``/Name Do``), and sums the expanded size; fonts and
ToUnicode maps, which pdfminer also decodes, are bounded too. Images are not
decoded by the reader and are not sized.
"""

from __future__ import annotations

import re
import zlib
from io import BytesIO
from typing import Any

from pdfminer.lzw import LZWDecoder
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral

from budgetlib.importers.pdf.limits import Limits


class Oversize(Exception):
    """Raised inside this module when a bound is passed; the reader turns it into a StatementError."""

    def __init__(self, what: str, limit: int, found: int) -> None:
        super().__init__(what)
        self.what, self.limit, self.found = what, limit, found


_CHUNK = 64 * 1024
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_IMAGE_FILTERS = {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"}


def _name(value: Any) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else str(value)


def _inflate(data: bytes, limit: int) -> bytes:
    """Inflate ``data``, stopping once the output passes ``limit`` bytes (tolerates a damaged tail)."""
    engine = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(data), _CHUNK):
            out += engine.decompress(data[start : start + _CHUNK], limit + 1 - len(out))
            if len(out) > limit:
                return bytes(out)
            while engine.unconsumed_tail and len(out) <= limit:
                out += engine.decompress(engine.unconsumed_tail, limit + 1 - len(out))
            if len(out) > limit or engine.eof:
                return bytes(out)
    except zlib.error:
        pass
    return bytes(out)


def _lzw(data: bytes, limit: int) -> bytes:
    out = bytearray()
    for chunk in LZWDecoder(BytesIO(data)).run():
        out += chunk
        if len(out) > limit:
            break
    return bytes(out)


def _runlength(data: bytes, limit: int) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data) and len(out) <= limit:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += data[i + 1 : i + 2 + n]
            i += n + 2
        else:
            out += data[i + 1 : i + 2] * (257 - n)
            i += 2
    return bytes(out)


def decode_bounded(stream: PDFStream, limit: int) -> bytes:
    """Decode a stream's filters in order, never holding more than ``limit`` + one chunk bytes.

    The result is cut short once it passes ``limit``; callers compare its
    length with the limit. Image codecs are left undecoded.
    """
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    data = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    if stream.decipher and stream.rawdata is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for f, _params in stream.get_filters():
        name = _name(f)
        if name in ("FlateDecode", "Fl"):
            data = _inflate(data, limit)
        elif name in ("LZWDecode", "LZW"):
            data = _lzw(data, limit)
        elif name in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        elif name in ("RunLengthDecode", "RL"):
            data = _runlength(data, limit)
        elif name in _IMAGE_FILTERS:
            return data
        if len(data) > limit:
            return data
    return data


def _streams(value: Any) -> list[PDFStream]:
    value = resolve1(value)
    if isinstance(value, PDFStream):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _streams(item)]
    return []


class PageSizer:
    """Sizes pages of one document, remembering fonts and forms already sized."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._fonts: set[int] = set()
        self._forms: dict[int, int] = {}

    def page(self, page_obj: Any) -> int:
        """Return the expanded content size of a page, or raise :class:`Oversize`."""
        limit = self.limits.max_page_content_bytes
        resources = resolve1(page_obj.resources) or {}
        total = 0
        content = b""
        for stream in _streams(page_obj.attrs.get("Contents")):
            data = decode_bounded(stream, limit - total)
            total += len(data)
            if total > limit:
                raise Oversize("page content stream decompresses beyond the limit", limit, total)
            content += data
        total += self._drawn(content, resources, limit - total, depth=0, visiting=set())
        if total > limit:
            raise Oversize("page content (with the forms it draws) decompresses beyond the limit", limit, total)
        self._check_fonts(resources)
        return total

    def _drawn(self, content: bytes, resources: Any, budget: int, depth: int, visiting: set[int]) -> int:
        """Expanded size of the forms ``content`` draws, counted as often as drawn."""
        xobjects = resolve1((resources or {}).get("XObject")) or {}
        if not isinstance(xobjects, dict) or not xobjects:
            return 0
        counts: dict[str, int] = {}
        for match in _DO.finditer(content):
            name = match.group(1).decode("latin-1")
            counts[name] = counts.get(name, 0) + 1
        total = 0
        for name, times in counts.items():
            ref = xobjects.get(name)
            form = resolve1(ref)
            if not isinstance(form, PDFStream) or _name(form.attrs.get("Subtype")) != "Form":
                continue
            key = ref.objid if isinstance(ref, PDFObjRef) else id(form)
            if key in visiting:
                raise Oversize("a form XObject draws itself (a cycle)", 0, 1)
            if depth >= self.limits.max_form_depth:
                raise Oversize("form XObjects nest too deep", self.limits.max_form_depth, depth + 1)
            if key not in self._forms:
                data = decode_bounded(form, budget)
                size = len(data)
                if size <= budget:
                    inner = resolve1(form.attrs.get("Resources")) or resources
                    size += self._drawn(data, inner, budget - size, depth + 1, visiting | {key})
                    self._check_fonts(inner)
                self._forms[key] = min(size, budget + 1)
            total += times * self._forms[key]
            if total > budget:
                return total
        return total

    def _check_fonts(self, resources: Any) -> None:
        fonts = resolve1((resources or {}).get("Font")) or {}
        if not isinstance(fonts, dict):
            return
        limit = self.limits.max_font_bytes
        for ref in fonts.values():
            key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
            if key in self._fonts:
                continue
            self._fonts.add(key)
            font = resolve1(ref)
            if not isinstance(font, dict):
                continue
            candidates: list[Any] = [font.get("ToUnicode"), font.get("Encoding")]
            descriptors = [font.get("FontDescriptor")]
            for descendant in resolve1(font.get("DescendantFonts")) or []:
                descendant = resolve1(descendant)
                if isinstance(descendant, dict):
                    descriptors.append(descendant.get("FontDescriptor"))
                    candidates.append(descendant.get("CIDToGIDMap"))
            for descriptor in descriptors:
                descriptor = resolve1(descriptor)
                if isinstance(descriptor, dict):
                    candidates += [descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")]
            for stream in (s for c in candidates for s in _streams(c)):
                size = len(decode_bounded(stream, limit))
                if size > limit:
                    raise Oversize("a font stream decompresses beyond the limit", limit, size)
