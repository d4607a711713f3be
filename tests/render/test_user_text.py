"""User text is data: template syntax, markup, WordprocessingML, entities,
a right-to-left override, emoji and names in six scripts come out literally
and legibly in both formats, with a glyph for every character."""

from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from docx import Document

from reportgen.render.html import render_html
from tests.render.conftest import HOSTILE, INJECTIONS, NAMES, RLO, RLO_VALUE, URLS_IN_TEXT, flat, pdftotext

LITERALS = [*NAMES.values(), *INJECTIONS.values()]
#: Direction marks pdftotext adds around right-to-left runs it reorders.
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069"))


def pdf_text(path) -> str:
    """The PDF's text in content order (-raw) and in reading order (pdftotext
    reorders right-to-left runs only in the latter), direction marks removed."""
    return " ".join(flat(pdftotext(path, *mode).translate(MARKS)) for mode in (("-raw",), ()))


@pytest.fixture(scope="module")
def hostile(rendered):
    return rendered[HOSTILE]


@pytest.mark.parametrize("text", LITERALS)
def test_pdf_text_is_literal(hostile, text):
    assert flat(text) in pdf_text(hostile.files["pdf"])


@pytest.mark.parametrize("text", LITERALS)
def test_docx_text_is_literal_in_word_and_in_libreoffice(hostile, text):
    doc = Document(io.BytesIO(hostile.docx))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(text in t for t in texts)
    assert flat(text) in flat(hostile.office_text)


def test_nothing_was_evaluated_or_became_markup(hostile):
    html = render_html(hostile.case, as_of=hostile.as_of)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "&lt;img src=" in html
    assert "&amp;amp;" in html  # the user's "&amp;" shown as those five characters
    pdf_text = flat(pdftotext(hostile.files["pdf"], "-raw"))
    assert "She said {{ 7*7 }} and" in pdf_text and "She said 49" not in pdf_text
    assert flat(URLS_IN_TEXT) in pdf_text


def test_right_to_left_override_stays_inside_its_value(hostile):
    """The override reverses the rest of its own value (what U+202E means) and
    nothing after it: the parent's role beside the name reads normally."""
    pdf_text = flat(pdftotext(hostile.files["pdf"], "-raw"))
    assert "Marisol oretniuQ — Presumed father" in pdf_text
    doc = Document(io.BytesIO(hostile.docx))
    assert any(RLO_VALUE in p.text for p in doc.paragraphs), "Word keeps the characters in their typed order"
    isolated = f"\u2068Marisol {RLO}Quintero\u202c\u2069 — Presumed father"  # override closed, name isolated
    assert any(isolated in p.text for p in doc.paragraphs)


def test_every_character_has_a_glyph(hostile):
    """No .notdef (glyph 0) is drawn anywhere: all fonts are Identity-H CID
    fonts, so every two bytes of a shown string are one glyph id."""
    with pikepdf.open(io.BytesIO(hostile.pdf)) as pdf:
        shown = 0
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page, "Tj TJ"):
                items = operands[0] if str(operator) == "TJ" else operands
                for item in items:
                    if isinstance(item, pikepdf.String):
                        data = bytes(item)
                        gids = [data[i:i + 2] for i in range(0, len(data), 2)]
                        shown += len(gids)
                        assert b"\x00\x00" not in gids, "a character was drawn with the missing-glyph box"
        assert shown > 1000
    fonts = subprocess.run(["pdffonts", str(hostile.files["pdf"])], capture_output=True, text=True).stdout
    for family in ("Liberation-Serif", "Noto-Serif-CJK", "Noto-Serif-Armenian", "Noto-Naskh-Arabic", "Symbola"):
        assert family in fonts
