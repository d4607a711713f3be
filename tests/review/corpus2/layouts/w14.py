"""Writer W14's house styles (reports 286-300): sixmonthstyle, translated, mixedrecs.

sixmonthstyle  Madrone: a disposition report typed onto the county's STATUS REVIEW REPORT
               template.  A boxed form block at the top (`form:` rows "Label | Value", with the
               hearing-type check boxes), numbered template sections under grey bars ("3.
               PROGRESS SINCE LAST HEARING") whose headings often do not fit a first hearing, and
               template fields as boxed one-row tables (`{field: "Label", text: "..."}`), many of
               them "N/A — initial hearing".  The plan sits under "Permanency Planning Update".
               Liberation Sans 10.5 pt, template form number in the footer.  PDF via LibreOffice.
translated     Almendra: an English report in which what family members said is given first in
               the language they spoke, then "[Translation: ...]", with the interpreter named
               (`{orig:, tr:, who:, lang:, interp:}`).  Headings in small capitals with a green
               rule on the left.  PDF from HTML by WeasyPrint (Noto Serif, with Noto Serif
               Armenian for Armenian script); the DOCX carries the same text.
mixedrecs      Foxtail: a short narrative (a few plain bold headings) followed by one long
               "Findings and Recommendations" list of numbered proposed orders in court language
               (`{orders: [...]}`, numbering continues across items), in which the plan and the
               sibling orders are items of the list.  Caladea 11.5 pt.  PDF via LibreOffice.

Content items as in the corpus README (string, sub, label, table, kv, bullets) plus `field`
(sixmonthstyle), `orig`/`tr` statements (translated) and `orders` (mixedrecs).
The helpers several writers use come from _shared.py.
"""
import html

from _shared import cells, para_shade, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("sixmonthstyle", "translated", "mixedrecs")
HTML_LAYOUTS = ("translated",)
FONTS = {"sixmonthstyle": "Liberation Sans", "translated": "Noto Serif", "mixedrecs": "Caladea"}
SIZES = {"sixmonthstyle": 10.5, "translated": 11, "mixedrecs": 11.5}


def border(p, edge="bottom", size="6", color="000000"):
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    e = OxmlElement(f"w:{edge}")
    e.set(qn("w:val"), "single")
    e.set(qn("w:sz"), size)
    e.set(qn("w:space"), "4")
    e.set(qn("w:color"), color)
    bdr.append(e)
    p_pr.append(bdr)


def footer(doc, text):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text + "   Page ")
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
    st.paragraph_format.space_after = Pt(5)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].font.name = FONTS[layout]
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.9)
        s.top_margin = s.bottom_margin = Inches(0.8)
    label = {"sixmonthstyle": "MCDSS SRR-4 (Rev. 03/2019)  Status Review Report — Confidential (WIC §827)",
             "translated": f"Case No. {src['case_no']} — Disposition Report — Confidential",
             "mixedrecs": f"{src['title']} — {src['case_no']}"}[layout]
    footer(doc, label)
    return doc


def add_table(doc, rows, header=True):
    rows = [cells(r) for r in rows]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            c = t.cell(i, j)
            run = c.paragraphs[0].add_run(text)
            run.font.size = Pt(9.5)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
            if header and i == 0:
                shade(c, "D9D9D9")
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return t


def statement_text(b):
    who = b["who"]
    lang = b.get("lang")
    interp = b.get("interp")
    head = who
    if lang:
        head += f" (in {lang}" + (f"; interpreter: {interp}" if interp else "") + ")"
    return head, b["orig"], f"[Translation: {b['tr']}]"


def add_item(doc, layout, b, counter):
    if isinstance(b, str):
        p = doc.add_paragraph(b)
        if layout == "mixedrecs":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b["sub"])
        r.bold = True
        if layout == "translated":
            r.italic = True
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "field" in b:
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        a, c = t.cell(0, 0), t.cell(0, 1)
        a.width, c.width = Inches(2.1), Inches(4.6)
        shade(a, "F2F2F2")
        r = a.paragraphs[0].add_run(b["field"])
        r.bold = True
        r.font.size = Pt(9)
        c.paragraphs[0].add_run(b["text"])
        doc.add_paragraph().paragraph_format.space_after = Pt(0)
    elif "orig" in b:
        head, orig, tr = statement_text(b)
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.add_run(head + ":").bold = True
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Inches(0.5)
        p.paragraph_format.space_after = Pt(2)
        p.add_run(orig).italic = True
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Inches(0.5)
        p.add_run(tr)
    elif "orders" in b:
        for x in b["orders"]:
            counter[0] += 1
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.left_indent = Inches(0.55)
            p.paragraph_format.first_line_indent = Inches(-0.45)
            p.add_run(f"{counter[0]}.\t{x}")
    elif "table" in b or "kv" in b:
        add_table(doc, b.get("table") or b["kv"], header="table" in b)
    elif "bullets" in b:
        for x in b["bullets"]:
            doc.add_paragraph(x, style="List Bullet")
    else:
        raise ValueError(f"unknown content item {b!r}")


def court_lines(doc, src, caps=False):
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line.upper() if caps else line).bold = True


def build_sixmonth(src, out):
    doc = new_doc(src)
    court_lines(doc, src, caps=True)
    t = doc.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    c = t.cell(0, 0)
    shade(c, "404040")
    r = c.paragraphs[0].add_run("STATUS REVIEW REPORT")
    r.bold, r.font.size = True, Pt(14)
    r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [f"Case name | {src['caption'][0]}"] + [
        f" | {x}" for x in src["caption"][1:]] + [f"Case number | {src['case_no']}"] + src["form"]
    ft = doc.add_table(rows=len(rows), cols=2)
    ft.style = "Table Grid"
    for i, row in enumerate(rows):
        a, b = cells(row)[:2]
        ca, cb = ft.cell(i, 0), ft.cell(i, 1)
        ca.width, cb.width = Inches(1.8), Inches(4.9)
        shade(ca, "EDEDED")
        ra = ca.paragraphs[0].add_run(a)
        ra.bold, ra.font.size = True, Pt(9)
        cb.paragraphs[0].add_run(b).font.size = Pt(9.5)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(4)
    for line in src["case_info"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    counter = [0]
    for n, sec in enumerate(src["sections"], 1):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        para_shade(p, "D0D0D0")
        p.add_run(f"{n}.  {sec['heading'].upper()}").bold = True
        for b in sec["content"]:
            add_item(doc, "sixmonthstyle", b, counter)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_translated(src, out):
    doc = new_doc(src)
    court_lines(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.paragraphs[0].add_run(src["caption"][0]).bold = True
    for line in src["caption"][1:]:
        left.add_paragraph(line)
    right.paragraphs[0].add_run(f"Case No. {src['case_no']}").bold = True
    for line in src["case_info"]:
        right.add_paragraph(line)
    doc.add_paragraph()
    counter = [0]
    for sec in src["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        border(p, "left", "24", "2E6B4F")
        r = p.add_run(sec["heading"])
        r.bold, r.font.small_caps = True, True
        r.font.color.rgb = RGBColor(0x2E, 0x6B, 0x4F)
        for b in sec["content"]:
            add_item(doc, "translated", b, counter)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_mixedrecs(src, out):
    doc = new_doc(src)
    court_lines(doc, src)
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=2)
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.width, right.width = Inches(3.6), Inches(3.0)
    left.paragraphs[0].add_run(src["caption"][0])
    for line in src["caption"][1:]:
        left.add_paragraph(line)
    tc_pr = left._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("right", "bottom"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "8")
        borders.append(e)
    tc_pr.append(borders)
    right.paragraphs[0].add_run(f"Case No. {src['case_no']}").bold = True
    right.add_paragraph().add_run(src["title"]).bold = True
    for line in src["case_info"]:
        right.add_paragraph(line)
    doc.add_paragraph()
    counter = [0]
    for sec in src["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(sec["heading"])
        r.bold = True
        if any(isinstance(b, dict) and "orders" in b for b in sec["content"]):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r.text = sec["heading"].upper()
            r.underline = True
        for b in sec["content"]:
            add_item(doc, "mixedrecs", b, counter)
    doc.add_paragraph()
    for line in src["signature"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.left_indent = Inches(3.4)
        p.paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_docx(src, out):
    {"sixmonthstyle": build_sixmonth, "translated": build_translated,
     "mixedrecs": build_mixedrecs}[src["layout"]](src, out)


CSS = """
@page { size: Letter; margin: 0.8in 0.85in;
  @bottom-center { content: "Case No. CASENO — Disposition Report — Confidential — page " counter(page);
                   font-size: 8pt; color: #555; } }
body { font-family: "Noto Serif", "Noto Serif Armenian", serif; font-size: 10.5pt; line-height: 1.35; }
.court { text-align: center; font-weight: bold; margin: 0; }
h1 { text-align: center; font-size: 13pt; letter-spacing: 0.08em; margin: 10pt 0 8pt; }
table.cap { width: 100%; border-collapse: collapse; margin-bottom: 8pt; }
table.cap td { border: 1px solid #333; padding: 5pt 7pt; vertical-align: top; width: 50%; }
table.cap p { margin: 0 0 2pt; text-align: left; }
h2 { font-variant: small-caps; color: #2E6B4F; font-size: 11.5pt; border-left: 5pt solid #2E6B4F;
     padding-left: 6pt; margin: 14pt 0 5pt; page-break-after: avoid; }
h3 { font-style: italic; font-size: 10.5pt; margin: 8pt 0 3pt; page-break-after: avoid; }
p { margin: 0 0 5pt; text-align: justify; }
.st { margin: 6pt 0 8pt; page-break-inside: avoid; }
.st .who { font-weight: bold; margin-bottom: 2pt; }
.st .orig { font-style: italic; margin: 0 0 2pt 22pt; }
.st .tr { margin: 0 0 0 22pt; }
table.t { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; }
table.t td, table.t th { border: 1px solid #777; padding: 3pt 5pt; vertical-align: top; text-align: left; }
table.t th { background: #E3EDE7; }
table.kv td:first-child { font-weight: bold; width: 32%; background: #F3F6F4; }
.sig { margin-top: 16pt; }
.sig p { margin: 0; text-align: left; }
"""


def build_html(src):
    e = html.escape

    def table(rows, header):
        out = ['<table class="t' + ("" if header else " kv") + '">']
        for i, row in enumerate(rows):
            tag = "th" if header and i == 0 else "td"
            out.append("<tr>" + "".join(f"<{tag}>{e(c)}</{tag}>" for c in cells(row)) + "</tr>")
        return "".join(out) + "</table>"

    parts = [f"<p class='court'>{e(x)}</p>" for x in src["court"]]
    parts.append(f"<h1>{e(src['title'].upper())}</h1>")
    left = "".join(f"<p>{'<b>' if i == 0 else ''}{e(x)}{'</b>' if i == 0 else ''}</p>"
                   for i, x in enumerate(src["caption"]))
    right = f"<p><b>Case No. {e(src['case_no'])}</b></p>" + "".join(
        f"<p>{e(x)}</p>" for x in src["case_info"])
    parts.append(f"<table class='cap'><tr><td>{left}</td><td>{right}</td></tr></table>")
    for sec in src["sections"]:
        parts.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                parts.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                parts.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                parts.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "orig" in b:
                head, orig, tr = statement_text(b)
                parts.append(f"<div class='st'><p class='who'>{e(head)}:</p>"
                             f"<p class='orig'>{e(orig)}</p><p class='tr'>{e(tr)}</p></div>")
            elif "table" in b or "kv" in b:
                parts.append(table(b.get("table") or b["kv"], "table" in b))
            elif "bullets" in b:
                parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
            else:
                raise ValueError(f"unknown content item {b!r}")
    parts.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    css = CSS.replace("CASENO", src["case_no"])
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"
