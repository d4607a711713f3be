"""The clerk's checks, one small named function each, run in :data:`CHECKS` order.

Every check takes the :class:`Received` document (the bytes, the opened PDF,
and what has been worked out from them so far, computed once and shared) and
returns one :class:`~reportgen.intake.result.Check`. A check never raises for
a bad file: whatever goes wrong becomes its ``fail`` reason, so one odd PDF
cannot stop a batch of five hundred.

The checks are structural, not ISO validation: "declares PDF/A" reads the
claim and the metadata, it does not run veraPDF (none is available here).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pikepdf

from reportgen.intake import integrity, report
from reportgen.intake.pdftext import Exhausting, PageText, TextError, pdf_text
from reportgen.intake.result import FAIL, PASS, WARN, Check
from reportgen.intake.words import first_difference, normalise

LETTER = (612.0, 792.0)
SIZE_TOLERANCE = 1.0  # points
PAGE_NUMBER = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)")
#: Actions that make a reader do something beyond showing the page.
RUNNING_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition", "/RichMediaExecute"}
)
SAFE_URI_SCHEMES = ("http:", "https:", "mailto:")
ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
#: Decompressed content a single stream may hold before it is refused (a
#: "zip bomb" of a few megabytes could otherwise expand to gigabytes).
MAX_STREAM_BYTES = 32 * 1024 * 1024
MAX_OBJECTS = 200_000
MAX_WALK_DEPTH = 32
#: Document-info keys and the XMP property that must say the same thing.
INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}


class Timeout(Exception):
    """Verification of one file went past its time budget."""


def bounded_bytes(stream: pikepdf.Stream, limit: int = MAX_STREAM_BYTES) -> bytes:
    """A stream's decoded bytes, refusing more than ``limit`` of them.

    Flate (the only filter WeasyPrint uses) and the ASCII filters are decoded
    here, each stage of a chain with the cap: a few kilobytes of Flate inside
    Flate can otherwise expand to gigabytes. Any other filter is left
    to qpdf only when even the worst expansion of the raw bytes stays under the
    cap; beyond that the stream is refused.
    """
    filt = stream.get("/Filter")
    filters = [str(f) for f in filt] if isinstance(filt, pikepdf.Array) else [str(filt)] if filt is not None else []
    data = stream.read_raw_bytes()
    if len(data) > limit:
        raise Exhausting(f"a stream is larger than {limit // (1024 * 1024)} MB")
    if not filters:
        return data
    if stream.get("/DecodeParms") is None and all(f in _DECODERS for f in filters):
        for name in filters:
            data = _DECODERS[name](data, limit)
            if len(data) > limit:
                raise Exhausting(f"a stream expands to more than {limit // (1024 * 1024)} MB")
        return data
    if len(data) * _WORST_EXPANSION > limit:
        raise Exhausting(f"a stream uses filters ({' '.join(filters)}) that could expand it past "
                        f"{limit // (1024 * 1024)} MB")
    return stream.read_bytes()


#: No filter qpdf reads expands its input more than this (LZW's longest code
#: stands for 4096 bytes); only raw data this many times under the cap is left to qpdf.
_WORST_EXPANSION = 4096


def _inflate(data: bytes, limit: int) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, limit + 1)
    except zlib.error as err:
        raise TextError(f"a compressed stream is damaged ({err})") from None


def _unhex(data: bytes, limit: int) -> bytes:
    digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    try:
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))[: limit + 1]
    except ValueError:
        raise TextError("a hex-encoded stream is damaged") from None


def _un85(data: bytes, limit: int) -> bytes:
    import base64

    body = re.sub(rb"\s", b"", data)
    body = body[2:] if body.startswith(b"<~") else body
    try:
        # "z" stands for four zero bytes: at most 4x expansion, so the input bound keeps it small.
        return base64.a85decode(body.split(b"~>", 1)[0], adobe=False, ignorechars=b"")[: limit + 1]
    except ValueError:
        raise TextError("an ASCII85-encoded stream is damaged") from None


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "/FlateDecode": _inflate, "/Fl": _inflate,
    "/ASCIIHexDecode": _unhex, "/AHx": _unhex,
    "/ASCII85Decode": _un85, "/A85": _un85,
}
#: The XMP metadata is read by qpdf whole; a report's is a few kilobytes.
MAX_METADATA_BYTES = 4 * 1024 * 1024


@dataclass
class Inventory:
    """What a single walk over every object of the file finds."""

    fonts: list[tuple[str, bool]] = field(default_factory=list)  # (name, embedded)
    active: list[str] = field(default_factory=list)
    embedded_files: int = 0


class Received:
    """One received file, parsed lazily; each expensive step runs at most once."""

    def __init__(self, data: bytes, filename: str, pdf: pikepdf.Pdf, deadline: float):
        self.data = data
        self.filename = filename
        self.pdf = pdf
        self.deadline = deadline

    def in_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise Timeout("verification took too long for this file and was stopped")

    @cached_property
    def pages(self) -> list[PageText]:
        self.in_time()
        return pdf_text(self.pdf, stream_reader=bounded_bytes, deadline=self.deadline)

    @cached_property
    def page_words(self) -> list[str]:
        """Each page's whole text (margins and body), Unicode-normalised, computed once."""
        return [normalise(page.margin + " " + page.body) for page in self.pages]

    @cached_property
    def inventory(self) -> Inventory:
        return take_inventory(self)

    @cached_property
    def embedded(self) -> report.Embedded:
        self.in_time()
        return report.read_embedded(self.data, self.pdf)

    @cached_property
    def objections(self) -> list[dict[str, Any]]:
        """Objection-level findings on the embedded case (empty without valid case data)."""
        case = self.embedded.case
        return report.objections(case) if case is not None else []


def _walk(obj: Any, depth: int, inv: Inventory) -> None:
    """Look inside one object (not following indirect references: every
    indirect object is visited on its own) for fonts, actions and files."""
    if depth > MAX_WALK_DEPTH:
        return
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        if _inspect(obj, inv):
            return
        children: Any = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = obj
    else:
        return
    for value in children:
        if isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            _walk(value, depth + 1, inv)


def _font_embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True  # glyphs are drawn by content streams inside the font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
            return False
        return all(_font_embedded(d) for d in descendants if isinstance(d, pikepdf.Dictionary))
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


#: Keys that can make a dictionary interesting; most objects (structure elements) have none but /S.
_NOTABLE = frozenset({"/Type", "/S", "/JS", "/AA", "/Subtype", "/XFA"})


def _inspect(d: pikepdf.Dictionary, inv: Inventory) -> bool:
    """Note what ``d`` holds; True when its direct children need no look (a
    structure element: the tagged-PDF tree is most of a report's objects, and
    nothing in it runs)."""
    keys = set(d.keys())
    if not keys & _NOTABLE:
        return False
    kind = d.get("/Type") if "/Type" in keys else None
    subtype = d.get("/Subtype") if "/Subtype" in keys else None
    if kind == "/StructElem" and not keys & {"/JS", "/AA", "/XFA", "/A"}:
        return True
    if kind == "/Font" and subtype != "/CIDFontType0" and subtype != "/CIDFontType2":
        inv.fonts.append((str(d.get("/BaseFont", "(unnamed)")).lstrip("/"), _font_embedded(d)))
    if kind == "/EmbeddedFile":
        inv.embedded_files += 1
    action = d.get("/S")
    if action in RUNNING_ACTIONS:
        inv.active.append(f"a {str(action).lstrip('/')} action")
    elif action == "/URI":
        uri = str(d.get("/URI", ""))
        if not uri.lower().startswith(SAFE_URI_SCHEMES):
            inv.active.append(f"a link that opens {uri[:60]!r}")
    if "/JS" in d:
        inv.active.append("JavaScript code")
    if "/AA" in d:
        inv.active.append("actions that run on open, close or page events (/AA)")
    if subtype in ACTIVE_ANNOTATIONS:
        inv.active.append(f"a {str(subtype).lstrip('/')} annotation")
    if "/XFA" in d:
        inv.active.append("an XFA form")
    return False


#: Every name :func:`_inspect` can report on. An object whose serialised form
#: (qpdf writes names decoded, so ``/J#53`` appears as ``/JS``) contains none of
#: them cannot add to the inventory, and is not walked in Python: most of a
#: tagged report's objects are structure elements, and qpdf serialises one far
#: faster than Python can look at its keys.
_MAY_MATTER = re.compile(
    b"|".join(
        re.escape(name.encode("ascii"))
        for name in sorted({"/Font", "/EmbeddedFile", "/URI", "/JS", "/AA", "/XFA", *RUNNING_ACTIONS, *ACTIVE_ANNOTATIONS})
    )
)


def take_inventory(doc: Received) -> Inventory:
    inv = Inventory()
    root = doc.pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        inv.active.append("document-level JavaScript")
    opener = root.get("/OpenAction")
    if isinstance(opener, pikepdf.Dictionary) and opener.get("/S") is not None and opener.get("/S") != "/GoTo":
        inv.active.append(f"an action run when the file opens ({str(opener.get('/S')).lstrip('/')})")
    for count, obj in enumerate(doc.pdf.objects):
        if count > MAX_OBJECTS:
            raise TextError(f"has more than {MAX_OBJECTS} objects")
        if count % 2000 == 0:
            doc.in_time()
        head = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if isinstance(head, pikepdf.Dictionary | pikepdf.Array) and _MAY_MATTER.search(head.unparse(resolved=True)) is None:
            continue
        _walk(obj, 0, inv)
    return inv


# --- the checks, in the order they are reported -----------------------------


def opens(doc: Received) -> Check:
    if doc.pdf.is_encrypted:
        return Check("opens", FAIL, "the file is encrypted; a court filing must open without a password or restrictions")
    return Check("opens", PASS, f"opens; PDF {doc.pdf.pdf_version}, {len(doc.pdf.pages)} page(s), not encrypted")


def _xmp_value(value: Any) -> str:
    if isinstance(value, list | set | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _as_date(value: str) -> dt.datetime | None:
    from pikepdf.models.metadata import decode_pdf_date

    try:
        if value.startswith("D:"):
            parsed = decode_pdf_date(value)
        else:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, TypeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def pdfa(doc: Received) -> Check:
    stream = doc.pdf.Root.get("/Metadata")
    if isinstance(stream, pikepdf.Stream):
        try:
            bounded_bytes(stream, MAX_METADATA_BYTES)  # a metadata bomb is refused before qpdf inflates it
        except TextError as err:
            return Check("pdfa", FAIL, f"the XMP metadata cannot be read ({err})")
    try:
        meta = doc.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        part = meta.get("pdfaid:part")
        conformance = meta.get("pdfaid:conformance")
    except Exception as err:  # noqa: BLE001 - any XMP parsing failure is the answer
        return Check("pdfa", FAIL, f"the XMP metadata cannot be read ({err})")
    if not part or not conformance:
        return Check("pdfa", FAIL, "the file does not declare PDF/A (no pdfaid:part and pdfaid:conformance in its XMP)")
    if "/OutputIntents" not in doc.pdf.Root:
        return Check("pdfa", FAIL, f"declares PDF/A-{part}{conformance.lower()} but has no output intent")
    for key, prop in INFO_TO_XMP.items():
        if key not in doc.pdf.docinfo:
            continue
        info = str(doc.pdf.docinfo[key])
        xmp = meta.get(prop)
        if xmp is None:
            return Check("pdfa", FAIL, f"the document info has {key.lstrip('/')} {info!r} but the XMP has no {prop}")
        if key.endswith("Date"):
            a, b = _as_date(info), _as_date(_xmp_value(xmp))
            agree = a is not None and b is not None and abs((a - b).total_seconds()) < 1
        else:
            agree = normalise(info).strip() == normalise(_xmp_value(xmp)).strip()
        if not agree:
            return Check("pdfa", FAIL, f"the document info {key.lstrip('/')} {info!r} disagrees with XMP {prop} {_xmp_value(xmp)!r}")
    return Check("pdfa", PASS, f"declares PDF/A-{part}{conformance.lower()}; XMP agrees with the document info (claim read, not ISO-validated)")


def fonts_embedded(doc: Received) -> Check:
    fonts = doc.inventory.fonts
    missing = sorted({name for name, embedded in fonts if not embedded})
    if missing:
        return Check("fonts_embedded", FAIL, f"{len(missing)} font(s) not embedded: {', '.join(missing[:5])}")
    return Check("fonts_embedded", PASS, f"all {len(fonts)} font(s) embedded")


def text_layer(doc: Received) -> Check:
    blank = [i + 1 for i, page in enumerate(doc.pages) if not any(ch.isalnum() for ch in page.body)]
    if blank:
        return Check("text_layer", FAIL, f"no text in the body of page(s) {_pages(blank)}; a scanned or image-only page cannot be searched")
    return Check("text_layer", PASS, f"every page ({len(doc.pages)}) has searchable text")


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def letter_size(doc: Received) -> Check:
    wrong: list[str] = []
    for i, page in enumerate(doc.pdf.pages, start=1):
        box: Any = page.obj.get("/CropBox", page.obj.get("/MediaBox"))
        try:
            x0, y0, x1, y1 = (float(v) for v in box)
        except (TypeError, ValueError):
            wrong.append(f"page {i} has no readable page box")
            continue
        w, h = abs(x1 - x0), abs(y1 - y0)
        if not any(abs(w - a) <= SIZE_TOLERANCE and abs(h - b) <= SIZE_TOLERANCE for a, b in (LETTER, LETTER[::-1])):
            wrong.append(f"page {i} is {w / 72:.2f} x {h / 72:.2f} in")
    if wrong:
        return Check("letter_size", FAIL, "not US Letter (8.5 x 11 in): " + "; ".join(wrong[:5]))
    return Check("letter_size", PASS, "every page is US Letter (8.5 x 11 in)")


def page_numbers(doc: Received) -> Check:
    total = len(doc.pages)
    for i, text in enumerate(doc.page_words, start=1):
        found = [(int(x), int(y)) for x, y in PAGE_NUMBER.findall(text)]
        if (i, total) not in found:
            shown = f"'Page {found[0][0]} of {found[0][1]}'" if found else "no 'Page X of Y'"
            return Check("page_numbers", FAIL, f"page {i} shows {shown}; expected 'Page {i} of {total}'")
    return Check("page_numbers", PASS, f"every page is numbered 'Page X of {total}'")


def caption(doc: Received) -> Check:
    emb = doc.embedded
    if emb.case is None:
        return Check("caption", FAIL, "cannot be checked: the file carries no valid case data to compare with")
    first = doc.page_words[0] if doc.pages else ""
    flat = " ".join(first.split())
    missing = [f"{label} {text!r}" for label, text in report.caption_parts(emb.case) if " ".join(normalise(text).split()) not in flat]
    if missing:
        return Check("caption", FAIL, "page one does not show the " + " or the ".join(missing))
    return Check("caption", PASS, "page one shows the court, the case number and the hearing date")


def confidentiality_notice(doc: Received) -> Check:
    lacking = [i for i, text in enumerate(doc.page_words, start=1) if not report.has_notice(text)]
    if lacking:
        return Check("confidentiality_notice", FAIL, f"the WIC §827 confidentiality notice is missing from page(s) {_pages(lacking)}")
    return Check("confidentiality_notice", PASS, "the WIC §827 confidentiality notice is on every page")


def no_active_content(doc: Received) -> Check:
    inv = doc.inventory
    found = list(dict.fromkeys(inv.active))
    if inv.embedded_files > 1:
        found.append(f"{inv.embedded_files} embedded files where only the case data belongs")
    if found:
        return Check("no_active_content", FAIL, "the file contains " + "; ".join(found[:5]))
    return Check("no_active_content", PASS, "no JavaScript, launch actions or attachments other than the case data")


def case_data(doc: Received) -> Check:
    emb = doc.embedded
    if emb.problem:
        return Check("case_data", FAIL, emb.problem)
    return Check("case_data", PASS, "the embedded case data is present and valid against the schema")


def text_matches_data(doc: Received) -> Check:
    emb = doc.embedded
    if emb.case is None:
        return Check("text_matches_data", FAIL, "cannot be compared: the file carries no valid case data")
    printed = " ".join(page.body for page in doc.pages)
    try:
        expected, headers = report.expected_text(emb.case, report.printed_as_of(normalise(printed)), emb.profile)
    except Exception as err:  # noqa: BLE001 - a renderer/template fault is not the file's fault
        from reportgen.render.templates import TemplateError

        # A TemplateError names the file and line; any other message may quote case data.
        cause = str(err) if isinstance(err, TemplateError) else type(err).__name__
        return Check("text_matches_data", FAIL, f"could not rebuild the report text from the case data to compare "
                     f"(the report template failed: {cause})")
    difference = first_difference(printed, expected, headers)
    if difference:
        return Check("text_matches_data", FAIL, f"the visible text does not match the embedded case data: {difference}"
                     f"{_other_layout(emb.layout)}")
    return Check("text_matches_data", PASS, "every word on the pages matches the embedded case data")


def _other_layout(made_with: str | None) -> str:
    """What a clerk should know when the file names a layout other than the one
    its words were compared with: the report's own wording may have changed."""
    try:
        current = report.current_layout()
    except Exception:  # noqa: BLE001 - a template fault was reported by the comparison itself
        return ""
    if made_with is None or made_with == current:
        return ""
    return (f" (the file was printed by another version of the report layout, {made_with}; this reportgen "
            f"prints {current}, so wording that belongs to the layout may differ: verify it with the "
            f"reportgen version that made it before treating the difference as a change)")


def unchanged(doc: Received) -> Check:
    """Decided from the file's structure and the length and digest recorded in it
    at production (:mod:`reportgen.intake.integrity`), never from how the file ends.

    A file without the record fails too: it may have been made before reportgen
    recorded one, but removing the record is also the easiest way to hide a
    change, so "structure checked only" cannot pass a file as unchanged.
    """
    found = integrity.examine(doc.data)
    if found.problems:
        return Check("unchanged", FAIL, "the file was changed after it was produced: " + "; ".join(found.problems))
    if not found.recorded:
        return Check("unchanged", FAIL, "made before reportgen recorded its length and digest (or the record was "
                     "removed); structure checked only: one cross-reference section and trailer, no update appended. "
                     "Without the record an edit made in place cannot be ruled out: ask the agency for a copy made by "
                     "this reportgen, or compare the SHA-256 with the one the agency kept")
    return Check("unchanged", PASS, f"one cross-reference section and trailer; {len(doc.data):,} bytes and a SHA-256 "
                 "that match the length and digest recorded when it was produced")


def findings(doc: Received) -> Check:
    emb = doc.embedded
    if emb.case is None:
        return Check("findings", WARN, "no valid case data, so the completeness rules could not be run")
    objections = doc.objections
    if not objections:
        return Check("findings", PASS, "no objection-level findings")
    listed = "; ".join(f"{f['code']} {f['message']}" for f in objections[:5])
    more = f" (and {len(objections) - 5} more)" if len(objections) > 5 else ""
    # A draft may still have gaps; a report that says it is final must not.
    first_page = doc.page_words[0] if doc.pages else ""
    status = FAIL if report.claims_final(first_page) else WARN
    return Check("findings", status, f"{len(objections)} objection-level finding(s): {listed}{more}")


def digest(doc: Received) -> Check:
    import hashlib

    return Check("digest", PASS, "sha256 " + hashlib.sha256(doc.data).hexdigest())


CHECKS: tuple[Callable[[Received], Check], ...] = (
    opens,
    pdfa,
    fonts_embedded,
    text_layer,
    letter_size,
    page_numbers,
    caption,
    confidentiality_notice,
    no_active_content,
    case_data,
    text_matches_data,
    unchanged,
    findings,
    digest,
)


def run_checks(doc: Received) -> Iterator[Check]:
    """Every check in order; a check that cannot finish fails with the reason, the rest still run."""
    for check in CHECKS:
        name = check.__name__
        try:
            doc.in_time()
            yield check(doc)
        except Timeout as err:
            yield Check(name, FAIL, str(err))
        except TextError as err:
            yield Check(name, FAIL, f"the page content cannot be read: {err}")
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as err:
            yield Check(name, FAIL, f"could not be checked: the file is damaged ({type(err).__name__}: {err})")
