"""Pages alike share one computed style (a speed measure, see
reportgen/render/page_styles.py). The pages must come out byte for byte as
WeasyPrint draws them with one style per page, and a stylesheet that picks
pages by number (``:nth()``) must keep one style per page."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from weasyprint import HTML
from weasyprint.layout import page as weasy_page

from reportgen.case import Case
from reportgen.render import page_styles
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import EXAMPLES, ROOT, read_json
from tests.render.conftest import hostile_case

CASES = {
    "three-children": lambda: read_json(ROOT / "tests" / "fixtures" / "v2" / "three-children.json"),
    "draft-with-objections": lambda: read_json(EXAMPLES / "02-no-concurrent-plan.json"),  # a named page
    "hostile-user-text": hostile_case,
}


def page_streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


@pytest.fixture
def one_style_per_page(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switch the hook off for the test (WeasyPrint's own function again)."""
    page_styles.install()
    hooked = weasy_page.set_page_type_computed_styles
    assert getattr(hooked, "reportgen", False), "the hook is not in place on this WeasyPrint"
    original = hooked.__closure__[0].cell_contents  # the function the hook wraps

    def switch() -> None:
        monkeypatch.setattr(weasy_page, "set_page_type_computed_styles", original)

    return switch


@pytest.mark.parametrize("name", sorted(CASES))
def test_shared_page_styles_draw_the_same_pages(name, one_style_per_page):
    case = load_case(CASES[name]())
    as_of = Case(case).report_date
    shared = page_streams(render_pdf(case, as_of=as_of))
    one_style_per_page()
    own = page_streams(render_pdf(case, as_of=as_of))
    assert len(shared) > 2
    assert shared == own


NTH = """<style>@page { size: A6; margin: 1cm; @top-center { content: "every page" } }
@page :nth(2) { @top-center { content: "second page" } }</style>
<body>""" + "<p>Lorem ipsum dolor sit amet.</p>" * 60


def text_of(box: Any) -> str:
    return "".join(getattr(b, "text", "") for b in box.descendants() if type(b).__name__ == "TextBox")


def test_a_stylesheet_choosing_pages_by_number_keeps_one_style_per_page():
    page_styles.install()
    document = HTML(string=NTH).render()
    headers = [[text_of(box) for box in page._page_box.children[1:]] for page in document.pages]
    assert len(headers) > 3
    assert headers[1] == ["second page"]
    assert all(h == ["every page"] for i, h in enumerate(headers) if i != 1)
