"""Each line's Pango layout is kept from layout to drawing, set to the mode
drawing asks for before Pango lays it out, and made with a context and font
description shared by text alike (speed measures, see
reportgen/render/text_layouts.py). The pages must come out byte for byte as
WeasyPrint draws them when it builds every line's layout again."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from weasyprint.text.line_break import Layout

from reportgen.case import Case
from reportgen.render import text_layouts
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import EXAMPLES, ROOT, read_json
from tests.render.conftest import hostile_case

CASES = {
    "three-children": lambda: read_json(ROOT / "tests" / "fixtures" / "v2" / "three-children.json"),
    "draft-with-objections": lambda: read_json(EXAMPLES / "02-no-concurrent-plan.json"),
    "hostile-user-text": hostile_case,  # right-to-left names, emoji, an override character
}


def page_streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


@pytest.fixture
def layouts_rebuilt(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switch the hooks off for the test (WeasyPrint's own deactivate, reactivate, set_text and setup)."""
    text_layouts.install()
    keep, reuse = Layout.deactivate, Layout.reactivate
    assert getattr(keep, "reportgen", False), "the hook is not in place on this WeasyPrint"
    assert getattr(Layout.set_text, "reportgen", False), "the single-paragraph hook is not in place"
    cells = {name: cell.cell_contents for name, cell in zip(reuse.__code__.co_freevars, reuse.__closure__, strict=True)}
    assert getattr(Layout.setup, "reportgen", False), "the shared-setup hook is not in place"
    set_text, setup = Layout.set_text.original, Layout.setup.original

    def switch() -> None:
        monkeypatch.setattr(Layout, "deactivate", cells["deactivate"])
        monkeypatch.setattr(Layout, "reactivate", cells["reactivate"])
        monkeypatch.setattr(Layout, "set_text", set_text)
        monkeypatch.setattr(Layout, "setup", setup)

    return switch


@pytest.mark.parametrize("name", sorted(CASES))
def test_kept_layouts_draw_the_same_pages(name, layouts_rebuilt):
    case = load_case(CASES[name]())
    as_of = Case(case).report_date
    kept = page_streams(render_pdf(case, as_of=as_of))
    layouts_rebuilt()
    rebuilt = page_streams(render_pdf(case, as_of=as_of))
    assert len(kept) > 2
    assert kept == rebuilt



@pytest.mark.parametrize(("text", "single"), [
    ("Provider: Averhealth. Frequency: Weekly.", True),
    ("", True),
    ("Ana Ruiz \u202eRLO\u202c and Nguy\u1ec5n", True),
    ("first line\ns", False),
    ("first line\r", False),
    ("a\x85b", False),
    ("a\u2028b", False),
    ("a\u2029b", False),
])
def test_single_paragraph_mode_only_without_separators(text, single):
    assert text_layouts.single_paragraph(text) is single
