"""Writer W10's house styles (reports 226-240): amended, short, dualstatus.

amended     Cinnabar: an AMENDED disposition report.  Under the title a boxed "Summary of
            amendments" (`amendments:` lines, numbered); the original text follows unchanged,
            with amendments written into it where they belong.  Inline, `[[MM/DD/YYYY: text]]`
            prints a bold "[Amended MM/DD/YYYY:]" followed by the added text underlined, and
            `~~text~~` prints struck-through original text (still legible, as counties do it).
            A whole amended paragraph is `{amend: "MM/DD/YYYY", text: "..."}`.  Numbered
            upper-case headings, Noto Serif; PDF via LibreOffice.
short       Stonefly: very short report of a small rural county.  A plain centred caption, bold
            one-word or two-word headings with no numbers, plain 12 pt Liberation Serif, one-inch
            margins, many one-sentence paragraphs; PDF via LibreOffice.
dualstatus  Tarweed Valley: joint assessment / disposition report of child welfare and probation
            (WIC 241.1).  Two-agency letterhead (`letterhead: {left: [...], right: [...]}`), each
            section under a shaded bar tagged with the agency that wrote it (`agency:` CWS,
            PROBATION or JOINT on a section); PDF from HTML (WeasyPrint).  The DOCX carries the
            letterhead as a two-cell table and the bars as shaded one-cell tables.

Content items as in the corpus README (string, sub, label, table, kv, bullets) plus `amend`.
The helpers several writers use come from _shared.py.
"""
import html
import re

from _shared import cells, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("amended", "short", "dualstatus")
HTML_LAYOUTS = ("dualstatus",)
FONTS = {"amended": "Noto Serif", "short": "Liberation Serif", "dualstatus": "Noto Sans"}
BAR = {"CWS": "DCE6F0", "PROBATION": "E8E1D0", "JOINT": "D9D9D9"}
TAG = {"CWS": "CHILD WELFARE", "PROBATION": "PROBATION", "JOINT": "JOINT"}
INLINE = re.compile(r"\[\[(\d\d/\d\d/\d{4}): (.*?)\]\]|~~(.*?)~~", re.S)


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


def footer(doc, text, size=8):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text + "   —   Page ")
    r.font.size = Pt(size)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.append(fld)


def add_runs(p, text):
    """Write text into paragraph p, turning the amendment markup into runs."""
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            p.add_run(text[pos:m.start()])
        if m.group(1):
            p.add_run(f"[Amended {m.group(1)}:] ").bold = True
            p.add_run(m.group(2)).underline = True
        else:
            p.add_run(m.group(3)).font.strike = True
        pos = m.end()
    if pos < len(text):
        p.add_run(text[pos:])


def add_table(doc, rows, header=True, widths=None):
    rows = [cells(r) for r in rows]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    if widths:
        t.autofit = False
        for j, w in enumerate(widths):
            t.columns[j].width = Inches(w)
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            p = t.cell(i, j).paragraphs[0]
            add_runs(p, text)
            if (header and i == 0) or (not header and j == 0):
                for run in p.runs:
                    run.bold = True
            if widths and j < len(widths):
                t.cell(i, j).width = Inches(widths[j])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return t


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONTS[layout]
    st.font.size = Pt({"amended": 10.5, "short": 12, "dualstatus": 10.5}[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt({"amended": 6, "short": 5, "dualstatus": 5}[layout])
    st.paragraph_format.line_spacing = {"amended": 1.2, "short": 1.0, "dualstatus": 1.1}[layout]
    for name in ("List Bullet", "List Number"):
        s = doc.styles[name]
        s.font.name = FONTS[layout]
    for s in doc.sections:
        s.left_margin = Inches(1)
        s.right_margin = Inches(1 if layout == "short" else 0.9)
        s.top_margin = s.bottom_margin = Inches(0.9)
    if layout == "short":
        footer(doc, f"{src['case_no']} — Confidential", size=9)
    else:
        footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    return doc


def add_item(doc, layout, b):
    if isinstance(b, str):
        add_runs(doc.add_paragraph(), b)
    elif "amend" in b:
        p = doc.add_paragraph()
        p.add_run(f"[Amended {b['amend']}:] ").bold = True
        p.add_run(b["text"]).underline = True
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b["sub"])
        r.bold = True
        if layout == "amended":
            r.italic = True
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + (" " if layout == "short" else ": ")).bold = True
        add_runs(p, b["text"])
    elif "table" in b:
        add_table(doc, b["table"])
    elif "kv" in b:
        add_table(doc, b["kv"], header=False, widths=[2.0, 4.4])
    elif "bullets" in b:
        for x in b["bullets"]:
            add_runs(doc.add_paragraph(style="List Bullet"), x)
    else:
        raise ValueError(f"unknown content item {b!r}")


def section_heading(doc, layout, n, sec):
    text = sec["heading"]
    if layout == "amended":
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        p.add_run(f"{n}.  {text.upper()}").bold = True
        rule_below(p, "4")
    elif layout == "short":
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True
        p.add_run(text).bold = True
    else:  # dualstatus: shaded bar with the agency's tag
        agency = sec.get("agency", "JOINT")
        t = doc.add_table(rows=1, cols=2)
        t.autofit = False
        for j, w in enumerate((5.0, 1.5)):
            t.columns[j].width = Inches(w)
            t.cell(0, j).width = Inches(w)
            shade(t.cell(0, j), BAR[agency])
        r = t.cell(0, 0).paragraphs[0].add_run(text.upper())
        r.bold = True
        p = t.cell(0, 1).paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        r = p.add_run(TAG[agency])
        r.font.size = Pt(8)
        r.bold = True
        doc.add_paragraph().paragraph_format.space_after = Pt(0)


def caption(doc, src):
    layout = src["layout"]
    if layout == "dualstatus":
        lh = src["letterhead"]
        t = doc.add_table(rows=1, cols=2)
        for j, side in enumerate(("left", "right")):
            c = t.cell(0, j)
            shade(c, "1F3A5A" if j == 0 else "5A4A2A")
            for k, line in enumerate(lh[side]):
                p = c.paragraphs[0] if k == 0 else c.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
                r = p.add_run(line)
                r.bold = k == 0
                r.font.size = Pt(10 if k == 0 else 8)
                r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        doc.add_paragraph()
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = layout != "short"
    doc.add_paragraph()
    if layout == "short":
        for line in src["caption"] + [""] + src["case_info"]:
            p = doc.add_paragraph(line)
            p.paragraph_format.space_after = Pt(0)
    else:
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
    doc.add_paragraph()


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    caption(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(src["title"].upper() if layout != "short" else src["title"])
    r.bold = True
    r.font.size = Pt(14 if layout != "short" else 12.5)
    if layout == "amended" and src.get("amendments"):
        t = doc.add_table(rows=1, cols=1)
        t.style = "Table Grid"
        c = t.cell(0, 0)
        shade(c, "F2F2F2")
        c.paragraphs[0].add_run("SUMMARY OF AMENDMENTS").bold = True
        for i, line in enumerate(src["amendments"], 1):
            add_runs(c.add_paragraph(), f"{i}.  {line}")
        doc.add_paragraph()
    for n, sec in enumerate(src["sections"], 1):
        section_heading(doc, layout, n, sec)
        for b in sec["content"]:
            add_item(doc, layout, b)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def html_text(text):
    out, pos = [], 0
    for m in INLINE.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        if m.group(1):
            out.append(f"<b>[Amended {m.group(1)}:]</b> <u>{html.escape(m.group(2))}</u>")
        else:
            out.append(f"<s>{html.escape(m.group(3))}</s>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def html_table(rows, header=True):
    out = ["<table class='grid'>"]
    for i, r in enumerate(rows):
        cs = cells(r)
        if header and i == 0:
            out.append("<tr>" + "".join(f"<th>{html_text(c)}</th>" for c in cs) + "</tr>")
        elif header:
            out.append("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in cs) + "</tr>")
        else:
            out.append(f"<tr><th class='k'>{html_text(cs[0])}</th>" +
                       "".join(f"<td>{html_text(c)}</td>" for c in cs[1:]) + "</tr>")
    out.append("</table>")
    return "".join(out)


CSS = """
@page{size:letter;margin:0.7in 0.75in 0.8in 0.75in;
 @bottom-left{content:'FOOT';font-size:7pt;color:#555}
 @bottom-right{content:'Page ' counter(page) ' of ' counter(pages);font-size:7pt;color:#555}}
body{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:9.6pt;line-height:1.38;color:#191919}
table.lh{width:100%;border-collapse:collapse;margin-bottom:8pt}
table.lh td{width:50%;vertical-align:top;padding:6pt 8pt;color:#fff;font-size:7.6pt;line-height:1.3}
table.lh td.l{background:#1f3a5a}
table.lh td.r{background:#5a4a2a;text-align:right}
table.lh .n{font-size:10.5pt;font-weight:bold;display:block;margin-bottom:2pt;letter-spacing:0.3pt}
.court{text-align:center;font-weight:bold;font-size:9.5pt}
table.cap{width:100%;border-collapse:collapse;margin:6pt 0 6pt 0;font-size:9.2pt}
table.cap td{vertical-align:top;padding:4pt 6pt;border:1px solid #888}
h1{text-align:center;font-size:12.5pt;margin:8pt 0 2pt 0;letter-spacing:0.6pt}
.sub1{text-align:center;font-size:8.5pt;color:#444;margin-bottom:8pt}
.bar{margin:11pt 0 4pt 0;padding:3pt 6pt;font-weight:bold;font-size:9.8pt;letter-spacing:0.3pt;
 border-left:5pt solid #555;page-break-after:avoid}
.bar .tag{float:right;font-size:7pt;font-weight:bold;color:#333;border:0.8pt solid #333;padding:0 3pt;
 margin-top:1pt;letter-spacing:0.5pt}
.CWS{background:#dce6f0;border-left-color:#1f3a5a}
.PROBATION{background:#e8e1d0;border-left-color:#5a4a2a}
.JOINT{background:#d9d9d9;border-left-color:#333}
h3{font-size:9.8pt;margin:6pt 0 2pt 0}
p{margin:0 0 4.5pt 0;text-align:justify}
ul{margin:0 0 5pt 0;padding-left:14pt}
table.grid{border-collapse:collapse;margin:3pt 0 7pt 0;font-size:8.8pt;width:100%}
table.grid th,table.grid td{border:0.8px solid #777;padding:2pt 4pt;vertical-align:top;text-align:left}
table.grid th{background:#eeeeee}
table.grid th.k{background:#f4f4f4;width:1.8in}
.sig{margin-top:12pt;display:flex}
.sig p{margin:0;text-align:left}
"""


def build_html(src):
    e = html.escape
    foot = f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)"
    out = ["<html><head><meta charset='utf-8'><style>",
           CSS.replace("FOOT", e(foot).replace("'", "\\'")), "</style></head><body>"]
    lh = src["letterhead"]
    left = "".join((f"<span class='n'>{e(x)}</span>" if i == 0 else e(x) + "<br/>")
                   for i, x in enumerate(lh["left"]))
    right = "".join((f"<span class='n'>{e(x)}</span>" if i == 0 else e(x) + "<br/>")
                    for i, x in enumerate(lh["right"]))
    out.append(f"<table class='lh'><tr><td class='l'>{left}</td><td class='r'>{right}</td></tr></table>")
    for line in src["court"]:
        out.append(f"<div class='court'>{e(line)}</div>")
    out.append("<table class='cap'><tr><td>" + "<br/>".join(e(x) for x in src["caption"]) +
               "</td><td>" + "<br/>".join(e(x) for x in src["case_info"]) + "</td></tr></table>")
    out.append(f"<h1>{e(src['title'].upper())}</h1>")
    if src.get("subtitle"):
        out.append(f"<div class='sub1'>{e(src['subtitle'])}</div>")
    for sec in src["sections"]:
        agency = sec.get("agency", "JOINT")
        out.append(f"<div class='bar {agency}'><span class='tag'>{TAG[agency]}</span>"
                   f"{e(sec['heading'].upper())}</div>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{html_text(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {html_text(b['text'])}</p>")
            elif "table" in b:
                out.append(html_table(b["table"]))
            elif "kv" in b:
                out.append(html_table(b["kv"], header=False))
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{html_text(x)}</li>" for x in b["bullets"]) + "</ul>")
            else:
                raise ValueError(f"unknown content item {b!r}")
    out.append("<div class='sig'><div>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) +
               "</div></div>")
    out.append("</body></html>")
    return "".join(out)
