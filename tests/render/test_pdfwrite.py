"""reportgen writes the PDF itself (reportgen/render/pdfwrite.py) instead of
having qpdf parse and re-save WeasyPrint's uncompressed file: the file must
still be what PDF/A and the clerk's check ask for."""

from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest

from reportgen.case import Case
from reportgen.intake import integrity
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import ROOT, read_json


@pytest.fixture(scope="module")
def family_pdf() -> bytes:
    case = load_case(read_json(ROOT / "tests" / "fixtures" / "v2" / "three-children.json"))
    return render_pdf(case, as_of=Case(case).report_date)


def test_streams_are_deflated_but_the_xmp_metadata(family_pdf):
    with pikepdf.open(io.BytesIO(family_pdf)) as pdf:
        metadata = pdf.Root.Metadata
        assert "/Filter" not in metadata  # PDF/A: the metadata stream is not filtered
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.objgen != metadata.objgen]
        assert len(streams) > 20
        assert all(o.get("/Filter") == "/FlateDecode" for o in streams)


def test_one_revision_with_identifier_and_record(family_pdf):
    found = integrity.examine(family_pdf)
    assert found.unchanged, found.problems
    assert found.xref_sections == found.trailers == found.startxrefs == 1
    with pikepdf.open(io.BytesIO(family_pdf)) as pdf:
        first, second = pdf.trailer.ID
        assert len(bytes(first)) == 16 and bytes(first) == bytes(second)
        assert len(pdf.pages) > 10


def test_qpdf_finds_nothing_wrong(family_pdf, tmp_path):
    path = tmp_path / "family.pdf"
    path.write_bytes(family_pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
