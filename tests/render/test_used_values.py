"""Used lengths and line struts are remembered per computed style (a speed
measure, see reportgen/render/used_values.py). The pages must come out byte
for byte as WeasyPrint draws them when it works every box out afresh."""

from __future__ import annotations

import importlib
import io
from typing import Any

import pikepdf
import pytest
from weasyprint.formatting_structure.boxes import BlockBox

from reportgen.case import Case
from reportgen.render import used_values
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


def hooked() -> dict[tuple[str, str], Any]:
    """Every module binding the hooks replaced, with its hook."""
    used_values.install()
    found = {}
    for name in used_values._RESOLVE_USERS + used_values._STRUT_USERS:
        module = importlib.import_module(name)
        for attribute in ("resolve_percentages", "strut"):
            function = getattr(module, attribute, None)
            if getattr(function, "reportgen", False):
                found[name, attribute] = function
    return found


@pytest.fixture
def worked_out_afresh(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switch the hooks off for the test (WeasyPrint's own functions in every module)."""
    bindings = hooked()
    assert len(bindings) == len(used_values._RESOLVE_USERS) + len(used_values._STRUT_USERS)

    def switch() -> None:
        for (name, attribute), function in bindings.items():
            monkeypatch.setattr(importlib.import_module(name), attribute, function.original)

    return switch


@pytest.mark.parametrize("name", sorted(CASES))
def test_remembered_values_draw_the_same_pages(name, worked_out_afresh):
    case = load_case(CASES[name]())
    as_of = Case(case).report_date
    remembered = page_streams(render_pdf(case, as_of=as_of))
    worked_out_afresh()
    afresh = page_streams(render_pdf(case, as_of=as_of))
    assert len(remembered) > 2
    assert remembered == afresh


def test_a_changed_style_is_worked_out_again():
    from weasyprint import HTML
    from weasyprint.css.properties import Dimension

    resolve = hooked()["weasyprint.layout.percent", "resolve_percentages"]
    page = HTML(string="<p style='margin: 10%; padding: 2px; width: 50%'>x</p>").render().pages[0]._page_box
    style = next(box for box in page.descendants() if box.element_tag == "p").style
    box = BlockBox("p", style, None, [])
    resolve(box, (200, 100))
    assert (box.margin_left, box.padding_top, box.width) == (20, 2, 100)
    again = BlockBox("p", style, None, [])
    resolve(again, (200, 100))  # remembered
    assert (again.margin_left, again.padding_top, again.width) == (20, 2, 100)
    style["width"] = Dimension(25, "%")
    changed = BlockBox("p", style, None, [])
    resolve(changed, (200, 100))
    assert changed.width == 50
    other = BlockBox("p", style, None, [])
    resolve(other, (400, 100))  # another containing block
    assert (other.margin_left, other.width) == (40, 100)
