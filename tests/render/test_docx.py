"""The Word document of every example: styles, page setup, header and footer,
the custom XML part, and what LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches
from docxtpl import DocxTemplate

from reportgen.render.context import build_context
from reportgen.render.embed import DATA_NS, extract_case_bytes
from reportgen.render.templates import jinja_env, resolve_template_dir
from reportgen.schema import dump_case
from tests.render.conftest import EXAMPLE_NAMES, HOSTILE

ALL = [*EXAMPLE_NAMES, HOSTILE]


def word(data: bytes):
    return Document(io.BytesIO(data))


@pytest.mark.parametrize("name", ALL)
def test_case_travels_in_a_custom_xml_part(rendered, name):
    r = rendered[name]
    doc = word(r.docx)
    parts = [rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.CUSTOM_XML]
    ours = [p for p in parts if DATA_NS.encode() in p.blob]
    assert len(ours) == 1
    item = ours[0]
    assert re.fullmatch(r"/customXml/item\d+\.xml", str(item.partname))
    props = [rel.target_part for rel in item.rels.values() if rel.reltype == RT.CUSTOM_XML_PROPS]
    assert len(props) == 1 and b"datastoreItem" in props[0].blob
    assert extract_case_bytes(r.docx) == dump_case(r.case)
    with zipfile.ZipFile(io.BytesIO(r.docx)) as z:
        names = z.namelist()
        assert len(names) == len(set(names)), "no duplicate zip entries"


def test_word_template_needs_nothing_the_context_lacks(rendered):
    r = rendered[EXAMPLE_NAMES[0]]
    tpl = DocxTemplate(str(resolve_template_dir() / "report.docx"))
    needed = tpl.get_undeclared_template_variables(jinja_env())
    assert needed, "the template declares variables"
    assert needed <= set(r.context), sorted(needed - set(r.context))


@pytest.mark.parametrize("name", ALL)
def test_headings_use_word_heading_styles_with_explicit_fonts(rendered, name):
    r = rendered[name]
    doc = word(r.docx)
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == [r.context["caption"]["title"]]
    assert [s["title"] for s in r.context["sections"]] + [r.context["signatures"]["title"]] == [
        t for t in by_style["Heading 2"] if not t.startswith("Appendix")]
    for name_ in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        fonts = doc.styles[name_].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None, "a theme font would override the named one"
    assert doc.styles["Normal"].font.size.pt == 12


@pytest.mark.parametrize("name", ALL)
def test_letter_page_one_inch_margins_numbered_footer(rendered, name):
    r = rendered[name]
    doc = word(r.docx)
    sec = doc.sections[0]
    assert (sec.page_width, sec.page_height) == (Inches(8.5), Inches(11))
    assert {sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin} == {Inches(1)}
    footer_xml = sec.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert r.context["notice"] in sec.footer.paragraphs[0].text
    # CRC 2.110: a rule above the footer, the report's title below the page number
    assert sec.footer.paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None
    assert sec.footer.paragraphs[1].text == r.context["caption"]["title"]
    header = sec.header.paragraphs[0].text
    assert r.context["running"] in header
    assert (r.context["draft"]["mark"] in header) if r.context["draft"]["active"] else "DRAFT" not in header


@pytest.mark.parametrize("name", ALL)
def test_libreoffice_reads_every_page_with_number_and_notice(rendered, name):
    r = rendered[name]
    pages = [p for p in r.office_text.split("\f") if p.strip()]
    assert pages
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert r.context["notice"] in text
        if r.context["draft"]["active"]:
            assert r.context["draft"]["mark"] in text


@pytest.mark.parametrize("name", ALL)
def test_document_properties_are_ours(rendered, name):
    from reportgen.render.metadata import document_properties

    r = rendered[name]
    chosen = document_properties(r.case)
    props = word(r.docx).core_properties
    assert props.title == chosen.title
    assert props.subject == chosen.subject
    assert props.author == props.last_modified_by == props.keywords == ""
    assert props.language == chosen.lang
    with zipfile.ZipFile(io.BytesIO(r.docx)) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n]
        for part in ("docProps/core.xml", "docProps/app.xml"):
            assert b"python-docx" not in z.read(part)
            assert b"Microsoft" not in z.read(part)


def test_autoescape_reaches_headers_and_footers(rendered):
    """The running header carries the case number from the case: an injected
    ``</w:t>`` there must stay text and the header part must stay valid XML."""
    import copy

    from docx.opc.constants import RELATIONSHIP_TYPE

    from reportgen.render.docx import render_docx
    from reportgen.schema import load_case

    raw = copy.deepcopy(rendered[EXAMPLE_NAMES[0]].raw)
    raw["court"]["case_number"] = "JV-1 </w:t><w:t>&amp; {{ 7*7 }}"
    data = render_docx(load_case(raw))
    doc = word(data)
    header = doc.sections[0].header
    assert "JV-1 </w:t><w:t>&amp; {{ 7*7 }}" in header.paragraphs[0].text
    headers = [rel.target_part.blob for rel in doc.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HEADER]
    assert any(b"&lt;/w:t&gt;&lt;w:t&gt;&amp;amp;" in h for h in headers)
    assert build_context(load_case(raw))["running"].endswith("{{ 7*7 }}")


@pytest.mark.parametrize("name", ALL)
def test_no_text_is_smaller_than_12_points_in_the_docx(rendered, name):
    doc = Document(io.BytesIO(rendered[name].docx))
    normal = doc.styles["Normal"].font.size

    def sizes(paragraphs, tables=()):
        for p in paragraphs:
            for run in p.runs:
                if run.text.strip():
                    yield (run.font.size or p.style.font.size or normal).pt
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from sizes(cell.paragraphs, cell.tables)

    found = list(sizes(doc.paragraphs, doc.tables))
    for section in doc.sections:
        for part in (section.header, section.footer):
            found += list(sizes(part.paragraphs, part.tables))
    assert found and min(found) >= 12, sorted(set(found))
