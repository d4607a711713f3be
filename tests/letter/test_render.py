"""Every letter rendered: PDF (tagged PDF/A-3a like the report) and DOCX, both languages.

Rendering is the slow part, so each letter of every living parent of every
example (and of a hostile case) is rendered once per session, and every DOCX is
opened by ONE LibreOffice run with its own profile (tests/render's helper).
"""

from __future__ import annotations

import copy
import hashlib
import io
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from docx import Document

from reportgen.letter import LANGS, Letter, case_source, letter_for, living_parents
from reportgen.letter.render import letter_html
from tests.letter.conftest import EXAMPLE_FILES
from tests.render.conftest import RLO, flat, office_convert, pdftotext

HOSTILE_NAME = f"{{{{ 7*7 }}}} <script>alert(1)</script> {{0}} Marisol {RLO}Quintero"
HOSTILE_SERVICE = "</w:t><w:t>Injected & <b>bold</b> {% raw %}x{% endraw %}"
HOSTILE_PROVIDER = '<img src="file:///etc/passwd"> {name} {{ config }}'


@dataclass
class Rendered:
    key: str
    letter: Letter
    pdf: bytes
    docx: bytes
    files: dict[str, Path] = field(default_factory=dict)
    pdf_text: str = ""
    office_text: str = ""


def hostile(cases) -> dict:
    case = copy.deepcopy(cases["01-complete-sibling-group"])
    case["parents"][0]["name"] = HOSTILE_NAME
    case["parents"][0]["reunification"]["services"][0]["service"] = HOSTILE_SERVICE
    case["parents"][0]["reunification"]["services"][0]["provider"] = HOSTILE_PROVIDER
    return case


@pytest.fixture(scope="session")
def letters(cases, tmp_path_factory) -> dict[str, Rendered]:
    from reportgen.letter import render_letter_docx, render_letter_pdf

    folder = tmp_path_factory.mktemp("letters")
    jobs = [(f"{p.stem}.parent{i + 1}", cases[p.stem], i) for p in EXAMPLE_FILES for i in living_parents(cases[p.stem])]
    jobs.append(("hostile.parent1", hostile(cases), 0))
    out: dict[str, Rendered] = {}
    for name, case, index in jobs:
        for lang in LANGS:
            letter = letter_for(case, index, lang)
            r = Rendered(f"{name}.{lang}", letter, render_letter_pdf(letter), render_letter_docx(letter))
            r.files["pdf"] = folder / f"{r.key}.pdf"
            r.files["pdf"].write_bytes(r.pdf)
            r.files["docx"] = folder / "docx" / f"{r.key}.docx"
            r.files["docx"].parent.mkdir(exist_ok=True)
            r.files["docx"].write_bytes(r.docx)
            r.pdf_text = pdftotext(r.files["pdf"])
            out[r.key] = r
    office = folder / "office"
    office_convert([r.files["docx"] for r in out.values()], office, folder / "lo-profile")
    for r in out.values():
        r.files["office"] = office / f"{r.key}.pdf"
        r.office_text = pdftotext(r.files["office"])
    return out


def examples(letters) -> list[Rendered]:
    return [r for r in letters.values() if not r.key.startswith("hostile")]


def plain(text: str) -> str:
    return flat(text.replace("\u2068", "").replace("\u2069", ""))


def test_every_pdf_is_tagged_pdfa_with_embedded_fonts_and_the_letters_text(letters):
    assert len(examples(letters)) == 34
    for r in letters.values():
        fonts = subprocess.run(["pdffonts", str(r.files["pdf"])], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows, r.key
        for row in rows:
            assert row[-5:-2] == ["yes", "yes", "yes"], (r.key, row)  # embedded, subset, ToUnicode
        with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
            assert pdf.open_metadata().pdfa_status == "3A"
            assert "/StructTreeRoot" in pdf.Root and pdf.Root.Lang == r.letter.lang
            assert not pdf.attachments, "a letter carries no case data"
        text = plain(r.pdf_text)
        for section in r.letter.sections:
            if section.heading and not r.key.startswith("hostile"):
                assert plain(section.heading) in text, (r.key, section.heading)
        assert r.letter.source.sha256 in text.replace(" ", ""), "the digest is printed in the footer"


def test_libreoffice_opens_every_docx_and_shows_the_letter(letters):
    for r in examples(letters):
        text = plain(r.office_text)
        assert plain(r.letter.greeting) in text, r.key
        assert plain(r.letter.sections[-1].blocks[-1].text) in text, r.key
        assert r.letter.source.sha256 in text.replace(" ", "")


def test_the_digest_of_the_case_is_in_footer_and_properties(letters, cases):
    for r in examples(letters):
        name = r.key.split(".")[0]
        digest = case_source(cases[name]).sha256
        assert r.letter.source.sha256 == digest
        with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
            assert digest in str(pdf.docinfo["/Subject"])
            assert digest in str(pdf.open_metadata().get("dc:description"))
        props = Document(io.BytesIO(r.docx)).core_properties
        assert digest in props.subject and props.language == r.letter.lang
        footer = Document(io.BytesIO(r.docx)).sections[0].footer.paragraphs[0].text
        assert digest in footer


def test_properties_name_the_case_number_and_never_the_family(letters, cases):
    for r in examples(letters):
        case = cases[r.key.split(".")[0]]
        names = [p["name"] for p in case["parents"]] + [c["name"] for c in case["children"]]
        with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
            info = " ".join(str(v) for v in pdf.docinfo.values())
            xmp = str(pdf.open_metadata())
        core = zipfile.ZipFile(io.BytesIO(r.docx)).read("docProps/core.xml").decode()
        assert case["court"]["case_number"] in info
        for name in names:
            for word in name.split():
                if len(word) >= 4:
                    assert word not in info and word not in xmp and word not in core, (r.key, word)


def test_hostile_text_is_data_in_html_pdf_docx_and_libreoffice(letters):
    for lang in LANGS:
        r = letters[f"hostile.parent1.{lang}"]
        html = letter_html(r.letter)
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert '<img src="file' not in html
        for text in (plain(r.pdf_text), plain(r.office_text)):
            assert "{{ 7*7 }}" in text and "49" not in text.split("{{ 7*7 }}")[0][-5:]
            assert "<script>alert(1)</script>" in text
            assert "</w:t><w:t>Injected & <b>bold</b> {% raw %}x{% endraw %}" in text
            assert '<img src="file:///etc/passwd"> {name} {{ config }}' in text
            assert "{0}" in text
        xml = zipfile.ZipFile(io.BytesIO(r.docx)).read("word/document.xml").decode()
        assert "&lt;/w:t&gt;&lt;w:t&gt;Injected &amp; &lt;b&gt;bold" in xml
        doc = Document(io.BytesIO(r.docx))
        assert any(f"Marisol {RLO}Quintero" in p.text for p in doc.paragraphs), "Word keeps the override in the name"
        greeting = r.letter.greeting
        assert greeting.endswith("\u2069" + ("," if lang == "en" else ":")), "the name is isolated before the comma"
        assert any(greeting in p.text for p in doc.paragraphs)


def test_a_letter_made_from_a_pdf_carries_that_pdfs_digest(tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    source = Path("examples/rendered/02-no-concurrent-plan.pdf")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["letter", str(source), "--parent", "1", "--lang", "es", "--format", "pdf",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    made = tmp_path / "02-no-concurrent-plan.parent1.es.pdf"
    text = plain(pdftotext(made))
    assert digest in text.replace(" ", "") and "archivo PDF" in text
    with pikepdf.open(made) as pdf:
        assert digest in str(pdf.docinfo["/Subject"])
