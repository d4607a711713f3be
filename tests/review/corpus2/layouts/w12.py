"""Writer W12's house styles (reports 256-270): contactnotes, infant, tabs.

contactnotes  Wolf Creek: a short report whose middle is a run of templated contact notes as a
              case-management system prints them (`{note: {date, type, location, participants,
              narrative}}`: a shaded header line, then "Contact type:", "Location:",
              "Participants:" and "Narrative:" fields), followed by a short Evaluation and the
              recommendations.  Noto Sans 10 pt.  PDF via LibreOffice.
infant        Cattail Marsh: ordinary prose under numbered bold headings with a rule (hospital
              course, toxicology, relatives, placement, siblings, plan).  DejaVu Serif 10.5 pt.
              PDF via LibreOffice.
tabs          Elderberry: a cover sheet (`cover:` rows "Label | Value") summarising the
              recommendations and the plan, then tabbed sections (a section's `tab:` label,
              e.g. "TAB 1") drawn as a dark tab over a rule; attachment summaries
              (`{attach: "Title", content: [...]}`) are boxed.  PDF from HTML (WeasyPrint); the
              DOCX carries the cover as a table and the tabs as shaded heading tables.

Content items otherwise as in the corpus README: strings, `{sub:}`, `{label:, text:}`,
`{table:}`, `{kv:}`, `{bullets:}`.  The helpers several writers use
come from _shared.py.
"""
import html

from _shared import add_table, cells, footer, html_table, rule_below, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("contactnotes", "infant", "tabs")
HTML_LAYOUTS = ("tabs",)
FONTS = {"contactnotes": "Noto Sans", "infant": "DejaVu Serif", "tabs": "Liberation Sans"}
SIZES = {"contactnotes": 10, "infant": 10.5, "tabs": 10.5}


def shade_par(p, fill):
    p_pr = p._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    p_pr.append(shd)


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name, st.font.size = FONTS[layout], Pt(SIZES[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(5)
    st.paragraph_format.line_spacing = 1.1
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.9)
        s.top_margin = s.bottom_margin = Inches(0.8)
    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    return doc


def caption(doc, src):
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).paragraphs[0].add_run("\n".join(src["caption"]))
    t.cell(0, 1).paragraphs[0].add_run("\n".join(src["case_info"]))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(10)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    if src.get("subtitle"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(src["subtitle"]).italic = True


def note(doc, n):
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(1)
    p.paragraph_format.keep_with_next = True
    shade_par(p, "D9DEE4")
    p.add_run(f"CONTACT NOTE   Date/Time: {n['date']}").bold = True
    for key, label in (("type", "Contact type"), ("location", "Location"),
                       ("participants", "Participants")):
        if n.get(key):
            q = doc.add_paragraph()
            q.paragraph_format.space_after = Pt(0)
            q.paragraph_format.keep_with_next = True
            q.add_run(label + ": ").bold = True
            q.add_run(n[key])
    q = doc.add_paragraph()
    q.paragraph_format.space_after = Pt(0)
    q.paragraph_format.keep_with_next = True
    q.add_run("Narrative:").bold = True
    paras = n["narrative"] if isinstance(n["narrative"], list) else [n["narrative"]]
    for i, text in enumerate(paras):
        q = doc.add_paragraph(text)
        q.paragraph_format.left_indent = Inches(0.25)
        if i == len(paras) - 1:
            rule_below(q, "8A96A3", "4")


def add_item(doc, layout, b):
    if isinstance(b, str):
        p = doc.add_paragraph(b)
        if layout == "infant":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(4)
        r = p.add_run(b["sub"])
        r.bold, r.italic = True, layout == "infant"
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "note" in b:
        note(doc, b["note"])
    elif "attach" in b:
        t = doc.add_table(rows=2, cols=1)
        t.style = "Table Grid"
        shade(t.cell(0, 0), "EFE6D2")
        t.cell(0, 0).paragraphs[0].add_run("ATTACHMENT SUMMARY — " + b["attach"]).bold = True
        cell = t.cell(1, 0)
        for i, x in enumerate(b["content"]):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if isinstance(x, dict):
                para.add_run(x["label"] + ": ").bold = True
                para.add_run(x["text"])
            else:
                para.add_run(x)
        doc.add_paragraph().paragraph_format.space_after = Pt(2)
    elif "table" in b:
        add_table(doc, b["table"], head_fill="D9DEE4", font_size=9)
    elif "kv" in b:
        add_table(doc, b["kv"], header=False, widths=[2.0, 4.7], head_fill="F2F2F2")
    elif "bullets" in b:
        for item in b["bullets"]:
            doc.add_paragraph(item, style="List Bullet")
    else:
        raise ValueError(f"unknown content item {b!r}")


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    caption(doc, src)
    if layout == "tabs":
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("COVER SHEET — SUMMARY OF RECOMMENDATIONS").bold = True
        add_table(doc, src["cover"], header=False, widths=[2.0, 4.7], head_fill="E8E8E8")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for n, sec in enumerate(src["sections"], 1):
        if layout == "tabs":
            t = doc.add_table(rows=1, cols=2)
            t.style = "Table Grid"
            c0, c1 = t.cell(0, 0), t.cell(0, 1)
            shade(c0, "2F3B4A")
            r = c0.paragraphs[0].add_run(sec["tab"])
            r.bold, r.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
            c1.paragraphs[0].add_run(sec["heading"].upper()).bold = True
            c0.width, c1.width = Inches(1.0), Inches(5.7)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        else:
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(10)
            p.paragraph_format.keep_with_next = True
            text = f"{n}.  {sec['heading']}" if layout == "infant" else sec["heading"].upper()
            r = p.add_run(text)
            r.bold = True
            if layout == "infant":
                r.font.color.rgb = RGBColor(0x2E, 0x4A, 0x3A)
            rule_below(p, "2E4A3A" if layout == "infant" else "000000", "6")
        for b in sec["content"]:
            add_item(doc, layout, b)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


CSS = """
@page { size: letter; margin: 0.8in 0.85in 0.8in 0.85in;
        @bottom-center { content: 'FOOT   —   Page ' counter(page); font-size: 7.5pt; color: #555; } }
body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; line-height: 1.32; }
.court { text-align: center; font-weight: bold; }
table.cap { width: 100%; border-collapse: collapse; margin: 10pt 0; }
table.cap td { border: 1px solid #000; padding: 5pt; vertical-align: top; width: 50%; }
h1 { text-align: center; font-size: 13pt; margin: 8pt 0 2pt; }
.sub1 { text-align: center; font-style: italic; margin-bottom: 6pt; }
.coverttl { text-align: center; font-weight: bold; letter-spacing: 1pt; margin: 14pt 0 6pt;
            border-top: 2px solid #2f3b4a; border-bottom: 2px solid #2f3b4a; padding: 3pt; }
table.cover { width: 100%; border-collapse: collapse; page-break-after: always; }
table.cover td { border: 1px solid #777; padding: 4pt 6pt; vertical-align: top; }
table.cover td.k { width: 30%; background: #e8e8e8; font-weight: bold; }
.tabh { margin: 14pt 0 6pt; border-bottom: 2px solid #2f3b4a; }
.tabh .t { display: inline-block; background: #2f3b4a; color: #fff; font-weight: bold;
           padding: 3pt 10pt; border-radius: 5pt 5pt 0 0; }
.tabh .h { display: inline-block; font-weight: bold; margin-left: 8pt; }
h3 { font-size: 10pt; margin: 8pt 0 2pt; }
p { margin: 0 0 5pt; text-align: justify; }
table.t { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9pt; }
table.t td, table.t th { border: 1px solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left; }
table.t th { background: #d9dee4; }
table.t td.k { background: #f2f2f2; font-weight: bold; width: 30%; }
.att { border: 1px solid #8c7a4f; margin: 6pt 0 10pt; }
.att .at { page-break-after: avoid; }
.att .at { background: #efe6d2; font-weight: bold; padding: 3pt 6pt; font-size: 9pt; letter-spacing: .5pt; }
.att .ab { padding: 4pt 8pt; font-size: 9.5pt; }
.sig { margin-top: 18pt; }
.sig p { margin: 0; }
"""


def build_html(src):
    e = html.escape
    foot = f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)"
    out = ["<html><head><meta charset='utf-8'><style>",
           CSS.replace("FOOT", e(foot).replace("'", "\\'")), "</style></head><body>"]
    for line in src["court"]:
        out.append(f"<div class='court'>{e(line)}</div>")
    out.append("<table class='cap'><tr><td>" + "<br/>".join(e(x) for x in src["caption"]) +
               "</td><td>" + "<br/>".join(e(x) for x in src["case_info"]) + "</td></tr></table>")
    out.append(f"<h1>{e(src['title'].upper())}</h1>")
    if src.get("subtitle"):
        out.append(f"<div class='sub1'>{e(src['subtitle'])}</div>")
    out.append("<div class='coverttl'>COVER SHEET — SUMMARY OF RECOMMENDATIONS</div>")
    out.append("<table class='cover'>" + "".join(
        f"<tr><td class='k'>{e(k)}</td><td>{e(v)}</td></tr>"
        for k, v in ((cells(r) + [""])[:2] for r in src["cover"])) + "</table>")
    for sec in src["sections"]:
        out.append(f"<div class='tabh'><span class='t'>{e(sec['tab'])}</span>"
                   f"<span class='h'>{e(sec['heading'].upper())}</span></div>")
        for b in sec["content"]:
            out.append(html_item(b))
    out.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    out.append("</body></html>")
    return "".join(out)


def html_item(b):
    e = html.escape
    if isinstance(b, str):
        return f"<p>{e(b)}</p>"
    if "sub" in b:
        return f"<h3>{e(b['sub'])}</h3>"
    if "label" in b:
        return f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>"
    if "attach" in b:
        body = "".join(html_item(x) for x in b["content"])
        return (f"<div class='att'><div class='at'>ATTACHMENT SUMMARY — {e(b['attach'].upper())}</div>"
                f"<div class='ab'>{body}</div></div>")
    if "table" in b:
        return html_table(b["table"])
    if "kv" in b:
        return html_table(b["kv"], header=False)
    if "bullets" in b:
        return "<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>"
    raise ValueError(f"unknown content item {b!r}")
