"""Build the review corpus: each report in ``source/*.yml`` as DOCX and as PDF.

The reports are fictional and written by hand in different county styles; the
generated files are committed so the tests never need LibreOffice. Run after
editing a source file::

    .venv/bin/python tests/review/corpus/build.py

DOCX files are written with python-docx, with real Word heading styles
(``headings: styles``), bold paragraphs standing in for headings
(``headings: bold``) or plain capitals (``headings: caps``). The PDFs come
from LibreOffice headless, all in ONE soffice call with a private profile.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SOURCE, DOCX_DIR, PDF_DIR = HERE / "source", HERE / "docx", HERE / "pdf"
FONTS = {"styles": "Times New Roman", "bold": "Liberation Serif", "caps": "Arial"}


def write_docx(report: dict[str, Any], target: Path) -> None:
    """One report as a Word document, in the heading style the source asks for."""
    style = report["headings"]
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONTS[style]
    normal.font.size = Pt(12)
    core = document.core_properties
    core.author, core.title = f"{report['county']} County", report["title"]
    for line in report.get("caption", []):
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.get("caption_table"):
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in report["caption_table"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = f"{label}:", value
    if style == "styles":
        document.add_heading(report["title"], level=0)
    else:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(report["title"].upper())
        run.bold = style == "bold"
    for section in report["sections"]:
        if style == "styles":
            document.add_heading(section["heading"], level=1)
        else:
            p = document.add_paragraph()
            run = p.add_run(section["heading"])
            run.bold = style == "bold"
        for text in section["paragraphs"]:
            document.add_paragraph(" ".join(text.split()))
    document.add_paragraph("Respectfully submitted.")
    document.save(str(target))


def main() -> int:
    DOCX_DIR.mkdir(exist_ok=True)
    PDF_DIR.mkdir(exist_ok=True)
    written = []
    for source in sorted(SOURCE.glob("*.yml")):
        report = yaml.safe_load(source.read_text(encoding="utf-8"))
        target = DOCX_DIR / f"{source.stem}.docx"
        write_docx(report, target)
        written.append(str(target))
    with tempfile.TemporaryDirectory(prefix="soffice-profile-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(PDF_DIR), *written],
            check=True, capture_output=True, timeout=600,
        )
    missing = [w for w in written if not (PDF_DIR / f"{Path(w).stem}.pdf").is_file()]
    if missing:
        print(f"LibreOffice did not convert: {missing}", file=sys.stderr)
        return 1
    print(f"built {len(written)} reports as DOCX and PDF")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
