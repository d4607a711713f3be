"""Writer W8's house styles (reports 196-210): bullets, tribal, outline.

bullets  Obsidian Flats: terse bullet lists (nested lists as YAML lists inside `bullets`),
         bold upper-case headings with a rule, Liberation Sans 10.5 pt; PDF via LibreOffice.
tribal   Red Cedar: ICWA-centred report; PDF from HTML (WeasyPrint) with a two-tone `banner:`
         (two lines) and a `facts:` box (Label | Value rows) floated beside the text; the DOCX
         carries the banner as a shaded two-row table and the facts as a table at the top.
outline  Limber Pine: legal outline; section headings "I." ..., items `{o: "A.", h: ..., t: ...}`
         whose level follows the marker (A. / 1. / a. / (i)); PDF via LibreOffice.

The helpers several writers use come from _shared.py.
"""
import html
import re

from _shared import cells, footer, rule_below, shade
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

LAYOUTS = ("bullets", "tribal", "outline")
HTML_LAYOUTS = ("tribal",)
FONTS = {"bullets": "Liberation Sans", "tribal": "DejaVu Serif", "outline": "Liberation Serif"}
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split()


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
            run = t.cell(i, j).paragraphs[0].add_run(text)
            run.bold = (header and i == 0) or (not header and j == 0)
            if widths and j < len(widths):
                t.cell(i, j).width = Inches(widths[j])
    doc.add_paragraph()
    return t


def outline_level(marker):
    if re.fullmatch(r"\([ivx]+\)", marker):
        return 4
    if re.fullmatch(r"[A-Z]\.", marker):
        return 1
    if re.fullmatch(r"\d+\.", marker):
        return 2
    if re.fullmatch(r"[a-z]\.", marker):
        return 3
    raise ValueError(f"unknown outline marker {marker!r}")


def new_doc(src):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONTS[layout]
    st.font.size = Pt({"bullets": 10.5, "tribal": 11, "outline": 12}[layout])
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(4 if layout == "bullets" else 6)
    st.paragraph_format.line_spacing = 1.0 if layout == "bullets" else 1.15
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        s = doc.styles[name]
        s.font.name = FONTS[layout]
        s.paragraph_format.space_after = Pt(1)
    for s in doc.sections:
        s.left_margin = Inches(1)
        s.right_margin = Inches(0.8 if layout != "bullets" else 0.7)
        s.top_margin = s.bottom_margin = Inches(0.8)
    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    return doc


def caption_block(doc, src):
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "\n".join(src["caption"])
    t.cell(0, 1).text = "\n".join(src["case_info"])
    doc.add_paragraph()


def add_bullets(doc, items, level=1):
    style = {1: "List Bullet", 2: "List Bullet 2"}.get(level, "List Bullet 3")
    for item in items:
        if isinstance(item, list):
            add_bullets(doc, item, level + 1)
        else:
            doc.add_paragraph(item, style=style)


def add_item(doc, layout, b):
    if isinstance(b, str):
        doc.add_paragraph(b)
    elif "o" in b:  # outline item
        lvl = outline_level(b["o"])
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.left_indent = Inches(0.45 * lvl)
        pf.first_line_indent = Inches(-0.4)
        pf.space_after = Pt(4)
        p.add_run(b["o"] + "\t")
        r = p.add_run(b["h"] + ("." if b.get("t") else ""))
        r.bold = lvl <= 2
        r.underline = lvl == 3
        r.italic = lvl == 4
        if b.get("t"):
            p.add_run("  " + b["t"])
    elif "sub" in b:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        r = p.add_run(b["sub"])
        r.bold = True
        if layout == "tribal":
            r.font.color.rgb = RGBColor(0x2E, 0x4A, 0x3A)
    elif "label" in b:
        p = doc.add_paragraph()
        p.add_run(b["label"] + ": ").bold = True
        p.add_run(b["text"])
    elif "table" in b:
        add_table(doc, b["table"])
    elif "kv" in b:
        add_table(doc, b["kv"], header=False, widths=[2.0, 4.5])
    elif "bullets" in b:
        add_bullets(doc, b["bullets"])
    else:
        raise ValueError(f"unknown content item {b!r}")


def section_heading(doc, layout, n, text):
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.keep_with_next = True
    if layout == "bullets":
        r = p.add_run(text.upper())
        r.bold = True
        rule_below(p)
    elif layout == "outline":
        r = p.add_run(f"{ROMAN[n - 1]}.\t{text.upper()}")
        r.bold = True
        p.paragraph_format.first_line_indent = Inches(0)
    else:  # tribal
        r = p.add_run(text)
        r.bold = True
        r.font.size = Pt(12.5)
        r.font.color.rgb = RGBColor(0x2E, 0x4A, 0x3A)
        rule_below(p, color="8A6F3B", size="6")


def build_docx(src, out):
    layout = src["layout"]
    doc = new_doc(src)
    if layout == "tribal":
        t = doc.add_table(rows=2, cols=1)
        for i, (line, fill, color) in enumerate(zip(src["banner"], ("2E4A3A", "D8C9A3"),
                                                    ("FFFFFF", "2E2A20"), strict=True)):
            c = t.cell(i, 0)
            shade(c, fill)
            p = c.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(line)
            r.bold = True
            r.font.size = Pt(13 if i == 0 else 11)
            r.font.color.rgb = RGBColor.from_string(color)
        doc.add_paragraph()
    caption_block(doc, src)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(14)
    if layout == "tribal" and src.get("facts"):
        p = doc.add_paragraph()
        p.add_run("FACTS AT A GLANCE").bold = True
        t = add_table(doc, src["facts"], header=False, widths=[2.0, 4.5])
        for row in t.rows:
            shade(row.cells[0], "EFE8D6")
    for n, sec in enumerate(src["sections"], 1):
        section_heading(doc, layout, n, sec["heading"])
        for b in sec["content"]:
            add_item(doc, layout, b)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def html_bullets(items):
    e = html.escape
    out = ["<ul>"]
    for item in items:
        if isinstance(item, list):
            out.append(html_bullets(item))
        else:
            out.append(f"<li>{e(item)}</li>")
    out.append("</ul>")
    return "".join(out)


def html_table(rows, header=True):
    e = html.escape
    out = ["<table class='grid'>"]
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
    e = html.escape
    css = """
@page{size:letter;margin:0.75in 0.8in 0.8in 0.8in;
 @bottom-center{content:'FOOT — Page ' counter(page) ' of ' counter(pages);font-size:7.5pt;color:#444}}
body{font-family:'DejaVu Serif',serif;font-size:10.5pt;line-height:1.35;color:#1d1d1d}
.banner{margin:0 0 10pt 0;border:1px solid #2e4a3a}
.banner .top{background:#2e4a3a;color:#fff;font-weight:bold;font-size:13pt;text-align:center;padding:7pt 4pt;
 letter-spacing:0.5pt}
.banner .bot{background:#d8c9a3;color:#2e2a20;font-weight:bold;text-align:center;padding:5pt 4pt;font-size:10.5pt}
.court{text-align:center;font-weight:bold;font-size:10pt}
table.cap{width:100%;border-collapse:collapse;margin:6pt 0 8pt 0;font-size:10pt}
table.cap td{vertical-align:top;padding:4pt;border-top:1px solid #999;border-bottom:1px solid #999}
h1{text-align:center;font-size:13.5pt;margin:6pt 0 8pt 0;letter-spacing:1pt}
.facts{float:right;width:2.35in;margin:0 0 8pt 12pt;border:1.5px solid #8a6f3b;background:#f6f1e3;
 font-family:'DejaVu Sans',sans-serif;font-size:8.3pt;line-height:1.25}
.facts .t{background:#8a6f3b;color:#fff;font-weight:bold;padding:3pt 5pt;font-size:8.8pt}
.facts dl{margin:0;padding:3pt 5pt}
.facts dt{font-weight:bold;color:#2e4a3a;margin-top:3pt}
.facts dd{margin:0 0 0 0}
h2{font-size:11.5pt;color:#2e4a3a;border-bottom:1px solid #8a6f3b;margin:11pt 0 4pt 0;
 font-variant:small-caps;letter-spacing:0.4pt}
h3{font-size:10.5pt;color:#2e4a3a;margin:7pt 0 2pt 0}
p{margin:0 0 5pt 0;text-align:justify}
ul{margin:0 0 5pt 0;padding-left:16pt}
table.grid{border-collapse:collapse;margin:3pt 0 7pt 0;font-size:9.2pt}
table.grid th,table.grid td{border:1px solid #777;padding:2pt 4pt;vertical-align:top;text-align:left}
table.grid th{background:#e7dfc8}
table.grid th.k{background:#f2ecdb;width:1.7in}
.sig{margin-top:14pt}
.sig p{margin:0;text-align:left}
""".replace("FOOT", e(f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)").replace("'", "\\'"))
    out = ["<html><head><meta charset='utf-8'><style>", css, "</style></head><body>"]
    top, bot = src["banner"]
    out.append(f"<div class='banner'><div class='top'>{e(top)}</div><div class='bot'>{e(bot)}</div></div>")
    for line in src["court"]:
        out.append(f"<div class='court'>{e(line)}</div>")
    out.append("<table class='cap'><tr><td>" + "<br/>".join(e(x) for x in src["caption"]) +
               "</td><td style='text-align:right'>" + "<br/>".join(e(x) for x in src["case_info"]) +
               "</td></tr></table>")
    out.append(f"<h1>{e(src['title'].upper())}</h1>")
    if src.get("facts"):
        out.append("<div class='facts'><div class='t'>Facts at a glance</div><dl>")
        for row in src["facts"]:
            k, v = (cells(row) + [""])[:2]
            out.append(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>")
        out.append("</dl></div>")
    for sec in src["sections"]:
        out.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b:
                out.append(html_table(b["table"]))
            elif "kv" in b:
                out.append(html_table(b["kv"], header=False))
            elif "bullets" in b:
                out.append(html_bullets(b["bullets"]))
            else:
                raise ValueError(f"unknown content item {b!r}")
    out.append("<div class='sig'>" + "".join(f"<p>{e(x)}</p>" for x in src["signature"]) + "</div>")
    out.append("</body></html>")
    return "".join(out)
