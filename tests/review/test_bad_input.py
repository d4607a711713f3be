"""Hostile and broken files: each gets a clear message, in bounded time and memory,
and never a traceback. The parsing child process is killed at its timeout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reportgen.review import ReviewError, review_bytes
from reportgen.review import extract as ex
from tests.hostile_files import docx_zip_bomb, encrypted_pdf, scanned_pdf
from tests.review.conftest import corpus_file

GOOD_PDF = corpus_file("01-alameda-good-plan", "pdf")
GOOD_DOCX = corpus_file("01-alameda-good-plan", "docx")
#: Messages that count as "clear" for files built to exhaust a reader.
HOSTILE_OK = {ex.PDF_DAMAGED, ex.NO_TEXT, ex.OUT_OF_MEMORY} | {ex.TIMEOUT.format(seconds=ex.DEFAULT_TIMEOUT)}


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


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table for the given object bodies."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


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
    message = message_for(GOOD_PDF.read_bytes(), "slow.pdf", timeout=0.05)
    assert message == ex.TIMEOUT.format(seconds=0.05)


def test_child_process_lowers_its_own_limits():
    import subprocess
    import sys

    code = (
        "import resource; from reportgen.review.extract import _limit_resources; _limit_resources(); "
        "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_CPU)[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) <= ex.MEMORY_LIMIT_BYTES and int(out[1]) <= ex.CPU_LIMIT_SECONDS


def test_uploads_live_in_a_private_folder_that_is_removed(tmp_path: Path, monkeypatch):
    import reportgen.review as review

    seen: list[tuple[Path, int]] = []
    real = review.extract_file

    def spy(path: Path, **kw):
        seen.append((path, path.parent.stat().st_mode & 0o777))
        return real(path, **kw)

    monkeypatch.setattr(review, "extract_file", spy)
    root = tmp_path / "uploads"
    root.mkdir()
    review_bytes(GOOD_DOCX.read_bytes(), "good.docx", tmp_root=root)
    with pytest.raises(ReviewError):
        review_bytes(GOOD_PDF.read_bytes()[:5000], "cut.pdf", tmp_root=root)
    assert len(seen) == 2
    assert all(mode == 0o700 for _, mode in seen)
    assert all(path.is_relative_to(root) for path, _ in seen)
    assert list(root.iterdir()) == []
