"""Hostile and broken files: each gets a clear message, in bounded time and memory,
and never a traceback. The parsing child process is killed at its timeout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reportgen.review import ReviewError, review_bytes
from reportgen.review import extract as ex
from reportgen.untrusted.pool import LIMITS, OUT_OF_MEMORY, TIMEOUT
from tests.conftest import BASE_CASE
from tests.hostile_files import PDF_BOMBS, docx_zip_bomb, encrypted_pdf, huge_array, pdf_from_objects, scanned_pdf
from tests.review.conftest import corpus_file

GOOD_PDF = corpus_file("01-alameda-good-plan", "pdf")
GOOD_DOCX = corpus_file("01-alameda-good-plan", "docx")
#: Messages that count as "clear" for files built to exhaust a reader.
HOSTILE_OK = {ex.PDF_DAMAGED, ex.NO_TEXT, OUT_OF_MEMORY.format(mb=LIMITS.memory_bytes // 2**20),
              TIMEOUT.format(seconds=LIMITS.wall_seconds)}


def message_for(data: bytes, filename: str, **kw) -> str:
    with pytest.raises(ReviewError) as err:
        review_bytes(data, filename, **kw)
    [(label, message)] = err.value.problems
    assert label == filename
    assert "Traceback" not in message
    return message


def test_not_a_pdf_or_docx():
    assert message_for(b"Dear counsel, please see the attached.\n", "notes.txt") == ex.NOT_SUPPORTED


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff" + b"0" * 100)
    assert message_for(buffer.getvalue(), "report.docx") == ex.NOT_WORD


def test_old_word_format():
    assert message_for(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "report.doc") == ex.OLD_WORD


def test_encrypted_pdf():
    assert message_for(encrypted_pdf(GOOD_PDF), "locked.pdf") == ex.ENCRYPTED


def test_scanned_pdf_without_text_layer():
    assert message_for(scanned_pdf(), "scan.pdf") == ex.NO_TEXT


def test_truncated_pdf():
    data = GOOD_PDF.read_bytes()
    assert message_for(data[: len(data) // 2], "cut.pdf") == ex.PDF_DAMAGED


def test_truncated_docx():
    data = GOOD_DOCX.read_bytes()
    assert message_for(data[: len(data) // 2], "cut.docx") == ex.DOCX_DAMAGED


def test_docx_zip_bomb_is_refused_before_reading():
    """A 200 KB archive whose document part expands past the limit."""
    data = docx_zip_bomb()
    assert len(data) < 1024 * 1024
    message = message_for(data, "bomb.docx")
    assert "zip bomb" in message and "was not read" in message


def test_docx_with_too_many_parts():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(ex.MAX_DOCX_ENTRIES + 1):
            zf.writestr(f"word/media/p{i}.bin", b"")
    assert "more than the" in message_for(buffer.getvalue(), "parts.docx")


_pdf = pdf_from_objects


def test_pdf_with_reference_loop():
    """The page tree contains itself: a naive reader recurses forever."""
    data = _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>",
    ])
    assert message_for(data, "loop.pdf") in HOSTILE_OK


def test_pdf_with_very_many_objects():
    """A quarter of a million objects, chained one to the next, under the upload limit."""
    count = 250_000
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Chain 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    objects += [b"<< /Next %d 0 R >>" % (n + 1) for n in range(4, count)] + [b"null"]
    data = _pdf(objects)
    assert len(data) < ex.MAX_UPLOAD_BYTES
    assert message_for(data, "many.pdf") in HOSTILE_OK


def test_file_over_the_upload_limit():
    data = b"%PDF-1.7\n" + b"0" * ex.MAX_UPLOAD_BYTES
    assert message_for(data, "huge.pdf") == ex.TOO_LARGE


def test_a_reader_that_hangs_is_stopped_at_the_timeout():
    """The wall-clock bound itself: with a tiny timeout the child is killed and reported."""
    message = message_for(huge_array(), "slow.pdf", timeout=0.2)  # seconds of work for any reader
    assert message == TIMEOUT.format(seconds=0.2)


@pytest.mark.parametrize("name", sorted(PDF_BOMBS))
def test_pdf_bombs_get_a_clear_message(name: str):
    """Each bomb of tests/hostile_files.py: refused with a sentence, never a traceback; the
    ones that would make a reader work without bound are named as such, before pdftotext runs."""
    message = message_for(PDF_BOMBS[name](), name)
    exhausting = ex.EXHAUSTING.split("{")[0]
    assert message in HOSTILE_OK or message.startswith(exhausting)
    if name in ("content-bomb.pdf", "predictor-bomb.pdf", "tounicode-bomb.pdf", "xobject-fanout.pdf",
                "xobject-self.pdf"):
        assert message.startswith(exhausting)


def test_uploads_are_never_written_by_the_parent_and_leave_nothing_behind(tmp_path: Path, monkeypatch):
    """The parent hands the bytes to a sandbox worker; whatever the worker puts on disk it removes.

    Temporary files go to ``tmp_path`` (TMPDIR for this process and its workers), which must be
    empty after a good and a damaged upload, and JSON too is read by a worker, not here."""
    import tempfile

    import reportgen.review as review
    from reportgen.untrusted import Sandbox

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    box = Sandbox()
    monkeypatch.setattr("reportgen.untrusted.pool.shared", lambda: box)
    monkeypatch.setattr("reportgen.untrusted.shared", lambda: box)
    tasks: list[str] = []
    real_run = box.run

    def spy(task: str, *args, **kw):
        tasks.append(task)
        return real_run(task, *args, **kw)

    monkeypatch.setattr(box, "run", spy)
    try:
        review.review_bytes(GOOD_DOCX.read_bytes(), "good.docx")
        with pytest.raises(ReviewError):
            review.review_bytes(GOOD_PDF.read_bytes()[:5000], "cut.pdf")
        review.review_bytes(BASE_CASE.read_bytes(), "case.json")
    finally:
        box.close()
    assert tasks == ["extract", "extract", "case_json"]
    assert list(tmp_path.iterdir()) == []
