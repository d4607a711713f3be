"""The PDF of every example: PDF/A-3a claim, the case data attached, tags,
fonts, page furniture. No PDF/A validator can be installed here, so these are
the structural checks pikepdf, qpdf and poppler can make (not ISO validation)."""

from __future__ import annotations

import getpass
import io
import json
import re
import subprocess

import pikepdf
import pytest

from reportgen.render.embed import ATTACHMENT_NAME
from reportgen.schema import dump_case
from tests.render.conftest import EXAMPLE_NAMES, HOSTILE, flat, pages_text

ALL = [*EXAMPLE_NAMES, HOSTILE]


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


@pytest.mark.parametrize("name", ALL)
def test_claims_pdf_a3a_with_output_intent(rendered, name):
    with open_pdf(rendered[name].pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "A"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        assert intents[0].S == "/GTS_PDFA1"
        assert isinstance(intents[0].DestOutputProfile, pikepdf.Stream)
        assert pdf.pdf_version >= "1.7"


@pytest.mark.parametrize("name", ALL)
def test_case_json_is_the_associated_data_file(rendered, name):
    r = rendered[name]
    with open_pdf(r.pdf) as pdf:
        af = pdf.Root.AF
        assert len(af) == 1, "the case is listed once among the associated files"
        spec = af[0]
        assert spec.AFRelationship == "/Data"
        assert str(spec.UF) == str(spec.F) == ATTACHMENT_NAME
        stream = spec.EF.F
        assert stream.Subtype == "/application/json"
        assert json.loads(stream.read_bytes()) == json.loads(json.dumps(dump_case(r.case)))
        assert ATTACHMENT_NAME in pdf.attachments


@pytest.mark.parametrize("name", ALL)
def test_tagged_with_language_and_title_shown(rendered, name):
    with open_pdf(rendered[name].pdf) as pdf:
        root = pdf.Root
        assert isinstance(root.StructTreeRoot, pikepdf.Dictionary)
        assert root.StructTreeRoot.K[0].S == "/Document"
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-US"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True


@pytest.mark.parametrize("name", ALL)
def test_metadata_is_only_what_we_chose(rendered, name):
    from reportgen.render.metadata import CREATOR, document_properties

    r = rendered[name]
    props = document_properties(r.case)
    with open_pdf(r.pdf) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        assert info["/Title"] == props.title
        assert info["/Subject"] == props.subject
        assert info["/Creator"] == CREATOR
        assert set(info) == {"/Title", "/Subject", "/Creator", "/Producer"}
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    for leak in (getpass.getuser(), "/tmp/", "/work/", "/home/"):
        assert leak not in xmp
        assert leak not in json.dumps(info)


@pytest.mark.parametrize("name", ALL)
def test_records_its_length_and_digest_and_stays_one_revision(rendered, name):
    """The producer's record (see reportgen.intake.integrity): one cross-reference
    section, the file's own length, a digest that holds; the record is ordinary
    trailer keys that qpdf reads and keeps."""
    from reportgen.intake import integrity

    data = rendered[name].pdf
    found = integrity.examine(data)
    assert found.unchanged, found.problems
    assert (found.xref_sections, found.trailers, found.startxrefs) == (1, 1, 1)
    with open_pdf(data) as pdf:
        assert int(pdf.trailer[integrity.LENGTH_KEY]) == len(data)
        assert len(str(pdf.trailer[integrity.DIGEST_KEY])) == 64
        assert "/ID" in pdf.trailer


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_committed_example_pdfs_carry_the_record(name):
    """examples/rendered is what a clerk tries first; a render from before the
    record would fail 'unchanged' (regenerate with scripts/render_examples.py)."""
    from reportgen.intake import integrity
    from tests.conftest import EXAMPLES

    data = (EXAMPLES / "rendered" / f"{name}.pdf").read_bytes()
    assert integrity.examine(data).unchanged, "examples/rendered is stale: run scripts/render_examples.py"


@pytest.mark.parametrize("name", ALL)
def test_every_font_is_embedded_with_unicode_map(rendered, name):
    r = rendered[name]
    out = subprocess.run(["pdffonts", str(r.files["pdf"])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "the PDF lists no fonts"
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row
    with open_pdf(r.pdf) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert "/ToUnicode" in font
                for desc in [d.FontDescriptor for d in font.get("/DescendantFonts", [font])]:
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc.keys())


@pytest.mark.parametrize("name", ALL)
def test_no_encryption_no_javascript_and_qpdf_clean(rendered, name):
    r = rendered[name]
    with open_pdf(r.pdf) as pdf:
        assert not pdf.is_encrypted
        assert "/Encrypt" not in pdf.trailer
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        names = pdf.Root.get("/Names", {})
        assert "/JavaScript" not in names
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert "/JS" not in obj and obj.get("/S") != "/JavaScript"
    check = subprocess.run(["qpdf", "--check", str(r.files["pdf"])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


@pytest.mark.parametrize("name", ALL)
def test_letter_pages_numbered_with_notice_on_every_page(rendered, name):
    r = rendered[name]
    pages = pages_text(r.files["pdf"])
    with open_pdf(r.pdf) as pdf:
        assert len(pdf.pages) == len(pages)
        for page in pdf.pages:
            assert [float(x) for x in page.MediaBox] == [0, 0, 612, 792]
    title = r.context["caption"]["title"]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert r.context["notice"] in text
        # CRC 2.110: the report's title in the footer, on the line below the page number
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        at = next(i for i, line in enumerate(lines) if line.endswith(f"Page {number} of {len(pages)}"))
        assert lines[at + 1] == title, lines[at:]
        assert r.context["notice"] == "CONFIDENTIAL — WIC §827; CRC 5.552"
    caption = flat(pages[0])
    assert r.context["caption"]["court"] in caption
    assert "Disposition Report (WIC §358)" in caption
    for row in r.context["caption"]["rows"]:
        assert flat(f"{row['label']} {row['value']}") in caption


@pytest.mark.parametrize("name", ALL)
def test_running_header_and_footer_are_artifacts(rendered, name):
    """WeasyPrint 70 tags margin boxes as content outside the structure tree;
    the renderer marks them /Artifact, and only then claims PDF/UA-1."""
    with open_pdf(rendered[name].pdf) as pdf:
        tree = pdf.Root.StructTreeRoot
        reachable, stack = set(), [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
                reachable.add(node.objgen)
                stack.append(node.get("/K"))
        for arr in list(tree.ParentTree.Nums)[1::2]:
            for elem in arr:
                if isinstance(elem, pikepdf.Dictionary):
                    assert elem.objgen in reachable, "marked content points outside the structure tree"
        for page in pdf.pages:
            content = page.Contents.read_bytes()
            # running header, footer notice and page number at least
            assert len(re.findall(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", content)) >= 3
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        assert b"pdfaExtension:schemas" in pdf.Root.Metadata.read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_headings_become_bookmarks(rendered, name):
    r = rendered[name]
    with open_pdf(r.pdf) as pdf, pdf.open_outline() as outline:
        titles = []
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
    assert titles[0] == r.context["caption"]["title"]
    for section in r.context["sections"]:
        assert section["title"] in titles
    assert r.context["signatures"]["title"] in titles


@pytest.mark.parametrize("name", ALL)
def test_objections_make_a_draft_marked_on_every_page(rendered, name):
    r = rendered[name]
    objections = [f for f in r.context["findings"] if f["severity"] == "object"]
    pages = pages_text(r.files["pdf"])
    mark = f"DRAFT — {len(objections)} objection{'s' if len(objections) != 1 else ''} outstanding"
    if not objections:
        assert not any("DRAFT" in p for p in pages)
        assert "Appendix" not in "".join(pages)
        return
    assert r.context["draft"]["mark"] == mark
    for text in pages:
        assert mark in text
    appendix = flat("".join(pages[[i for i, p in enumerate(pages) if "Appendix: objections outstanding" in p][0]:]))
    for f in objections:
        assert f"{f['code']} {f['name']}" in appendix
        assert flat(f["message"]) in appendix


def test_the_complete_example_is_clean_and_final(rendered):
    """A sanity anchor for the draft test: the complete example has no objections."""
    assert rendered[EXAMPLE_NAMES[0]].context["draft"]["active"] is False


@pytest.mark.parametrize("name", ALL)
def test_no_text_is_smaller_than_12_points(rendered, name):
    # CRC 2.104; running header, footer, notice and appendix included. pypdf
    # reports each text run's Tf size with the text and page matrices in force.
    from pypdf import PdfReader

    sizes: set[float] = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.add(round(font_size * tm[3] * cm[3], 2))

    for page in PdfReader(io.BytesIO(rendered[name].pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 12, sorted(sizes)
