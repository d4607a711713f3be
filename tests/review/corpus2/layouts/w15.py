"""Writer W15's house styles (reports 301-315): coverletter, compliance, plainworker.

coverletter  Tansy Flat: a one-page cover letter to all counsel on agency letterhead (`letter:`
             with letterhead, date, to, re, salutation, body items, closing, cc) summarising the
             recommendations, then a page break and the report in ordinary county form: centred
             court lines, a two-cell caption box, numbered bold headings with a rule below.
             Liberation Serif 11.5 pt.  PDF via LibreOffice.
compliance   Brittlebush: an ordinary narrative report (upper-case headings on a pale bar) with,
             in its middle, a statutory compliance checklist (`{checklist: [rows], title: ...}`,
             rows "Item | Authority | Met? | Reference or note") whose Met? column is centred.
             Noto Sans 10 pt.  PDF via LibreOffice.
plainworker  Bunchgrass Valley: short paragraphs with few headings (a section's `heading: null`
             prints none), plain underlined headings where they exist, a worker writing in her
             second language.  DejaVu Sans 10.5 pt.  PDF via LibreOffice.

Content items as in the corpus README (string, sub, label, table, kv, bullets) plus `checklist`.
The helpers several writers use come from _shared.py.
"""
from _shared import cells
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("coverletter", "compliance", "plainworker")
FONTS = {"coverletter": "Liberation Serif", "compliance": "Noto Sans", "plainworker": "DejaVu Sans"}
SIZES = {"coverletter": 11.5, "compliance": 10, "plainworker": 10.5}


def shade(el, fill, para=False):
    pr = el._p.get_or_add_pPr() if para else el._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    pr.append(shd)


def rule(p, edge="bottom", size="8", color="000000"):
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    e = OxmlElement(f"w:{edge}")
    e.set(qn("w:val"), "single")
    e.set(qn("w:sz"), size)
    e.set(qn("w:space"), "2")
    e.set(qn("w:color"), color)
    bdr.append(e)
    p_pr.append(bdr)


def footer(doc, text):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text + "   —   page ")
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
    st.paragraph_format.space_after = Pt(6)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].font.name = FONTS[layout]
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(1.0 if layout == "coverletter" else 0.9)
        s.top_margin = s.bottom_margin = Inches(0.8)
    footer(doc, {"coverletter": f"{src['title']} — {src['case_no']} — Confidential (WIC §827)",
                 "compliance": f"BHSA Form CW-358 (rev. 2022) — {src['case_no']}",
                 "plainworker": f"Case {src['case_no']} — Disposition report"}[layout])
    return doc


def add_table(doc, rows, header=True, size=9.5, met_col=None):
    rows = [cells(r) for r in rows]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            c = t.cell(i, j)
            par = c.paragraphs[0]
            run = par.add_run(text)
            run.font.size = Pt(size)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
            if header and i == 0:
                shade(c, "DCE3EA")
            if met_col is not None and j == met_col:
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if i > 0:
                    run.bold = True
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return t


def add_item(doc, layout, b):
    if isinstance(b, str):
        p = doc.add_paragraph(b)
        if layout == "coverletter":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return
    if "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b["sub"])
        r.bold = True
        r.italic = layout != "plainworker"
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "checklist" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b.get("title", "Form CW-358A — Disposition requirements checklist"))
        r.bold, r.font.size = True, Pt(9.5)
        t = add_table(doc, b["checklist"], size=8.5, met_col=2)
        t.autofit = False
        widths = (2.45, 1.45, 0.5, 2.3)
        for j, w in enumerate(widths):
            t.columns[j].width = Inches(w)
        for row in t.rows:
            for j, w in enumerate(widths):
                row.cells[j].width = Inches(w)
    elif "table" in b or "kv" in b:
        add_table(doc, b.get("table") or b["kv"], header="table" in b)
    elif "bullets" in b:
        for x in b["bullets"]:
            doc.add_paragraph(x, style="List Bullet")
    else:
        raise ValueError(f"unknown content item {b!r}")


def court_lines(doc, src, caps=True):
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line.upper() if caps else line).bold = True


def caption_box(doc, src):
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.width, right.width = Inches(3.7), Inches(2.8)
    left.paragraphs[0].add_run(src["caption"][0]).bold = True
    for line in src["caption"][1:]:
        left.add_paragraph(line)
    right.paragraphs[0].add_run(f"Case No. {src['case_no']}").bold = True
    right.add_paragraph().add_run(src["title"]).bold = True
    for line in src["case_info"]:
        right.add_paragraph(line)
    doc.add_paragraph()


def cover_letter(doc, letter):
    for i, line in enumerate(letter["letterhead"]):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(line)
        r.bold = i == 0
        r.font.size = Pt(14 if i == 0 else 9)
        r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    rule(p, size="12", color="1F3A5F")
    doc.add_paragraph()
    doc.add_paragraph(letter["date"])
    for line in letter["to"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    for i, line in enumerate(letter["re"]):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.left_indent = Inches(0.5)
        if i == 0:
            p.paragraph_format.first_line_indent = Inches(-0.5)
            p.add_run("Re:\t").bold = True
        p.add_run(line).bold = True
    doc.add_paragraph()
    doc.add_paragraph(letter["salutation"])
    for b in letter["body"]:
        add_item(doc, "coverletter", b)
    for line in letter["closing"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    if letter.get("cc"):
        doc.add_paragraph()
        for i, line in enumerate(letter["cc"]):
            p = doc.add_paragraph(("cc:\t" if i == 0 else "\t") + line)
            p.paragraph_format.space_after = Pt(0)
            p.runs[0].font.size = Pt(9.5)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def heading(doc, layout, n, text):
    if text is None:
        return
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(10)
    if layout == "coverletter":
        p.add_run(f"{n}.  {text.upper()}").bold = True
        rule(p, size="6")
    elif layout == "compliance":
        shade(p, "E8ECEF", para=True)
        r = p.add_run(text.upper())
        r.bold = True
        r.font.color.rgb = RGBColor(0x33, 0x44, 0x55)
    else:
        r = p.add_run(text)
        r.bold, r.underline = True, True


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    if layout == "coverletter":
        cover_letter(doc, src["letter"])
    court_lines(doc, src, caps=layout != "plainworker")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    r = p.add_run(src["title"].upper() if layout != "plainworker" else src["title"])
    r.bold, r.font.size = True, Pt(13)
    if layout == "plainworker":
        for line in src["caption"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        doc.add_paragraph(f"Case number: {src['case_no']}").paragraph_format.space_after = Pt(0)
        for line in src["case_info"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        doc.add_paragraph()
    else:
        caption_box(doc, src)
    n = 0
    for sec in src["sections"]:
        if sec.get("heading") is not None:
            n += 1
        heading(doc, layout, n, sec.get("heading"))
        for b in sec["content"]:
            add_item(doc, layout, b)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)
