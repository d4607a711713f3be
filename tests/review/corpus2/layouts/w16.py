"""Writer W16's house styles (reports 316-330): chronology, regionalcenter, youthvoice.

chronology      Deergrass: caption box, then a CASE CHRONOLOGY table at the top of the report
                (`chronology:` rows "Date | Event | Source") holding many of the case's facts,
                plan events included; later rows may change earlier ones.  A shorter narrative
                follows under bold upper-case headings with a rule.  Liberation Sans 10 pt.
                PDF via LibreOffice.
regionalcenter  Soaproot Valley: children with developmental disabilities or medical needs.
                A plum heading bar per section, a boxed "Regional center / health summary"
                panel after the caption (`rc:` rows "Label | Value"), and boxed panels inside
                sections (`{box: "Title", content: [...]}`) for the regional center's input,
                IPP excerpts and medical summaries.  PDF from HTML by WeasyPrint (DejaVu Serif);
                the DOCX carries the same panels as shaded one-cell tables.
youthvoice      Bishop Pine: an ordinary worker's report (numbered headings, Caladea 11 pt) with
                the youth's own written statement reproduced verbatim in a bordered box
                (`{statement: "Heading", who: "...", text: [paragraphs]}`) or in an attachment
                after the signature on a new page (`attachments:` list of {title:, content:}).
                PDF via LibreOffice.

Content items as in the corpus README (string, sub, label, table, kv, bullets) plus `box`
(regionalcenter) and `statement` (youthvoice; also allowed inside attachments).
The helpers several writers use come from _shared.py.
"""
import html

from _shared import cells, para_shade, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("chronology", "regionalcenter", "youthvoice")
HTML_LAYOUTS = ("regionalcenter",)
FONTS = {"chronology": "Liberation Sans", "regionalcenter": "DejaVu Serif", "youthvoice": "Caladea"}
SIZES = {"chronology": 10, "regionalcenter": 10, "youthvoice": 11}
PLUM = "5B2C6F"


def rule_below(p, size="8", color="000000"):
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    e = OxmlElement("w:bottom")
    e.set(qn("w:val"), "single")
    e.set(qn("w:sz"), size)
    e.set(qn("w:space"), "2")
    e.set(qn("w:color"), color)
    bdr.append(e)
    p_pr.append(bdr)


def cell_borders(cell, size="12", color="000000", val="single"):
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), val)
        e.set(qn("w:sz"), size)
        e.set(qn("w:color"), color)
        borders.append(e)
    tc_pr.append(borders)


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
    footer(doc, f"{src['title']} — Case No. {src['case_no']} — Confidential (WIC §827)")
    return doc


def add_table(container, rows, header=True, size=9, widths=None, head_fill="D9D9D9"):
    rows = [cells(r) for r in rows]
    ncol = max(len(r) for r in rows)
    t = container.add_table(rows=len(rows), cols=ncol)
    t.style = "Table Grid"
    if widths:
        t.autofit = False
        for j, w in enumerate(widths):
            t.columns[j].width = Inches(w)
    for i, r in enumerate(rows):
        for j in range(ncol):
            text = r[j] if j < len(r) else ""
            c = t.cell(i, j)
            if widths:
                c.width = Inches(widths[j])
            run = c.paragraphs[0].add_run(text)
            run.font.size = Pt(size)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
            if header and i == 0:
                shade(c, head_fill)
            elif not header and j == 0:
                shade(c, "F2F2F2")
    return t


def add_items(doc, layout, items, container=None):
    tgt = container if container is not None else doc
    for b in items:
        if isinstance(b, str):
            p = tgt.add_paragraph(b)
            if layout == "youthvoice":
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif "sub" in b:
            p = tgt.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_before = Pt(4)
            r = p.add_run(b["sub"])
            r.bold = True
            if layout == "youthvoice":
                r.italic = True
        elif "label" in b:
            p = tgt.add_paragraph()
            p.add_run(b["label"] + ": ").bold = True
            p.add_run(b["text"])
        elif "table" in b or "kv" in b:
            add_table(tgt, b.get("table") or b["kv"], header="table" in b)
            tgt.add_paragraph().paragraph_format.space_after = Pt(0)
        elif "bullets" in b:
            for x in b["bullets"]:
                if container is not None:
                    tgt.add_paragraph("•  " + x)
                else:
                    doc.add_paragraph(x, style="List Bullet")
        elif "box" in b:
            t = tgt.add_table(rows=1, cols=1)
            c = t.cell(0, 0)
            cell_borders(c, "8", PLUM)
            shade(c, "F5EFF7")
            r = c.paragraphs[0].add_run(b["box"])
            r.bold = True
            r.font.color.rgb = RGBColor(0x5B, 0x2C, 0x6F)
            add_items(doc, layout, b["content"], container=c)
            tgt.add_paragraph().paragraph_format.space_after = Pt(0)
        elif "statement" in b:
            add_statement(doc, b, tgt)
        else:
            raise ValueError(f"unknown content item {b!r}")


def add_statement(doc, b, tgt):
    t = tgt.add_table(rows=1, cols=1)
    c = t.cell(0, 0)
    cell_borders(c, "18", "1F3864", "double")
    p = c.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(b["statement"])
    r.bold, r.font.size = True, Pt(12)
    if b.get("who"):
        p = c.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(b["who"])
        r.italic, r.font.size = True, Pt(9)
    for x in b["text"]:
        p = c.add_paragraph()
        p.paragraph_format.left_indent = Inches(0.15)
        p.paragraph_format.right_indent = Inches(0.15)
        r = p.add_run(x)
        r.font.name = "DejaVu Sans"
        r.font.size = Pt(10)
    tgt.add_paragraph().paragraph_format.space_after = Pt(0)


def court_lines(doc, src):
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True


def caption_box(doc, src):
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.width, right.width = Inches(3.9), Inches(2.8)
    left.paragraphs[0].add_run(src["caption"][0]).bold = True
    for line in src["caption"][1:]:
        left.add_paragraph(line)
    right.paragraphs[0].add_run(f"Case No. {src['case_no']}").bold = True
    right.add_paragraph().add_run(src["title"]).bold = True
    for line in src["case_info"]:
        right.add_paragraph(line)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def signature(doc, src):
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)


def build_chronology(src, out):
    doc = new_doc(src)
    court_lines(doc, src)
    doc.add_paragraph()
    caption_box(doc, src)
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    r = p.add_run("CASE CHRONOLOGY")
    r.bold, r.font.size = True, Pt(11)
    rule_below(p)
    doc.add_paragraph(src.get("chronology_note", "Entries are in date order. Source abbreviations: "
                      "CSW = case-carrying social worker; ER = emergency response; CFT = child and "
                      "family team meeting; RFA = resource family approval.")).runs[0].italic = True
    add_table(doc, ["Date | Event | Source"] + src["chronology"], header=True, size=8.5,
              widths=[0.85, 4.7, 1.15], head_fill="BFBFBF")
    doc.add_paragraph()
    for sec in src["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
        p.add_run(sec["heading"].upper()).bold = True
        rule_below(p, "4", "808080")
        add_items(doc, "chronology", sec["content"])
    signature(doc, src)
    doc.save(out)


def build_regionalcenter(src, out):
    doc = new_doc(src)
    court_lines(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    caption_box(doc, src)
    if src.get("rc"):
        add_items(doc, "regionalcenter", [{"box": "Regional center / health summary",
                                          "content": [{"kv": src["rc"]}]}])
    for n, sec in enumerate(src["sections"], 1):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
        para_shade(p, PLUM)
        r = p.add_run(f"{n}. {sec['heading']}")
        r.bold = True
        r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        add_items(doc, "regionalcenter", sec["content"])
    signature(doc, src)
    doc.save(out)


def build_youthvoice(src, out):
    doc = new_doc(src)
    court_lines(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    r = p.add_run(src["title"])
    r.bold, r.font.size = True, Pt(14)
    caption_box(doc, src)
    for n, sec in enumerate(src["sections"], 1):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(f"{n}.  {sec['heading']}")
        r.bold, r.font.size = True, Pt(12)
        r.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        add_items(doc, "youthvoice", sec["content"])
    signature(doc, src)
    for att in src.get("attachments", []):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(att["title"])
        r.bold, r.font.size = True, Pt(13)
        rule_below(p)
        add_items(doc, "youthvoice", att["content"])
    doc.save(out)


def build_docx(src, out):
    {"chronology": build_chronology, "regionalcenter": build_regionalcenter,
     "youthvoice": build_youthvoice}[src["layout"]](src, out)


CSS = """
@page { size: Letter; margin: 0.8in 0.85in;
  @bottom-center { content: "TITLE — Case No. CASENO — Confidential (WIC §827) — page " counter(page);
                   font-size: 7.5pt; color: #555; } }
body { font-family: "DejaVu Serif", serif; font-size: 9.5pt; line-height: 1.38; }
.court { text-align: center; font-weight: bold; margin: 0; }
h1 { text-align: center; font-size: 13pt; letter-spacing: 0.06em; margin: 10pt 0 8pt; color: #5B2C6F; }
table.cap { width: 100%; border-collapse: collapse; margin-bottom: 8pt; }
table.cap td { border: 1px solid #333; padding: 5pt 7pt; vertical-align: top; }
table.cap td.l { width: 58%; }
table.cap p { margin: 0 0 2pt; text-align: left; }
h2 { background: #5B2C6F; color: #fff; font-size: 10.5pt; padding: 3pt 6pt; margin: 13pt 0 5pt;
     page-break-after: avoid; }
h3 { font-size: 9.8pt; color: #5B2C6F; margin: 8pt 0 3pt; page-break-after: avoid; }
p { margin: 0 0 5pt; text-align: justify; }
.box { border: 1.2pt solid #5B2C6F; background: #F5EFF7; padding: 5pt 8pt; margin: 6pt 0 9pt;
       page-break-inside: avoid; }
.box .bt { font-weight: bold; color: #5B2C6F; margin-bottom: 3pt; font-size: 9.3pt;
           text-transform: uppercase; letter-spacing: 0.04em; }
table.t { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.8pt; }
table.t td, table.t th { border: 1px solid #888; padding: 2.5pt 5pt; vertical-align: top; text-align: left; }
table.t th { background: #E6DCEB; }
table.kv td:first-child { font-weight: bold; width: 30%; background: #FBF8FC; }
ul { margin: 2pt 0 6pt 0; }
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

    def items(content):
        parts = []
        for b in content:
            if isinstance(b, str):
                parts.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                parts.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                parts.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b or "kv" in b:
                parts.append(table(b.get("table") or b["kv"], "table" in b))
            elif "bullets" in b:
                parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
            elif "box" in b:
                parts.append(f"<div class='box'><div class='bt'>{e(b['box'])}</div>"
                             + items(b["content"]) + "</div>")
            else:
                raise ValueError(f"unknown content item {b!r}")
        return "".join(parts)

    parts = [f"<p class='court'>{e(x)}</p>" for x in src["court"]]
    parts.append(f"<h1>{e(src['title'].upper())}</h1>")
    left = "".join(f"<p>{'<b>' if i == 0 else ''}{e(x)}{'</b>' if i == 0 else ''}</p>"
                   for i, x in enumerate(src["caption"]))
    right = f"<p><b>Case No. {e(src['case_no'])}</b></p>" + "".join(
        f"<p>{e(x)}</p>" for x in src["case_info"])
    parts.append(f"<table class='cap'><tr><td class='l'>{left}</td><td>{right}</td></tr></table>")
    if src.get("rc"):
        parts.append(items([{"box": "Regional center / health summary", "content": [{"kv": src["rc"]}]}]))
    for n, sec in enumerate(src["sections"], 1):
        parts.append(f"<h2>{n}. {e(sec['heading'])}</h2>")
        parts.append(items(sec["content"]))
    parts.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    css = CSS.replace("CASENO", src["case_no"]).replace("TITLE", src["title"])
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"
