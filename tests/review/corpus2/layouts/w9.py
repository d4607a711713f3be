"""Writer W9's house styles (reports 211-225): letter, sdm, cft.

letter  Toyon: the report is a letter to the judge from the assigned worker, first person
        singular; agency letterhead (`letterhead:` lines), `date:`, a "Re:" block (`re:` lines),
        `salutation:`, paragraphs with few or no headings (a section's `heading: null` prints
        nothing), a closing paragraph of recommendations, `closing:` and the signature.
        PDF via LibreOffice.
sdm     Quail Ridge: a structured-decision-making print.  PDF from HTML (WeasyPrint): a shaded
        tool header per section, scored item tables (`{table: ...}`), a boxed result line
        (`{result: "Label | Value"}`), family strengths and needs grids, narrative, and the case
        plan as a goals/objectives table.  The DOCX carries the same content as Word tables.
cft     Serpentine: ordinary narrative report whose plan is presented through a Child and Family
        Team meeting summary: `{attendees: ["Name | Role", ...]}`, participants' positions as
        `{said: "Who", text: "..."}` (bold name, then the words), tables for agreements and the
        action items.  PDF via LibreOffice.

The helpers several writers use come from _shared.py.
"""
import html

from _shared import cells, footer, rule_below, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("letter", "sdm", "cft")
HTML_LAYOUTS = ("sdm",)
FONTS = {"letter": "Liberation Serif", "sdm": "Liberation Sans", "cft": "Carlito"}


def add_table(doc, rows, header=True, widths=None, head_fill=None, font_size=None):
    rows = [cells(r) for r in rows]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    if widths:
        t.autofit = False
        for j, w in enumerate(widths):
            t.columns[j].width = Inches(w)
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            cell = t.cell(i, j)
            run = cell.paragraphs[0].add_run(text)
            run.bold = (header and i == 0) or (not header and j == 0)
            if font_size:
                run.font.size = Pt(font_size)
            if head_fill and header and i == 0:
                shade(cell, head_fill)
            if widths and j < len(widths):
                cell.width = Inches(widths[j])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return t


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONTS[layout]
    st.font.size = Pt({"letter": 12, "sdm": 10, "cft": 11}[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(8 if layout == "letter" else 5)
    st.paragraph_format.line_spacing = 1.15 if layout == "letter" else 1.05
    for s in doc.sections:
        s.left_margin = Inches(1.1 if layout == "letter" else 0.9)
        s.right_margin = Inches(1.0 if layout == "letter" else 0.8)
        s.top_margin = s.bottom_margin = Inches(0.8)
    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    return doc


def add_item(doc, layout, b):
    if isinstance(b, str):
        p = doc.add_paragraph(b)
        if layout == "letter":
            p.paragraph_format.first_line_indent = Inches(0.4)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(4)
        r = p.add_run(b["sub"])
        r.bold = True
        if layout == "letter":
            r.bold, r.italic = False, True
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "said" in b:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Inches(0.3)
        p.add_run(b["said"] + ": ").bold = True
        p.add_run(b["text"])
    elif "attendees" in b:
        add_table(doc, ["Name | Role / relationship", *b["attendees"]], widths=[2.4, 4.3],
                  head_fill="DCE6F0")
    elif "result" in b:
        k, v = (cells(b["result"]) + [""])[:2]
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).paragraphs[0].add_run(k).bold = True
        shade(t.cell(0, 0), "C9D3C0")
        t.cell(0, 1).paragraphs[0].add_run(v).bold = True
        doc.add_paragraph().paragraph_format.space_after = Pt(2)
    elif "table" in b:
        add_table(doc, b["table"], head_fill={"sdm": "D5DDCB", "cft": "DCE6F0"}.get(layout),
                  font_size=9 if layout == "sdm" else None)
    elif "kv" in b:
        add_table(doc, b["kv"], header=False, widths=[2.0, 4.6])
    elif "bullets" in b:
        for item in b["bullets"]:
            doc.add_paragraph(item, style="List Bullet")
    else:
        raise ValueError(f"unknown content item {b!r}")


def section_heading(doc, layout, text):
    if not text:
        return
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.keep_with_next = True
    if layout == "letter":
        r = p.add_run(text)
        r.bold = True
    elif layout == "sdm":
        r = p.add_run(text.upper())
        r.bold = True
        r.font.color.rgb = RGBColor(0x3A, 0x4D, 0x2E)
        rule_below(p, color="3A4D2E", size="12")
    else:  # cft
        r = p.add_run(text)
        r.bold = True
        r.font.size = Pt(13)
        r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        rule_below(p, color="1F3A5F", size="6")


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    if layout == "letter":
        for i, line in enumerate(src["letterhead"]):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            r = p.add_run(line)
            r.bold = i == 0
            r.font.size = Pt(13 if i == 0 else 9.5)
        rule_below(p, size="6")
        doc.add_paragraph()
        doc.add_paragraph(src["date"])
        for line in src["court"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        doc.add_paragraph()
        t = doc.add_table(rows=1, cols=2)
        t.autofit = False
        for j, w in enumerate((0.6, 5.7)):
            t.columns[j].width = Inches(w)
            t.cell(0, j).width = Inches(w)
        t.cell(0, 0).paragraphs[0].add_run("Re:").bold = True
        t.cell(0, 1).text = "\n".join(src["re"])
        doc.add_paragraph()
        doc.add_paragraph(src["salutation"])
    else:
        for line in src["court"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            p.add_run(line).bold = True
        doc.add_paragraph()
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
        doc.add_paragraph()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(src["title"].upper())
        r.bold, r.font.size = True, Pt(14)
        if src.get("subtitle"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(src["subtitle"]).italic = True
    for sec in src["sections"]:
        section_heading(doc, layout, sec.get("heading"))
        for b in sec["content"]:
            add_item(doc, layout, b)
    if src.get("closing"):
        doc.add_paragraph(src["closing"])
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def html_table(rows, header=True, cls="grid"):
    e = html.escape
    out = [f"<table class='{cls}'>"]
    for i, r in enumerate(rows):
        cs = cells(r)
        if header and i == 0:
            out.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in cs) + "</tr>")
        elif header:
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cs) + "</tr>")
        else:
            out.append(f"<tr><th class='k'>{e(cs[0])}</th>" +
                       "".join(f"<td>{e(c)}</td>" for c in cs[1:]) + "</tr>")
    out.append("</table>")
    return "".join(out)


def build_html(src):
    """The sdm layout: a structured-decision-making print."""
    e = html.escape
    css = """
@page{size:letter;margin:0.7in 0.7in 0.75in 0.7in;
 @top-right{content:'CASE';font-size:7.5pt;color:#555;font-family:'Liberation Sans',sans-serif}
 @bottom-center{content:'FOOT — Page ' counter(page) ' of ' counter(pages);font-size:7.5pt;color:#444}}
body{font-family:'Liberation Sans',sans-serif;font-size:9.6pt;line-height:1.3;color:#1a1a1a}
.court{text-align:center;font-weight:bold;font-size:9.5pt}
table.cap{width:100%;border-collapse:collapse;margin:6pt 0 6pt 0;font-size:9.2pt;border:1px solid #3a4d2e}
table.cap td{vertical-align:top;padding:4pt 6pt;border:1px solid #3a4d2e}
h1{text-align:center;font-size:13pt;margin:6pt 0 1pt 0;letter-spacing:0.6pt}
.subtitle{text-align:center;font-style:italic;font-size:9pt;margin:0 0 8pt 0}
h2{font-size:10pt;color:#fff;background:#3a4d2e;margin:10pt 0 4pt 0;padding:3pt 6pt;
 text-transform:uppercase;letter-spacing:0.5pt}
h3{font-size:9.8pt;color:#3a4d2e;margin:6pt 0 2pt 0;border-bottom:1px dotted #3a4d2e}
p{margin:0 0 4.5pt 0;text-align:justify}
ul{margin:0 0 4pt 0;padding-left:14pt}
table.grid{border-collapse:collapse;margin:3pt 0 6pt 0;font-size:8.6pt;width:100%}
table.grid th,table.grid td{border:1px solid #8a9a7e;padding:2pt 4pt;vertical-align:top;text-align:left}
table.grid th{background:#d5ddcb}
table.grid th.k{background:#eef1e9;width:1.9in}
.result{border:2px solid #3a4d2e;background:#eef1e9;margin:3pt 0 7pt 0;padding:4pt 7pt;font-weight:bold}
.result span{color:#3a4d2e;margin-right:8pt}
.sig{margin-top:12pt}
.sig p{margin:0;text-align:left}
"""
    css = css.replace("FOOT", e(f"{src['title']} — CONFIDENTIAL (WIC §827)").replace("'", "\\'"))
    css = css.replace("CASE", e(src["case_no"]).replace("'", "\\'"))
    out = ["<html><head><meta charset='utf-8'><style>", css, "</style></head><body>"]
    for line in src["court"]:
        out.append(f"<div class='court'>{e(line)}</div>")
    out.append("<table class='cap'><tr><td>" + "<br/>".join(e(x) for x in src["caption"]) +
               "</td><td>" + "<br/>".join(e(x) for x in src["case_info"]) + "</td></tr></table>")
    out.append(f"<h1>{e(src['title'].upper())}</h1>")
    if src.get("subtitle"):
        out.append(f"<div class='subtitle'>{e(src['subtitle'])}</div>")
    for sec in src["sections"]:
        if sec.get("heading"):
            out.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "said" in b:
                out.append(f"<p><b>{e(b['said'])}:</b> {e(b['text'])}</p>")
            elif "result" in b:
                k, v = (cells(b["result"]) + [""])[:2]
                out.append(f"<div class='result'><span>{e(k)}</span>{e(v)}</div>")
            elif "table" in b:
                out.append(html_table(b["table"]))
            elif "kv" in b:
                out.append(html_table(b["kv"], header=False))
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
            else:
                raise ValueError(f"unknown content item {b!r}")
    out.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    out.append("</body></html>")
    return "".join(out)
