"""Small PDFs written by hand for the hostile tests, and broken copies of real ones."""

from __future__ import annotations

import zlib
from pathlib import Path


def build_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(
    content: bytes, resources: bytes = b"<< >>", more: list[bytes] | None = None, compress: bool = True
) -> bytes:
    """A one-page PDF: 1 catalog, 2 pages, 3 page, 4 content, then ``more`` objects from 5."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R /Resources " + resources + b" >>",
        stream(content, compress=compress),
    ] + (more or [])
    return build_pdf(objects)


def text_pdf(text: str = "Annual report 2025: nothing here is a budget table") -> bytes:
    """A PDF with one line of Latin text and no national table."""
    content = b"BT /F1 14 Tf 72 500 Td (" + text.encode("latin-1") + b") Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return one_page(content, b"<< /Font << /F1 5 0 R >> >>", [font])


def image_pdf() -> bytes:
    """A 'scanned' page: one grey image drawn full page, no text layer."""
    pixels = bytes(range(0, 256, 4)) * 64  # 64 x 64 grey
    image = stream(
        pixels, b" /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8"
    )
    return one_page(b"q 842 0 0 595 0 0 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image])


def bomb_pdf(megabytes: int = 64) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MiB of spaces (~65 KB on disk)."""
    engine = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(engine.compress(chunk) for _ in range(megabytes)) + engine.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R /Resources << >> >>",
        body,
    ]
    return build_pdf(objects)


def form_bomb_pdf(draws: int = 200_000) -> bytes:
    """A small page that draws one 1 KB form XObject ``draws`` times (~200 MB to interpret)."""
    form = stream(b"0 0 m 1 1 l S\n" * 70, b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]")
    return one_page(b"/Fm1 Do\n" * draws, b"<< /XObject << /Fm1 5 0 R >> >>", [form])


def form_cycle_pdf() -> bytes:
    """A form XObject that draws itself."""
    form = stream(
        b"/Fm1 Do", b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 5 0 R >> >>"
    )
    return one_page(b"/Fm1 Do", b"<< /XObject << /Fm1 5 0 R >> >>", [form])


def without_pages(source: Path, target: Path, drop: set[int]) -> Path:
    """Copy ``source`` leaving out the 1-based pages in ``drop`` (pypdf, test-only)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(source))
    writer = PdfWriter()
    for number, page in enumerate(reader.pages, start=1):
        if number not in drop:
            writer.add_page(page)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def encrypted_copy(source: Path, target: Path, password: str = "secret") -> Path:
    """Copy ``source`` encrypted with a user password (AES-128, pypdf, test-only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    with open(target, "wb") as handle:
        writer.write(handle)
    return target
