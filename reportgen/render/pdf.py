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

Speed (issue 4): in a warm process the template's stylesheet is parsed once
and reused with one font configuration per thread (:func:`_warm_style`), and
WeasyPrint writes the PDF uncompressed so that the one pikepdf save both does
the fix-ups and compresses (see ``bench/render.py`` for the figures).
"""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
import os
import re
import threading
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pikepdf

from reportgen.render.context import ObjectionsOutstanding, build_context
from reportgen.render.embed import ATTACHMENT_NAME, case_json_bytes
from reportgen.render.html import html_from_context
from reportgen.render.templates import ASSETS_NAME, CSS_NAME, read_text, resolve_template_dir, template_file

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
    ``url_fetcher`` replaces the assets-only fetcher (tests use a recording one);
    with it the stylesheet is parsed inline, per render, through that fetcher.
    """
    from weasyprint import HTML, Attachment

    folder = resolve_template_dir(template_dir)
    context = build_context(case, as_of)
    if final and context["draft"]["active"]:
        raise ObjectionsOutstanding(context)
    options: dict[str, Any] = {"color_profiles": {_SRGB: _srgb_profile()}}
    if url_fetcher is None:
        fetcher = assets_fetcher(folder)
        warm = _warm_style(folder)
        html = html_from_context(context, folder, inline_css=False)
        options.update(stylesheets=[warm.sheet], font_config=warm.font_config,
                       counter_style=warm.counter_style.copy())
        options["color_profiles"].update(warm.color_profiles)
    else:
        fetcher = url_fetcher
        html = html_from_context(context, folder)
    attachment = Attachment(
        file_obj=io.BytesIO(case_json_bytes(case)), name=ATTACHMENT_NAME,
        description=ATTACHMENT_DESCRIPTION, relationship="Data", url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
    # Uncompressed and without a file identifier here; the one qpdf save in
    # _finish compresses the streams and writes the trailer /ID PDF/A asks for.
    # WeasyPrint's writer deflates every stream at level 9 and, for the
    # identifier, serializes (and deflates) every object a second time to hash
    # it: together that cost more than the whole pikepdf pass.
    raw = document.write_pdf(pdf_variant="pdf/a-3a", attachments=[attachment], uncompressed_pdf=True,
                             pdf_identifier=False, output_intent=_SRGB, **options)
    return _finish(raw)


# --- warm state ---------------------------------------------------------------


class _WarmStyle:
    """A template folder's parsed stylesheet and the font configuration it was parsed with.

    A fresh ``FontConfiguration`` per render reloads fontconfig and starts Pango's
    font caches cold; reusing one (with the stylesheet whose ``@font-face`` rules
    went into it) keeps them warm. Kept per thread: Pango font maps are not
    thread-safe, and the web app may render on several threads.
    """

    def __init__(self, folder: Path) -> None:
        from weasyprint import CSS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.counter_style = CounterStyle()
        self.color_profiles: dict[str, Any] = {}
        self.sheet = CSS(string=read_text(folder, CSS_NAME), base_url=folder.as_uri() + "/",
                         url_fetcher=assets_fetcher(folder), font_config=self.font_config,
                         counter_style=self.counter_style, color_profiles=self.color_profiles)


_local = threading.local()
_WARM_LIMIT = 8  # template folders kept per thread


def _warm_style(folder: Path) -> _WarmStyle:
    """The cached :class:`_WarmStyle` of ``folder``, rebuilt when its stylesheet changed."""
    css = template_file(folder, CSS_NAME)
    stat = css.stat()
    key = (str(css.resolve()), stat.st_mtime_ns, stat.st_size)
    cache: dict[tuple[str, int, int], _WarmStyle] = _local.__dict__.setdefault("styles", {})
    warm = cache.get(key)
    if warm is None:
        if len(cache) >= _WARM_LIMIT:
            cache.clear()
        warm = cache[key] = _WarmStyle(folder)
    return warm


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


def _mark_margin_artifacts(pdf: pikepdf.Pdf, reachable: set[tuple[int, int]]) -> int:
    """Turn marked content whose structure element is outside the tree into artifacts.

    ``reachable`` is :func:`_reachable` of the tree's root (the tree itself is
    not changed here, only the parent tree and the page content).
    Returns how many marked-content sequences were changed.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return 0
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


def _orphans(pdf: pikepdf.Pdf, reachable: set[tuple[int, int]]) -> int:
    """How many parent-tree entries point at structure elements outside the tree."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
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
    """All fix-ups in one open and one save, which also compresses the streams,
    packs the objects into object streams (WeasyPrint wrote them plain) and
    gives the file its trailer /ID."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        _dedupe_af(pdf)
        root = pdf.Root.get("/StructTreeRoot")
        reachable = _reachable(root) if root is not None else set()
        _mark_margin_artifacts(pdf, reachable)
        if not _orphans(pdf, reachable):
            _claim_pdfua(pdf)
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = out.getvalue()
    if not _has_trailer_id(data):
        raise RuntimeError("qpdf wrote no trailer /ID; PDF/A requires one")
    return data


def _has_trailer_id(data: bytes) -> bool:
    """Whether the last trailer (a cross-reference stream's dictionary, as
    qpdf writes with object streams, or a classic trailer) carries /ID."""
    start = max(data.rfind(b"/Type /XRef"), data.rfind(b"trailer"))
    if start < 0:
        return False
    end = data.find(b"stream", start)
    return b"/ID [" in data[start: end if end > 0 else len(data)]
