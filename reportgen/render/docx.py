"""The report as a Word document, with the case JSON inside.

docxtpl renders the folder's ``report.docx`` (body, headers and footers)
from the same context as the PDF, with autoescaping on: docxtpl's default is
off, which would let ``</w:t>`` in a name become real WordprocessingML. The
case travels in a custom XML part (``customXml/itemN.xml`` with its
properties part), the kind of part Word keeps when it re-saves a document.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import uuid
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from reportgen.render.context import ObjectionsOutstanding, build_context
from reportgen.render.embed import DATA_NS, case_json_bytes
from reportgen.render.html import docx_layout_id
from reportgen.render.metadata import DocumentProperties, document_properties
from reportgen.render.profile import Profile, using
from reportgen.render.templates import DOCX_NAME, TemplateError, explain, jinja_env, resolve_template_dir, template_file

#: A fixed data-store id, so every reportgen document names its part the same way.
DATASTORE_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, DATA_NS)).upper() + "}"
CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def render_docx(case: dict[str, Any], template_dir: str | os.PathLike[str] | None = None,
                final: bool = False, as_of: dt.date | None = None, *,
                profile: Profile | str | None = None) -> bytes:
    """The report of a loaded case as DOCX bytes.

    ``final=True`` refuses (:class:`ObjectionsOutstanding`) while objection-level
    findings remain; a draft carries the DRAFT mark in its header and the appendix.
    ``profile`` is the county profile (None: the configured one); the DOCX records it.
    """
    with using(profile):
        return _render_docx(case, template_dir, final, as_of)


def _render_docx(case: dict[str, Any], template_dir: str | os.PathLike[str] | None, final: bool,
                 as_of: dt.date | None) -> bytes:
    from docxtpl import DocxTemplate

    folder = resolve_template_dir(template_dir)
    context = build_context(case, as_of)
    if final and context["draft"]["active"]:
        raise ObjectionsOutstanding(context)
    path = template_file(folder, DOCX_NAME)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as err:  # noqa: BLE001 - not a Word file, or a damaged one
        raise TemplateError(path, f"is not a usable Word template ({type(err).__name__}: {err})") from None
    try:
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    except jinja2.TemplateError as err:
        raise _docx_error(err, path) from None
    except Exception as err:  # noqa: BLE001 - failing template code
        # Only the kind of error: its message may quote a value of the case
        # (WIC §827), and this text reaches the terminal and the web log.
        raise TemplateError(path, f"failed while rendering ({type(err).__name__})") from None
    document = tpl.docx
    _set_properties(document, document_properties(case))
    # Any JSON text is then valid XML; the layout id names the template version (see html.docx_layout_id).
    _attach_case(document, case_json_bytes(case, ascii_only=True), docx_layout_id(folder), context["profile"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_error(err: jinja2.TemplateError, path: Path) -> TemplateError:
    """A Jinja error in a Word template, with the text of the paragraph it is in.

    docxtpl renders ``word/document.xml`` (or a header or footer part) with one
    paragraph per line, so the line number counts paragraphs of the XML, which
    a user cannot see; the paragraph's text says where to look.
    """
    problem = explain(err, path)
    lines = list(getattr(err, "docx_context", None) or [])
    lineno = getattr(err, "lineno", None)
    if lines and lineno:
        index = min(lineno - 1 - max(lineno - 4, 0), len(lines) - 1)
        text = lines[index].strip() or " ".join(x.strip() for x in lines if x.strip())
        where = f"{problem.problem} (in the paragraph reading: {text[:120]!r})"
        return TemplateError(path, where)
    return TemplateError(path, problem.problem)


def _set_properties(document: Any, props: DocumentProperties) -> None:
    """The properties chosen in :mod:`reportgen.render.metadata` and nothing else:
    the template's core properties are emptied first (its author, dates, last
    printing), its app properties replaced (company, manager, template name) and
    its custom properties dropped, so neither the template nor the case can put a
    name there."""
    core = document.core_properties
    for child in list(core._element):
        core._element.remove(child)
    core.title = props.title
    core.subject = props.subject
    core.language = props.lang
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    core.created = core.modified = now
    core.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _app_xml(props)


def _app_xml(props: DocumentProperties) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{escape(props.creator)}</Application></Properties>"
    ).encode()


def _attach_case(document: Any, data: bytes, layout: str, profile: Profile) -> None:
    """Add the case JSON as a custom XML data-store item related to the main
    document; its ``profile`` attribute records the county profile (see
    :mod:`reportgen.render.profile`)."""
    pkg = document.part.package
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<reportgen xmlns="{DATA_NS}" version="1" layout="{layout}" profile={quoteattr(profile.record())} '
        'media-type="application/json">'
        f"{escape(data.decode('utf-8'))}</reportgen>"
    ).encode()
    item = Part(pkg.next_partname("/customXml/item%d.xml"), "application/xml", xml, pkg)
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" '
        f'ds:itemID="{DATASTORE_ID}"><ds:schemaRefs><ds:schemaRef ds:uri="{DATA_NS}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()
    props = Part(pkg.next_partname("/customXml/itemProps%d.xml"), CUSTOM_XML_PROPS, props_xml, pkg)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
