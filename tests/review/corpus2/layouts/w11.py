"""Writer W11's house styles (reports 241-255): submitted, wordcols, bigtable.

submitted  Goldenrod: formal pleading-style report in legalese.  Centred court lines in
           capitals, a ruled caption table (the matter on the left, case number, document
           title and hearing on the right), centred roman-numbered headings, justified
           paragraphs with a first-line indent and 1.15 spacing; the findings the court is
           asked to make are lettered paragraphs (`{findings: [...]}`), Liberation Serif 12 pt.
           PDF via LibreOffice.
wordcols   Fennel Creek: the caption, title and case information in one column, then the body
           in two newspaper columns by Word's own section columns (a continuous section break
           with `w:cols w:num="2"`), headings inside the columns, Carlito 10 pt.  PDF via
           LibreOffice.
bigtable   Ravenrock: a few centred court lines, then the whole report as ONE long two-column
           Word table: the left column holds the section name (and, for `{sub: ...}` or
           `{label: ...}` items, a sub-label row of its own), the right column the text; rows may
           break across pages.  Caption and case information are the table's first rows, the
           signature its last.  Liberation Sans 10 pt.  PDF via LibreOffice.

Content items as in the corpus README (string, sub, label, table, kv, bullets) plus `findings`.
The helpers several writers use come from _shared.py.
"""
from _shared import cells, shade
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

LAYOUTS = ("submitted", "wordcols", "bigtable")
FONTS = {"submitted": "Liberation Serif", "wordcols": "Carlito", "bigtable": "Liberation Sans"}
SIZES = {"submitted": 12, "wordcols": 10, "bigtable": 10}
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def rule_below(p, size="6"):
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), size)
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    p_pr.append(bdr)


def footer(doc, text):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text + "   —   ")
    r.font.size = Pt(8)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.append(fld)


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name, st.font.size = FONTS[layout], Pt(SIZES[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt({"submitted": 6, "wordcols": 4, "bigtable": 3}[layout])
    st.paragraph_format.line_spacing = {"submitted": 1.15, "wordcols": 1.0, "bigtable": 1.0}[layout]
    for name in ("List Bullet", "List Number"):
        doc.styles[name].font.name = FONTS[layout]
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(1 if layout == "submitted" else 0.8)
        s.top_margin = s.bottom_margin = Inches(0.9 if layout == "submitted" else 0.7)
    label = {"submitted": f"{src['title']} — Case No. {src['case_no']}",
             "wordcols": f"Case {src['case_no']} — Confidential (WIC §827)",
             "bigtable": f"{src['case_no']} — {src['title']} — Confidential"}[layout]
    footer(doc, label)
    return doc


def add_table(container, rows, header=True, widths=None):
    rows = [cells(r) for r in rows]
    t = container.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            c = t.cell(i, j)
            run = c.paragraphs[0].add_run(text)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
            if header and i == 0:
                shade(c, "E7E6E6")
            if widths and j < len(widths):
                c.width = Inches(widths[j])
    return t


def add_item(cont, layout, b, justify=False):
    """Write one content item into cont (a Document or a table cell)."""
    if isinstance(b, str):
        p = cont.add_paragraph(b)
        if justify:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Inches(0.5)
    elif "sub" in b:
        p = cont.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b["sub"])
        r.bold = True
        if layout == "submitted":
            r.bold, r.italic, r.underline = False, True, True
    elif "label" in b:
        p = cont.add_paragraph()
        if justify:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Inches(0.5)
        p.add_run(b["label"] + ". " if layout == "submitted" else b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "findings" in b:
        for k, x in enumerate(b["findings"]):
            p = cont.add_paragraph()
            p.paragraph_format.left_indent = Inches(0.9)
            p.paragraph_format.first_line_indent = Inches(-0.4)
            if justify:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.add_run(f"({chr(97 + k)})\t{x}")
    elif "table" in b or "kv" in b:
        add_table(cont, b.get("table") or b["kv"], header="table" in b)
        cont.add_paragraph().paragraph_format.space_after = Pt(0)
    elif "bullets" in b:
        for x in b["bullets"]:
            if hasattr(cont, "sections"):
                cont.add_paragraph(x, style="List Bullet")
            else:
                cont.add_paragraph("•  " + x)
    else:
        raise ValueError(f"unknown content item {b!r}")


def build_submitted(src, out):
    doc = new_doc(src)
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line.upper()).bold = True
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=2)
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.width, right.width = Inches(3.4), Inches(3.1)
    left.paragraphs[0].add_run(src["caption"][0])
    for line in src["caption"][1:]:
        left.add_paragraph(line)
    for edge in ("right", "bottom"):
        tc_pr = left._tc.get_or_add_tcPr()
        borders = tc_pr.find(qn("w:tcBorders"))
        if borders is None:
            borders = OxmlElement("w:tcBorders")
            tc_pr.append(borders)
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "8")
        borders.append(e)
    right.paragraphs[0].add_run(f"Case No. {src['case_no']}").bold = True
    right.add_paragraph()
    right.add_paragraph().add_run(src["title"].upper()).bold = True
    for line in src["case_info"]:
        right.add_paragraph(line)
    doc.add_paragraph()
    for n, sec in enumerate(src["sections"], 1):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        p.add_run(f"{ROMAN[n - 1]}.  {sec['heading'].upper()}").bold = True
        for b in sec["content"]:
            add_item(doc, "submitted", b, justify=True)
    doc.add_paragraph()
    for line in src["signature"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.left_indent = Inches(3.2)
        p.paragraph_format.space_after = Pt(0)
    doc.save(out)


def set_columns(section, num):
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect_pr.append(cols)
    cols.set(qn("w:num"), str(num))
    cols.set(qn("w:space"), "360")
    if num > 1:
        cols.set(qn("w:sep"), "1")


def build_wordcols(src, out):
    doc = new_doc(src)
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(14)
    rule_below(p, "12")
    for line in src["caption"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.space_after = Pt(0)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(4)
    p.add_run("  |  ".join(src["case_info"])).font.size = Pt(9)
    rule_below(p, "6")
    set_columns(doc.sections[0], 1)
    body = doc.add_section(WD_SECTION.CONTINUOUS)
    set_columns(body, 2)
    for sec in src["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(sec["heading"])
        r.bold, r.font.size = True, Pt(11)
        rule_below(p, "4")
        for b in sec["content"]:
            add_item(doc, "wordcols", b)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    for line in src["signature"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_bigtable(src, out):
    doc = new_doc(src)
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    t.autofit = False
    t.columns[0].width, t.columns[1].width = Inches(1.75), Inches(5.15)

    def row(left, sub=False, fill=None):
        cs = t.add_row().cells
        cs[0].width, cs[1].width = Inches(1.75), Inches(5.15)
        r = cs[0].paragraphs[0].add_run(left)
        r.bold, r.italic = not sub, sub
        if sub:
            cs[0].paragraphs[0].paragraph_format.left_indent = Inches(0.15)
        if fill:
            shade(cs[0], fill)
        return cs[1]

    def fill_cell(cell, items):
        first = True
        for b in items:
            if first and isinstance(b, str):
                cell.paragraphs[0].add_run(b)
            else:
                add_item(cell, "bigtable", b)
            first = False

    fill_cell(row("Case name", fill="EDEDED"), src["caption"])
    fill_cell(row("Case information", fill="EDEDED"), src["case_info"])
    for sec in src["sections"]:
        cell = row(sec["heading"], fill="EDEDED")
        items, empty = [], True
        for b in sec["content"]:
            if isinstance(b, dict) and ("sub" in b or "label" in b):
                if items or empty:
                    fill_cell(cell, items)
                    empty = False
                name = b.get("sub") or b["label"]
                cell = row(name, sub=True)
                items = [] if "sub" in b else [b["text"]]
            else:
                items.append(b)
        fill_cell(cell, items)
    fill_cell(row("Submitted by", fill="EDEDED"), src["signature"])
    doc.save(out)


def build_docx(src, out):
    {"submitted": build_submitted, "wordcols": build_wordcols,
     "bigtable": build_bigtable}[src["layout"]](src, out)
