"""Files built to be refused: shared by the review and intake tests of the
command line and of both upload pages (and bench/hostile.py), so every front
door refuses exactly the same bytes.

The PDF *bombs* are a few kilobytes each and are what an outside hostile run
used against the server, one per way a reader was found to
allocate without bound or loop: Flate inside Flate in a page's content, a
ToUnicode map, the XMP metadata or the embedded case data (2 GB once
inflated); Flate with /DecodeParms (which the capped reader used to pass to
qpdf whole); form XObjects that draw each other forty times over eight levels
(40**7 walks) or draw themselves; plus a huge image, a huge /Length and a
content array of millions of numbers. :data:`PDF_BOMBS` names them all.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
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


# --- PDF bombs ------------------------------------------------------------------------------

GB = 1024 * 1024 * 1024


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table for the given object bodies (object 1 first)."""
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


def deflated_zeros(size: int) -> bytes:
    """A zlib stream that inflates to ``size`` zero bytes (a multiple of 1 MB), made
    in milliseconds: after a full flush every megabyte of zeros compresses to the
    same bytes, so one block is repeated and the Adler-32 of zeros is computed."""
    chunk = 1024 * 1024
    z = zlib.compressobj(9)
    first = z.compress(bytes(chunk)) + z.flush(zlib.Z_FULL_FLUSH)
    block = z.compress(bytes(chunk)) + z.flush(zlib.Z_FULL_FLUSH)
    count = size // chunk
    adler = ((count * chunk) % 65521) << 16 | 1  # a stays 1 over zeros; b adds 1 per byte
    return first + block * (count - 1) + b"\x03\x00" + struct.pack(">I", adler)


def twice_deflated_zeros(size: int = 2 * GB) -> bytes:
    """Flate inside Flate: about 5 KB that inflate to ``size`` bytes."""
    return zlib.compress(deflated_zeros(size), 9)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


_TEXT = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_TWICE = b"/Filter [/FlateDecode /FlateDecode]"


def _page(resources: bytes = b"<< /Font << /F1 5 0 R >> >>") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources %s >>" % resources


def content_bomb() -> bytes:
    """The page's content stream: Flate inside Flate, 2 GB inflated."""
    return pdf_from_objects([_CATALOG, _PAGES, _page(), _stream(_TWICE, twice_deflated_zeros()), _FONT])


def predictor_bomb() -> bytes:
    """The content stream as Flate with /DecodeParms: 512 MB inflated from 0.5 MB."""
    data = deflated_zeros(512 * 1024 * 1024)
    return pdf_from_objects([_CATALOG, _PAGES, _page(),
                             _stream(b"/Filter /FlateDecode /DecodeParms << /Predictor 1 >>", data), _FONT])


def tounicode_bomb() -> bytes:
    """The font's ToUnicode map: Flate inside Flate, 2 GB inflated."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return pdf_from_objects([_CATALOG, _PAGES, _page(), _stream(b"", _TEXT), font,
                             _stream(_TWICE, twice_deflated_zeros())])


def xmp_bomb() -> bytes:
    """The XMP metadata stream: Flate inside Flate, 2 GB inflated."""
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>", _PAGES, _page(),
                             _stream(b"", _TEXT), _FONT,
                             _stream(b"/Type /Metadata /Subtype /XML " + _TWICE, twice_deflated_zeros())])


def embedded_data_bomb() -> bytes:
    """The embedded case.json (as reportgen attaches it): Flate inside Flate, 2 GB inflated."""
    spec = b"<< /Type /Filespec /F (case.json) /UF (case.json) /AFRelationship /Data /EF << /F 7 0 R /UF 7 0 R >> >>"
    catalog = b"<< /Type /Catalog /Pages 2 0 R /AF [6 0 R] /Names << /EmbeddedFiles << /Names [(case.json) 6 0 R] >> >> >>"
    return pdf_from_objects([catalog, _PAGES, _page(), _stream(b"", _TEXT), _FONT, spec,
                             _stream(b"/Type /EmbeddedFile " + _TWICE, twice_deflated_zeros())])


def xobject_fanout(levels: int = 8, fan: int = 40) -> bytes:
    """Form XObjects, each drawing the next ``fan`` times over ``levels`` levels (40**7 walks)."""
    objects = [_CATALOG, _PAGES, _page(b"<< /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>"),
               _stream(b"", b"/X Do"), _FONT]
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >>"
    for level in range(levels):
        if level == levels - 1:
            objects.append(_stream(form + b" >>", _TEXT))
        else:
            objects.append(_stream(form + b" /XObject << /X %d 0 R >> >>" % (7 + level), b" ".join([b"/X Do"] * fan)))
    return pdf_from_objects(objects)


def xobject_self() -> bytes:
    """A form XObject that draws itself, twice."""
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>"
    return pdf_from_objects([_CATALOG, _PAGES, _page(b"<< /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>"),
                             _stream(b"", b"/X Do"), _FONT, _stream(form, _TEXT + b" /X Do /X Do")])


def huge_image() -> bytes:
    """An image declared 100,000 x 100,000 pixels (30 GB decoded), drawn on the page."""
    image = _stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                    b"/BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(bytes(1000)))
    return pdf_from_objects([_CATALOG, _PAGES, _page(b"<< /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >>"),
                             _stream(b"", _TEXT + b" q 612 0 0 792 0 0 cm /Im1 Do Q"), _FONT, image])


def huge_length() -> bytes:
    """A content stream whose /Length claims a terabyte."""
    return pdf_from_objects([_CATALOG, _PAGES, _page(), b"<< /Length 999999999999 >>\nstream\n" + _TEXT + b"\nendstream",
                             _FONT])


def huge_array() -> bytes:
    """A TJ array of five million numbers in 10 KB of Flate."""
    data = b"BT /F1 12 Tf 72 700 Td [" + b"0 " * 5_000_000 + b"] TJ ET"
    return pdf_from_objects([_CATALOG, _PAGES, _page(), _stream(b"/Filter /FlateDecode", zlib.compress(data, 9)), _FONT])


PDF_BOMBS: dict[str, Callable[[], bytes]] = {
    "content-bomb.pdf": content_bomb,
    "predictor-bomb.pdf": predictor_bomb,
    "tounicode-bomb.pdf": tounicode_bomb,
    "xmp-bomb.pdf": xmp_bomb,
    "embedded-data-bomb.pdf": embedded_data_bomb,
    "xobject-fanout.pdf": xobject_fanout,
    "xobject-self.pdf": xobject_self,
    "huge-image.pdf": huge_image,
    "huge-length.pdf": huge_length,
    "huge-array.pdf": huge_array,
}
