"""Untrusted input: each bad file gives one StatementError with a one-line message, fast."""

from __future__ import annotations

import random

import pytest
from conftest import statement_path
from pdf_files import bomb_pdf, encrypted_copy, form_bomb_pdf, form_cycle_pdf, image_pdf, text_pdf, without_pages

from budgetlib.importers.pdf import OCR_MESSAGE, Limits, Statement, StatementError, read_statement


def refused(path, limits: Limits | None = None) -> StatementError:
    with pytest.raises(StatementError) as caught:
        read_statement(path) if limits is None else read_statement(path, limits)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name)
    return caught.value


def test_text_file_renamed_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("这不是PDF文件。\n", encoding="utf-8")
    error = refused(path)
    assert error.problem == "not a PDF" and error.expected.startswith("%PDF-")


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty file" in refused(empty).problem
    with pytest.raises(StatementError, match="cannot open the file"):
        read_statement(tmp_path / "absent.pdf")


def test_truncated_pdf(tmp_path):
    data = statement_path("commerce").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in refused(path).problem


def test_garbage_after_header(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(4096) + b"\n%%EOF\n")
    refused(path)


def test_damaged_bytes_never_escape_as_another_exception(tmp_path):
    data = bytearray(statement_path("office").read_bytes())
    rng = random.Random(2024)
    for attempt in range(6):
        copy = bytearray(data)
        start = rng.randrange(1024, len(copy) - 2048)
        copy[start : start + 256] = rng.randbytes(256)
        path = tmp_path / f"damaged-{attempt}.pdf"
        path.write_bytes(bytes(copy))
        try:
            result = read_statement(path)
        except StatementError as error:
            assert "\n" not in str(error)
        else:
            assert isinstance(result, Statement)


def test_encrypted_pdf(tmp_path):
    path = encrypted_copy(statement_path("justice"), tmp_path / "locked.pdf")
    error = refused(path)
    assert "encrypted" in error.problem and "password" in error.problem


def test_scanned_pdf_without_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf())
    error = refused(path)
    assert error.problem == OCR_MESSAGE


def test_pdf_without_national_tables(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf())
    assert refused(path).problem == "none of the national budget tables found"


def test_contents_page_alone_is_not_a_table(tmp_path):
    # cover, 目录 (which names every table), duties and notes: no table itself
    path = without_pages(statement_path("commerce"), tmp_path / "prose-only.pdf", set(range(9, 22)))
    assert refused(path).problem == "none of the national budget tables found"


def test_file_over_size_limit():
    path = statement_path("commerce")
    error = refused(path, Limits(max_file_bytes=100_000))
    assert error.problem == "file too large to read" and "100000" in error.expected


def test_too_many_pages():
    error = refused(statement_path("wanli"), Limits(max_pages=20))
    assert error.problem == "too many pages" and error.found == "33"


def test_content_stream_bomb(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb_pdf(64))
    assert path.stat().st_size < 200_000
    error = refused(path)
    assert error.page == 1 and "decompresses beyond the limit" in error.problem


def test_form_xobject_drawn_too_often(tmp_path):
    path = tmp_path / "forms.pdf"
    path.write_bytes(form_bomb_pdf())
    error = refused(path)
    assert error.page == 1 and "forms it draws" in error.problem


def test_form_xobject_cycle(tmp_path):
    path = tmp_path / "cycle.pdf"
    path.write_bytes(form_cycle_pdf())
    assert "cycle" in refused(path).problem


def test_time_budget(tmp_path):
    error = refused(statement_path("wanli"), Limits(max_seconds=0.0))
    assert error.problem == "reading took too long"


def test_error_message_is_one_line():
    error = StatementError("/x/y.pdf", "bad\nthing", page=3, expected="a\nb", found="c")
    assert str(error) == "y.pdf, page 3: bad thing: expected a b, found c"
