"""The case data that travels inside a report, written and read back.

Every reportgen PDF carries ``case.json`` as a PDF/A-3 associated file
(``/AF``, relationship Data); every DOCX carries it in a custom XML part. This
module makes those bytes and reads them back out of a document someone hands
us, which may be anything: a PDF made elsewhere, an encrypted or damaged file,
a zip bomb renamed .docx. Every failure is an :class:`EmbeddedDataError` with a
plain message; nothing is read without a size bound first.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
import zlib
from typing import Any

ATTACHMENT_NAME = "case.json"
#: The namespace of the DOCX custom XML part that carries the case.
DATA_NS = "urn:reportgen:case:v1"
#: Embedded case data larger than this is refused (a case is far smaller).
MAX_EMBEDDED_BYTES = 5 * 1024 * 1024
#: A DOCX whose parts would unpack to more than this is refused before reading.
MAX_DOCX_UNPACKED = 200 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000

_NO_PDF_DATA = "this PDF has no reportgen case data inside (it was not made by reportgen, or the data was removed)"
_NO_DOCX_DATA = ("this Word document has no reportgen case data inside "
                 "(it was not made by reportgen, or the data was removed)")
_TOO_BIG = f"the case data inside this {{kind}} is larger than {MAX_EMBEDDED_BYTES // (1024 * 1024)} MB; it is not reportgen case data"


#: In the case data's description, what follows this is the county profile the
#: report was printed with (:meth:`reportgen.render.profile.Profile.record`).
PROFILE_NOTE = " profile="


def data_description(text: str, layout: str, profile: Any) -> str:
    """The PDF case data's description: ``text``, the layout id, then the county
    profile's whole record (last, so its own words cannot be taken for the layout note)."""
    return f"{text} (layout {layout}){PROFILE_NOTE}{profile.record()}"


def profile_in_description(desc: str | None) -> str | None:
    """The profile record a description carries (see :func:`data_description`);
    None for a report made before reports recorded their profile."""
    at = (desc or "").find(PROFILE_NOTE)
    return None if at < 0 else (desc or "")[at + len(PROFILE_NOTE):]


class EmbeddedDataError(Exception):
    """The case data cannot be read out of a document; ``str()`` says why, plainly."""


def case_json_bytes(case: dict[str, Any], ascii_only: bool = False) -> bytes:
    """The loaded case as the JSON that travels inside a document (dates as ISO text)."""
    from reportgen.prognosis import without_worksheet
    from reportgen.schema import dump_case

    data = dump_case(without_worksheet(case))  # the advisory worksheet is not filed
    if not ascii_only:
        try:
            return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: keep it as a JSON escape
            pass
    return json.dumps(data, ensure_ascii=True, indent=2).encode("ascii")


def extract_case_bytes(data: bytes) -> dict[str, Any]:
    """The raw case JSON (a dict, not yet validated) embedded in a reportgen PDF or DOCX."""
    if data.startswith(b"%PDF"):
        return _parse(_from_pdf(data), "PDF")
    if data.startswith(b"PK\x03\x04"):
        return _parse(_from_docx(data), "Word document")
    raise EmbeddedDataError("this file is neither a PDF nor a Word document (DOCX)")


def _parse(raw: bytes, kind: str) -> dict[str, Any]:
    from reportgen import casejson

    try:
        value = casejson.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise EmbeddedDataError(f"the case data inside this {kind} is damaged (it is not valid JSON)") from None
    except casejson.CaseJsonError as err:
        shown = "; ".join(f"{p}: {m}" for p, m in err.problems[:3])
        raise EmbeddedDataError(f"the case data inside this {kind} is not acceptable: {shown}") from None
    if not isinstance(value, dict):
        raise EmbeddedDataError(f"the case data inside this {kind} is damaged (it is not a case)")
    return value


# --- PDF ------------------------------------------------------------------------------


def _from_pdf(data: bytes) -> bytes:
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise EmbeddedDataError("this PDF is encrypted (password-protected); reportgen cannot read it") from None
    except (pikepdf.PdfError, ValueError, OSError):
        raise EmbeddedDataError("this PDF is damaged and cannot be read") from None
    with pdf:
        return _raw_from_open_pdf(pdf)


def case_from_open_pdf(pdf: Any) -> dict[str, Any]:
    """The raw case JSON of a PDF already opened with pikepdf (the clerk's
    verification opens each file once and reads everything from it)."""
    return _parse(_raw_from_open_pdf(pdf), "PDF")


def _raw_from_open_pdf(pdf: Any) -> bytes:
    import pikepdf

    if pdf.is_encrypted:
        raise EmbeddedDataError("this PDF is encrypted; save an unencrypted copy and try again")
    try:
        stream = _find_attachment(pdf)
        if stream is None:
            raise EmbeddedDataError(_NO_PDF_DATA)
        return _bounded_stream(stream)
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
        raise EmbeddedDataError("this PDF is damaged: its case data cannot be read") from None


def _find_attachment(pdf: Any) -> Any:
    """The embedded-file stream of ``case.json`` (see :func:`_find_spec`)."""
    found = _find_spec(pdf)
    return None if found is None else found[1]


def attachment_description(pdf: Any) -> str | None:
    """The description (``/Desc``) of the ``case.json`` file specification, if any."""
    import pikepdf

    try:
        found = _find_spec(pdf)
        desc = None if found is None else found[0].get("/Desc")
        return str(desc) if isinstance(desc, pikepdf.String) else None
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _find_spec(pdf: Any) -> tuple[Any, Any] | None:
    """The file specification of ``case.json`` and its embedded-file stream: first
    among the associated files (``/AF``, relationship Data), then in the
    document's attachment list."""
    import pikepdf

    def stream_of(spec: Any) -> Any:
        if not isinstance(spec, pikepdf.Dictionary):
            return None
        names = {str(spec.get(k, "")) for k in ("/UF", "/F")}
        ef = spec.get("/EF")
        if ATTACHMENT_NAME not in names or not isinstance(ef, pikepdf.Dictionary):
            return None
        stream = ef.get("/UF") if isinstance(ef.get("/UF"), pikepdf.Stream) else ef.get("/F")
        return stream if isinstance(stream, pikepdf.Stream) else None

    af = pdf.Root.get("/AF")
    specs = list(af) if isinstance(af, pikepdf.Array) else []
    for spec in specs:
        if isinstance(spec, pikepdf.Dictionary) and spec.get("/AFRelationship") == "/Data":
            found = stream_of(spec)
            if found is not None:
                return spec, found
    names = pdf.Root.get("/Names")
    tree = names.get("/EmbeddedFiles") if isinstance(names, pikepdf.Dictionary) else None
    if isinstance(tree, pikepdf.Dictionary):
        try:
            for _, spec in pikepdf.NameTree(tree).items():
                found = stream_of(spec)
                if found is not None:
                    return spec, found
        except (pikepdf.PdfError, ValueError, TypeError):
            return None
    return None


def _bounded_stream(stream: Any) -> bytes:
    """The stream's data, decompressed with a bound so a deflate bomb cannot run away."""
    import pikepdf

    declared = stream.get("/Params", {}).get("/Size") if isinstance(stream.get("/Params"), pikepdf.Dictionary) else None
    if declared is not None and int(declared) > MAX_EMBEDDED_BYTES:
        raise EmbeddedDataError(_TOO_BIG.format(kind="PDF"))
    raw = stream.read_raw_bytes()
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    if not names:
        out = raw
    elif names == ["/FlateDecode"] and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, MAX_EMBEDDED_BYTES + 1)
        except zlib.error:
            raise EmbeddedDataError("the case data inside this PDF is damaged (it cannot be decompressed)") from None
    else:
        raise EmbeddedDataError("the case data inside this PDF is stored in a way reportgen does not read")
    if len(out) > MAX_EMBEDDED_BYTES:
        raise EmbeddedDataError(_TOO_BIG.format(kind="PDF"))
    return out


# --- DOCX ----------------------------------------------------------------------------------


def _from_docx(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise EmbeddedDataError("this file is damaged: it looks like a Word document (DOCX) but cannot be opened") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_DOCX_ENTRIES or sum(i.file_size for i in infos) > MAX_DOCX_UNPACKED:
            raise EmbeddedDataError("this file unpacks to far more than a report; reportgen will not open it")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise EmbeddedDataError("this file is a zip archive but not a Word document (DOCX)")
        try:
            for name in _custom_xml_parts(archive, names):
                payload = _reportgen_payload(_read_bounded(archive, name))
                if payload is not None:
                    return payload
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise EmbeddedDataError("this Word document is damaged: its case data cannot be read") from None
    raise EmbeddedDataError(_NO_DOCX_DATA)


def _read_bounded(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, never more than the bound (the size in the directory may lie)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_EMBEDDED_BYTES + 64 * 1024:
        raise EmbeddedDataError(_TOO_BIG.format(kind="Word document"))
    with archive.open(info) as fh:
        out = fh.read(MAX_EMBEDDED_BYTES + 64 * 1024 + 1)
    if len(out) > MAX_EMBEDDED_BYTES + 64 * 1024:
        raise EmbeddedDataError(_TOO_BIG.format(kind="Word document"))
    return out


_REL = re.compile(rb"<Relationship\b[^>]*>", re.S)
_ATTR = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')
_CUSTOM_XML_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


def _custom_xml_parts(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """Custom XML parts related to the main document, then any other customXml items."""
    found: list[str] = []
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in names:
        for rel in _REL.findall(_read_bounded(archive, rels_name)):
            attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(rel)}
            if attrs.get("Type", "").encode() == _CUSTOM_XML_REL and attrs.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join("word", attrs.get("Target", "")))
                if target in names:
                    found.append(target)
    for name in sorted(names):
        if re.fullmatch(r"customXml/item\d+\.xml", name) and name not in found:
            found.append(name)
    return found


def _reportgen_payload(xml: bytes) -> bytes | None:
    """The JSON text of a reportgen custom XML part, or None for any other part."""
    from lxml import etree

    if DATA_NS.encode() not in xml:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError:
        raise EmbeddedDataError("the case data inside this Word document is damaged (its XML is broken)") from None
    if root.tag != f"{{{DATA_NS}}}reportgen":
        return None
    return (root.text or "").encode("utf-8")
