"""Build the corpus2 reports: source/*.yml -> docx/*.docx and pdf/*.pdf.

DOCX with python-docx (layout decides caption, headings and fonts); PDF from the DOCX
by ONE LibreOffice call, except layout 'twocol', whose PDF WeasyPrint renders from HTML
with CSS `columns: 2`, and 'htmltab' (W2, 31-60), rendered by WeasyPrint with every section
as an HTML table.  W2's other layouts: addendum, wide (landscape), numbered (no headings,
numbered paragraphs), assess, minors.  W3's layouts (61-90): bilingual, qa, header (caption in
the page header, real footnotes), sidebar (WeasyPrint, case-facts sidebar), longadd (closing
addendum changes the plan), perchild.  W4's (91-120): weplural, checkbox, quotes, bychild,
planab (WeasyPrint, running header), cover.  W5's (121-150): summary, kinfind (WeasyPrint),
qtable, findings, legacy (WeasyPrint, tables as spaced text), spanish (WeasyPrint).
W6's (151-180): interviews, cpgrid (WeasyPrint), status, caseplan, courtesy (WeasyPrint,
addenda), sibgrid.  Later writers put their layouts in their own module under ``layouts/`` (one
per writer: ``LAYOUTS``, ``build_docx(src, out)`` and, for a PDF made by WeasyPrint, ``HTML_LAYOUTS`` and
``build_html(src)``), found by the layout's name.
Run:  .venv/bin/python tests/review/corpus2/build.py [NN ...]
"""
import html
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

HERE = pathlib.Path(__file__).resolve().parent
FONTS = {"styles": "Times New Roman", "caps": "Arial", "tables": "Calibri",
         "matter": "Courier New", "twocol": "Times New Roman", "multichild": "Georgia",
         # W2's layouts (31-60)
         "addendum": "Cambria", "wide": "Arial", "numbered": "Century Schoolbook",
         "assess": "Garamond", "htmltab": "Verdana", "minors": "Book Antiqua",
         # W3's layouts (61-90)
         "bilingual": "Carlito", "qa": "Liberation Sans", "header": "Caladea",
         "sidebar": "DejaVu Sans", "longadd": "Liberation Serif", "perchild": "Noto Serif"}
W3_LAYOUTS = ("bilingual", "qa", "header", "sidebar", "longadd", "perchild")
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split()


def cells(row):
    return [c.strip() for c in row.split("|")]


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
            if widths:
                t.cell(i, j).width = Inches(widths[j])
    doc.add_paragraph()


def footer(doc, text):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text + "   —   Page ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.append(fld)


def heading(doc, layout, n, text, level=1):
    if layout in W3_LAYOUTS:
        return w3_heading(doc, layout, n, text, level)
    if layout == "numbered":  # no headings at all: paragraphs carry the numbers
        return
    if layout in ("addendum", "minors", "wide", "htmltab"):
        doc.add_heading(text.upper() if layout == "addendum" and level == 1 else text, level=level)
        return
    if layout == "assess":  # bold italic run-in style heading with a colon, Normal style
        p = doc.add_paragraph()
        r = p.add_run(text + ":")
        r.bold, r.italic = True, level == 1
        return
    if layout in ("styles", "multichild"):
        doc.add_heading(f"{n}. {text}" if level == 1 and layout == "styles" else text, level=level)
    elif layout == "tables" or layout == "twocol":
        doc.add_heading(text, level=level)
    elif layout == "caps":
        p = doc.add_paragraph()
        p.add_run(text.upper()).bold = True
        if level == 1:
            p.paragraph_format.space_before = Pt(12)
    else:  # matter: roman numerals, bold underlined, Normal style
        p = doc.add_paragraph()
        r = p.add_run(f"{ROMAN[n - 1]}. {text}" if level == 1 else text)
        r.bold, r.underline = True, level == 1


def plugin(layout):
    """The writer's module under layouts/ that declares this layout, or None."""
    import importlib.util
    if str(HERE / "layouts") not in sys.path:
        sys.path.insert(0, str(HERE / "layouts"))  # the writers' modules share layouts/_shared.py
    for path in sorted((HERE / "layouts").glob("[!_]*.py")):
        spec = importlib.util.spec_from_file_location(f"corpus2_layouts_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if layout in getattr(module, "LAYOUTS", ()):
            return module
    return None


def build_docx(src, out):
    layout = src["layout"]
    mod = plugin(layout)
    if mod is not None:
        return mod.build_docx(src, out)
    if layout in W6_LAYOUTS:
        return w6_build_docx(src, out)
    if layout in W5_LAYOUTS:
        return w5_build_docx(src, out)
    if layout in W4_LAYOUTS:
        return w4_build_docx(src, out)
    if layout in W3_LAYOUTS:
        return w3_build_docx(src, out)
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name, st.font.size = FONTS[layout], Pt(12 if layout != "matter" else 11)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(6)
    st.paragraph_format.line_spacing = 1.15
    for s in doc.sections:
        s.left_margin, s.right_margin = Inches(1), Inches(0.8)
        if layout == "wide":  # landscape page for the wide permanency tables
            s.orientation, s.page_width, s.page_height = 1, s.page_height, s.page_width
            s.left_margin = s.right_margin = Inches(0.7)
    if layout == "wide":
        st.font.size = Pt(10.5)
    num = [0]

    def para(text, label=None):  # 'numbered' layout: every paragraph is numbered 1., 2., ...
        p = doc.add_paragraph()
        if layout == "numbered":
            num[0] += 1
            p.paragraph_format.left_indent, p.paragraph_format.first_line_indent = Inches(0.4), Inches(-0.4)
            p.add_run(f"{num[0]}.\t")
        if label:
            p.add_run(label + ": ").bold = True
        p.add_run(text)
    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    if layout == "caps":  # caption as a two-column table
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
        doc.add_paragraph()
    else:
        for line in src["caption"]:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if layout not in ("styles", "numbered") else WD_ALIGN_PARAGRAPH.LEFT
        for line in src["case_info"]:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(14)
    for n, sec in enumerate(src["sections"], 1):
        heading(doc, layout, n, sec["heading"])
        for b in sec["content"]:
            if isinstance(b, str):
                para(b)
            elif "sub" in b:
                heading(doc, layout, n, b["sub"], level=2)
            elif "label" in b:
                para(b["text"], b["label"])
            elif "table" in b:
                add_table(doc, b["table"])
            elif "kv" in b:
                add_table(doc, b["kv"], header=False, widths=[2.0, 4.6])
            elif "bullets" in b:
                for item in b["bullets"]:
                    doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def build_html(src):
    e = html.escape
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.9in 0.8in;@bottom-center{content:'" + e(src["title"]) +
           " — " + e(src["case_no"]) + " — CONFIDENTIAL (WIC §827) — Page ' counter(page);font-size:8pt}}",
           "body{font-family:'Liberation Serif',serif;font-size:11.5pt;line-height:1.45}",
           ".cols{columns:2;column-gap:0.3in;text-align:justify}",
           "h2{font-size:11pt;text-transform:uppercase;border-bottom:1px solid #000;margin:10px 0 4px}",
           "h3{font-size:10.5pt;margin:6px 0 2px}p{margin:0 0 6px}",
           "table{border-collapse:collapse;width:100%;font-size:9pt;margin-bottom:6px}",
           "td,th{border:1px solid #000;padding:2px 3px;vertical-align:top;text-align:left}",
           ".court{text-align:center;font-weight:bold}.title{text-align:center;font-size:13pt;"
           "font-weight:bold;margin:8px 0}.cap{display:flex;justify-content:space-between;"
           "border-bottom:2px solid #000;padding-bottom:6px}</style></head><body>"]
    out += [f"<div class='court'>{e(line)}</div>" for line in src["court"]]
    out.append("<div class='cap'><div>" + "<br>".join(map(e, src["caption"])) + "</div><div>" +
               "<br>".join(map(e, src["case_info"])) + "</div></div>")
    out.append(f"<div class='title'>{e(src['title'].upper())}</div><div class='cols'>")
    for sec in src["sections"]:
        out.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                header_row, header_col = "table" in b, "kv" in b
                out.append("<table>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (header_row and i == 0) or (header_col and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
    out.append("<p>&nbsp;</p>" + "<br>".join(map(e, src["signature"])) + "</div></body></html>")
    return "\n".join(out)


def build_html_tables(src):
    """'htmltab' (Quartz Valley): everything, caption and each section, is an HTML table."""
    e = html.escape
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.7in;@bottom-right{content:'" + e(src["case_no"]) +
           " | Page ' counter(page) ' of ' counter(pages);font-size:8pt}}",
           "body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;line-height:1.35}",
           "table{border-collapse:collapse;width:100%;margin-bottom:8px}",
           "td,th{border:1px solid #444;padding:3px 5px;vertical-align:top;text-align:left}",
           "th.sec{background:#d9d9d9;font-size:10pt;text-transform:uppercase}",
           "td.lab{font-weight:bold;width:28%;background:#f2f2f2}td p{margin:0 0 4px}",
           "table.in td,table.in th{font-size:8.5pt}</style></head><body>"]
    out.append("<table><tr><th class='sec' colspan='2' style='text-align:center'>" +
               "<br>".join(map(e, src["court"])) + "</th></tr><tr><td>" +
               "<br>".join(map(e, src["caption"])) + "</td><td>" + "<br>".join(map(e, src["case_info"])) +
               "</td></tr><tr><th colspan='2' style='text-align:center;font-size:12pt'>" +
               e(src["title"].upper()) + "</th></tr></table>")
    for sec in src["sections"]:
        out.append(f"<table><tr><th class='sec' colspan='2'>{e(sec['heading'])}</th></tr>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<tr><td colspan='2'><p>{e(b)}</p></td></tr>")
            elif "sub" in b:
                out.append(f"<tr><th colspan='2'>{e(b['sub'])}</th></tr>")
            elif "label" in b:
                out.append(f"<tr><td class='lab'>{e(b['label'])}</td><td>{e(b['text'])}</td></tr>")
            elif "kv" in b:
                out += [f"<tr><td class='lab'>{e(r[0])}</td><td>{e(r[1])}</td></tr>"
                        for r in map(cells, b["kv"])]
            elif "table" in b:
                rows = [cells(r) for r in b["table"]]
                out.append("<tr><td colspan='2' style='padding:0'><table class='in' style='margin:0'>" +
                           "".join("<tr>" + "".join(f"<{'th' if i == 0 else 'td'}>{e(c)}</{'th' if i == 0 else 'td'}>"
                                   for c in r) + "</tr>" for i, r in enumerate(rows)) + "</table></td></tr>")
            elif "bullets" in b:
                out.append("<tr><td colspan='2'><ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) +
                           "</ul></td></tr>")
        out.append("</table>")
    out.append("<table><tr><td>" + "<br>".join(map(e, src["signature"])) + "</td></tr></table></body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# W3's layouts (61-90).  Six further county house styles:
#   bilingual (Río Dorado)   Spanish/English headings "§ n  ESPAÑOL / ENGLISH", bilingual caption
#   qa        (Manzanita)    structured-interview report: items {q: ..., a: ...} under "PART n" headings
#   header    (Sandpiper Bay) caption in the page HEADER (a table repeated on every page), real Word
#                            footnotes (markers [^n] in the text, `footnotes: {n: text}`), "Attachments"
#   sidebar   (Juniper Flats) PDF from HTML (WeasyPrint): a narrow left sidebar of case facts
#                            (`sidebar: ["Label | Text", ...]`) beside the narrative; DOCX: the facts
#                            as a table at the top
#   longadd   (Tamarack)     long Jurisdiction/Disposition report, ruled headings "Section n", then an
#                            `addendum: {title, lines, sections, signature}` on a new page that changes
#                            the plan (the addendum governs)
#   perchild  (Cottonwood Bend) multi-child report, grey-bar headings, a Label | Text table per child,
#                            bulleted "Reasonable efforts" and "Concurrent planning" lists
# Extra top-level keys used only here: sidebar, footnotes, attachments, addendum.
# ---------------------------------------------------------------------------

FN_RE = re.compile(r"\[\^(\d+)\]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w3_shade(p, fill="D9D9D9"):
    ppr = p._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"), shd.set(qn("w:color"), "auto"), shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def w3_rule_below(p):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "8"), ("space", "1"), ("color", "000000")):
        b.set(qn("w:" + k), v)
    bdr.append(b)
    ppr.append(bdr)


def w3_heading(doc, layout, n, text, level=1):
    if layout == "bilingual":
        p = doc.add_paragraph()
        r = p.add_run((f"§ {n}   " if level == 1 else "") + (text.upper() if level == 1 else text))
        r.bold = True
        r.font.size = Pt(12.5 if level == 1 else 12)
        p.paragraph_format.space_before = Pt(10 if level == 1 else 4)
        if level == 1:
            w3_rule_below(p)
    elif layout == "qa":
        p = doc.add_paragraph()
        r = p.add_run(f"PART {ROMAN[n - 1]}.  {text}" if level == 1 else text)
        r.bold, r.font.small_caps = True, level == 1
        p.paragraph_format.space_before = Pt(12 if level == 1 else 6)
    elif layout == "header":
        doc.add_heading(f"{n}. {text}" if level == 1 else text, level=level + 1)
    elif layout == "sidebar":
        doc.add_heading(text, level=level)
    elif layout == "longadd":
        p = doc.add_paragraph()
        if level == 1:
            r = p.add_run(f"Section {n}  —  {text}")
            r.bold = True
            w3_rule_below(p)
            p.paragraph_format.space_before = Pt(12)
        else:
            r = p.add_run(text)
            r.bold, r.italic = True, True
    else:  # perchild: grey bar headings, sub-headings bold underlined
        p = doc.add_paragraph()
        r = p.add_run(text.upper() if level == 1 else text)
        r.bold = True
        if level == 1:
            w3_shade(p)
            p.paragraph_format.space_before = Pt(10)
        else:
            r.underline = True


class W3Footnotes:
    """Real Word footnotes: adds word/footnotes.xml and w:footnoteReference runs."""

    def __init__(self, doc, notes):
        self.doc, self.notes, self.ids = doc, {str(k): v for k, v in (notes or {}).items()}, []

    def run(self, p, num):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        r.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), num)
        r.append(ref)
        p._p.append(r)
        self.ids.append(num)

    def save_part(self):
        if not self.ids:
            return
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        e = html.escape
        body = [f'<w:footnotes xmlns:w="{W_NS}">',
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                '</w:r></w:p></w:footnote>']
        for num in self.ids:
            body.append(f'<w:footnote w:id="{num}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                        '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr><w:footnoteRef/></w:r>'
                        f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {e(self.notes[num])}</w:t></w:r>'
                        '</w:p></w:footnote>')
        body.append("</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    "".join(body).encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)


def w3_build_docx(src, out):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name, st.font.size = FONTS[layout], Pt(11 if layout in ("sidebar", "perchild") else 12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])
    st.paragraph_format.space_after = Pt(6)
    st.paragraph_format.line_spacing = 1.5 if layout == "longadd" else 1.15
    for s in doc.sections:
        s.left_margin, s.right_margin = Inches(1), Inches(0.75)
    fns = W3Footnotes(doc, src.get("footnotes"))

    def para(text, label=None, indent=None):
        p = doc.add_paragraph()
        if indent:
            p.paragraph_format.left_indent = Inches(indent)
        if label:
            p.add_run(label + ": ").bold = True
        parts = FN_RE.split(text)
        for i, piece in enumerate(parts):
            if i % 2 == 0:
                if piece:
                    p.add_run(piece)
            else:
                fns.run(p, piece)
        return p

    def content(sections, start=1):
        for n, sec in enumerate(sections, start):
            heading(doc, layout, n, sec["heading"])
            for b in sec["content"]:
                if isinstance(b, str):
                    para(b)
                elif "sub" in b:
                    heading(doc, layout, n, b["sub"], level=2)
                elif "label" in b:
                    para(b["text"], b["label"])
                elif "q" in b:
                    p = para(b["q"], "Q")
                    p.paragraph_format.space_after = Pt(2)
                    para(b["a"], "A", indent=0.35)
                elif "table" in b:
                    add_table(doc, b["table"])
                elif "kv" in b:
                    add_table(doc, b["kv"], header=False, widths=[2.0, 4.7])
                elif "bullets" in b:
                    for item in b["bullets"]:
                        doc.add_paragraph(item, style="List Bullet")

    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    if layout == "header":  # caption block lives in the page header, on every page
        hdr = doc.sections[0].header
        hp = hdr.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        hp.add_run(" · ".join(src["court"])).bold = True
        t = hdr.add_table(rows=1, cols=2, width=Inches(6.7))
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
        for c in t.rows[0].cells:
            for cp in c.paragraphs:
                for r in cp.runs:
                    r.font.size = Pt(9)
    else:
        for line in src["court"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
        if layout == "bilingual":
            t = doc.add_table(rows=1, cols=2)
            t.style = "Table Grid"
            t.cell(0, 0).text = "\n".join(src["caption"])
            t.cell(0, 1).text = "\n".join(src["case_info"])
            doc.add_paragraph()
        else:
            for line in src["caption"]:
                doc.add_paragraph(line)
            for line in src["case_info"]:
                doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(src["title"] if layout == "bilingual" else src["title"].upper())
    r.bold, r.font.size = True, Pt(14)
    if src.get("sidebar"):
        p = doc.add_paragraph()
        p.add_run("CASE FACTS AT A GLANCE").bold = True
        add_table(doc, src["sidebar"], header=False, widths=[1.9, 4.8])
    content(src["sections"])
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    if src.get("attachments"):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(14)
        p.add_run("Attachments").bold = True
        for i, a in enumerate(src["attachments"], 1):
            doc.add_paragraph(f"{chr(64 + i)}.  {a}").paragraph_format.left_indent = Inches(0.3)
    add = src.get("addendum")
    if add:
        doc.add_page_break()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(add["title"].upper())
        r.bold, r.font.size = True, Pt(14)
        for line in add.get("lines", []):
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        content(add["sections"], start=len(src["sections"]) + 1)
        doc.add_paragraph()
        for line in add["signature"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    fns.save_part()
    doc.save(out)


def w3_build_html_sidebar(src):
    """'sidebar' (Juniper Flats): narrow left column of case facts, narrative on the right."""
    e = html.escape
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.75in 0.7in 0.8in 0.7in;@bottom-left{content:'" + e(src["title"]) +
           " · " + e(src["case_no"]) + "';font-size:7.5pt}@bottom-right{content:'CONFIDENTIAL — WIC §827 · "
           "page ' counter(page) ' of ' counter(pages);font-size:7.5pt}}",
           "body{font-family:'DejaVu Sans',sans-serif;font-size:9.6pt;line-height:1.42}",
           ".court{text-align:center;font-weight:bold;font-size:10pt}",
           ".cap{border-top:3px solid #2b4a6f;border-bottom:1px solid #2b4a6f;margin:6px 0;padding:5px 0;"
           "display:flex;justify-content:space-between}",
           ".title{font-size:14pt;font-weight:bold;color:#2b4a6f;margin:6px 0 10px}",
           ".side{float:left;width:2.05in;background:#eef2f6;border:1px solid #9fb3c8;padding:6px 7px;"
           "font-size:8.3pt;line-height:1.3}",
           ".side h4{margin:0 0 4px;font-size:9pt;color:#2b4a6f;text-transform:uppercase}",
           ".side dt{font-weight:bold;margin-top:4px}.side dd{margin:0 0 0 0}",
           ".main{margin-left:2.35in}h2{font-size:10.5pt;color:#2b4a6f;margin:10px 0 3px;"
           "border-bottom:1px solid #9fb3c8}h3{font-size:9.8pt;margin:7px 0 2px}p{margin:0 0 6px}",
           "table{border-collapse:collapse;width:100%;font-size:8.5pt;margin-bottom:6px}",
           "td,th{border:1px solid #777;padding:2px 4px;vertical-align:top;text-align:left}",
           "</style></head><body>"]
    out += [f"<div class='court'>{e(line)}</div>" for line in src["court"]]
    out.append("<div class='cap'><div>" + "<br>".join(map(e, src["caption"])) + "</div><div style='text-align:right'>" +
               "<br>".join(map(e, src["case_info"])) + "</div></div>")
    out.append(f"<div class='title'>{e(src['title'])}</div>")
    out.append("<div class='side'><h4>Case facts</h4><dl>" + "".join(
        f"<dt>{e(r[0])}</dt><dd>{e(r[1])}</dd>" for r in map(cells, src.get("sidebar", []))) + "</dl></div>")
    out.append("<div class='main'>")
    for sec in src["sections"]:
        out.append(f"<h2>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                hr, hc = "table" in b, "kv" in b
                out.append("<table>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (hr and i == 0) or (hc and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
    out.append("<p>&nbsp;</p>" + "<br>".join(map(e, src["signature"])) + "</div></body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# W4's layouts (91-120).  Six further county house styles:
#   weplural (Bristlecone)     dense, short, written as "we"; run-in bold headings that open the
#                              section's first paragraph; 10.5 pt, narrow margins
#   checkbox (Laguna Azul)     "Court Report" form: shaded section bars; the plan as check boxes
#                              (`{checks: ["X|Adoption", "|Legal guardianship"], inline: bool}`,
#                              drawn as ☒ / ☐) with narrative under each box
#   quotes   (Redhawk)         statements quoted at length as indented block quotes with the
#                              speaker named (`{quote: text, who: "..."}`); worker's assessment apart
#   bychild  (Sycamore Gap)    organised by child: a section with `banner: "..."` starts a new page
#                              with a boxed banner; each child's part repeats the shared facts
#   planab   (Whitewater Bluff) PDF from HTML (WeasyPrint) with a running header carrying only the
#                              case number and the children's initials (`initials:`); "Permanency"
#                              split into "Plan A" / "Plan B" sub-headings; the DOCX has the same header
#   cover    (Condor Peak)     older style: caption on a cover page (`cover:` extra lines), centred
#                              roman-numbered headings, underlined run-in labels ("Concurrent Plan.—")
# Extra top-level keys used only here: initials, cover.
# ---------------------------------------------------------------------------

W4_LAYOUTS = ("weplural", "checkbox", "quotes", "bychild", "planab", "cover")
W4_FONTS = {"weplural": "DejaVu Sans Condensed", "checkbox": "Noto Sans", "quotes": "DejaVu Serif",
            "bychild": "Palatino Linotype", "planab": "Segoe UI", "cover": "DejaVu Serif Condensed"}
W4_BOX = {"X": "\u2612", "": "\u2610"}


def w4_checks(item):
    """Rows 'X|Label' -> ['☒ Label', ...]."""
    out = []
    for row in item["checks"]:
        mark, _, text = row.partition("|")
        out.append(f"{W4_BOX[mark.strip().upper()]} {text.strip()}")
    return out


def w4_build_docx(src, out):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    font = W4_FONTS[layout]
    st.font.name = font
    st.font.size = Pt({"weplural": 11, "checkbox": 10.5, "planab": 10.5, "bychild": 11}.get(layout, 11.5))
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(3 if layout == "weplural" else 6)
    st.paragraph_format.line_spacing = 1.1 if layout == "weplural" else 1.15
    for s in doc.sections:
        if layout == "weplural":
            s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Inches(0.85)
        elif layout == "cover":
            s.left_margin, s.right_margin = Inches(1.25), Inches(1)
        else:
            s.left_margin, s.right_margin = Inches(1), Inches(0.9)
    pending = []  # weplural: heading waiting to open the next paragraph

    def para(text, label=None):
        p = doc.add_paragraph()
        if pending:
            p.add_run(pending.pop() + ".  ").bold = True
        if label:
            if layout == "cover":
                p.add_run(label).underline = True
                p.add_run(".\u2014")
            else:
                p.add_run(label + ": ").bold = True
        p.add_run(text)
        return p

    def flush():
        if pending:
            p = doc.add_paragraph()
            p.add_run(pending.pop() + ".").bold = True

    def head(n, text, level):
        if layout == "weplural":
            if level == 1:
                flush()
                pending.append(text)
            else:
                flush()
                p = doc.add_paragraph()
                r = p.add_run(text)
                r.bold, r.italic = True, True
                p.paragraph_format.space_after = Pt(1)
        elif layout == "checkbox":
            p = doc.add_paragraph()
            r = p.add_run(f"{n}.  {text.upper()}" if level == 1 else text)
            r.bold = True
            if level == 1:
                w3_shade(p, "E4E4E4")
                p.paragraph_format.space_before = Pt(8)
        elif layout == "quotes" or layout == "planab":
            doc.add_heading(f"{n}. {text}" if (level == 1 and layout == "planab") else text, level=level)
        elif layout == "bychild":
            p = doc.add_paragraph()
            r = p.add_run(text.upper() if level == 1 else text)
            r.bold = True
            r.underline = level == 1
            p.paragraph_format.space_before = Pt(8 if level == 1 else 4)
        else:  # cover: centred roman numerals
            p = doc.add_paragraph()
            if level == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = p.add_run(f"{ROMAN[n - 1]}.  {text.upper()}")
                r.bold = True
                p.paragraph_format.space_before = Pt(12)
            else:
                r = p.add_run(text)
                r.italic = True

    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    if layout == "planab":
        hp = doc.sections[0].header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        r = hp.add_run(f"{src['case_no']}   ·   {src['initials']}")
        r.font.size = Pt(8)
    if layout == "cover":
        for line in src["court"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
        for _ in range(5):
            doc.add_paragraph()
        for line in src["caption"]:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph()
        for line in src["case_info"]:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        for _ in range(3):
            doc.add_paragraph()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(src["title"].upper())
        r.bold, r.font.size = True, Pt(15)
        for _ in range(4):
            doc.add_paragraph()
        for line in src.get("cover", []):
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_page_break()
    else:
        if layout == "weplural":
            p = doc.add_paragraph()
            p.add_run(" — ".join(src["court"])).bold = True
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            for line in src["court"]:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(line).bold = True
        for line in src["caption"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        for line in src["case_info"]:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_after = Pt(0)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(8)
        r = p.add_run(src["title"].upper())
        r.bold, r.font.size = True, Pt(13 if layout == "weplural" else 14)
    first = True  # bychild: every banner after the first starts a new page
    for n, sec in enumerate(src["sections"], 1):
        if sec.get("banner"):
            flush()
            if not first:
                doc.add_page_break()
            first = False
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(sec["banner"])
            r.bold, r.font.size = True, Pt(13)
            w3_shade(p, "D0D0D0")
            w3_rule_below(p)
        head(n, sec["heading"], 1)
        for b in sec["content"]:
            if isinstance(b, str):
                para(b)
                continue
            flush()
            if "sub" in b:
                head(n, b["sub"], 2)
            elif "label" in b:
                para(b["text"], b["label"])
            elif "checks" in b:
                boxes = w4_checks(b)
                if b.get("inline"):
                    p = doc.add_paragraph("      ".join(boxes))
                    p.paragraph_format.left_indent = Inches(0.25)
                else:
                    for line in boxes:
                        p = doc.add_paragraph()
                        p.paragraph_format.space_before = Pt(4)
                        p.add_run(line).bold = line.startswith(W4_BOX["X"])
            elif "quote" in b:
                p = doc.add_paragraph()
                p.add_run(b["who"] + ":").italic = True
                p.paragraph_format.space_after = Pt(2)
                for piece in b["quote"].split("\n\n"):
                    q = doc.add_paragraph()
                    q.paragraph_format.left_indent = Inches(0.6)
                    q.paragraph_format.right_indent = Inches(0.5)
                    q.add_run(piece.strip()).italic = True
            elif "table" in b:
                add_table(doc, b["table"])
            elif "kv" in b:
                add_table(doc, b["kv"], header=False, widths=[2.0, 4.5])
            elif "bullets" in b:
                for item in b["bullets"]:
                    doc.add_paragraph(item, style="List Bullet")
        flush()
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def w4_build_html_planab(src):
    """'planab' (Whitewater Bluff): running header = case number and initials only."""
    e = html.escape
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.85in 0.8in 0.75in 0.9in;"
           "@top-left{content:'" + e(src["case_no"]) + "';font-size:8pt;color:#555}"
           "@top-right{content:'" + e(src["initials"]) + "';font-size:8pt;color:#555}"
           "@bottom-center{content:'Page ' counter(page) ' of ' counter(pages) ' — confidential, WIC §827';"
           "font-size:7.5pt}}",
           "body{font-family:'Noto Sans',sans-serif;font-size:9.8pt;line-height:1.45}",
           ".court{text-align:center;font-weight:bold;letter-spacing:0.5px}",
           ".cap{display:flex;justify-content:space-between;border:1px solid #333;padding:6px 8px;margin:8px 0}",
           ".title{text-align:center;font-size:13pt;font-weight:bold;margin:10px 0 6px}",
           "h2{font-size:10.5pt;margin:12px 0 4px;padding-left:6px;border-left:5px solid #3a6b4f}",
           "h3{font-size:10pt;margin:8px 0 3px;background:#e8f0ea;padding:2px 6px;border:1px solid #b9cfc0}",
           "p{margin:0 0 6px}ul{margin:0 0 6px}",
           "table{border-collapse:collapse;width:100%;font-size:9pt;margin-bottom:6px}",
           "td,th{border:1px solid #777;padding:2px 4px;vertical-align:top;text-align:left}",
           "blockquote{margin:4px 30px;font-style:italic}.box{margin:2px 0 2px 14px}",
           "</style></head><body>"]
    out += [f"<div class='court'>{e(line)}</div>" for line in src["court"]]
    out.append("<div class='cap'><div>" + "<br>".join(map(e, src["caption"])) +
               "</div><div style='text-align:right'>" + "<br>".join(map(e, src["case_info"])) + "</div></div>")
    out.append(f"<div class='title'>{e(src['title'].upper())}</div>")
    for n, sec in enumerate(src["sections"], 1):
        out.append(f"<h2>{n}. {e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "checks" in b:
                out += [f"<div class='box'>{e(x)}</div>" for x in w4_checks(b)]
            elif "quote" in b:
                out.append(f"<p><i>{e(b['who'])}:</i></p>" + "".join(
                    f"<blockquote>{e(x.strip())}</blockquote>" for x in b["quote"].split("\n\n")))
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                hr, hc = "table" in b, "kv" in b
                out.append("<table>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (hr and i == 0) or (hc and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
    out.append("<p>&nbsp;</p>" + "<br>".join(map(e, src["signature"])) + "</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# W5's layouts (121-150).  Six further county house styles, leaning on tables:
#   summary  (Calico Hills)   a "Case Plan Summary" Word table at the top (one row per child),
#                             decimal-numbered headings "3.0  PLACEMENT"; PDF via LibreOffice
#   kinfind  (Saltgrass Valley) family-finding and sibling tables; PDF from HTML tables (WeasyPrint),
#                             dark heading bars; DOCX with Word tables
#   qtable   (Tinaja)         a questionnaire: three-column Word tables Question | Answer | Response,
#                             lettered shaded headings "SECTION C"; PDF via LibreOffice
#   findings (Greywacke)      "Finding | Facts supporting" table, bulleted reasonable efforts,
#                             placement history with "Reason for move", endnotes (markers [^n] in
#                             the text, `notes: {n: text}` printed as "Notes" at the end); PDF via LO
#   legacy   (Lupine Meadows) case-management-system print: monospace; PDF from HTML where every
#                             table is drawn as space-aligned text columns; DOCX with Word tables
#   spanish  (Vireo Valley)   statements quoted in Spanish with the worker's English translation
#                             (`{es: ..., en: ..., who: ...}`); sibling table; PDF from HTML (WeasyPrint)
# Extra top-level key used only here: notes (findings).
# ---------------------------------------------------------------------------

W5_LAYOUTS = ("summary", "kinfind", "qtable", "findings", "legacy", "spanish")
W5_HTML = ("kinfind", "legacy", "spanish")
W5_FONTS = {"summary": "Arial Narrow", "kinfind": "Liberation Sans", "qtable": "Tahoma",
            "findings": "Bookman Old Style", "legacy": "Liberation Mono", "spanish": "Noto Serif"}
W5_LETTERS = "ABCDEFGHIJKLMNOP"


def w5_note_runs(p, text):
    """Add text to paragraph p; endnote markers [^n] become superscript n."""
    pos = 0
    for m in FN_RE.finditer(text):
        p.add_run(text[pos:m.start()])
        p.add_run(m.group(1)).font.superscript = True
        pos = m.end()
    p.add_run(text[pos:])


def w5_build_docx(src, out):
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    font = W5_FONTS[layout]
    st.font.name = font
    st.font.size = Pt({"legacy": 9.5, "summary": 11, "qtable": 10}.get(layout, 11))
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(0 if layout == "legacy" else 6)
    st.paragraph_format.line_spacing = 1.0 if layout == "legacy" else 1.15
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.75 if layout in ("legacy", "qtable") else 1)

    def head(n, text, level):
        if layout == "summary":
            p = doc.add_paragraph()
            r = p.add_run(f"{n}.0   {text.upper()}" if level == 1 else text)
            r.bold = True
            r.font.small_caps = level == 2
            p.paragraph_format.space_before = Pt(10 if level == 1 else 4)
            if level == 1:
                w3_rule_below(p)
        elif layout == "qtable":
            p = doc.add_paragraph()
            r = p.add_run(f"SECTION {W5_LETTERS[n - 1]}  ·  {text.upper()}" if level == 1 else text)
            r.bold = True
            if level == 1:
                w3_shade(p, "C9D6E3")
                p.paragraph_format.space_before = Pt(10)
        elif layout == "legacy":
            p = doc.add_paragraph()
            p.add_run(f"*** {text.upper()} ***" if level == 1 else f"-- {text} --").bold = level == 1
            p.paragraph_format.space_before = Pt(8 if level == 1 else 4)
        else:  # findings, kinfind, spanish: Word heading styles
            doc.add_heading(text, level=level)

    footer(doc, f"{src['title']} — {src['case_no']} — CONFIDENTIAL (WIC §827)")
    if layout == "legacy":
        for line in src["court"]:
            doc.add_paragraph(line)
        doc.add_paragraph("=" * 78)
        for a, b in zip(src["caption"], src["case_info"] + [""] * len(src["caption"]), strict=False):
            doc.add_paragraph(f"{a:<48}{b}")
        doc.add_paragraph("=" * 78)
        p = doc.add_paragraph()
        p.add_run(src["title"].upper()).bold = True
        doc.add_paragraph()
    else:
        for line in src["court"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
            p.paragraph_format.space_after = Pt(0)
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(10)
        r = p.add_run(src["title"].upper())
        r.bold, r.font.size = True, Pt(13.5)
    for n, sec in enumerate(src["sections"], 1):
        head(n, sec["heading"], 1)
        for b in sec["content"]:
            if isinstance(b, str):
                w5_note_runs(doc.add_paragraph(), b)
                if layout == "legacy":
                    doc.add_paragraph()
            elif "sub" in b:
                head(n, b["sub"], 2)
            elif "label" in b:
                p = doc.add_paragraph()
                p.add_run(b["label"] + ": ").bold = True
                w5_note_runs(p, b["text"])
            elif "es" in b:
                p = doc.add_paragraph()
                p.add_run(b["who"] + ":").bold = True
                q = doc.add_paragraph()
                q.paragraph_format.left_indent = Inches(0.5)
                q.add_run("\u201c" + b["es"].strip() + "\u201d").italic = True
                q = doc.add_paragraph()
                q.paragraph_format.left_indent = Inches(0.5)
                q.add_run("[Translation: " + b["en"].strip() + "]")
            elif "table" in b:
                widths = b.get("widths")
                if not widths and layout == "qtable" and len(cells(b["table"][0])) == 3:
                    widths = [1.9, 1.1, 4.0]
                add_table(doc, b["table"], widths=widths)
                for cell in (c for row in doc.tables[-1].rows for c in row.cells):
                    para = cell.paragraphs[0]
                    if FN_RE.search(para.text):  # endnote markers inside a table cell
                        text, bold = para.text, para.runs[0].bold
                        for r in para.runs:
                            r._r.getparent().remove(r._r)
                        w5_note_runs(para, text)
                        for r in para.runs:
                            r.bold = bold
            elif "kv" in b:
                add_table(doc, b["kv"], header=False, widths=[2.0, 4.5])
            elif "bullets" in b:
                for item in b["bullets"]:
                    w5_note_runs(doc.add_paragraph(style="List Bullet"), item)
    if src.get("notes"):
        head(len(src["sections"]) + 1, "Notes", 1)
        for k, v in src["notes"].items():
            p = doc.add_paragraph()
            p.add_run(str(k)).font.superscript = True
            p.add_run(" " + v).font.size = Pt(9.5)
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def w5_text_table(rows, width=92):
    """Rows drawn as space-aligned text columns (the 'legacy' PDF); long cells wrap inside
    their column."""
    import textwrap
    rows = [cells(r) for r in rows]
    ncol = max(len(r) for r in rows)
    rows = [r + [""] * (ncol - len(r)) for r in rows]
    natural = [max(len(r[j]) for r in rows) for j in range(ncol)]
    avail = width - 2 * (ncol - 1)
    widths = natural[:]
    while sum(widths) > avail:
        j = widths.index(max(widths))
        widths[j] -= 1
    lines = []
    for i, r in enumerate(rows):
        wrapped = [textwrap.wrap(c, widths[j]) or [""] for j, c in enumerate(r)]
        for k in range(max(len(w) for w in wrapped)):
            lines.append("  ".join((w[k] if k < len(w) else "").ljust(widths[j])
                                   for j, w in enumerate(wrapped)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def w5_build_html(src):
    """kinfind / spanish: HTML tables; legacy: monospace print with tables as spaced text."""
    e = html.escape
    layout = src["layout"]
    notes = FN_RE

    def txt(s):
        return notes.sub(lambda m: f"<sup>{m.group(1)}</sup>", e(s))
    css = {
        "kinfind": "body{font-family:'Liberation Sans',sans-serif;font-size:10pt;line-height:1.4}"
                   "h2{font-size:10.5pt;color:#fff;background:#33475b;padding:3px 6px;margin:12px 0 5px}"
                   "h3{font-size:10pt;margin:8px 0 3px;color:#33475b}"
                   "th{background:#dfe6ec}",
        "spanish": "body{font-family:'Noto Serif',serif;font-size:10.5pt;line-height:1.45}"
                   "h2{font-size:11pt;border-bottom:3px double #000;margin:12px 0 5px}"
                   "h3{font-size:10.5pt;font-style:italic;margin:8px 0 3px}"
                   ".es{margin:2px 36px;font-style:italic}.en{margin:0 36px 6px;color:#222}"
                   "th{background:#eee}",
        "legacy": "body{font-family:'Liberation Mono',monospace;font-size:8.6pt;line-height:1.3}"
                  "h2{font-size:8.6pt;margin:10px 0 4px}h3{font-size:8.6pt;font-weight:normal;margin:6px 0 2px}"
                  "pre{font-family:'Liberation Mono',monospace;font-size:8pt;margin:2px 0 8px}",
    }[layout]
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.75in;@bottom-center{content:'" + e(src["title"]) + " \u2014 " +
           e(src["case_no"]) + " \u2014 Page ' counter(page) ' of ' counter(pages);font-size:7.5pt}}",
           css, "p{margin:0 0 6px}table{border-collapse:collapse;width:100%;font-size:9pt;margin-bottom:8px}",
           "td,th{border:1px solid #666;padding:2px 4px;vertical-align:top;text-align:left}",
           ".court{text-align:center;font-weight:bold}.title{text-align:center;font-size:13pt;"
           "font-weight:bold;margin:10px 0}</style></head><body>"]
    if layout == "legacy":
        cap = "\n".join(f"{a:<56}{b}" for a, b in zip(src["caption"], src["case_info"] + [""] * len(src["caption"]),
                                                       strict=False))
        out.append("<pre>" + e("\n".join(src["court"]) + "\n" + "=" * 92 + "\n" + cap + "\n" + "=" * 92) +
                   "</pre>" + f"<p><b>{e(src['title'].upper())}</b></p>")
    else:
        out += [f"<div class='court'>{e(line)}</div>" for line in src["court"]]
        out.append("<table style='margin-top:8px'><tr><td>" + "<br>".join(map(e, src["caption"])) +
                   "</td><td>" + "<br>".join(map(e, src["case_info"])) + "</td></tr></table>")
        out.append(f"<div class='title'>{e(src['title'].upper())}</div>")
    for sec in src["sections"]:
        h = sec["heading"]
        out.append(f"<h2>*** {e(h.upper())} ***</h2>" if layout == "legacy" else f"<h2>{e(h)}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{txt(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>-- {e(b['sub'])} --</h3>" if layout == "legacy" else f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {txt(b['text'])}</p>")
            elif "es" in b:
                out.append(f"<p><b>{e(b['who'])}:</b></p><p class='es'>\u201c{e(b['es'].strip())}\u201d</p>"
                           f"<p class='en'>[Translation: {e(b['en'].strip())}]</p>")
            elif ("table" in b or "kv" in b) and layout == "legacy":
                rows = b.get("table") or b["kv"]
                out.append("<pre>" + e(w5_text_table(rows)) + "</pre>")
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                hr, hc = "table" in b, "kv" in b
                out.append("<table>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (hr and i == 0) or (hc and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{txt(x)}</li>" for x in b["bullets"]) + "</ul>")
    out.append("<p>&nbsp;</p>" + "<br>".join(map(e, src["signature"])) + "</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# W6's layouts (151-180).  Six further county house styles, mixing prose and tables:
#   interviews (Cardinal Mesa)  "Detention/Jurisdiction/Disposition Report": upper-case underlined
#                              section headings, an INTERVIEWS section whose sub-headings are numbered
#                              per section ("1. Child — ... (date)"), reported speech; PDF via LO
#   cpgrid    (Bitterbrush)    a "Concurrent Planning Assessment" grid (Area | Finding | Details) per
#                              child; PDF from HTML (WeasyPrint), headings with a thick left rule
#   status    (Harrier Flats)  short-form "Status Summary": black heading bars, a two-column
#                              label/value table (shaded labels) per child; PDF via LO
#   caseplan  (Chamise)        narrative that says "see attached"; the plan and the caregiver's
#                              commitment live only in an attached "Case Plan Update" table on a new
#                              page (a section with `newpage: true`); lettered headings; PDF via LO
#   courtesy  (Kingfisher Valley) courtesy-supervision report by the receiving county for the
#                              originating county: a boxed `banner:` at the top, small-caps headings,
#                              addenda on new pages (`newpage: true`; a later addendum governs);
#                              PDF from HTML (WeasyPrint)
#   sibgrid   (Buckeye Hollow) "Part n — ..." shaded headings, a sibling table with "Placed together?
#                              Y/N" and "Contact" columns; PDF via LO
# Extra keys used only here: banner (top-level lines), newpage (on a section).
# ---------------------------------------------------------------------------

W6_LAYOUTS = ("interviews", "cpgrid", "status", "caseplan", "courtesy", "sibgrid")
W6_HTML = ("cpgrid", "courtesy")
W6_FONTS = {"interviews": "Liberation Serif", "cpgrid": "DejaVu Serif", "status": "Liberation Sans",
            "caseplan": "Carlito", "courtesy": "Caladea", "sibgrid": "DejaVu Sans"}


def w6_cell_shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"), shd.set(qn("w:color"), "auto"), shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def w6_build_docx(src, out):
    from docx.enum.text import WD_BREAK
    from docx.shared import RGBColor
    layout = src["layout"]
    doc = Document()
    st = doc.styles["Normal"]
    font = W6_FONTS[layout]
    st.font.name = font
    st.font.size = Pt({"status": 10, "sibgrid": 10, "interviews": 12}.get(layout, 11))
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(6)
    st.paragraph_format.line_spacing = 1.5 if layout == "interviews" else 1.15
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.8 if layout in ("status", "sibgrid") else 1)
    sub_no = [0]

    def head(n, text, level):
        p = doc.add_paragraph()
        if layout == "interviews":
            if level == 1:
                sub_no[0] = 0
                r = p.add_run(text.upper())
                r.bold = r.underline = True
                p.paragraph_format.space_before = Pt(12)
            else:
                sub_no[0] += 1
                p.add_run(f"{sub_no[0]}.  {text}").bold = True
                p.paragraph_format.left_indent = Inches(0.3)
        elif layout == "status":
            r = p.add_run(text.upper() if level == 1 else text)
            r.bold = True
            if level == 1:
                r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                w3_shade(p, "1F1F1F")
                p.paragraph_format.space_before = Pt(8)
            else:
                r.underline = True
        elif layout == "caseplan":
            attachment = level == 1 and text.startswith("Attachment")  # not lettered, centred
            r = p.add_run(f"{W5_LETTERS[n - 1]}.  {text}" if level == 1 and not attachment else text)
            r.bold = True
            r.italic = level == 2
            if attachment:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r.font.size = Pt(12.5)
            if level == 1:
                p.paragraph_format.space_before = Pt(10)
        elif layout == "sibgrid":
            r = p.add_run(f"Part {n} \u2014 {text}" if level == 1 else text)
            r.bold = True
            r.font.size = Pt(11 if level == 1 else 10)
            if level == 1:
                w3_shade(p, "DCEBDD")
                p.paragraph_format.space_before = Pt(10)
        else:  # cpgrid, courtesy: Word heading styles in the DOCX
            p._p.getparent().remove(p._p)
            doc.add_heading(text, level=level)

    def table(rows, header=True, widths=None):
        add_table(doc, rows, header=header, widths=widths)
        t = doc.tables[-1]
        for i, row in enumerate(t.rows):
            for j, c in enumerate(row.cells):
                if (header and i == 0) or (not header and j == 0):
                    w6_cell_shade(c, {"status": "D9D9D9", "sibgrid": "DCEBDD"}.get(layout, "EDEDED"))

    footer(doc, f"{src['title']} \u2014 {src['case_no']} \u2014 CONFIDENTIAL (WIC \u00a7827)")
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
        p.paragraph_format.space_after = Pt(0)
    if src.get("banner"):
        doc.add_paragraph()
        table(["\n".join(src["banner"])], header=True)
    if layout in ("interviews", "caseplan"):
        doc.add_paragraph()
        for line in src["caption"]:
            doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
        for line in src["case_info"]:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_after = Pt(0)
    else:
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.cell(0, 0).text = "\n".join(src["caption"])
        t.cell(0, 1).text = "\n".join(src["case_info"])
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(10)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)
    for n, sec in enumerate(src["sections"], 1):
        if sec.get("newpage"):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        head(n, sec["heading"], 1)
        for b in sec["content"]:
            if isinstance(b, str):
                doc.add_paragraph(b)
            elif "sub" in b:
                head(n, b["sub"], 2)
            elif "label" in b:
                p = doc.add_paragraph()
                p.add_run(b["label"] + ": ").bold = True
                p.add_run(b["text"])
            elif "table" in b:
                table(b["table"], widths=b.get("widths"))
            elif "kv" in b:
                table(b["kv"], header=False, widths=[2.1, 4.7])
            elif "bullets" in b:
                for item in b["bullets"]:
                    doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph()
    for line in src["signature"]:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.save(out)


def w6_build_html(src):
    """cpgrid (Bitterbrush) and courtesy (Kingfisher Valley): HTML tables, WeasyPrint."""
    e = html.escape
    layout = src["layout"]
    css = {
        "cpgrid": "body{font-family:'DejaVu Serif',serif;font-size:10pt;line-height:1.42}"
                  "h2{font-size:11pt;border-left:6px solid #5a3e2b;padding-left:7px;margin:14px 0 5px}"
                  "h3{font-size:10pt;margin:8px 0 3px;text-decoration:underline}"
                  "th{background:#efe6dc}",
        "courtesy": "body{font-family:'Caladea',serif;font-size:11pt;line-height:1.4}"
                    "h2{font-size:11.5pt;font-variant:small-caps;letter-spacing:0.5px;border-top:1px solid #000;"
                    "padding-top:3px;margin:14px 0 5px}h3{font-size:11pt;font-style:italic;margin:8px 0 3px}"
                    ".banner{border:2px solid #000;padding:5px 8px;margin:8px 0;text-align:center;font-weight:bold}"
                    ".np{break-before:page}th{background:#e8e8e8}",
    }[layout]
    out = ["<html><head><meta charset='utf-8'><style>",
           "@page{size:letter;margin:0.85in;@bottom-center{content:'" + e(src["title"]) + " \u2014 " +
           e(src["case_no"]) + " \u2014 CONFIDENTIAL (WIC \u00a7827) \u2014 Page ' counter(page);font-size:7.5pt}}",
           css, "p{margin:0 0 6px}table{border-collapse:collapse;width:100%;font-size:9.3pt;margin-bottom:8px}",
           "td,th{border:1px solid #555;padding:3px 5px;vertical-align:top;text-align:left}",
           ".court{text-align:center;font-weight:bold}.title{text-align:center;font-size:13pt;"
           "font-weight:bold;margin:10px 0}</style></head><body>"]
    out += [f"<div class='court'>{e(line)}</div>" for line in src["court"]]
    if src.get("banner"):
        out.append("<div class='banner'>" + "<br>".join(map(e, src["banner"])) + "</div>")
    out.append("<table style='margin-top:8px'><tr><td>" + "<br>".join(map(e, src["caption"])) +
               "</td><td>" + "<br>".join(map(e, src["case_info"])) + "</td></tr></table>")
    out.append(f"<div class='title'>{e(src['title'].upper())}</div>")
    for sec in src["sections"]:
        cls = " class='np'" if sec.get("newpage") else ""
        out.append(f"<h2{cls}>{e(sec['heading'])}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                hr, hc = "table" in b, "kv" in b
                out.append("<table>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (hr and i == 0) or (hc and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b:
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b["bullets"]) + "</ul>")
    out.append("<p>&nbsp;</p>" + "<br>".join(map(e, src["signature"])) + "</body></html>")
    return "\n".join(out)


def main(only):
    from weasyprint import HTML
    srcs = sorted((HERE / "source").glob("*.yml"))
    if only:
        srcs = [s for s in srcs if s.name.split("-")[0] in only]  # "01".."99", "100".."120"
    via_lo = []
    for path in srcs:
        src = yaml.safe_load(path.read_text())
        docx_path = HERE / "docx" / (path.stem + ".docx")
        build_docx(src, docx_path)
        mod = plugin(src["layout"])
        if mod is not None and src["layout"] in getattr(mod, "HTML_LAYOUTS", ()):
            HTML(string=mod.build_html(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] in W6_HTML:
            HTML(string=w6_build_html(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] in W5_HTML:
            HTML(string=w5_build_html(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] == "planab":
            HTML(string=w4_build_html_planab(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] == "sidebar":
            HTML(string=w3_build_html_sidebar(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] == "twocol":
            HTML(string=build_html(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        elif src["layout"] == "htmltab":
            HTML(string=build_html_tables(src)).write_pdf(HERE / "pdf" / (path.stem + ".pdf"))
        else:
            via_lo.append(str(docx_path))
    if via_lo:
        with tempfile.TemporaryDirectory() as prof:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(HERE / "pdf"), *via_lo],
                           check=True, stdout=subprocess.DEVNULL)
    print(f"built {len(srcs)} reports ({len(via_lo)} via LibreOffice)")


if __name__ == "__main__":
    main(sys.argv[1:])
