"""Files built to be refused: shared by the review tests of the command line and
of the attorney's upload page, so both refuse exactly the same bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
from PIL import Image

from reportgen.review import extract as ex


def encrypted_pdf(source: Path) -> bytes:
    """``source`` saved with a user password."""
    out = io.BytesIO()
    with pikepdf.open(source) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    return out.getvalue()


def scanned_pdf() -> bytes:
    """One page that is only a picture (a ruled line): no text layer."""
    image = Image.new("RGB", (850, 1100), "white")
    for x in range(100, 700):
        image.putpixel((x, 200), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=100.0)
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    """A small archive whose document part expands past the review's limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(ex.MAX_DOCX_UNCOMPRESSED // len(chunk) + 8):
                member.write(chunk)
    return buffer.getvalue()
