"""Writer W13's house styles (reports 271-285): narrow, plainletter, goalsgrid.

narrow       Shadscale: the report printed in a narrow left text column with a wide right margin
             that carries a reviewer's or supervisor's handwritten-style marginal notes.  Any
             content item may be a dict with `note:` (a string or a list of strings) printed in
             the margin beside it; `{text: ...}` is a plain paragraph that carries a note.  PDF
             from HTML (WeasyPrint: floated margin notes); the DOCX carries the notes as Word
             comments anchored on the item, with a wide right page margin.
plainletter  Bluestem: a letter to the court from a small foster family agency's social worker,
             co-signed by the county worker: agency letterhead (`letterhead:` lines), `date:`,
             `to:` lines, `re:` lines, `salutation:`, short bold headings (a section's
             `heading: null` prints none), `closing:` and two signature blocks side by side
             (`signatures:` a list of two lists of lines), `cc:` lines.  Caladea 11.5 pt.  PDF via
             LibreOffice.
goalsgrid    Wild Rye: ordinary narrative under upper-case numbered headings, then per child a
             goals grid (`{goals: "Caption", rows: ["Goal | Steps | Who | Status | Barriers", ...]}`)
             whose Status cells are shaded by value.  Carlito 10.5 pt.  PDF via LibreOffice.

Content items otherwise as in the corpus README: strings, `{sub:}`, `{label:, text:}`,
`{table:}`, `{kv:}`, `{bullets:}`.  The helpers several writers use
come from _shared.py.
"""
import html

from _shared import add_table, cells, footer, html_table, rule_below, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("narrow", "plainletter", "goalsgrid")
HTML_LAYOUTS = ("narrow",)
FONTS = {"narrow": "Liberation Serif", "plainletter": "Caladea", "goalsgrid": "Carlito"}
SIZES = {"narrow": 11, "plainletter": 11.5, "goalsgrid": 10.5}
STATUS_FILL = {"completed": "D5E8D4", "done": "D5E8D4", "ongoing": "DAE8FC", "in progress": "DAE8FC",
               "not started": "E6E6E6", "on hold": "FFE6CC", "closed": "F8CECC"}


def no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def notes_of(b):
    if isinstance(b, dict) and b.get("note"):
        return b["note"] if isinstance(b["note"], list) else [b["note"]]
    return []


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name, st.font.size = FONTS[layout], Pt(SIZES[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(6)
    st.paragraph_format.line_spacing = 1.12
    for s in doc.sections:
        s.left_margin, s.right_margin = Inches(0.9), Inches(0.9)
        s.top_margin = s.bottom_margin = Inches(0.8)
        if layout == "narrow":  # the wide right margin where the reviewer writes
            s.left_margin, s.right_margin = Inches(0.8), Inches(3.0)
    return doc


def add_item(doc, layout, b, author="Reviewer"):
    """Add one content item; return the runs a margin note should anchor on."""
    runs = []
    if isinstance(b, str):
        p = doc.add_paragraph()
        runs.append(p.add_run(b))
        if layout == "plainletter":
            p.paragraph_format.first_line_indent = Inches(0.4)
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(4)
        r = p.add_run(b["sub"])
        r.bold, r.italic = True, layout == "narrow"
        runs.append(r)
    elif "label" in b:
        p = doc.add_paragraph()
        r = p.add_run(b["label"] + ": ")
        r.bold = True
        runs += [r, p.add_run(b["text"])]
    elif "text" in b:
        p = doc.add_paragraph()
        runs.append(p.add_run(b["text"]))
    elif "goals" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(6)
        r = p.add_run(b["goals"])
        r.bold, r.font.color.rgb = True, RGBColor(0x1F, 0x4E, 0x5F)
        rows = [cells(x) for x in b["rows"]]
        t = doc.add_table(rows=len(rows), cols=5)
        t.style = "Table Grid"
        t.autofit = False
        widths = [1.35, 2.25, 1.0, 0.85, 1.25]
        for i, row in enumerate(rows):
            for j, text in enumerate((row + [""] * 5)[:5]):
                cell = t.cell(i, j)
                cell.width = Inches(widths[j])
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(9.5)
                if i == 0:
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    shade(cell, "1F4E5F")
                elif j == 0:
                    run.bold = True
                    shade(cell, "EEF3F5")
                elif j == 3:
                    fill = STATUS_FILL.get(text.lower().split(" —")[0].split(" (")[0].strip())
                    if fill:
                        shade(cell, fill)
        doc.add_paragraph().paragraph_format.space_after = Pt(2)
    elif "table" in b:
        t = add_table(doc, b["table"], head_fill="D9D9D9", font_size=9.5)
        runs.append(t.cell(0, 0).paragraphs[0].runs[0])
    elif "kv" in b:
        w = [1.4, 3.2] if layout == "narrow" else [2.0, 4.6]
        t = add_table(doc, b["kv"], header=False, widths=w, head_fill="F2F2F2", font_size=10)
        runs.append(t.cell(0, 0).paragraphs[0].runs[0])
    elif "bullets" in b:
        for item in b["bullets"]:
            p = doc.add_paragraph(style="List Bullet")
            runs.append(p.add_run(item))
    else:
        raise ValueError(f"unknown content item {b!r}")
    for text in notes_of(b):
        doc.add_comment(runs=runs, text=text, author=author, initials="".join(
            w[0] for w in author.replace(",", " ").split() if w[0].isupper())[:3] or "R")
    return runs


def caption_table(doc, src):
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).paragraphs[0].add_run("\n".join(src["caption"]))
    t.cell(0, 1).paragraphs[0].add_run("\n".join(src["case_info"]))


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    footer(doc, f"{src['title']} — {src['case_no']}")
    if layout == "plainletter":
        return build_letter(doc, src, out)
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True
    doc.add_paragraph()
    caption_table(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(10)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    if src.get("subtitle"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(src["subtitle"]).italic = True
    author = src.get("margin_by", "Reviewer")
    for n, sec in enumerate(src["sections"], 1):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.keep_with_next = True
        if layout == "goalsgrid":
            r = p.add_run(f"{n}.  {sec['heading'].upper()}")
            r.bold, r.font.color.rgb = True, RGBColor(0x1F, 0x4E, 0x5F)
            rule_below(p, "1F4E5F", "8")
        else:
            r = p.add_run(sec["heading"])
            r.bold = True
            rule_below(p, "777777", "4")
        for b in sec["content"]:
            add_item(doc, layout, b, author)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_letter(doc, src, out):
    for i, line in enumerate(src["letterhead"]):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(line)
        if i == 0:
            r.bold, r.font.size = True, Pt(15)
            r.font.color.rgb = RGBColor(0x3B, 0x5E, 0x2B)
        else:
            r.font.size = Pt(9.5)
    rule_below(p, "3B5E2B", "12")
    doc.add_paragraph()
    doc.add_paragraph(src["date"])
    for line in src["to"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    t.autofit = False
    t.cell(0, 0).paragraphs[0].add_run("Re:").bold = True
    for j, w in enumerate((0.6, 6.0)):
        t.columns[j].width = Inches(w)
        t.cell(0, j).width = Inches(w)
    for i, line in enumerate(src["re"]):
        para = t.cell(0, 1).paragraphs[0] if i == 0 else t.cell(0, 1).add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        para.add_run(line).bold = i == 0
    doc.add_paragraph()
    doc.add_paragraph(src["salutation"])
    for sec in src["sections"]:
        if sec.get("heading"):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(8)
            p.paragraph_format.keep_with_next = True
            p.add_run(sec["heading"]).bold = True
        for b in sec["content"]:
            add_item(doc, "plainletter", b)
    doc.add_paragraph(src.get("closing", "Respectfully,"))
    sigs = src["signatures"]
    t = doc.add_table(rows=1, cols=len(sigs))
    no_borders(t)
    for j, block in enumerate(sigs):
        cell = t.cell(0, j)
        cell.paragraphs[0].add_run("\n\n______________________________")
        for line in block:
            cell.add_paragraph(line).paragraph_format.space_after = Pt(0)
    if src.get("cc"):
        doc.add_paragraph()
        for line in src["cc"]:
            r = doc.add_paragraph().add_run(line)
            r.font.size = Pt(9.5)
    doc.save(out)


CSS = """
@page { size: letter; margin: 0.75in 0.6in 0.8in 0.7in;
        @bottom-center { content: 'FOOT   —   Page ' counter(page); font-size: 7.5pt; color: #555; } }
body { font-family: 'Liberation Serif', serif; font-size: 10.5pt; line-height: 1.3; }
.court { text-align: center; font-weight: bold; }
table.cap { width: 100%; border-collapse: collapse; margin: 8pt 0 6pt; }
table.cap td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; width: 50%; }
h1 { text-align: center; font-size: 13pt; margin: 6pt 0 2pt; }
.sub1 { text-align: center; font-style: italic; margin-bottom: 4pt; }
.mhead { width: 4.35in; font-size: 8pt; color: #555; text-transform: uppercase; letter-spacing: .6pt;
         border-bottom: 1px solid #999; margin: 8pt 0 4pt; }
.mhead span.r { float: right; }
.main { width: 4.2in; border-right: 0.7pt solid #aaa; padding-right: 0.15in; }
h2 { font-size: 11pt; margin: 10pt 0 3pt; border-bottom: 0.5pt solid #777; page-break-after: avoid; }
h3 { font-size: 10.5pt; font-style: italic; margin: 6pt 0 2pt; }
p { margin: 0 0 5pt; text-align: justify; hyphens: auto; }
.mn { float: right; clear: right; width: 2.4in; margin-right: -2.72in; margin-bottom: 4pt;
      font-family: 'DejaVu Sans', sans-serif; font-size: 7.8pt; line-height: 1.25; color: #1d3f8f;
      font-style: italic; border-left: 2pt solid #9fb3e0; padding-left: 4pt; }
table.t { width: 100%; border-collapse: collapse; margin: 3pt 0 7pt; font-size: 9pt; }
table.t td, table.t th { border: 1px solid #888; padding: 2pt 3pt; vertical-align: top; text-align: left; }
table.t th { background: #d9d9d9; }
table.t td.k { background: #f2f2f2; font-weight: bold; width: 32%; }
ul { margin: 0 0 5pt 0; padding-left: 14pt; }
.sig { margin-top: 14pt; }
.sig p { margin: 0; text-align: left; }
"""


def html_item(b):
    e = html.escape
    notes = "".join(f"<div class='mn'>{e(n)}</div>" for n in notes_of(b))
    if isinstance(b, str):
        body = f"<p>{e(b)}</p>"
    elif "sub" in b:
        body = f"<h3>{e(b['sub'])}</h3>"
    elif "label" in b:
        body = f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>"
    elif "text" in b:
        body = f"<p>{e(b['text'])}</p>"
    elif "table" in b:
        body = html_table(b["table"])
    elif "kv" in b:
        body = html_table(b["kv"], header=False)
    elif "bullets" in b:
        body = "<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>"
    else:
        raise ValueError(f"unknown content item {b!r}")
    return notes + body


def build_html(src):
    e = html.escape
    foot = f"{src['title']} — {src['case_no']}"
    out = ["<html><head><meta charset='utf-8'><style>",
           CSS.replace("FOOT", e(foot).replace("'", "\\'")), "</style></head><body>"]
    for line in src["court"]:
        out.append(f"<div class='court'>{e(line)}</div>")
    out.append("<table class='cap'><tr><td>" + "<br/>".join(e(x) for x in src["caption"]) +
               "</td><td>" + "<br/>".join(e(x) for x in src["case_info"]) + "</td></tr></table>")
    out.append(f"<h1>{e(src['title'].upper())}</h1>")
    if src.get("subtitle"):
        out.append(f"<div class='sub1'>{e(src['subtitle'])}</div>")
    out.append("<div class='mhead'>Report<span class='r'>Review notes &#8212; "
               f"{e(src.get('margin_by', 'Reviewer'))}</span></div>")
    out.append("<div class='main'>")
    for sec in src["sections"]:
        out.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            out.append(html_item(b))
    out.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    out.append("</div></body></html>")
    return "".join(out)
