"""Whether a PDF is still the file reportgen produced, decided from its structure.

When reportgen writes a report it records, in the file itself, the file's byte
length and a SHA-256 over its bytes. Both sit in the trailer dictionary (the
dictionary of the one cross-reference stream qpdf writes, which is never
compressed) under private keys, written first as fixed-width placeholders and
then filled in place, the way a signature's ``/ByteRange`` and ``/Contents``
are: no byte moves, so the digest can be computed over the finished file with
the digest's own 64 characters read as zeros::

    /ReportgenLength 000000059162 /ReportgenSHA256 (3fa4...64 hex digits...)

The clerk's check (:func:`examine`) then asks, of the bytes alone:

* is there exactly one cross-reference section (table or stream) and one
  trailer, with no ``/Prev`` (an incremental update points back at the
  section it amends) and exactly one ``startxref``, which points at it?
* does the recorded length equal the file's length?
* does the SHA-256 recomputed over the file, digest zeroed, equal the
  recorded one?

It never looks at how the file ends: an update hidden behind a comment before
``%%EOF``, spliced in before the final ``%%EOF``, or written as a
cross-reference stream changes the structure, the length and the digest.

What this is not: a signature. The digest proves the bytes are the ones the
producer wrote only against a change made without knowledge of this record;
someone who rewrites the whole file and recomputes the record defeats it. The
answer to that is outside the file: the digest the agency kept (the clerk's
index lists each file's SHA-256 to compare with) or a digital signature.

The functions here read bytes only (no PDF library), so they cost a few
milliseconds and run the same in any process.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

LENGTH_KEY = "/ReportgenLength"
DIGEST_KEY = "/ReportgenSHA256"
LENGTH_WIDTH = 12
#: What the producer writes before the values are known: twelve nines, so that
#: qpdf prints twelve digits (a PDF integer may carry leading zeros), and 64 zeros.
LENGTH_PLACEHOLDER = 10**LENGTH_WIDTH - 1
DIGEST_PLACEHOLDER = "0" * 64

_LENGTH = re.compile(re.escape(LENGTH_KEY.encode()) + rb"\s+(\d{1,%d})(?![\d.])" % LENGTH_WIDTH)
_DIGEST = re.compile(re.escape(DIGEST_KEY.encode()) + rb"\s*\(([0-9a-f]{64})\)")
_ANY_RECORD = re.compile(rb"/Reportgen(?:Length|SHA256)\b")
#: Structural keywords; each counts only where a PDF writer puts it, first on its line.
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_STARTXREF_WORD = re.compile(rb"startxref\b")
_XREF_TABLE = re.compile(rb"xref[ \t]*[\r\n]")
_TRAILER = re.compile(rb"trailer\s*<<")
_XREF_STREAM = re.compile(rb"/Type\s*/XRef\b")
_OBJ_AT = re.compile(rb"\s*\d+\s+\d+\s+obj\s*<<")
_XREF_AT = re.compile(rb"\s*xref\s")
_STREAM_WORD = re.compile(rb"\bstream\b")
_TRAILER_END = re.compile(rb"\bstartxref\b")
#: How far a trailer dictionary may reach from where it starts.
_DICT_LIMIT = 8192
#: Keyword occurrences counted, and looked at, before a count stops (a produced file has one of each).
_MAX_COUNTED = 100
_MAX_SEEN = 10_000


class NotPrepared(ValueError):
    """The bytes handed to :func:`seal` carry no placeholders to fill."""


def add_placeholders(trailer: Any) -> None:
    """Put the placeholders into a ``pikepdf`` trailer before the one save."""
    import pikepdf

    trailer[LENGTH_KEY] = LENGTH_PLACEHOLDER
    trailer[DIGEST_KEY] = pikepdf.String(DIGEST_PLACEHOLDER)


def seal(data: bytes) -> bytes:
    """The file with its length and digest filled into the placeholders, in place.

    Raises :class:`NotPrepared` unless the file has one trailer holding each
    placeholder exactly once (a producer bug, never a user's fault)."""
    span = _trailer_span(data)
    if span is None:
        raise NotPrepared("the file has no trailer that startxref points at")
    start, end = span
    head = data[start:end]
    lengths = list(_LENGTH.finditer(head))
    digests = list(_DIGEST.finditer(head))
    if len(lengths) != 1 or len(digests) != 1 or lengths[0].group(1) != str(LENGTH_PLACEHOLDER).encode() \
            or digests[0].group(1) != DIGEST_PLACEHOLDER.encode():
        raise NotPrepared("the trailer does not hold the length and digest placeholders once each")
    out = bytearray(data)
    at = start + lengths[0].start(1)
    out[at: at + LENGTH_WIDTH] = f"{len(data):0{LENGTH_WIDTH}d}".encode()
    digest_at = start + digests[0].start(1)
    out[digest_at: digest_at + 64] = hashlib.sha256(out).hexdigest().encode()  # digest field still zeros
    return bytes(out)


@dataclass
class Integrity:
    """What :func:`examine` found; ``problems`` is empty when the file is as produced."""

    xref_sections: int = 0
    trailers: int = 0
    startxrefs: int = 0
    recorded: bool = False
    recorded_length: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.recorded and not self.problems


def examine(data: bytes) -> Integrity:
    """The structure, recorded length and recorded digest of ``data``, with every
    way they show a change named in ``problems``."""
    text = _outside_xmp(data)
    streams = _count(_XREF_STREAM, text)
    found = Integrity(
        xref_sections=_count(_XREF_TABLE, text, line_start=True) + streams,
        trailers=_count(_TRAILER, text, line_start=True) + streams,
        startxrefs=_count(_STARTXREF_WORD, text, line_start=True),
    )
    problems = found.problems
    if found.xref_sections != 1 or found.trailers != 1:
        problems.append(f"{_many(found.xref_sections)} cross-reference section(s) and {_many(found.trailers)} trailer(s) "
                        f"where a produced file has one of each (an incremental update adds one of each)")
    if found.startxrefs != 1:
        problems.append(f"{_many(found.startxrefs)} startxref markers where a produced file has one")
    span = _trailer_span(data)
    if span is None:
        problems.append("the last startxref does not point at a cross-reference section")
        return found
    trailer = data[span[0]:span[1]]
    if re.search(rb"/Prev\b", trailer):
        problems.append("the trailer points back at an earlier cross-reference section (/Prev): an update was added")
    if re.search(rb"/XRefStm\b", trailer):
        problems.append("the trailer points at a second cross-reference stream (/XRefStm)")
    _check_record(data, span, trailer, found)
    return found


def _check_record(data: bytes, span: tuple[int, int], trailer: bytes, found: Integrity) -> None:
    """Compare the recorded length and digest with the file. The record belongs
    in the trailer startxref points at; an update's trailer may lack it, so it is
    then looked for in the rest of the file (where the producer's trailer was)."""
    base = span[0]
    lengths = list(_LENGTH.finditer(trailer))
    digests = list(_DIGEST.finditer(trailer))
    if not lengths and not digests:
        base = 0
        lengths = list(islice(_LENGTH.finditer(data), 3))
        digests = list(islice(_DIGEST.finditer(data), 3))
        if lengths or digests:
            found.problems.append("the last trailer does not carry the length and digest recorded at production")
    if not lengths and not digests:
        if _ANY_RECORD.search(data):
            found.problems.append("the length and digest recorded at production are damaged")
        return  # nothing recorded: the caller says what that means
    found.recorded = True
    if len(lengths) != 1 or len(digests) != 1:
        found.problems.append(f"the record made at production is damaged or incomplete: {len(lengths)} length(s) and {len(digests)} "
                              f"digest(s) where a produced file carries one of each")
        if not lengths or not digests:
            return
    found.recorded_length = int(lengths[0].group(1))
    if found.recorded_length != len(data):
        found.problems.append(f"the file is {len(data):,} bytes where the producer recorded {found.recorded_length:,}")
    at = base + digests[0].start(1)
    zeroed = data[:at] + DIGEST_PLACEHOLDER.encode() + data[at + 64:]
    if hashlib.sha256(zeroed).hexdigest().encode() != digests[0].group(1):
        found.problems.append("the SHA-256 over the file's bytes differs from the one recorded when it was produced")


def _trailer_span(data: bytes) -> tuple[int, int] | None:
    """Where the dictionary of the cross-reference section the last
    ``startxref`` points at lies: an xref stream's dictionary (up to its
    ``stream`` keyword) or a classic table's ``trailer`` (up to ``startxref``)."""
    pointer = _last_startxref(data)
    if pointer is None:
        return None
    offset = int(pointer.group(1)[:LENGTH_WIDTH])
    if offset >= len(data):
        return None
    if _OBJ_AT.match(data, offset):
        end = _STREAM_WORD.search(data, offset, offset + _DICT_LIMIT)
        if end is None or not re.search(rb"/Type\s*/XRef\b", data[offset:end.start()]):
            return None
        return offset, end.start()
    if _XREF_AT.match(data, offset):
        start = next((m for m in _TRAILER.finditer(data, offset) if _starts_line(data, m.start())), None)
        if start is None:
            return None
        end = _TRAILER_END.search(data, start.end(), start.end() + _DICT_LIMIT)
        return (start.start(), end.start()) if end is not None else None
    return None


def _outside_xmp(data: bytes) -> bytes:
    """``data`` with its XMP packets blanked (same length). The XMP metadata is
    the one stream a produced file leaves uncompressed, and it carries the
    case number as typed: text such as "/Type /XRef" there is not structure."""
    begin = data.find(b"<?xpacket begin=")
    if begin < 0:
        return data
    out = bytearray(data)
    for _ in range(_MAX_COUNTED):
        end = data.find(b"<?xpacket end=", begin)
        if end < 0:
            break
        head = data[max(0, begin - 300):begin]
        if b"/Metadata" in head and head.rstrip().endswith(b"stream"):  # a metadata stream's own packet
            out[begin:end] = b" " * (end - begin)
        begin = data.find(b"<?xpacket begin=", end)
        if begin < 0:
            break
    return bytes(out)


def _many(count: int) -> str:
    return f"{count} or more" if count >= _MAX_COUNTED else str(count)


def _starts_line(data: bytes, at: int) -> bool:
    """Whether only spaces or tabs stand between ``at`` and the start of its line
    (looking back a bounded way: a line-start test at the front of a pattern is
    tried at every byte, some 40 times slower than searching for the word)."""
    before = data[max(0, at - 64):at].rstrip(b" \t")
    return before.endswith((b"\n", b"\r")) or (not before and at <= 64)


def _count(pattern: re.Pattern[bytes], data: bytes, line_start: bool = False) -> int:
    """How many times ``pattern`` occurs (first on its line, with ``line_start``),
    counting at most :data:`_MAX_COUNTED`: a hostile file that repeats a keyword
    millions of times costs no more than one that repeats it a hundred times."""
    seen = counted = 0
    for match in pattern.finditer(data):
        seen += 1
        if not line_start or _starts_line(data, match.start()):
            counted += 1
        if counted >= _MAX_COUNTED or seen >= _MAX_SEEN:
            return max(counted, _MAX_COUNTED)
    return counted


def _last_startxref(data: bytes) -> re.Match[bytes] | None:
    """The last ``startxref`` that starts a line, with its offset, searched from the end."""
    end = len(data)
    for _ in range(_MAX_SEEN):
        at = data.rfind(b"startxref", 0, end)
        if at < 0:
            return None
        if _starts_line(data, at):
            return _STARTXREF.match(data, at)
        end = at
    return None
