"""Splitting a page's content stream into the instructions the text reader uses.

Why not always :func:`pikepdf.parse_content_stream`? It builds a Python object
for every operand of every instruction, and on a WeasyPrint report that was
about a third of the time it takes to verify a file. WeasyPrint writes a plain
subset of the content syntax: numbers, names, hex strings, flat arrays, flat
marked-content dictionaries and operators, one instruction per line. Two
regular expressions (run in C) read that subset here.

Anything outside the subset -- a literal ``(string)``, a comment, an inline
image, a nested array, a name with a ``#`` escape, an operator PDF does not
define, or an instruction of interest whose operands are not of the expected
kinds -- makes :func:`instructions` return ``None``, and the caller reads the
stream with pikepdf instead. So this is a shortcut for well-formed reports,
never a second, more lenient interpretation of a file.

Every pattern uses possessive quantifiers (Python 3.11) and an instruction
has at most :data:`MAX_OPERANDS` operands, so a hostile stream costs time
linear in its length.
"""

from __future__ import annotations

import re
from typing import Any

_WS = rb"[\x00\t\n\x0c\r ]"
#: A regular character: not whitespace and not a delimiter.
_REG = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_NUM = rb"[+-]?+(?:\d++\.?+\d*+|\.\d++)(?!" + _REG + rb")"
#: Printable ASCII only and no ``#`` escape, so the text is the name itself.
_NAME = rb"/[!\"$&'*+,\-.0-9:;=?@A-Z\\^_`a-z|~]*+(?!" + _REG + rb")"
_HEX = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*+>"
_CONST = rb"(?:true|false|null)(?!" + _REG + rb")"
_FLAT = rb"(?:" + _NUM + rb"|" + _NAME + rb"|" + _HEX + rb"|" + _CONST + rb")"
_ARRAY = rb"\[(?:" + _WS + rb"*+" + _FLAT + rb")*+" + _WS + rb"*+\]"
_DICT = rb"<<(?:" + _WS + rb"*+(?:" + _FLAT + rb"|" + _ARRAY + rb"))*+" + _WS + rb"*+>>"
_OPERAND = rb"(?:" + _NUM + rb"|" + _NAME + rb"|" + _ARRAY + rb"|" + _HEX + rb"|" + _DICT + rb"|" + _CONST + rb")"
#: At most this many operands before an operator (SCN with a DeviceN space
#: has the most in practice); more is not the plain form.
MAX_OPERANDS = 64
#: One pass over the stream. Each match is an instruction (operands, operator),
#: trailing whitespace, or one character that starts neither (the third group:
#: not the plain form). An attempt that fails scans at most MAX_OPERANDS
#: operands without backtracking, so the pass is linear in the stream length.
_SPLIT = re.compile(
    rb"((?:" + _WS + rb"*+" + _OPERAND + rb"){0," + str(MAX_OPERANDS).encode() + rb"}+)" + _WS + rb"*+(" + _REG
    + rb"++)|" + _WS + rb"++|(.)",
    re.S,
)
_TOKEN = re.compile(rb"<<|>>|\[|\]|" + _NUM + rb"|" + _NAME + rb"|" + _HEX + rb"|" + _CONST)
#: A hex string of whole bytes without spaces (what WeasyPrint writes), its digits captured.
_EVEN_HEX = re.compile(rb"<((?:[0-9A-Fa-f]{2})*+)>")

#: Every operator PDF 2.0 defines for content streams (ISO 32000-2, Annex A),
#: less the inline-image ones (BI, ID, EI): image data is binary and only
#: pikepdf may read it.
KNOWN_OPERATORS = frozenset(
    b"b B b* B* BDC BMC BT BX c cm CS cs d d0 d1 Do DP EMC ET EX f F f* G g gs h i j J K k l m M MP n q Q re "
    b"RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj TL Tm Tr Ts Tw Tz v w W W* y ' \"".split()
)
_NUMERIC = {b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"TL": 1, b"Tc": 1, b"Tw": 1, b"Tz": 1, b"Ts": 1}
_BARE = frozenset({b"q", b"Q", b"BT", b"T*"})
_NUMBER_START = frozenset(b"+-.0123456789")


class _Unusual(Exception):
    """An instruction of interest is not in the plain form this module reads."""


_WS_BYTES = re.compile(_WS)


def _hex(token: bytes) -> bytes:
    digits = _WS_BYTES.sub(b"", token[1:-1])
    if len(digits) % 2:
        digits += b"0"  # as PDF says: a missing last digit is 0
    return bytes.fromhex(digits.decode("ascii"))


def _numbers(tokens: list[bytes], count: int) -> list[float]:
    if len(tokens) != count or any(t[0] not in _NUMBER_START for t in tokens):
        raise _Unusual
    return [float(t) for t in tokens]


def _plain_name(token: bytes) -> bool:
    """One whole name (the split has checked its characters): nothing glued to it."""
    return token[:1] == b"/" and token.count(b"/") == 1 and b"<" not in token and b"[" not in token


def _is_name(token: bytes) -> bool:
    return token[:1] == b"/"


def _is_hex(token: bytes) -> bool:
    return token[:1] == b"<" and token[:2] != b"<<"


def _operands(op: bytes, blob: bytes) -> list[Any]:
    """The operands of one instruction of interest, as plain Python values
    (floats, names as ``str`` with their slash, strings as ``bytes``)."""
    if op in _BARE:
        return []
    if op == b"TJ":
        inner = blob.strip(b"\x00\t\n\x0c\r ")
        # One flat array (the split has checked each item's syntax and that arrays do not nest).
        if inner[:1] != b"[" or inner[-1:] != b"]" or inner.count(b"[") != 1:
            raise _Unusual
        # The same reading as the pikepdf path: the strings joined, the adjustments summed.
        # Splitting on whole-byte hex strings leaves the text between them at even
        # indexes; it must be numbers only (anything else, such as a name, true, or
        # an odd or spaced hex string, fails float() and the stream goes to pikepdf).
        parts = _EVEN_HEX.split(inner[1:-1])
        data = bytes.fromhex(b"".join(parts[1::2]).decode("ascii"))
        between = b" ".join(parts[0::2])
        adjust = sum(map(float, between.split())) if between.translate(None, b" 0") else 0.0
        return [[data, adjust]]
    if op == b"Tf":
        parts = blob.split()
        if len(parts) != 2 or not _plain_name(parts[0]):
            raise _Unusual
        return [parts[0].decode("ascii"), float(parts[1])]
    tokens = _TOKEN.findall(blob)
    count = _NUMERIC.get(op)
    if count is not None:
        return list(_numbers(tokens, count))
    if op in (b"Tj", b"'") and len(tokens) == 1 and _is_hex(tokens[0]):
        return [_hex(tokens[0])]
    if op == b'"' and len(tokens) == 3 and _is_hex(tokens[2]):
        return [*_numbers(tokens[:2], 2), _hex(tokens[2])]
    if op == b"Do" and len(tokens) == 1 and _is_name(tokens[0]):
        return [tokens[0].decode("ascii")]
    raise _Unusual


def instructions(data: bytes, wanted: frozenset[str]) -> list[tuple[str, list[Any]]] | None:
    """``(operator, operands)`` for each instruction whose operator is in ``wanted``,
    in order; ``None`` when the stream is not in the plain form (read it with pikepdf).

    A ``TJ`` instruction's one operand is ``[bytes, adjustment]``: its strings
    joined and its numbers summed, which is all the text reader needs.
    """
    want = {w.encode("ascii"): w for w in wanted}
    out: list[tuple[str, list[Any]]] = []
    try:
        for blob, op, stray in _SPLIT.findall(data):
            if stray:
                return None
            name = want.get(op)
            if name is None:
                if op and op not in KNOWN_OPERATORS:
                    return None
            elif op in _BARE:
                out.append((name, []))
            elif op in _NUMERIC:
                # The split has checked each operand's syntax: a piece float() accepts
                # is one whole PDF number (anything glued to it makes float() fail).
                values = [float(v) for v in blob.split()]
                if len(values) != _NUMERIC[op]:
                    return None
                out.append((name, values))
            else:
                out.append((name, _operands(op, blob)))
    except (_Unusual, ValueError):
        return None
    return out
