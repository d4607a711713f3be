"""The report as a tagged PDF/A-3a with the case JSON attached.

WeasyPrint 70 lays out the HTML (``pdf_variant="pdf/a-3a"``: tags, XMP, sRGB
output intent) and attaches ``case.json`` as an associated file with
relationship Data, so ``reportgen check report.pdf`` can read the case back.

Two things are fixed in WeasyPrint's own PDF objects just before they are
written (the ``finisher`` hook, :func:`_fix_up`), because WeasyPrint 70 leaves
them undone:

* The running header and footer (CSS margin boxes) are marked as tagged
  ``/Span`` content whose structure elements hang outside the tree. We mark
  that content ``/Artifact`` (pagination) and drop it from the parent tree,
  so a screen reader does not read "Page 3 of 9" into the text. Only then
  does the XMP claim PDF/UA-1 (``pdfuaid:part``) beside PDF/A-3a.
* The catalog's ``/AF`` array lists the attachment twice; it is listed once.

The URL fetcher serves only files under the template folder's ``assets/``:
a template or a value can never make the renderer read another file or
reach the network.

Speed: in a warm process the template's stylesheet is parsed once
and reused with one font configuration per thread (:func:`_warm_style`), the
cascade runs without six user-agent rules that can never apply to the report
(:func:`_lean_ua_sheet`), the shipped template's HTML is read by expat
(:func:`own_html_tree`), the cyclic garbage collector rests while WeasyPrint
works (:func:`_gc_paused`), the fix-ups walk plain Python objects rather than a
parsed PDF, the file is written in one pass by reportgen's own writer
(:mod:`reportgen.render.pdfwrite`: no qpdf parse and save), and pages alike
share one computed page style (:mod:`reportgen.render.page_styles`), boxes of
one style share the lengths and line struts worked out for it
(:mod:`reportgen.render.used_values`), and the
render runs with room on CPython's frame stack (:mod:`reportgen.render.stack_room`:
no stack chunk mapped and unmapped at each swing of the layout's recursion). Most of
the time left is WeasyPrint laying out and drawing
lines of text, which is why the template prints facts and table rows as plain
paragraphs (see templates/report/report.html and ``bench/render.py``).

The case data's description names the layout that printed the report
(:func:`reportgen.render.html.layout_id`) and records the county profile it
printed with (:func:`reportgen.render.embed.data_description`), for the clerk's check.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import mimetypes
import os
import re
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reportgen.intake import integrity
from reportgen.render import page_styles, pdfwrite, stack_room, text_layouts, used_values
from reportgen.render.context import ObjectionsOutstanding, build_context
from reportgen.render.embed import ATTACHMENT_NAME, case_json_bytes, data_description
from reportgen.render.html import html_from_context, layout_id
from reportgen.render.metadata import DocumentProperties, apply_to_weasyprint, document_properties
from reportgen.render.profile import Profile, using
from reportgen.render.templates import (
    ASSETS_NAME,
    CSS_NAME,
    default_template_dir,
    read_text,
    resolve_template_dir,
    template_file,
)

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
               final: bool = False, as_of: dt.date | None = None, *, url_fetcher: Any = None,
               profile: Profile | str | None = None) -> bytes:
    """The report of a loaded case as PDF bytes.

    ``final=True`` refuses (:class:`ObjectionsOutstanding`) while objection-level
    findings remain; a draft renders with the DRAFT mark and the appendix.
    ``url_fetcher`` replaces the assets-only fetcher (tests use a recording one);
    with it the stylesheet is parsed inline, per render, through that fetcher.
    ``profile`` is the county profile (None: the configured one); the PDF records it.
    """
    with using(profile):  # the render below a roomy frame: see reportgen.render.stack_room
        return stack_room.call(_render_pdf, case, template_dir, final, as_of, url_fetcher)


def _render_pdf(case: dict[str, Any], template_dir: str | os.PathLike[str] | None, final: bool,
                as_of: dt.date | None, url_fetcher: Any) -> bytes:
    from weasyprint import HTML, Attachment

    from reportgen.logsafe import withhold_document_text

    withhold_document_text()
    folder = resolve_template_dir(template_dir)
    context = build_context(case, as_of)
    if final and context["draft"]["active"]:
        raise ObjectionsOutstanding(context)
    options: dict[str, Any] = {"color_profiles": {_SRGB: _srgb_profile()}}
    html_class: type = HTML
    tree = None
    if url_fetcher is None:
        fetcher = assets_fetcher(folder)
        warm = _warm_style(folder)
        html = html_from_context(context, folder, inline_css=False)
        options.update(stylesheets=[warm.sheet], font_config=warm.font_config,
                       counter_style=warm.counter_style.copy())
        options["color_profiles"].update(warm.color_profiles)
        if warm.lean_html is not None and not _AUTHOR_STYLE_IN_HTML.search(html):
            html_class = warm.lean_html  # see _lean_ua_sheet
        if folder == default_template_dir().resolve():
            tree = own_html_tree(html)  # see own_html_tree
    else:
        fetcher = url_fetcher
        html = html_from_context(context, folder)
    attachment = Attachment(
        file_obj=io.BytesIO(case_json_bytes(case)), name=ATTACHMENT_NAME,
        description=data_description(ATTACHMENT_DESCRIPTION, layout_id(folder), context["profile"]),
        relationship="Data",
        url_fetcher=fetcher,
    )
    if tree is not None:
        document = _html_from_tree(html_class, tree, folder.as_uri() + "/", fetcher)
    else:
        document = html_class(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
    # Uncompressed and without an identifier: reportgen.render.pdfwrite, which
    # writes the file in WeasyPrint's place, deflates each stream once and writes
    # the /ID (WeasyPrint would deflate at level 9, and serialize every object a
    # second time to hash it).
    with _gc_paused():
        raw = _write(document, document_properties(case), dict(
            pdf_variant="pdf/a-3a", attachments=[attachment], uncompressed_pdf=True,
            pdf_identifier=False, output_intent=_SRGB, **options))
    return _finish(raw)


def write_document_pdf(html: str, folder: Path, props: DocumentProperties) -> bytes:
    """Another reportgen document (the parents' letter, :mod:`reportgen.letter`) as
    the report is written: tagged PDF/A-3a with the PDF/UA claim, running header and
    footer marked as artifacts, only ``folder/assets`` reachable, ``props`` as its
    metadata, reportgen's own writer and the integrity record. No case data is attached."""
    return stack_room.call(_write_document_pdf, html, folder, props)


def _write_document_pdf(html: str, folder: Path, props: DocumentProperties) -> bytes:
    from weasyprint import HTML

    fetcher = assets_fetcher(folder)
    document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
    with _gc_paused():
        raw = _write(document, props, dict(pdf_variant="pdf/a-3a", uncompressed_pdf=True, pdf_identifier=False,
                                           output_intent=_SRGB, color_profiles={_SRGB: _srgb_profile()}))
    return _finish(raw)


def _write(document: Any, props: DocumentProperties, options: dict[str, Any]) -> bytes:
    """What ``HTML.write_pdf`` does (lay out, then write), with the document's
    metadata replaced in between by ``props`` (chosen in
    :mod:`reportgen.render.metadata`), whatever the template's ``<head>`` says."""
    from weasyprint import DEFAULT_OPTIONS

    page_styles.install()  # one computed style per kind of page (see reportgen.render.page_styles)
    text_layouts.install()  # each line's Pango layout kept until it is drawn (reportgen.render.text_layouts)
    used_values.install()  # lengths and struts remembered per style (reportgen.render.used_values)
    font_config = options.pop("font_config", None)
    counter_style = options.pop("counter_style", None)
    color_profiles = options.pop("color_profiles", None)
    rendered = document.render(font_config, counter_style, color_profiles, **options)
    apply_to_weasyprint(rendered.metadata, props)
    return bytes(rendered.write_pdf(None, 1, _fix_up_and_take_over,
                                    **{k: v for k, v in options.items() if k in DEFAULT_OPTIONS}))


# --- the cyclic garbage collector ---------------------------------------------
#
# Laying out a report allocates some hundred thousand objects (boxes, styles,
# text layouts) that live until the PDF is written and are freed by reference
# counting afterwards. While they live, Python's cyclic collector keeps
# scanning the growing heap: about 45 young and 4 older collections per
# report, 3-4% of a render, finding next to nothing. It is paused while
# WeasyPrint works. The pause belongs to one render at a time and ends with
# it: a render that starts while another holds the pause profits from it
# until that one ends, and never extends it, so on a busy server the
# collector still runs between renders instead of staying off for as long as
# renders overlap.

_gc_pause = threading.Lock()


@contextmanager
def _gc_paused() -> Iterator[None]:
    if not _gc_pause.acquire(blocking=False):
        yield  # another render holds the pause and ends it
        return
    try:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()
    finally:
        _gc_pause.release()


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
        lean = None if _NEEDS_FULL_UA.search(read_text(folder, CSS_NAME)) else _lean_ua_sheet()
        self.lean_html: type | None = None if lean is None else _lean_html_class(lean)


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


# --- a leaner user-agent stylesheet --------------------------------------------
#
# WeasyPrint's HTML user-agent stylesheet has six rules whose selector is a bare
# pseudo-element (``::marker``, ``::footnote-call``, ``::footnote-marker``,
# ``::note-call``, ``::note-marker``, ``::note-callback``). They match every
# element, so the cascade computes six extra styles per element (about 4,000
# per report, roughly 50 ms of a 0.6 s render) that are never used: a marker
# box exists only for ``display: list-item``, which WeasyPrint's stylesheet gives
# to ``li`` alone, and footnote and note boxes only for ``float: footnote`` or
# ``float: note``, which only an author stylesheet can ask for. So when the
# template's stylesheet mentions none of these, and the HTML brings no styles of
# its own, the renderer uses the same stylesheet with ``::marker`` narrowed to
# ``li::marker`` and the five footnote and note rules left out: same boxes,
# same PDF.

_NEEDS_FULL_UA = re.compile(r"list-item|footnote|\bnote\b", re.IGNORECASE)
_AUTHOR_STYLE_IN_HTML = re.compile(r"<style[^>]*>\s*[^<\s]|\sstyle\s*=", re.IGNORECASE)
_BARE_PSEUDO_RULE = re.compile(r"^::(footnote|note)-[a-z]+\s*\{[^}]*\}", re.MULTILINE)


def _lean_ua_sheet() -> Any | None:
    """WeasyPrint's HTML user-agent stylesheet without the rules described above, or
    None when that stylesheet is not the one this was written against."""
    from weasyprint import CSS
    from weasyprint.html import UA, UA_COUNTER_STYLE

    text, markers = re.subn(r"^::marker(\s*\{)", r"li::marker\1", UA, flags=re.MULTILINE)
    text, notes = _BARE_PSEUDO_RULE.subn("", text)
    if markers != 1 or notes != 5 or re.search(r"(^|[\s,])::[a-z]", text):
        return None  # a WeasyPrint whose stylesheet differs: keep it whole
    return CSS(string=text, counter_style=UA_COUNTER_STYLE)


def _lean_html_class(sheet: Any) -> type:
    """``weasyprint.HTML`` with ``sheet`` as its user-agent stylesheet."""
    from weasyprint import HTML
    from weasyprint.html import UA_FORM_STYLESHEET

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet, UA_FORM_STYLESHEET] if forms else [sheet]

    return LeanHTML


# --- parsing the shipped template's HTML ------------------------------------------
#
# WeasyPrint parses HTML with tinyhtml5, a pure-Python HTML5 parser: about 19 ms
# of a render. The shipped template writes well-formed XHTML (void elements
# closed, no named entities) and Jinja escapes every value, so expat (C) can
# read it in about 2 ms. HTML5 tree building differs from XML parsing only in
# the whitespace around <head> and after </body>, which own_html_tree moves the
# way an HTML5 parser would; tests/render/test_fast_parse.py proves the two
# trees equal, text for text, for every example and for hostile input, and
# that the PDFs print the same pages. Anything unusual (a county's own
# template, control characters, a tab or newline inside an attribute value,
# which XML would turn into a space, a parse error) takes tinyhtml5 as before.

_NOT_FOR_EXPAT = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]|="[^"]*[\t\n]')


def own_html_tree(html: str) -> Any | None:
    """The element tree an HTML5 parser builds from the shipped template's
    output, read by expat; None when this fast path does not apply."""
    if _NOT_FOR_EXPAT.search(html):
        return None
    try:
        root = ElementTree.fromstring(html.encode("utf-8"))  # noqa: S314 - our own template's output, values escaped
    except (ElementTree.ParseError, UnicodeEncodeError):
        return None
    children = list(root)
    if root.tag != "html" or [child.tag for child in children] != ["head", "body"]:
        return None
    head, body = children
    after_body = (body.tail or "") + html[html.rfind("</html>") + len("</html>"):]
    if (root.text or "").strip() or after_body.strip() or (head.tail or "").strip():
        return None
    root.text = None  # whitespace before <head> is dropped
    body.tail = None  # whitespace after </body> and </html> goes into the body
    if after_body:
        last = body[-1] if len(body) else None
        if last is None:
            body.text = (body.text or "") + after_body
        else:
            last.tail = (last.tail or "") + after_body
    return root


def _html_from_tree(html_class: Any, root: Any, base_url: str, fetcher: Any) -> Any:
    """An instance of ``html_class`` (a ``weasyprint.HTML``) over an already
    parsed tree: what ``HTML.__init__`` does after its parse."""
    import cssselect2
    from weasyprint import _find_base_url

    document = html_class.__new__(html_class)
    document.base_url = _find_base_url(root, base_url)
    document.url_fetcher = fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


_SRGB = "reportgen-srgb"


def _srgb_profile() -> Any:
    """WeasyPrint's own sRGB profile for the PDF/A output intent, read and closed here:
    left to WeasyPrint 70, the file is opened for every PDF and never closed."""
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as fh:
        return ColorProfile(fh, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


# --- fix-ups ------------------------------------------------------------------


_PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description><rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Part of ISO 14289 (PDF/UA) the document follows</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"""


def _finish(data: bytes) -> bytes:
    """The written file (see :mod:`reportgen.render.pdfwrite`) with its length
    and SHA-256 filled into the trailer in place (:mod:`reportgen.intake.integrity`),
    so a clerk can tell it is unchanged."""
    if not _has_trailer_id(data):
        raise RuntimeError("the PDF was written without a trailer /ID; PDF/A requires one")
    return integrity.seal(data)


def _has_trailer_id(data: bytes) -> bool:
    """Whether the last trailer (a cross-reference stream's dictionary, as
    :mod:`reportgen.render.pdfwrite` writes, or a classic trailer) carries /ID."""
    start = max(data.rfind(b"/Type /XRef"), data.rfind(b"trailer"))
    if start < 0:
        return False
    end = data.find(b"stream", start)
    return b"/ID [" in data[start: end if end > 0 else len(data)]


def _fix_up_and_take_over(document: Any, pdf: Any) -> None:
    """WeasyPrint ``finisher``: the fix-ups, then reportgen's writer in place of pydyf's."""
    _fix_up(document, pdf)
    pdfwrite.take_over(pdf)


def _fix_up(document: Any, pdf: Any) -> None:
    """WeasyPrint ``finisher``: the fix-ups of the module docstring, made on the
    ``pydyf`` objects just before they are written (plain Python lists and dicts,
    so far cheaper than the same walk through pikepdf after a parse)."""
    import pydyf

    objects = pdf.objects
    catalog = pdf.catalog
    af = catalog.get("AF")
    if isinstance(af, list) and all(isinstance(ref, bytes) for ref in af):
        catalog["AF"] = pydyf.Array(dict.fromkeys(af))  # the same reference once, order kept
    root_ref = catalog.get("StructTreeRoot")
    if not isinstance(root_ref, bytes):
        return
    root = _deref(objects, root_ref)
    reachable = _reachable_numbers(objects, root)
    orphans = _unhook_orphans(_deref(objects, root.get("ParentTree")), reachable)
    pages = [objects[number] for number in pdf.pages["Kids"][0::3]]  # pydyf: flat [n, 0, "R", ...]
    for page_index, mcids in orphans.items():
        if page_index < len(pages):
            _mark_artifacts(_deref(objects, pages[page_index].get("Contents")), mcids)
    if not _orphan_count(_deref(objects, root.get("ParentTree")), reachable):
        _claim_pdfua_xmp(_deref(objects, catalog.get("Metadata")))


def _ref_number(value: Any) -> int | None:
    """The object number of a ``b"12 0 R"`` reference; None for anything else."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return int(value.split(b" ", 1)[0])
    return None


def _deref(objects: list[Any], value: Any) -> Any:
    """The object a ``b"12 0 R"`` reference names; anything else as it is."""
    number = _ref_number(value)
    return value if number is None else objects[number]


def _is_orphan(ref: Any, reachable: set[int]) -> bool:
    """Whether a parent-tree entry points at a structure element outside the tree."""
    number = _ref_number(ref)
    return number is not None and number not in reachable


def _reachable_numbers(objects: list[Any], root: Any) -> set[int]:
    """Object numbers of every structure element reachable from the tree's root."""
    seen: set[int] = set()
    stack = list(root.get("K", []))
    while stack:
        number = _ref_number(stack.pop())
        if number is None:
            continue  # an MCID
        if number in seen:
            continue
        obj = objects[number]
        if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
            seen.add(number)
            kids = obj.get("K", [])
            stack.extend(kids if isinstance(kids, list) else [kids])
    return seen


def _parent_tree_entries(parent_tree: Any) -> Iterator[tuple[int, int, Any, list[Any]]]:
    """(page index, MCID, reference, the page's array) of each parent-tree entry of a page."""
    nums = parent_tree.get("Nums", []) if isinstance(parent_tree, dict) else []
    for i in range(0, len(nums) - 1, 2):
        key, value = nums[i], nums[i + 1]
        if isinstance(value, list):
            for mcid, ref in enumerate(value):
                yield key, mcid, ref, value


def _unhook_orphans(parent_tree: Any, reachable: set[int]) -> dict[int, set[int]]:
    """Set to null the parent-tree entries whose element hangs outside the tree;
    returns their MCIDs by page index."""
    orphans: dict[int, set[int]] = {}
    for page_index, mcid, ref, array in _parent_tree_entries(parent_tree):
        if _is_orphan(ref, reachable):
            orphans.setdefault(page_index, set()).add(mcid)
            array[mcid] = b"null"
    return orphans


def _orphan_count(parent_tree: Any, reachable: set[int]) -> int:
    """How many parent-tree entries still point at structure elements outside the tree."""
    return sum(1 for _, _, ref, _ in _parent_tree_entries(parent_tree) if _is_orphan(ref, reachable))


def _mark_artifacts(stream: Any, mcids: set[int]) -> None:
    """Turn the marked-content sequences ``mcids`` of a page's content into
    pagination artifacts (``/Span <</MCID n>> BDC`` -> ``/Artifact <</Type /Pagination>> BDC``)."""
    import pydyf

    ops = getattr(stream, "stream", None)
    if not isinstance(ops, list):
        return
    for i in range(1, len(ops) - 1):
        props = ops[i]
        if (isinstance(props, dict) and props.get("MCID") in mcids and ops[i + 1] == b"BDC"
                and isinstance(ops[i - 1], str) and ops[i - 1].startswith("/")):
            ops[i - 1] = "/Artifact"
            ops[i] = pydyf.Dictionary({"Type": "/Pagination"})


def _claim_pdfua_xmp(meta: Any) -> None:
    """Add ``pdfuaid:part=1`` to the XMP of WeasyPrint's metadata stream, with the
    extension-schema description PDF/A requires for a property outside its
    predefined schemas."""
    ops = getattr(meta, "stream", None)
    if not isinstance(ops, list) or not all(isinstance(op, bytes) for op in ops):
        return
    xmp = b"".join(ops)
    if b"pdfuaid" in xmp or b"</rdf:RDF>" not in xmp:
        return
    meta.stream = [xmp.replace(b"</rdf:RDF>", _PDFUA_XMP + b"</rdf:RDF>", 1)]
