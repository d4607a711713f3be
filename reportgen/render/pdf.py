"""The report as a tagged PDF/A-3a with the case JSON attached.

WeasyPrint 70 lays out the HTML (``pdf_variant="pdf/a-3a"``: tags, XMP, sRGB
output intent) and attaches ``case.json`` as an associated file with
relationship Data, so ``reportgen check report.pdf`` can read the case back.

Two things are fixed afterwards with pikepdf (:func:`_finish`), because
WeasyPrint 70 leaves them undone:

* The running header and footer (CSS margin boxes) are marked as tagged
  ``/Span`` content whose structure elements hang outside the tree. We mark
  that content ``/Artifact`` (pagination) and drop it from the parent tree,
  so a screen reader does not read "Page 3 of 9" into the text. Only then
  does the XMP claim PDF/UA-1 (``pdfuaid:part``) beside PDF/A-3a.
* The catalog's ``/AF`` array lists the attachment twice; it is listed once.

The URL fetcher serves only files under the template folder's ``assets/``:
a template or a value can never make the renderer read another file or
reach the network.
"""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
import os
import re
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pikepdf

from reportgen.render.context import ObjectionsOutstanding, build_context
from reportgen.render.embed import ATTACHMENT_NAME, case_json_bytes
from reportgen.render.html import html_from_context
from reportgen.render.templates import ASSETS_NAME, resolve_template_dir

_MARKED = re.compile(rb"/[A-Za-z][A-Za-z0-9]*\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
ATTACHMENT_DESCRIPTION = "reportgen case data (JSON) from which this report was rendered"


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnlyFetcher(URLFetcher):
        """Serves files under one folder; refuses every other URL (file, http, data...)."""

        def __init__(self, assets: Path, **kwargs: Any):
            super().__init__(**kwargs)
            self.assets = assets.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(self.assets) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"refused: only the template's {ASSETS_NAME}/ folder may be loaded")

    return AssetsOnlyFetcher


def assets_fetcher(folder: Path, **kwargs: Any) -> Any:
    """A URL fetcher that serves only ``folder/assets``."""
    return _fetcher_class()(folder / ASSETS_NAME, **kwargs)


def render_pdf(case: dict[str, Any], template_dir: str | os.PathLike[str] | None = None,
               final: bool = False, as_of: dt.date | None = None, *, url_fetcher: Any = None) -> bytes:
    """The report of a loaded case as PDF bytes.

    ``final=True`` refuses (:class:`ObjectionsOutstanding`) while objection-level
    findings remain; a draft renders with the DRAFT mark and the appendix.
    ``url_fetcher`` replaces the assets-only fetcher (tests use a recording one).
    """
    from weasyprint import HTML, Attachment

    folder = resolve_template_dir(template_dir)
    context = build_context(case, as_of)
    if final and context["draft"]["active"]:
        raise ObjectionsOutstanding(context)
    html = html_from_context(context, folder)
    fetcher = url_fetcher if url_fetcher is not None else assets_fetcher(folder)
    attachment = Attachment(
        file_obj=io.BytesIO(case_json_bytes(case)), name=ATTACHMENT_NAME,
        description=ATTACHMENT_DESCRIPTION, relationship="Data", url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
    raw = document.write_pdf(pdf_variant="pdf/a-3a", attachments=[attachment], uncompressed_pdf=False,
                             color_profiles={_SRGB: _srgb_profile()}, output_intent=_SRGB)
    return _finish(raw)


_SRGB = "reportgen-srgb"


def _srgb_profile() -> Any:
    """WeasyPrint's own sRGB profile for the PDF/A output intent, read and closed here:
    left to WeasyPrint 70, the file is opened for every PDF and never closed."""
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as fh:
        return ColorProfile(fh, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


# --- post-processing ----------------------------------------------------------


def _reachable(root: pikepdf.Object) -> set[tuple[int, int]]:
    """Object ids of every structure element reachable from the tree's root."""
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            stack.append(node.get("/K"))
    return seen


def _mark_margin_artifacts(pdf: pikepdf.Pdf) -> int:
    """Turn marked content whose structure element is outside the tree into artifacts.

    Returns how many marked-content sequences were changed.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return 0
    reachable = _reachable(root)
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return 0
    orphans: dict[int, set[int]] = {}
    for i in range(0, len(nums) - 1, 2):
        key, value = int(nums[i]), nums[i + 1]
        if not isinstance(value, pikepdf.Array):
            continue
        for mcid, elem in enumerate(value):
            if isinstance(elem, pikepdf.Dictionary) and elem.is_indirect and elem.objgen not in reachable:
                orphans.setdefault(key, set()).add(mcid)
                value[mcid] = pikepdf.Object.parse(b"null")
    changed = 0
    for page_index, mcids in orphans.items():
        if page_index >= len(pdf.pages):
            continue
        contents = pdf.pages[page_index].obj.get("/Contents")
        if not isinstance(contents, pikepdf.Stream):
            continue  # WeasyPrint writes one content stream per page
        # Text in WeasyPrint's content streams is hex-encoded glyph ids, so this
        # pattern can only match marked-content operators, never page text.
        data = contents.read_bytes()
        changed += sum(1 for m in _MARKED.finditer(data) if int(m.group(1)) in mcids)
        contents.write(_MARKED.sub(partial(_to_artifact, mcids), data))
    return changed


def _to_artifact(mcids: set[int], match: re.Match[bytes]) -> bytes:
    if int(match.group(1)) not in mcids:
        return match.group(0)
    return b"/Artifact <</Type /Pagination>> BDC"


def _orphans(pdf: pikepdf.Pdf) -> int:
    """How many parent-tree entries point at structure elements outside the tree."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    reachable = _reachable(root)
    nums = root.ParentTree.get("/Nums") or pikepdf.Array()
    return sum(
        1
        for arr in list(nums)[1::2] if isinstance(arr, pikepdf.Array)
        for v in arr if isinstance(v, pikepdf.Dictionary) and v.is_indirect and v.objgen not in reachable
    )


def _dedupe_af(pdf: pikepdf.Pdf) -> None:
    af = pdf.Root.get("/AF")
    if not isinstance(af, pikepdf.Array):
        return
    kept, seen = [], set()
    for spec in af:
        key = spec.objgen if spec.is_indirect else id(spec)
        if key not in seen:
            seen.add(key)
            kept.append(spec)
    pdf.Root.AF = pikepdf.Array(kept)


_PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description><rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Part of ISO 14289 (PDF/UA) the document follows</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"""


def _claim_pdfua(pdf: pikepdf.Pdf) -> None:
    """Add ``pdfuaid:part=1`` to the XMP, with the extension-schema description
    PDF/A requires for a property outside its predefined schemas."""
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return
    xmp = meta.read_bytes()
    if b"pdfuaid" in xmp or b"</rdf:RDF>" not in xmp:
        return
    meta.write(xmp.replace(b"</rdf:RDF>", _PDFUA_XMP + b"</rdf:RDF>", 1))


def _finish(raw: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        _dedupe_af(pdf)
        _mark_margin_artifacts(pdf)
        if not _orphans(pdf):
            _claim_pdfua(pdf)
        out = io.BytesIO()
        pdf.save(out, compress_streams=True)
        return out.getvalue()
