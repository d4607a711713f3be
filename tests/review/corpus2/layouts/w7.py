"""Writer W7's layouts (reports 181-195), found by build.py by layout name.

pleading  Pronghorn County: California pleading paper (caption block in the manner of CRC 2.111:
          agency block top left, court title centred, a caption box with the case number to the
          right), lines numbered 1-28 down the left margin beside a double vertical rule, double
          spaced, footer with the page number and the document title.  PDF from HTML by
          WeasyPrint (the numbers are text); the DOCX uses Word line numbering.
chrono    Coyote Wash County: most facts sit in a dated CASE ACTIVITY LOG (`{log: ["11/03/2025 |
          text", ...]}`), later entries changing earlier ones; short Assessment and Recommendation
          at the end.  PDF from the DOCX by LibreOffice.
memo      Ventana Ridge County: an interoffice memorandum to the court (`memo:` rows "TO | ...",
          a rule below), sections without printed headings (`heading: null`), paragraphs opened
          by a bold lead-in sentence (`{lead: ..., text: ...}`), and a closing numbered summary
          (`{numbered: [...]}`).  PDF from the DOCX by LibreOffice.
"""
import html

from _shared import cells
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

LAYOUTS = ("pleading", "chrono", "memo")
HTML_LAYOUTS = ("pleading",)
FONTS = {"pleading": "Liberation Serif", "chrono": "Liberation Sans", "memo": "Carlito"}


def _border(p, side="bottom", sz="8"):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement(f"w:{side}")
    b.set(qn("w:val"), "single"), b.set(qn("w:sz"), sz), b.set(qn("w:space"), "1")
    b.set(qn("w:color"), "000000")
    bdr.append(b)
    ppr.append(bdr)


def _shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"), shd.set(qn("w:color"), "auto"), shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _page_field(p):
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.append(fld)


def _table(doc, rows, header=True, fill="E7E7E7"):
    rows = [cells(r) for r in rows]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            c = t.cell(i, j)
            run = c.paragraphs[0].add_run(text)
            c.paragraphs[0].paragraph_format.line_spacing = 1.0
            c.paragraphs[0].paragraph_format.space_after = Pt(0)
            if (header and i == 0) or (not header and j == 0):
                run.bold = True
                _shade(c, fill)
    doc.add_paragraph()
    return t


def _setup(doc, layout, size):
    st = doc.styles["Normal"]
    st.font.name = FONTS[layout]
    st.font.size = Pt(size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout])


def _signature(doc, lines):
    doc.add_paragraph().paragraph_format.keep_with_next = True
    for k, line in enumerate(lines):
        p = doc.add_paragraph(line)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = k < len(lines) - 1


def build_docx(src, out):
    {"pleading": _docx_pleading, "chrono": _docx_chrono, "memo": _docx_memo}[src["layout"]](src, out)


def _content(doc, items, head2, para, fill="E7E7E7"):
    for b in items:
        if isinstance(b, str):
            para(b)
        elif "sub" in b:
            head2(b["sub"])
        elif "lead" in b:
            p = para("")
            p.add_run(b["lead"] + " ").bold = True
            p.add_run(b["text"])
        elif "label" in b:
            p = para("")
            p.add_run(b["label"] + ": ").bold = True
            p.add_run(b["text"])
        elif "table" in b:
            _table(doc, b["table"], fill=fill)
        elif "kv" in b:
            _table(doc, b["kv"], header=False, fill=fill)
        elif "bullets" in b:
            for item in b["bullets"]:
                doc.add_paragraph(item, style="List Bullet")
        elif "numbered" in b:
            for k, item in enumerate(b["numbered"], 1):
                p = doc.add_paragraph()
                p.paragraph_format.left_indent = Inches(0.4)
                p.paragraph_format.first_line_indent = Inches(-0.3)
                p.add_run(f"{k}.\t{item}")
        elif "log" in b:
            for entry in b["log"]:
                date, text = entry.split("|", 1)
                p = doc.add_paragraph()
                p.paragraph_format.left_indent = Inches(1.15)
                p.paragraph_format.first_line_indent = Inches(-1.15)
                p.paragraph_format.tab_stops.add_tab_stop(Inches(1.15))
                p.paragraph_format.space_after = Pt(4)
                p.add_run(date.strip()).bold = True
                p.add_run("\t" + text.strip())


# ---------------------------------------------------------------- pleading (Pronghorn County)

def _docx_pleading(src, out):
    doc = Document()
    _setup(doc, "pleading", 12)
    st = doc.styles["Normal"].paragraph_format
    st.space_after = Pt(0)
    st.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    st.line_spacing = Pt(24)
    sec = doc.sections[0]
    sec.left_margin, sec.right_margin = Inches(1.5), Inches(0.6)
    sec.top_margin, sec.bottom_margin = Inches(1), Inches(0.7)
    ln = OxmlElement("w:lnNumType")  # Word line numbering, restarting on every page
    ln.set(qn("w:countBy"), "1"), ln.set(qn("w:restart"), "newPage"), ln.set(qn("w:distance"), "360")
    sec._sectPr.append(ln)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp)
    _border(fp, "top", "6")
    f2 = sec.footer.add_paragraph(src["title"].upper())
    f2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in src["agency"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.line_spacing = Pt(12)
    doc.add_paragraph()
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line.upper()).bold = True
    t = doc.add_table(rows=1, cols=2)
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.width, right.width = Inches(3.3), Inches(3.0)
    for cell, lines in ((left, src["caption"]), (right, src["case_info"])):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for p in cell.paragraphs:
            p.paragraph_format.line_spacing = Pt(12)
            p.paragraph_format.space_after = Pt(3)
    tcpr = left._tc.get_or_add_tcPr()
    bd = OxmlElement("w:tcBorders")
    for side in ("right", "bottom"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "single"), e.set(qn("w:sz"), "8"), e.set(qn("w:color"), "000000")
        bd.append(e)
    tcpr.append(bd)
    doc.add_paragraph()

    def para(text):
        p = doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Inches(0.5)
        return p

    def head2(text):
        p = doc.add_paragraph()
        p.add_run(text).bold = True

    for sec_ in src["sections"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(sec_["heading"].upper()).bold = True
        _content(doc, sec_["content"], head2, para)
    doc.add_paragraph()
    for line in src["signature"]:
        p = doc.add_paragraph(line)
        p.paragraph_format.left_indent = Inches(3.0)
        p.paragraph_format.line_spacing = Pt(12)
    doc.save(out)


def build_html(src):
    """pleading: 28 numbered lines per page at 24 pt, the numbers a fixed column repeated on each page."""
    e = html.escape
    nums = "\\A ".join(str(i) for i in range(1, 29))
    title = e(src["title"].upper()).replace("'", "\\'")
    css = (
        "@page{size:letter;margin:1in 0.6in 0.6667in 1.5in;"
        "@bottom-center{content:counter(page) '\\A " + title + "';white-space:pre;"
        "font-family:'Liberation Serif';font-size:9pt;border-top:1px solid #000;padding-top:2pt;"
        "vertical-align:top;margin-top:4pt}"
        "@left-top{content:'" + nums + "';white-space:pre;text-align:right;vertical-align:top;"
        "font-family:'Liberation Serif';font-size:11pt;line-height:24pt;padding-right:0.3in}}"
        "body{font-family:'Liberation Serif',serif;font-size:12pt;line-height:24pt;margin:0}"
                ".rule{position:fixed;top:-1in;height:11in;left:-0.12in;width:3px;border-left:3px double #000}"
        ".rrule{position:fixed;top:-1in;height:11in;right:-0.08in;width:0;border-right:1px solid #000}"
        "p{margin:0;text-indent:0.5in}p.ni{text-indent:0}"
        "h2{font-size:12pt;text-align:center;margin:0;line-height:24pt}"
        "h3{font-size:12pt;margin:0;line-height:24pt}"
        ".agency{line-height:12pt;height:168pt}.agency div{margin:0}"
        ".court{text-align:center;font-weight:bold;height:48pt;line-height:24pt}"
        ".cap{border-collapse:collapse;width:100%;line-height:12pt;margin-bottom:24pt}"
        ".cap td{vertical-align:top;padding:0 8pt 6pt 0}.cap td.l{border-right:1px solid #000;"
        "border-bottom:1px solid #000;width:52%}.cap td.r{padding-left:10pt}"
        "table.t{border-collapse:collapse;width:100%;line-height:24pt}"
        ".t td,.t th{border:1px solid #000;padding:0 4pt;text-align:left;vertical-align:top}"
        ".sig{margin-left:3in;line-height:24pt}ol{margin:0}li{margin:0}"
    )
    out = ["<html><head><meta charset='utf-8'><style>", css, "</style></head><body>",
           "<div class='rule'></div><div class='rrule'></div>",
           "<div class='agency'>" + "".join(f"<div>{e(x)}</div>" for x in src["agency"]) + "</div>",
           "<div class='court'>" + "<br>".join(e(x.upper()) for x in src["court"]) + "</div>",
           "<table class='cap'><tr><td class='l'>" +
           "".join(f"<div style='margin-bottom:6pt'>{e(x)}</div>" for x in src["caption"]) +
           "</td><td class='r'>" + "".join(f"<div style='margin-bottom:6pt'>{e(x)}</div>"
                                           for x in src["case_info"]) + "</td></tr></table>"]
    for sec in src["sections"]:
        out.append(f"<h2>{e(sec['heading'].upper())}</h2>")
        for b in sec["content"]:
            if isinstance(b, str):
                out.append(f"<p>{e(b)}</p>")
            elif "sub" in b:
                out.append(f"<h3>{e(b['sub'])}</h3>")
            elif "lead" in b:
                out.append(f"<p><b>{e(b['lead'])}</b> {e(b['text'])}</p>")
            elif "label" in b:
                out.append(f"<p><b>{e(b['label'])}:</b> {e(b['text'])}</p>")
            elif "table" in b or "kv" in b:
                rows = [cells(r) for r in b.get("table") or b["kv"]]
                hr = "table" in b
                out.append("<table class='t'>" + "".join("<tr>" + "".join(
                    f"<{t}>{e(c)}</{t}>" for j, c in enumerate(r)
                    for t in ["th" if (hr and i == 0) or (not hr and j == 0) else "td"]) + "</tr>"
                    for i, r in enumerate(rows)) + "</table>")
            elif "bullets" in b or "numbered" in b:
                tag = "ul" if "bullets" in b else "ol"
                out.append(f"<{tag}>" + "".join(f"<li>{e(x)}</li>" for x in b.get("bullets") or b["numbered"])
                           + f"</{tag}>")
    out.append("<p>&nbsp;</p><div class='sig'>" + "<br>".join(map(e, src["signature"])) + "</div>")
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------- chrono (Coyote Wash County)

def _docx_chrono(src, out):
    doc = Document()
    _setup(doc, "chrono", 10.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.1
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.9)
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.LEFT
    r = fp.add_run(f"{src['case_no']}   |   {src['title']}   |   Confidential \u2014 WIC \u00a7827   |   Page ")
    r.font.size = Pt(8)
    _page_field(fp)
    for line in src["court"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = True
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "\n".join(src["caption"])
    t.cell(0, 1).text = "\n".join(src["case_info"])
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(10)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(13)

    def para(text):
        return doc.add_paragraph(text)

    def head2(text):
        p = doc.add_paragraph()
        r = p.add_run(text)
        r.bold, r.italic = True, True

    for sec in src["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        r = p.add_run(sec["heading"].upper())
        r.bold = True
        _border(p, "bottom", "12")
        _content(doc, sec["content"], head2, para, fill="DDE6EE")
    _signature(doc, src["signature"])
    doc.save(out)


# ---------------------------------------------------------------- memo (Ventana Ridge County)

def _docx_memo(src, out):
    doc = Document()
    _setup(doc, "memo", 11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(8)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.1
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(1)
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = fp.add_run(f"{src['case_no']} \u2014 Confidential (WIC \u00a7827) \u2014 ")
    r.font.size = Pt(8)
    _page_field(fp)
    for i, line in enumerate(src["court"]):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(line)
        r.bold = i == 0
        r.font.size = Pt(12 if i == 0 else 9)
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(14)
    r = p.add_run(src["title"].upper())
    r.bold, r.font.size = True, Pt(18)
    for row in src["memo"]:
        k, v = cells(row)
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.left_indent = Inches(1.0)
        p.paragraph_format.first_line_indent = Inches(-1.0)
        p.paragraph_format.tab_stops.add_tab_stop(Inches(1.0))
        p.add_run(k.upper() + ":").bold = True
        p.add_run("\t" + v)
    _border(p, "bottom", "12")
    doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def para(text):
        return doc.add_paragraph(text)

    def head2(text):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.add_run(text).bold = True

    for sec in src["sections"]:
        if sec.get("heading"):
            head2(sec["heading"])
        _content(doc, sec["content"], head2, para, fill="EFEFEF")
    _signature(doc, src["signature"])
    doc.save(out)
