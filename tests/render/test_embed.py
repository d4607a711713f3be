"""Reading case data back out of documents someone hands us: every failure is
a plain :class:`EmbeddedDataError`, and nothing is read past a size bound."""

from __future__ import annotations

import io
import json
import zipfile
import zlib

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.cli import main
from reportgen.render.embed import (
    MAX_EMBEDDED_BYTES,
    EmbeddedDataError,
    extract_case_bytes,
)
from tests.render.conftest import EXAMPLE_NAMES

NO_PDF_DATA = "this PDF has no reportgen case data inside (it was not made by reportgen, or the data was removed)"


@pytest.fixture(scope="module")
def report(rendered):
    return rendered[EXAMPLE_NAMES[0]]


def plain_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_attachment(data: bytes, name: str = "case.json", compress: bool = False) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if compress:
        stream = pdf.make_stream(zlib.compress(data, 9))
        stream.Filter = pikepdf.Name.FlateDecode
    else:
        stream = pdf.make_stream(data)
    stream.Type = pikepdf.Name.EmbeddedFile
    spec = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=name, UF=name,
                                                EF=pikepdf.Dictionary(F=stream),
                                                AFRelationship=pikepdf.Name.Data))
    pdf.Root.AF = pikepdf.Array([spec])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def message(data: bytes) -> str:
    with pytest.raises(EmbeddedDataError) as err:
        extract_case_bytes(data)
    return str(err.value)


def test_pdf_made_elsewhere_says_so():
    assert message(plain_pdf()) == NO_PDF_DATA


def test_pdf_with_the_attachment_removed(report):
    with pikepdf.open(io.BytesIO(report.pdf)) as pdf:
        del pdf.Root.AF
        del pdf.attachments["case.json"]
        out = io.BytesIO()
        pdf.save(out)
    assert message(out.getvalue()) == NO_PDF_DATA


def test_encrypted_pdf(report):
    with pikepdf.open(io.BytesIO(report.pdf)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    assert "encrypted" in message(out.getvalue())


def test_damaged_pdf(report):
    assert "damaged" in message(b"%PDF-1.7\n" + b"\x00garbage" * 50)


def test_attachment_that_is_not_json():
    assert "damaged (it is not valid JSON)" in message(pdf_with_attachment(b"not json {"))


def test_attachment_over_the_size_bound_is_refused_even_when_compressed():
    big = b'{"x": "' + b"a" * (MAX_EMBEDDED_BYTES + 10) + b'"}'
    assert "larger than 5 MB" in message(pdf_with_attachment(big, compress=True))


def test_attachment_found_through_the_attachment_list_too(report):
    raw = json.dumps({"schema_version": "1.0"}).encode()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["case.json"] = pikepdf.AttachedFileSpec(pdf, raw)
    out = io.BytesIO()
    pdf.save(out)
    assert extract_case_bytes(out.getvalue()) == {"schema_version": "1.0"}


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    Document().save(buf)
    if not extra:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def test_docx_made_elsewhere_says_so():
    assert "this Word document has no reportgen case data inside" in message(docx_bytes())


def test_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "not a Word document" in message(out.getvalue())


def test_damaged_docx(report):
    assert "damaged" in message(report.docx[: len(report.docx) // 2])


def test_zip_bomb_is_refused_before_reading():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(210):  # 210 MB of zeros, about 200 KB compressed
            fh.write(chunk)
    data = out.getvalue()
    assert len(data) < 1 << 20
    assert "unpacks to far more than a report" in message(data)


def test_docx_case_part_over_the_bound():
    ns = "urn:reportgen:case:v1"
    part = f'<reportgen xmlns="{ns}">{"a" * (MAX_EMBEDDED_BYTES + 100_000)}</reportgen>'.encode()
    assert "larger than 5 MB" in message(docx_bytes({"customXml/item9.xml": part}))


def test_docx_case_part_with_broken_json():
    part = b'<reportgen xmlns="urn:reportgen:case:v1">{ broken</reportgen>'
    assert "damaged (it is not valid JSON)" in message(docx_bytes({"customXml/item9.xml": part}))


def test_docx_xml_entities_are_not_expanded():
    part = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<reportgen xmlns="urn:reportgen:case:v1">&x;</reportgen>')
    assert "root:" not in message(docx_bytes({"customXml/item9.xml": part}))


def test_neither_pdf_nor_docx():
    assert "neither a PDF nor a Word document" in message(b"GIF89a")


def test_check_command_prints_the_plain_message_and_exits_2(tmp_path):
    path = tmp_path / "elsewhere.pdf"
    path.write_bytes(plain_pdf())
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}: {NO_PDF_DATA}" in result.output
    assert "Traceback" not in result.output
