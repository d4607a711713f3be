"""What typed text may contain, decided once at the model boundary.

A report is XML inside (the DOCX) and PDF text: a character XML 1.0 cannot
carry makes the DOCX fail to build, and an invisible control character typed
into a name prints nothing the reader can see. So every string that enters a
case is cleaned here, wherever it comes from (the CLI's JSON, a wizard save,
an upload, the data embedded in a PDF or DOCX read back):

* line breaks are one kind: CR LF and lone CR become LF; Word's soft line
  break (VT, ``\\x0b``), its page break pasted as text (FF, ``\\x0c``) and the
  Unicode line and paragraph separators (U+2028, U+2029) become LF too;
* characters no report can hold are removed, and the caller is told how many:
  the other C0 controls (everything below U+0020 but TAB and LF), DEL and the
  C1 controls (U+007F-U+009F: invisible, usually mis-decoded bytes), unpaired
  surrogates, and the Unicode noncharacters (U+FDD0-U+FDEF and the last two
  code points of every plane, U+FFFE and U+FFFF among them);
* the result is NFC, so a name typed on a keyboard that composes accents
  (NFD, "Jose" + U+0301) is stored, compared and printed as the same name.

Bidirectional controls (RLO U+202E and its kin) are kept in free text, where
they are legitimate in right-to-left writing and the outputs isolate each
value; in identifiers (a case number, a file name) they could make "JV-123"
display as something else, so :func:`bidi_controls_in` and
:func:`refuse_bidi` let the schema and the upload pages refuse them.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional formatting characters: embeddings and overrides (U+202A-U+202E),
#: isolates (U+2066-U+2069) and the implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNSAFE_CHARS = f"\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
#: Any character :func:`clean_text` would change but for NFC: one search decides
#: that almost every value (typed text without controls) needs nothing done.
_TO_CLEAN = re.compile(f"[\r\x0b\x0c\u2028\u2029{_UNSAFE_CHARS}]")
#: The same characters within ASCII (CR, VT, FF and the unsafe controls; TAB and LF stay): most
#: typed text is ASCII, and this small class is searched in half the time of the full one (a
#: case holds some 340 strings, cleaned at every load).
_ASCII_TO_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` with one kind of line break, unsafe characters removed, in NFC;
    and how many characters were removed (line breaks and NFC are not counted:
    they change how the text is stored, not what it says)."""
    removed = 0
    if (_ASCII_TO_CLEAN if text.isascii() else _TO_CLEAN).search(text):
        text = _LINE_BREAKS.sub("\n", text)
        text, removed = _UNSAFE.subn("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, removed


def removal_notice(path: str, removed: int) -> str:
    """The line a user reads when characters were removed from a field."""
    noun = "character" if removed == 1 else "characters"
    return f"{path}: removed {removed} control {noun} that a report cannot contain"


def nfc(text: str) -> str:
    """``text`` in NFC: the form names are stored and compared in."""
    return unicodedata.normalize("NFC", text)


def same_text(a: str | None, b: str | None) -> bool:
    """Whether two typed values say the same thing: equal in NFC, ignoring case
    and surrounding space ("José" typed two ways, "MARIA " and "Maria")."""
    if a is None or b is None:
        return a is b
    return nfc(a).strip().casefold() == nfc(b).strip().casefold()


def bidi_controls_in(text: str) -> list[str]:
    """The bidirectional controls in ``text``, each as ``U+XXXX``, in order."""
    return [f"U+{ord(ch):04X}" for ch in text if ch in BIDI_CONTROLS]


def is_safe_identifier(text: str) -> bool:
    """Whether ``text`` can be shown as an identifier (case number, file name):
    no bidirectional control and nothing :func:`clean_text` would remove."""
    return not bidi_controls_in(text) and not _UNSAFE.search(text) and not _LINE_BREAKS.search(text)


def visible_name(name: str) -> str:
    """A file name as it may be shown: every bidirectional control, line break or other
    unprintable character written as its escape (``\\u202e``), so a name cannot display in
    an order other than the one it has on disk, nor break the line it is printed on."""
    if name.isprintable() and not bidi_controls_in(name):
        return name
    return "".join(ch if ch.isprintable() and ch not in BIDI_CONTROLS else f"\\u{ord(ch):04x}" for ch in name)


def refuse_bidi(text: str) -> str | None:
    """Why ``text`` cannot be an identifier, or None when it can. The message
    names the characters (``U+202E``) and not the text, which may be case data."""
    found = bidi_controls_in(text)
    if not found:
        return None
    listed = ", ".join(dict.fromkeys(found))
    return (f"contains a bidirectional control character ({listed}) that can make it display in a different "
            "order than it is stored; remove it")
