"""The PDF renderer's leaner copy of WeasyPrint's user-agent stylesheet (a speed
measure, see reportgen/render/pdf.py) must not change what is printed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportgen.render import pdf as pdf_module
from reportgen.render.templates import resolve_template_dir
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json


def page_texts(data: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout.split("\f")


def test_lean_stylesheet_is_in_use_for_the_shipped_template():
    pdf_module._local.__dict__.pop("styles", None)
    warm = pdf_module._warm_style(resolve_template_dir(None))
    assert warm.lean_html is not None, "WeasyPrint's stylesheet changed shape: the lean copy fell back"


def test_lean_and_full_stylesheets_print_the_same_pages(tmp_path, monkeypatch):
    case = load_case(read_json(BASE_CASE))
    as_of = case["court"]["report_date"]
    pdf_module._local.__dict__.pop("styles", None)
    lean = pdf_module.render_pdf(case, as_of=as_of)
    pdf_module._local.__dict__.pop("styles", None)
    monkeypatch.setattr(pdf_module, "_lean_ua_sheet", lambda: None)
    full = pdf_module.render_pdf(case, as_of=as_of)
    pdf_module._local.__dict__.pop("styles", None)
    lean_pages, full_pages = page_texts(lean, tmp_path, "lean"), page_texts(full, tmp_path, "full")
    assert len(lean_pages) == len(full_pages)
    for number, (a, b) in enumerate(zip(lean_pages, full_pages, strict=True), start=1):
        assert a == b, f"page {number} differs"


@pytest.mark.parametrize("css", ["li { display: list-item }", "aside { float: footnote }"])
def test_a_template_that_needs_markers_or_notes_keeps_the_full_stylesheet(css):
    assert pdf_module._NEEDS_FULL_UA.search(css)
