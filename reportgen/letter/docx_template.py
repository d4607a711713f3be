"""Build ``templates/letter/letter.docx``, the Word template of the parents' letter.

Made by code so its styles are exact and reviewable: Letter paper, Arial 13 pt
(LibreOffice shows the metric-compatible Liberation Sans) named for every
script slot, real Heading 1-3 styles with explicit fonts (so navigation and
the outline work), a header with the case line and "Page X of Y", a footer
with the report's digest. The body holds docxtpl tags over
:func:`reportgen.letter.render.context`, the same data the HTML walks.

Run it after changing this file, and commit the .docx it writes::

    .venv/bin/python -m reportgen.letter.docx_template
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Arial"
BLACK = RGBColor(0, 0, 0)


def _fonts(style_or_run: object, size: float | None = None, bold: bool | None = None) -> None:
    """Name the font for every script slot (a theme font would otherwise win)."""
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = FONT
    font.color.rgb = BLACK
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) at the end of ``paragraph``."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build(out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin, section.bottom_margin = Inches(0.9), Inches(1)
    styles = doc.styles
    _fonts(styles["Normal"], 13)
    styles["Normal"].paragraph_format.space_after = Pt(5)
    for name, size in (("Heading 1", 20), ("Heading 2", 15), ("Heading 3", 13)):
        _fonts(styles[name], size, True)
        styles[name].font.italic = False
        styles[name].paragraph_format.keep_with_next = True
    _fonts(styles["Quote"], 13)
    styles["Quote"].font.italic = False
    styles["Quote"].paragraph_format.left_indent = Inches(0.35)

    doc.add_paragraph("{{ title }}", style="Heading 1")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for row in header %}"
    label = table.cell(1, 0).paragraphs[0].add_run("{{ row.label }}")
    label.bold = True
    table.cell(1, 1).text = "{{ row.value }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    for line in ("{{ greeting }}", "{%p for s in sections %}", "{%p if s.heading %}"):
        doc.add_paragraph(line)
    doc.add_paragraph("{{ s.heading }}", style="Heading 2")
    for line in ("{%p endif %}", "{%p for b in s.blocks %}", "{%p if b.kind == 'subheading' %}"):
        doc.add_paragraph(line)
    doc.add_paragraph("{{ b.text }}", style="Heading 3")
    doc.add_paragraph("{%p elif b.kind == 'field' %}")
    field = doc.add_paragraph()
    field.paragraph_format.left_indent = Inches(0.2)
    field.add_run("{{ b.label }}:").bold = True
    field.add_run(" {{ b.text }}")
    doc.add_paragraph("{%p elif b.kind == 'quote' %}")
    doc.add_paragraph("{{ b.text }}", style="Quote")
    for line in ("{%p else %}", "{{ b.text }}", "{%p endif %}", "{%p endfor %}", "{%p endfor %}",
                 "{%p for line in signature %}", "{{ line }}", "{%p endfor %}"):
        doc.add_paragraph(line)

    head = section.header.paragraphs[0]
    head.add_run("{{ running }}\t\t{{ page_word }} ")  # the default header style has a centre and a right tab
    _field(head, "PAGE")
    head.add_run(" {{ of_word }} ")
    _field(head, "NUMPAGES")
    for run in head.runs:
        _fonts(run, 10)
    foot = section.footer.paragraphs[0]
    _fonts(foot.add_run("{{ footer }}"), 8)
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    doc.save(str(out))


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    from reportgen.letter.render import DOCX_NAME, template_folder

    build(template_folder() / DOCX_NAME)
    print(f"wrote {template_folder() / DOCX_NAME}")
