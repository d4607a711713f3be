"""Document metadata is chosen, not inherited: report kind, case number and
hearing date; no name of the child, a parent, a sibling, a relative, the
caregiver or the worker in any property of the PDF (Info, XMP, the case data's
file specification) or the DOCX (core, app and custom properties), whatever the
case or the county's template says."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pikepdf
import pytest

from reportgen.intake import verify_bytes
from reportgen.intake.report import child_initials
from reportgen.render.embed import PROFILE_NOTE, profile_in_description
from reportgen.render.metadata import CREATOR, document_properties
from reportgen.render.profile import load, shipped
from tests.render.conftest import EXAMPLE_NAMES, HOSTILE

ALL = [*EXAMPLE_NAMES, HOSTILE]
DOCX_PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")


def _names(value: Any, key: str = "") -> Iterator[str]:
    """Every person's name in a raw case: each string under a key ``name`` or
    ending ``_name`` (the court's name is an institution's)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _names(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _names(item, key)
    elif isinstance(value, str) and value.strip() and (key == "name" or key.endswith("_name")) and key != "court_name":
        yield value


def forbidden(raw: dict[str, Any]) -> set[str]:
    """The names of the case, each word of four letters or more of them, and the child's initials."""
    out: set[str] = set()
    for name in _names(raw):
        out.add(name)
        out.update(word for word in re.findall(r"\w+", name) if len(word) >= 4)
    initials = child_initials(raw)
    if initials:
        out.add(initials)
    return out


def pdf_metadata_text(data: bytes) -> str:
    """Every metadata field of a PDF as one text: Info, XMP, and the case data's
    file specification (names, description, parameters)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        parts = [f"{k} {v}" for k, v in pdf.docinfo.items()]
        parts.append(pdf.Root.Metadata.read_bytes().decode("utf-8"))
        for spec in pdf.Root.AF:
            desc = str(spec.get("/Desc", ""))
            record = profile_in_description(desc)
            if record is not None:
                # The county profile the report recorded: a profile file's own words (its
                # section titles say "child" and "services"), never the case's: it must be
                # exactly a shipped profile, and is left out of the text searched for names.
                assert record in {load(name).record() for name in shipped()}
                spec.Desc = pikepdf.String(desc[:desc.index(PROFILE_NOTE)])
            parts.append(spec.unparse(resolved=True).decode("latin-1"))
            parts.append(spec.EF.F.stream_dict.unparse(resolved=True).decode("latin-1"))
        parts.append(str(pdf.Root.get("/Lang", "")))
    return "\n".join(parts)


def docx_metadata_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        return "\n".join(z.read(p).decode("utf-8") for p in DOCX_PROPERTY_PARTS if p in names)


def assert_no_names(text: str, raw: dict[str, Any]) -> None:
    folded = text.casefold()
    leaked = sorted(name for name in forbidden(raw)
                    if re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded))  # "Aram" is not in "/Params"
    assert leaked == [], f"metadata carries {leaked}"


@pytest.mark.parametrize("name", ALL)
def test_pdf_metadata_names_no_one(rendered, name):
    r = rendered[name]
    assert forbidden(r.raw)  # the case has names to look for
    assert_no_names(pdf_metadata_text(r.pdf), r.raw)


@pytest.mark.parametrize("name", ALL)
def test_docx_metadata_names_no_one(rendered, name):
    r = rendered[name]
    assert_no_names(docx_metadata_text(r.docx), r.raw)
    with zipfile.ZipFile(io.BytesIO(r.docx)) as z:
        assert "docProps/custom.xml" not in z.namelist()


@pytest.mark.parametrize("name", ALL)
def test_both_formats_carry_the_chosen_properties(rendered, name):
    r = rendered[name]
    props = document_properties(r.case)
    number = r.case["court"]["case_number"]
    assert props.title.endswith(number) and number in props.subject
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        meta = pdf.open_metadata()
        assert info["/Title"] == props.title == meta["dc:title"]
        assert info["/Subject"] == props.subject == meta["dc:description"]
        assert info["/Creator"] == CREATOR == meta["xmp:CreatorTool"]
        assert "/Author" not in info and "dc:creator" not in meta
        assert "/Keywords" not in info and "pdf:Keywords" not in meta
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)  # the title is the window's title
    core = docx_metadata_text(r.docx)
    assert f"<dc:title>{props.title}</dc:title>" in core
    assert f"<dc:subject>{props.subject}</dc:subject>" in core
    assert "<dc:creator>" not in core and "<cp:lastModifiedBy>" not in core
    assert f"<Application>{CREATOR}</Application>" in core


def test_a_county_template_cannot_put_a_name_into_metadata(county, base_case):
    """The county's HTML head asks for the child's name as author, keywords and a
    custom property; its Word template carries a company, a manager and a custom
    property with the name. None of it reaches the files."""
    from reportgen.render.docx import render_docx
    from reportgen.render.pdf import render_pdf
    from reportgen.schema import load_case

    html = county / "report.html"
    html.write_text(html.read_text(encoding="utf-8").replace(
        "<title>", '<meta name="keywords" content="{{ caption.in_re }}" />'
                   '<meta name="author" content="{{ caption.in_re }}" />'
                   '<meta name="child" content="{{ caption.in_re }}" />'
                   '<meta name="dcterms.created" content="2026-01-01" /><title>', 1), encoding="utf-8")
    child = base_case["child"]["name"]
    _plant_docx_properties(county / "report.docx", child)
    case = load_case(base_case)
    pdf = render_pdf(case, template_dir=county, as_of=case["court"]["report_date"])
    docx = render_docx(case, template_dir=county, as_of=case["court"]["report_date"])
    assert_no_names(pdf_metadata_text(pdf), base_case)
    assert_no_names(docx_metadata_text(docx), base_case)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert "docProps/custom.xml" not in z.namelist()
        assert b"custom-properties" not in z.read("_rels/.rels")
        assert b"docProps/custom.xml" not in z.read("[Content_Types].xml")


def _plant_docx_properties(path, name: str) -> None:
    """Give a Word template an app.xml with company and manager and a custom.xml, all naming ``name``."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/extended-properties"><Company>{name}</Company><Manager>{name}</Manager></Properties>').encode()
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Child"><vt:lpwstr>{name}</vt:lpwstr>'
        '</property></Properties>').encode()
    rels = parts["_rels/.rels"].decode()
    if "docProps/app.xml" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdApp" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>')
    parts["_rels/.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    for part, kind in (("app", "extended-properties"), ("custom", "custom-properties")):
        if f"/docProps/{part}.xml" not in types:
            types = types.replace("</Types>", f'<Override PartName="/docProps/{part}.xml" ContentType="application/'
                                  f'vnd.openxmlformats-officedocument.{kind}+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_the_clerk_checks_still_pass_on_the_chosen_metadata(rendered):
    """Info and XMP agree (the pdfa check) and the caption check still finds the
    caption on page one: metadata no longer carries it, the page does."""
    r = rendered[EXAMPLE_NAMES[0]]
    result = verify_bytes(r.pdf, "report.pdf")
    assert {c.name: c.status for c in result.checks if c.name in ("pdfa", "caption")} == {"pdfa": "pass", "caption": "pass"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_committed_examples_name_no_one_in_metadata(name):
    """examples/rendered is what people open first; stale renders would still carry names."""
    from tests.conftest import EXAMPLES, read_json

    raw = read_json(EXAMPLES / f"{name}.json")
    folder = EXAMPLES / "rendered"
    assert_no_names(pdf_metadata_text((folder / f"{name}.pdf").read_bytes()), raw)
    assert_no_names(docx_metadata_text((folder / f"{name}.docx").read_bytes()), raw)


@pytest.mark.parametrize("name", ALL)
def test_the_html_head_names_no_one(rendered, name):
    """The wizard's HTML preview is the same template: its <title> (which a browser keeps in its
    history) and <meta> tags carry the chosen properties, no name."""
    from reportgen.render.html import render_html

    r = rendered[name]
    html = render_html(r.case, as_of=r.as_of)
    head = html[: html.index("</head>")]
    shown = re.findall(r"<title>.*?</title>|<meta\b[^>]*>", head, re.S)  # the CSS is inlined there too
    assert_no_names("\n".join(shown), r.raw)
    assert any(document_properties(r.case).title in tag for tag in shown)
