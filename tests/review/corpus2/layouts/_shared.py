"""Helpers the later writers' layouts share (python-docx and HTML pieces), written once here instead of in
each writer's module. build.py puts this folder on the import path before it loads a layout module."""
import html

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt


def cells(row):
    return [c.strip() for c in row.split("|")]


def shade(cell, fill):
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def para_shade(p, fill):
    p_pr = p._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    p_pr.append(shd)


def rule_below(p, color="000000", size="8"):
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), size)
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    bdr.append(bottom)
    p_pr.append(bdr)


def footer(doc, text):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text + "   —   Page ")
    r.font.size = Pt(8)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.append(fld)


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
            if head_fill and ((header and i == 0) or (not header and j == 0)):
                shade(cell, head_fill)
            if widths and j < len(widths):
                cell.width = Inches(widths[j])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return t


def html_table(rows, header=True):
    e = html.escape
    out = ["<table class='t'>"]
    for i, r in enumerate(rows):
        cs = cells(r)
        if header and i == 0:
            out.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in cs) + "</tr>")
        elif not header:
            out.append("<tr>" + "".join((f"<td class='k'>{e(c)}</td>" if j == 0 else f"<td>{e(c)}</td>")
                                        for j, c in enumerate(cs)) + "</tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cs) + "</tr>")
    return "".join(out) + "</table>"
