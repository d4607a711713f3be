"""The PDF renderer reads the shipped template's HTML with expat instead of
tinyhtml5 (a speed measure, see ``own_html_tree`` in reportgen/render/pdf.py).
It must build exactly the tree an HTML5 parser builds, or step aside."""

from __future__ import annotations

import copy
import io
from typing import Any

import pikepdf
import pytest
import tinyhtml5

from reportgen.case import Case
from reportgen.render import pdf as pdf_module
from reportgen.render.context import build_context
from reportgen.render.html import html_from_context
from reportgen.render.templates import default_template_dir
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json
from tests.render.conftest import EXAMPLE_FILES, hostile_case


def own_html(case: dict[str, Any]) -> str:
    loaded = load_case(copy.deepcopy(case))
    context = build_context(loaded, Case(loaded).report_date)
    return html_from_context(context, default_template_dir().resolve(), inline_css=False)


def nodes(root: Any) -> list[tuple[str, tuple[tuple[str, str], ...], str | None, str | None]]:
    """Every element in document order: tag, attributes, text and tail."""
    return [(e.tag, tuple(sorted(e.attrib.items())), e.text, e.tail) for e in root.iter()]


def multi_line_case() -> dict[str, Any]:
    case = read_json(BASE_CASE)
    case["summary"] = "First line.\nSecond line,\tafter a tab.\n\n  Indented third line."
    return case


CASES = {p.stem: (lambda p=p: read_json(p)) for p in EXAMPLE_FILES}
CASES["hostile-user-text"] = hostile_case
CASES["multi-line-narrative"] = multi_line_case


@pytest.mark.parametrize("name", sorted(CASES))
def test_expat_builds_the_tree_an_html5_parser_builds(name):
    html = own_html(CASES[name]())
    fast = pdf_module.own_html_tree(html)
    assert fast is not None, "the fast path did not apply to the shipped template"
    assert nodes(fast) == nodes(tinyhtml5.parse(html, namespace_html_elements=False))


def test_both_parsers_print_the_same_pdf(monkeypatch):
    case = load_case(hostile_case())
    as_of = Case(case).report_date
    fast = pdf_module.render_pdf(case, as_of=as_of)
    monkeypatch.setattr(pdf_module, "own_html_tree", lambda html: None)
    slow = pdf_module.render_pdf(case, as_of=as_of)
    with pikepdf.open(io.BytesIO(fast)) as a, pikepdf.open(io.BytesIO(slow)) as b:
        assert len(a.pages) == len(b.pages)
        for number, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True), start=1):
            assert pa.Contents.read_bytes() == pb.Contents.read_bytes(), f"page {number} differs"
        assert structure(a.Root.StructTreeRoot) == structure(b.Root.StructTreeRoot)


def structure(node: Any) -> Any:
    """The structure tree as nested (type, kids) pairs; marked-content ids as they are."""
    if isinstance(node, pikepdf.Array):
        return [structure(kid) for kid in node]
    if isinstance(node, pikepdf.Dictionary) and "/K" in node:
        return (str(node.get("/S", "")), structure(node.K))
    return int(node) if isinstance(node, int) else str(node.get("/Type", "")) if isinstance(node, pikepdf.Dictionary) else repr(node)


@pytest.mark.parametrize("text", [
    "carriage\rreturn", "windows\r\nline end", "bell\x07", "form\x0cfeed", "nul\x00",
])
def test_text_xml_would_read_differently_takes_the_html5_parser(text):
    # load_case cleans such characters away (reportgen.textnorm); the guard must hold anyway,
    # so the text is put into the case after loading.
    loaded = load_case(read_json(BASE_CASE))
    loaded["summary"] = text
    context = build_context(loaded, Case(loaded).report_date)
    html = html_from_context(context, default_template_dir().resolve(), inline_css=False)
    assert pdf_module.own_html_tree(html) is None


def test_a_tab_or_newline_inside_an_attribute_takes_the_html5_parser():
    # XML turns a tab or newline in an attribute value into a space; HTML keeps it.
    case = read_json(BASE_CASE)
    case["child"]["name"] = "Sofia\tRamírez"
    html = own_html(case)
    assert 'data-running="In re Sofia\tRamírez' in html
    assert pdf_module.own_html_tree(html) is None


@pytest.mark.parametrize("html", [
    "<!DOCTYPE html><html><head><meta charset=utf-8></head><body><p>x</p></body></html>",  # not XML
    "<html><head></head><body><p>&nbsp;</p></body></html>",  # a named entity XML does not know
    "<html><body><p>x</p></body></html>",  # no <head>: HTML5 would add one
    "<html><head></head><body></body></html><p>after</p>",  # content after </html>
    "<html> x <head></head><body></body></html>",  # text before <head>
])
def test_anything_unusual_takes_the_html5_parser(html):
    assert pdf_module.own_html_tree(html) is None


def test_a_county_template_is_parsed_by_tinyhtml5(county, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(pdf_module, "own_html_tree", lambda html: calls.append(html))
    case = load_case(read_json(BASE_CASE))
    pdf_module.render_pdf(case, template_dir=county, as_of=Case(case).report_date)
    assert calls == []
    pdf_module.render_pdf(case, as_of=Case(case).report_date)
    assert len(calls) == 1
