"""The quick content-stream reader: it reads WeasyPrint's plain syntax exactly
as pikepdf does, and hands everything else back to pikepdf."""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf
import pytest

from reportgen.intake import pdftext
from reportgen.intake.checks import bounded_bytes
from reportgen.intake.contentops import MAX_OPERANDS, instructions

WANTED = frozenset(pdftext.TEXT_OPERATORS.split())


def _plain(value):
    """A pikepdf operand in the quick reader's terms."""
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, pikepdf.Name):
        return str(value)
    if isinstance(value, pikepdf.String):
        return bytes(value)
    if isinstance(value, pikepdf.Array):
        items = list(value)
        return [b"".join(bytes(i) for i in items if isinstance(i, pikepdf.String)),
                sum(float(i) for i in items if not isinstance(i, pikepdf.String))]
    raise AssertionError(f"unexpected operand {value!r}")


def by_pikepdf(data: bytes) -> list:
    pdf = pikepdf.new()
    parsed = pikepdf.parse_content_stream(pikepdf.Stream(pdf, data), pdftext.TEXT_OPERATORS)
    return [(str(i.operator), [_plain(v) for v in i.operands]) for i in parsed]


RICH = (
    b"q 1 0 0 -1 0 792 cm /Span <</MCID 0>> BDC /GS1 gs 0 0 0 rg BT\n"
    b"1 0 0 -1 96 113.497852 Tm /F1 18.666016 Tf [<0036>0<00580050>-120.5<0041>] TJ\n"
    b"2 TL 0.5 Tc 1.25 Tw 90 Tz -3 Ts 10 -12 Td 4 5 TD T* <00410042> Tj <0043> ' 1 2 <0044> \"\n"
    b"ET EMC Q q .5 0 0 .5 +10 -.25 cm /Fm1 Do Q [3 2] 0 d 0 0 m 10 10 l S\n"
    b"/Artifact BMC 0.6 0.6 0.6 RG 96 500.2 m 309. 500.2 l S EMC <<>> BDC EMC\n"
)


def test_rich_plain_stream_reads_as_pikepdf_reads_it():
    quick = instructions(RICH, WANTED)
    assert quick is not None
    assert quick == by_pikepdf(RICH)
    assert ("TJ", [[b"\x006\x00X\x00P\x00A", -120.5]]) in quick
    assert ("Tf", ["/F1", 18.666016]) in quick


def test_rendered_report_pages_take_the_quick_path_and_read_the_same(base_pdf, monkeypatch):
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        streams = [bounded_bytes(page.obj.Contents) for page in pdf.pages]
        assert all(instructions(data, WANTED) is not None for data in streams)
        assert instructions(streams[0], WANTED) == by_pikepdf(streams[0])
        quick = pdftext.pdf_text(pdf, bounded_bytes)
        monkeypatch.setattr(pdftext, "instructions", lambda data, wanted: None)
        slow = pdftext.pdf_text(pdf, bounded_bytes)
    assert [(p.body, p.margin) for p in quick] == [(p.body, p.margin) for p in slow]
    assert "Page 1 of" in quick[0].margin


@pytest.mark.parametrize("stream", [
    b"BT /F1 12 Tf (Hello) Tj ET",                     # literal string
    b"BT /F1 12 Tf % a comment\n<0041> Tj ET",          # comment
    b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",       # inline image
    b"BT /F#31 12 Tf <0041> Tj ET",                     # name with a # escape
    b"BT /F1 12 Tf <0041> Tj frobnicate ET",            # operator PDF does not define
    b"BT [[<0041>] 5] TJ ET",                           # nested array
    b"BT [<0041> true] TJ ET",                          # not a TJ item
    b"BT [<041> 5] TJ ET",                              # odd-length hex string
    b"BT [<00 41>] TJ ET",                              # hex string with a space
    b"BT 12 /F1 Tf ET",                                 # Tf operands the wrong way round
    b"1-2 0 0 1 0 0 cm",                                # not a number
    b"BT <0041> <0042> Tj ET",                          # two strings for one Tj
    b"1 0 0 1 0 0 cm 5 6",                              # operands with no operator
    b"BT /F1 12 Tf <0041> Tj ET \xff",                  # a byte outside the syntax
    b"1 " * (MAX_OPERANDS + 1) + b"m",                  # more operands than any operator takes
])
def test_anything_unusual_goes_to_pikepdf(stream):
    assert instructions(stream, WANTED) is None


def test_unusual_syntax_is_still_read_through_pikepdf():
    """A page with literal strings (not WeasyPrint's form) is read by the pikepdf path."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 72 740 Td (Page 1 of 1) Tj ET\n"
        b"BT /F1 12 Tf 1 0 0 1 72 400 Tm [(Hel) -200 (lo) 50 <20576f726c64>] TJ 0 -14 Td (next) ' ET"
    )
    assert instructions(bounded_bytes(page.obj.Contents), WANTED) is None
    [text] = pdftext.pdf_text(pdf, bounded_bytes)
    assert text.margin == "Page 1 of 1"
    assert text.body == "Hello World next"
