"""examples/rendered/ holds a DOCX and a PDF of every example, made by
scripts/render_examples.py. This fails when they are missing or stale: their
text (not their bytes: dates of creation differ) must match a fresh render."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.conftest import EXAMPLES
from tests.render.conftest import EXAMPLE_NAMES, pdftotext

RENDERED = EXAMPLES / "rendered"
HINT = "examples/rendered is stale: run .venv/bin/python scripts/render_examples.py"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for sec in doc.sections:
        parts += [p.text for p in sec.header.paragraphs] + [p.text for p in sec.footer.paragraphs]
    return "\n".join(parts)


def test_every_example_has_its_renders():
    missing = [f"{n}{s}" for n in EXAMPLE_NAMES for s in (".pdf", ".docx") if not (RENDERED / f"{n}{s}").is_file()]
    assert missing == [], HINT
    orphans = sorted(p.name for p in RENDERED.iterdir() if p.stem not in EXAMPLE_NAMES)
    assert orphans == [], "renders of examples that no longer exist"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_committed_pdf_text_matches_a_fresh_render(rendered, name):
    committed = RENDERED / f"{name}.pdf"
    assert committed.is_file(), HINT
    assert pdftotext(committed) == pdftotext(rendered[name].files["pdf"]), HINT


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_committed_docx_text_matches_a_fresh_render(rendered, name):
    committed = RENDERED / f"{name}.docx"
    assert committed.is_file(), HINT
    assert docx_text(committed.read_bytes()) == docx_text(rendered[name].docx), HINT
