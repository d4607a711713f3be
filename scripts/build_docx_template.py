"""Build templates/report/report.docx, the Word template of the disposition report.

The template is made by code so that its styles are exact and reviewable:
Letter paper, 1-inch margins, Times New Roman 12 pt (LibreOffice shows it as
the metric-compatible Liberation Serif), real Heading 1-3 styles with explicit
fonts (so Word's navigation pane and LibreOffice's outline work), a header with
the case line and the DRAFT mark, a footer with the WIC §827 notice and
"Page X of Y" fields. The body holds docxtpl/Jinja tags over the context of
reportgen.render.context.build_context: the same blocks the HTML template walks.

Run it after changing this file, and commit the .docx it writes:

    .venv/bin/python scripts/build_docx_template.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "report" / "report.docx"
FONT = "Times New Roman"  # LibreOffice maps it to Liberation Serif (same metrics)
DRAFT_RED = RGBColor(0xA0, 0x00, 0x00)
TEXT_WIDTH = Inches(6.5)
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>reportgen</Application></Properties>"
)


# --- styles ---------------------------------------------------------------------


def set_fonts(rpr: BaseOxmlElement, name: str = FONT) -> None:
    """Name the font for every script slot and drop theme fonts, which would win."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def style(doc: DocxDocument, name: str, size: float, bold: bool = False, italic: bool = False,
          before: float = 0, after: float = 6, keep_next: bool = False) -> None:
    st = doc.styles[name]
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    st.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(st.element.get_or_add_rPr())
    pf = st.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_next


def setup_styles(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_fonts(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-US")
    style(doc, "Normal", 12, after=6)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    style(doc, "Heading 1", 16, bold=True, before=12, after=4, keep_next=True)
    style(doc, "Heading 2", 14, bold=True, before=16, after=6, keep_next=True)
    style(doc, "Heading 3", 12.5, bold=True, before=10, after=4, keep_next=True)
    style(doc, "Header", 12)
    style(doc, "Footer", 12)
    for name in ("Header", "Footer"):
        # The stock styles put a centre tab first; ours is one right tab at the margin.
        doc.styles[name].paragraph_format.tab_stops.clear_all()
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        # python-docx's defaults colour headings blue through the theme.
        color = doc.styles[name].element.rPr.find(qn("w:color"))
        if color is not None:
            for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(attr), None)


# --- paragraphs and tables ----------------------------------------------------------


def para(doc: DocxDocument, text: str = "", *, style_name: str | None = None, bold: bool = False,
         italic: bool = False, center: bool = False, size: float | None = None,
         color: RGBColor | None = None, keep_next: bool = False) -> Paragraph:
    p = doc.add_paragraph(style=style_name)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if keep_next:
        p.paragraph_format.keep_with_next = True
    return p


def tag(doc: DocxDocument, text: str) -> Paragraph:
    """A paragraph holding only a ``{%p ... %}`` tag; docxtpl removes the paragraph."""
    return doc.add_paragraph(text)


def cell_text(cell: object, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.paragraph_format.space_after = Pt(0)
    if text:
        p.add_run(text).bold = bold or None


def no_split(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def header_row(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def table(doc: DocxDocument, widths: list[float], style_name: str = "Table Grid") -> Table:
    t = doc.add_table(rows=0, cols=len(widths))
    t.style = doc.styles[style_name]
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    for col, width in zip(t.columns, widths, strict=True):
        col.width = Inches(width)
    return t


def row(t: Table, texts: list[str], widths: list[float], bold_first: bool = False,
        bold: bool = False) -> object:
    r = t.add_row()
    for i, (cell, text) in enumerate(zip(r.cells, texts, strict=True)):
        cell.width = Inches(widths[i])
        cell_text(cell, text, bold=bold or (bold_first and i == 0))
    return r


def loop_table(doc: DocxDocument, widths: list[float], loop: str, cells: list[str], end: str,
               head: list[str] | None = None, bold_first: bool = False) -> Table:
    """A table whose body rows repeat over ``loop`` (docxtpl ``{%tr %}`` rows)."""
    t = table(doc, widths)
    if head is not None:
        header_row(row(t, head, widths, bold=True))
    row(t, [loop] + [""] * (len(widths) - 1), widths)
    no_split(row(t, cells, widths, bold_first=bold_first))
    row(t, [end] + [""] * (len(widths) - 1), widths)
    return t


def field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update on layout."""
    def run_with(child: BaseOxmlElement) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def border(paragraph: Paragraph, color: str = "A00000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "12")
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), color)
        bdr.append(el)
    ppr.append(bdr)


# --- the document --------------------------------------------------------------------


def page_setup(doc: DocxDocument) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Inches(1))
    sec.header_distance = Inches(0.5)
    sec.footer_distance = Inches(0.5)

    head = sec.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    head.add_run("{{ running }}\t")
    mark = head.add_run("{{ draft.mark }}")
    mark.bold = True
    mark.font.size = Pt(12)
    mark.font.color.rgb = DRAFT_RED

    # The footer (CRC 2.110): below a rule, the notice and the page number,
    # and under the page number the report's title.
    foot = sec.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    top_rule(foot)  # before the tab stops: w:pBdr precedes w:tabs in w:pPr
    foot.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    foot.add_run("{{ notice }}").bold = True
    foot.add_run("\tPage ")
    field(foot, "PAGE")
    foot.add_run(" of ")
    field(foot, "NUMPAGES")
    title = sec.footer.add_paragraph("{{ caption.title }}", style=doc.styles["Footer"])
    title.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def top_rule(paragraph: Paragraph) -> None:
    """A single ¾-point rule above ``paragraph`` (a paragraph border, as Word draws it)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)


def caption(doc: DocxDocument) -> None:
    tag(doc, "{%p if draft.active %}")
    banner = para(doc, "{{ draft.mark }}", bold=True, center=True, color=DRAFT_RED)
    border(banner)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if letterhead %}")
    tag(doc, "{%p if letterhead.name %}")
    para(doc, "{{ letterhead.name }}", bold=True, center=True, size=14).paragraph_format.space_after = Pt(0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for line in letterhead.lines %}")
    para(doc, "{{ line }}", center=True).paragraph_format.space_after = Pt(0)
    tag(doc, "{%p endfor %}")
    para(doc).paragraph_format.space_after = Pt(6)
    tag(doc, "{%p endif %}")
    para(doc, "{{ caption.court }}", bold=True, center=True, size=13)
    tag(doc, "{%p if caption.in_re %}")
    para(doc, "{{ caption.in_re }}", center=True, size=13).paragraph_format.space_after = Pt(0)
    para(doc, "{{ caption.person }}", italic=True, center=True)
    tag(doc, "{%p endif %}")
    widths = [1.8, 3.2]
    t = loop_table(doc, widths, "{%tr for r in caption.rows %}", ["{{ r.label }}", "{{ r.value }}"],
                   "{%tr endfor %}", bold_first=True)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.style = doc.styles["Normal Table"]
    para(doc, "{{ caption.title }}", style_name="Heading 1")
    para(doc, "{{ notice }}", bold=True, center=True)


def blocks(doc: DocxDocument) -> None:
    """The generic block walker: the DOCX twin of the HTML template's ``block`` macro."""
    tag(doc, "{%p for b in s.blocks %}")
    tag(doc, '{%p if b.kind == "heading" %}')
    para(doc, "{{ b.text }}", style_name="Heading 3")
    tag(doc, '{%p elif b.kind == "text" %}')
    tag(doc, "{%p if b.label %}")
    para(doc, "{{ b.label }}", bold=True, keep_next=True).paragraph_format.space_after = Pt(2)
    tag(doc, "{%p endif %}")
    para(doc, "{{ b.text }}")
    tag(doc, '{%p elif b.kind == "facts" %}')
    tag(doc, "{%p if b.title %}")
    para(doc, "{{ b.title }}", bold=True, keep_next=True).paragraph_format.space_after = Pt(2)
    tag(doc, "{%p endif %}")
    loop_table(doc, [2.1, 4.4], "{%tr for r in b.rows %}", ["{{ r.label }}", "{{ r.value }}"],
               "{%tr endfor %}", bold_first=True)
    para(doc).paragraph_format.space_after = Pt(0)
    tag(doc, '{%p elif b.kind == "table" %}')
    tag(doc, "{%p if b.title %}")
    para(doc, "{{ b.title }}", bold=True, keep_next=True).paragraph_format.space_after = Pt(2)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if b.columns|length == 3 %}")
    loop_table(doc, [3.2, 1.5, 1.8], "{%tr for c in b.rows %}", ["{{ c[0] }}", "{{ c[1] }}", "{{ c[2] }}"],
               "{%tr endfor %}", head=["{{ b.columns[0] }}", "{{ b.columns[1] }}", "{{ b.columns[2] }}"])
    tag(doc, "{%p elif b.columns|length == 4 %}")
    loop_table(doc, [1.9, 1.4, 1.4, 1.8], "{%tr for c in b.rows %}",
               ["{{ c[0] }}", "{{ c[1] }}", "{{ c[2] }}", "{{ c[3] }}"], "{%tr endfor %}",
               head=["{{ b.columns[0] }}", "{{ b.columns[1] }}", "{{ b.columns[2] }}", "{{ b.columns[3] }}"])
    tag(doc, "{%p else %}")
    # Any other width: columns repeat with docxtpl's {%tc %} cells, widths shared equally.
    widths = [0.1, 6.3, 0.1]
    t = table(doc, widths)
    header_row(row(t, ["{%tc for h in b.columns %}", "{{ h }}", "{%tc endfor %}"], widths, bold=True))
    row(t, ["{%tr for c in b.rows %}", "", ""], widths)
    row(t, ["{%tc for x in c %}", "{{ x }}", "{%tc endfor %}"], widths)
    row(t, ["{%tr endfor %}", "", ""], widths)
    tag(doc, "{%p endif %}")
    para(doc).paragraph_format.space_after = Pt(0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def body(doc: DocxDocument) -> None:
    tag(doc, "{%p for s in sections %}")
    para(doc, "{{ s.title }}", style_name="Heading 2")
    tag(doc, "{%p if s.silent %}")
    para(doc, "{{ s.silent }}", italic=True)
    tag(doc, "{%p endif %}")
    blocks(doc)
    tag(doc, "{%p endfor %}")

    para(doc, "{{ signatures.title }}", style_name="Heading 2")
    tag(doc, "{%p if signatures.agency %}")
    para(doc, "{{ signatures.submitted }}", keep_next=True)
    tag(doc, "{%p if signatures.agency.name %}")
    para(doc, "{{ signatures.agency.name }}", bold=True, keep_next=True).paragraph_format.space_after = Pt(0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for line in signatures.agency.lines %}")
    para(doc, "{{ line }}", keep_next=True).paragraph_format.space_after = Pt(0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in signatures.people %}")
    line = para(doc, "______________________________________   {{ signatures.signature_line }}")
    line.paragraph_format.space_before = Pt(24)
    line.paragraph_format.keep_with_next = True
    para(doc, "____________________   {{ signatures.date_line }}", keep_next=True)
    para(doc, "{{ p.name }}", bold=True, keep_next=True).paragraph_format.space_after = Pt(0)
    para(doc, "{{ p.role }}{% if p.detail %} · {{ p.detail }}{% endif %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if appendix %}")
    brk = para(doc)
    brk.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "{{ appendix.title }}", style_name="Heading 2")
    para(doc, "{{ appendix.intro }}")
    tag(doc, "{%p for item in appendix.entries %}")
    para(doc, "{{ item.heading }}", style_name="Heading 3")
    para(doc, "{{ item.message }}")
    para(doc, "{{ appendix.citation_label }}: {{ item.citation }}").paragraph_format.space_after = Pt(2)
    para(doc, "{{ appendix.fields_label }}: {{ item.fields }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if appendix.other %}")
    para(doc, "{{ appendix.other }}", italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def clean_package(doc: DocxDocument) -> None:
    """Drop what python-docx's stock template carries that is not ours:
    its thumbnail picture, its application name and its author."""
    pkg = doc.part.package
    for rel_id, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rel_id]
    for part in pkg.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML  # a generic Part keeps its bytes here
    props = doc.core_properties
    props.author = props.last_modified_by = props.title = props.subject = ""
    props.comments = props.keywords = props.category = ""
    props.revision = 1


def build(out: Path = OUT) -> Path:
    doc = Document()
    body_el = doc.element.body
    for child in list(body_el):
        if child.tag != qn("w:sectPr"):
            body_el.remove(child)
    setup_styles(doc)
    page_setup(doc)
    caption(doc)
    body(doc)
    clean_package(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args()
    print(f"wrote {build(args.output)}")


if __name__ == "__main__":
    main()
