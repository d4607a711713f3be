"""Build the corpus2 reports: source/*.yml -> docx/*.docx and pdf/*.pdf.

DOCX with python-docx (layout decides caption, headings and fonts); PDF from the DOCX
by ONE LibreOffice call, except layout 'twocol', whose PDF WeasyPrint renders from HTML
with CSS `columns: 2`, and 'htmltab' (W2, 31-60), rendered by WeasyPrint with every section
as an HTML table.  W2's other layouts: addendum, wide (landscape), numbered (no headings,
numbered paragraphs), assess, minors.  Run:  .venv/bin/python tests/review/corpus2/build.py [NN ...]
"""
import html
import pathlib
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
         "assess": "Garamond", "htmltab": "Verdana", "minors": "Book Antiqua"}
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


def build_docx(src, out):
    layout = src["layout"]
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


def main(only):
    from weasyprint import HTML
    srcs = sorted((HERE / "source").glob("*.yml"))
    if only:
        srcs = [s for s in srcs if s.name[:2] in only]
    via_lo = []
    for path in srcs:
        src = yaml.safe_load(path.read_text())
        docx_path = HERE / "docx" / (path.stem + ".docx")
        build_docx(src, docx_path)
        if src["layout"] == "twocol":
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
