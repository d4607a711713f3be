"""The words a PDF shows, read straight from its content streams.

Why not pdftotext or pypdf? Both are correct but slow for a clerk's batch:
pdftotext spends about 0.3 s per call initialising fontconfig and pypdf about
0.4 s on an eleven-page report, while the verify benchmark wants twenty PDFs a
second. Reports made by WeasyPrint are simple to read directly: every font is
a CID font with a ``/ToUnicode`` map, every line is its own text object, and
spaces are real glyphs. This reader follows the text state (matrices, font,
spacing) far enough to know what each run of text says and where it sits on
the page, which is all verification needs:

* the *margin* runs (running header and footer) are told apart from the body
  by their position, so the body words can be compared with the case data;
* runs on one baseline are joined without a space unless there is a visible
  gap, so a word split across two inline boxes stays one word.

Content streams in WeasyPrint's plain syntax are split by
:mod:`.contentops` (regular expressions, no object per operand); any other
stream is split by :func:`pikepdf.parse_content_stream`, and both feed the
same text-state reader below.

It is not a general PDF text extractor: text drawn in ways WeasyPrint never
uses (Type3 glyph procedures, vertical writing) comes out approximately.
"""

from __future__ import annotations

import re
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from reportgen.intake.contentops import instructions

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: The report has 1-inch margins (docs/design.md); the running header and footer live there.
MARGIN = 72.0
#: Form XObjects can nest; a hostile file could make them recurse forever, or
#: fan out (each form drawing the next many times: 40 draws over 8 levels is
#: 40**7 walks from a 3 KB file). So nesting is bounded, a form that draws
#: itself is refused, each form's content is parsed once, and a page may draw
#: forms and show text only so many times.
MAX_FORM_DEPTH = 8
MAX_FORM_DRAWS = 2000
MAX_RUNS_PER_PAGE = 100_000
#: The only operators the reader acts on; qpdf drops the rest before Python sees them.
TEXT_OPERATORS = "q Q cm BT Tf Tm Td TD T* TL Tc Tw Tz Ts Tj TJ ' \" Do"
_WANTED = frozenset(TEXT_OPERATORS.split())


class TextError(Exception):
    """The page's content could not be read."""


class Exhausting(TextError):
    """Reading the content would cost without bound (a stream inflating past its cap,
    forms drawn too often, nested too deeply or drawing themselves): the file is
    built, or damaged, to exhaust a reader. Raised before the cost is paid."""


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` in PDF's row-vector convention (apply m first, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


@dataclass
class Run:
    """One text-showing operation's characters and where they sit (user space, origin bottom-left)."""

    text: str
    x: float
    y: float
    x_end: float
    size: float


@dataclass
class PageText:
    """A page's text split into the body and the margins (running header and footer)."""

    body: str
    margin: str
    runs: list[Run] = field(default_factory=list)


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _hex_int(token: bytes) -> int:
    return int(token, 16)


def _utf16(token: bytes) -> str:
    raw = bytes.fromhex(token.decode("ascii"))
    if len(raw) % 2:
        raw = b"\x00" + raw
    return raw.decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Code-to-text map from a ToUnicode CMap (``bfchar`` and ``bfrange`` sections)."""
    out: dict[int, str] = {}
    for section in re.finditer(rb"beginbfchar(.*?)endbfchar", data, re.S):
        tokens = _HEX.findall(section.group(1))
        for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
            out[_hex_int(src)] = _utf16(dst)
    for section in re.finditer(rb"beginbfrange(.*?)endbfrange", data, re.S):
        body = section.group(1)
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", body):
            lo, hi = _hex_int(m.group(1)), _hex_int(m.group(2))
            if hi - lo > 0xFFFF:
                continue
            target = m.group(3)
            if target.startswith(b"["):
                for i, tok in enumerate(_HEX.findall(target)):
                    out[lo + i] = _utf16(tok)
            else:
                start = _utf16(target[1:-1])
                if not start:
                    continue
                for i in range(hi - lo + 1):
                    out[lo + i] = start[:-1] + chr(min(ord(start[-1]) + i, 0x10FFFF))
    return out


class _Default(dict[int, Any]):
    """A code table whose missing codes read as a fixed default, so lookups can
    run through ``map`` in C rather than one Python call per glyph."""

    def __init__(self, default: Any):
        super().__init__()
        self.default = default

    def __missing__(self, key: int) -> Any:
        return self.default if not callable(self.default) else self.default(key)


class Font:
    """What the reader needs from a font: how to split codes, their text, their widths."""

    def __init__(self, obj: Any, read: Callable[[pikepdf.Stream], bytes] | None = None):
        self.two_byte = obj.get("/Subtype") == "/Type0"
        self._texts: _Default | None = None
        self._widths: _Default | None = None
        self.to_unicode: dict[int, str] = {}
        tu = obj.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            self.to_unicode = parse_to_unicode(read(tu) if read else tu.read_bytes())
        self.widths: dict[int, float] = {}
        self.default_width = 1000.0 if self.two_byte else 0.0
        if self.two_byte:
            descendants = obj.get("/DescendantFonts")
            desc = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
            if isinstance(desc, pikepdf.Dictionary):
                self.default_width = float(desc.get("/DW", 1000))
                self._read_w(desc.get("/W"))
        else:
            first = int(obj.get("/FirstChar", 0))
            for i, w in enumerate(obj.get("/Widths", [])):
                self.widths[first + i] = float(w)

    def _read_w(self, w: Any) -> None:
        if not isinstance(w, pikepdf.Array):
            return
        items = list(w)
        i = 0
        while i < len(items) - 1:
            start = int(items[i])
            nxt = items[i + 1]
            if isinstance(nxt, pikepdf.Array):
                for k, each in enumerate(nxt):
                    self.widths[start + k] = float(each)
                i += 2
            elif i + 2 < len(items):
                end, same = int(nxt), float(items[i + 2])
                for code in range(start, min(end, start + 0xFFFF) + 1):
                    self.widths[code] = same
                i += 3
            else:
                break

    def codes(self, data: bytes) -> Iterable[int]:
        if self.two_byte:
            return (data[i] << 8 | data[i + 1] for i in range(0, len(data) - 1, 2))
        return iter(data)

    def text(self, code: int) -> str:
        found = self.to_unicode.get(code)
        if found is not None:
            return found
        return "" if self.two_byte else chr(code)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)

    def decode(self, data: bytes) -> tuple[str, float, int, int]:
        """(text, total width in glyph units, glyph count, single-byte spaces) of a string."""
        texts, widths = self._texts, self._widths
        if texts is None or widths is None:
            texts = _Default("" if self.two_byte else chr)
            texts.update(self.to_unicode)
            widths = _Default(self.default_width)
            widths.update(self.widths)
            self._texts, self._widths = texts, widths
        if self.two_byte:
            codes: tuple[int, ...] = struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
        else:
            codes = tuple(data)
        return (
            "".join(map(texts.__getitem__, codes)),
            sum(map(widths.__getitem__, codes)),
            len(codes),
            0 if self.two_byte else codes.count(32),
        )


StreamReader = Callable[[pikepdf.Stream], bytes]


def _read_all(stream: pikepdf.Stream) -> bytes:
    return stream.read_bytes()


class _Reader:
    """Walks one page's content (and the forms it draws) collecting runs."""

    def __init__(self, pdf: pikepdf.Pdf, fonts: dict[tuple[int, int], Font], read: StreamReader,
                 deadline: float | None = None):
        self.pdf = pdf
        self.fonts = fonts
        self.read = read
        self.deadline = deadline
        self.runs: list[Run] = []
        self.draws = 0
        self._open_forms: set[tuple[int, int]] = set()
        self._form_ops: dict[tuple[int, int], list[tuple[str, list[Any]]]] = {}

    def start_page(self) -> None:
        self.runs = []
        self.draws = 0

    def form(self, xo: pikepdf.Stream, resources: Any, ctm: Matrix, depth: int) -> None:
        """Walk a form XObject the page draws: bounded in count, never re-entered, parsed once."""
        self.draws += 1
        if self.draws > MAX_FORM_DRAWS:
            raise Exhausting(f"a page draws forms more than {MAX_FORM_DRAWS} times")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TextError("reading the pages took too long")
        key = xo.objgen
        if key in self._open_forms:
            raise Exhausting("a form draws itself")
        m = xo.get("/Matrix")
        form_m: Matrix = tuple(float(v) for v in m) if m is not None else IDENTITY  # type: ignore[assignment]
        if key != (0, 0):
            self._open_forms.add(key)
        try:
            self.walk(xo, xo.get("/Resources", resources), multiply(form_m, ctm), depth + 1)
        finally:
            self._open_forms.discard(key)

    def content(self, container: Any) -> bytes:
        """The decoded content of a page (its /Contents, one stream or an array) or a form."""
        if isinstance(container, pikepdf.Stream):
            return self.read(container)
        contents = container.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            return self.read(contents)
        if isinstance(contents, pikepdf.Array):
            return b"\n".join(self.read(s) for s in contents if isinstance(s, pikepdf.Stream))
        return b""

    def font(self, obj: Any) -> Font | None:
        if not isinstance(obj, pikepdf.Dictionary):
            return None
        if not obj.is_indirect:
            return Font(obj, self.read)
        key = obj.objgen
        if key not in self.fonts:
            self.fonts[key] = Font(obj, self.read)
        return self.fonts[key]

    def instructions(self, data: bytes) -> list[tuple[str, list[Any]]]:
        """The text-related instructions of a content stream: read by :mod:`.contentops` when the
        stream is in the plain form WeasyPrint writes, otherwise by pikepdf (full syntax)."""
        quick = instructions(data, _WANTED)
        if quick is not None:
            return quick
        try:
            parsed = pikepdf.parse_content_stream(pikepdf.Stream(self.pdf, data), TEXT_OPERATORS)
        except pikepdf.PdfError as err:
            raise TextError(f"unreadable content stream: {err}") from None
        return [(str(inst.operator), list(inst.operands)) for inst in parsed]

    def operations(self, container: Any) -> list[tuple[str, list[Any]]]:
        key = container.objgen if isinstance(container, pikepdf.Stream) else (0, 0)
        if key == (0, 0):
            return self.instructions(self.content(container))
        if key not in self._form_ops:
            self._form_ops[key] = self.instructions(self.content(container))
        return self._form_ops[key]

    def walk(self, container: Any, resources: Any, ctm: Matrix, depth: int = 0) -> None:
        if depth > MAX_FORM_DEPTH:
            raise Exhausting("forms nested too deeply")
        ops = self.operations(container)
        font_res = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        xobj_res = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        stack: list[Matrix] = []
        tm = tlm = IDENTITY
        font: Font | None = None
        size = tc = tw = rise = leading = 0.0
        th = 1.0

        def show(items: Iterable[Any]) -> None:
            nonlocal tm
            if font is None:
                return
            trm = multiply((size * th, 0.0, 0.0, size, 0.0, rise), multiply(tm, ctm))
            x0, y0 = apply(trm, 0.0, 0.0)
            chars: list[str] = []
            adv = 0.0
            units = 0.0
            glyphs = spaces = 0
            for item in items:
                if isinstance(item, bytes):
                    text, width, n, blanks = font.decode(item)
                    chars.append(text)
                    units += width
                    glyphs += n
                    spaces += blanks
                else:
                    units -= float(item)
            adv = (units / 1000.0 * size + tc * glyphs + tw * spaces) * th
            tm = multiply((1.0, 0.0, 0.0, 1.0, adv, 0.0), tm)
            x1, _ = apply(multiply(tm, ctm), 0.0, 0.0)
            text = "".join(chars)
            if text:
                if len(self.runs) >= MAX_RUNS_PER_PAGE:
                    raise Exhausting(f"a page shows text more than {MAX_RUNS_PER_PAGE} times")
                scale = abs(trm[3]) or abs(trm[0]) or size
                self.runs.append(Run(text, x0, y0, x1, scale))

        for op, args in ops:
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                if stack:
                    ctm = stack.pop()
            elif op == "cm" and len(args) == 6:
                ctm = multiply(tuple(map(float, args)), ctm)  # type: ignore[arg-type]
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(args) == 2:
                font = self.font(font_res.get(str(args[0]))) if font_res is not None else None
                size = float(args[1])
            elif op == "Tm" and len(args) == 6:
                tm = tlm = tuple(map(float, args))  # type: ignore[assignment]
            elif op in ("Td", "TD") and len(args) == 2:
                tx, ty = float(args[0]), float(args[1])
                if op == "TD":
                    leading = -ty
                tm = tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
            elif op == "T*":
                tm = tlm = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            elif op == "TL" and args:
                leading = float(args[0])
            elif op == "Tc" and args:
                tc = float(args[0])
            elif op == "Tw" and args:
                tw = float(args[0])
            elif op == "Tz" and args:
                th = float(args[0]) / 100.0
            elif op == "Ts" and args:
                rise = float(args[0])
            elif op == "Tj" and args:
                show([bytes(args[0])])
            elif op == "TJ" and args:
                show(_tj_items(args[0]))
            elif op in ("'", '"') and args:
                if op == '"' and len(args) == 3:
                    tw, tc = float(args[0]), float(args[1])
                tm = tlm = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                show([bytes(args[-1])])
            elif op == "Do" and args and xobj_res is not None:
                xo = xobj_res.get(str(args[0]))
                if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form":
                    self.form(xo, resources, ctm, depth)


_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")


def _tj_items(array: Any) -> list[Any]:
    """A TJ array as [bytes, adjustment, ...]. WeasyPrint's arrays hold only hex strings and
    numbers; those are read from the unparsed array with two regular expressions (in C) as one
    string and one total adjustment, which is all the reader needs. Anything else goes item by item."""
    if isinstance(array, list):
        return array  # already [bytes, adjustment] (see contentops.instructions)
    if not isinstance(array, pikepdf.Array):
        return []
    raw = array.unparse()
    if b"(" in raw:
        return [bytes(i) if isinstance(i, pikepdf.String) else i for i in array]
    data = bytes.fromhex(b"".join(_HEX_STRING.findall(raw)).decode("ascii"))
    adjust = sum(map(float, _NUMBER.findall(_HEX_STRING.sub(b" ", raw))))
    return [data, adjust]


def join_runs(runs: list[Run]) -> str:
    """Runs joined into text: a space where the baseline changes or a visible gap separates two runs."""
    parts: list[str] = []
    prev: Run | None = None
    for run in runs:
        if prev is not None:
            same_line = abs(run.y - prev.y) < 0.3 * max(run.size, prev.size, 1.0)
            gap = run.x - prev.x_end
            if not same_line or gap > 0.15 * max(run.size, 1.0) or gap < -0.5 * max(run.size, 1.0):
                parts.append(" ")
        parts.append(run.text)
        prev = run
    return "".join(parts)


def page_text(page: Any, reader: _Reader, margin: float = MARGIN) -> PageText:
    """Read one page: body text and margin (header/footer) text, each in drawing order."""
    reader.start_page()
    box = [float(v) for v in page.obj.get("/MediaBox", [0, 0, 612, 792])]
    bottom, top = min(box[1], box[3]), max(box[1], box[3])
    reader.walk(page.obj, page.obj.get("/Resources"), IDENTITY)
    body = [r for r in reader.runs if bottom + margin <= r.y <= top - margin]
    edge = [r for r in reader.runs if not (bottom + margin <= r.y <= top - margin)]
    return PageText(join_runs(body), join_runs(edge), reader.runs)


def pdf_text(pdf: pikepdf.Pdf, stream_reader: StreamReader = _read_all, deadline: float | None = None) -> list[PageText]:
    """Every page's text; raises :class:`TextError` when a page cannot be read
    or the ``time.monotonic()`` deadline passes."""
    reader = _Reader(pdf, {}, stream_reader, deadline)
    out: list[PageText] = []
    for page in pdf.pages:
        if deadline is not None and time.monotonic() > deadline:
            raise TextError("reading the pages took too long")
        out.append(page_text(page, reader))
    return out
