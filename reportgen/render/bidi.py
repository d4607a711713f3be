"""Bidirectional isolation of user text, so that no value can reorder the words around it.

A value typed by a user may hold right-to-left script or Unicode direction
controls. Set beside other words without isolation, it reorders them: a
RIGHT-TO-LEFT OVERRIDE (U+202E) in "In re Ana <RLO>Ruiz, a person coming under
..." reverses the rest of the line, and the Arabic name in "ليلى حسن, 5 years"
pulls the number to its other side. Every output therefore sets each such value
in a bidirectional *isolate* (Unicode 6.3, UAX #9 X5a-X6a): FIRST STRONG ISOLATE
(U+2068) before it, POP DIRECTIONAL ISOLATE (U+2069) after it. Inside, the
value keeps its own meaning (an override still reverses the rest of its own
value); outside, it acts as one neutral character.

Why characters and not HTML's ``<bdi>``: the same text goes into HTML
attributes (the running header, the title), WeasyPrint's margin boxes and
WordprocessingML, where markup cannot go; WeasyPrint (Pango/fribidi), Word,
LibreOffice and browsers all implement the isolates (measured for WeasyPrint 70
and LibreOffice 7.4 in ``tests/render/test_bidi.py``); and a character costs
nothing to lay out where an inline element per value would add a box.

A bare FSI ... PDI pair is not enough on its own, which is why :func:`isolate`
first *balances* the value:

* a PDI inside the value that closes nothing would close our FSI, and an
  override after it would run on to the end of the line: it is dropped (an
  unmatched PDI has no effect inside the value, so nothing visible changes);
* an isolate or embedding the value opens and never closes is closed at the
  value's end (with PDI / POP DIRECTIONAL FORMATTING), so our PDI matches our FSI;
* a paragraph separator (a line break in a narrative) ends every isolate
  (UAX #9 P1), so each line of a value is isolated on its own.

Plain text (no right-to-left letter, no Arabic digit, no direction control) is
returned unchanged: it cannot reorder anything, and most of a report is such
text, so the common case costs one regular-expression search per value.
"""

from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
LRI, RLI = "\u2066", "\u2067"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"

#: The explicit direction controls (UAX #9 classes LRE RLE LRO RLO PDF LRI RLI FSI PDI).
CONTROLS = LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI
#: Every character whose bidirectional class is R, AL or AN, or an explicit
#: control: the blocks of the right-to-left scripts (a superset: their marks
#: and punctuation are included, which only isolates a little more than
#: needed), RIGHT-TO-LEFT MARK and the controls. ``tests/render/test_bidi.py``
#: checks every code point of Unicode against it.
_REORDERING = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_CONTROL = re.compile(f"[{CONTROLS}]")
#: Bidirectional class B: each ends a paragraph, and with it every isolate (UAX #9 P1).
_PARAGRAPH = re.compile("([\n\r\x1c\x1d\x1e\x85\u2029])")
_OPENERS = {LRE: PDF, RLE: PDF, LRO: PDF, RLO: PDF, LRI: PDI, RLI: PDI, FSI: PDI}


def needs_isolation(text: str) -> bool:
    """Whether ``text`` could reorder the words set around it."""
    return _REORDERING.search(text) is not None


def balanced(line: str) -> str:
    """``line`` (one paragraph) with unmatched PDIs dropped and every opened
    embedding, override or isolate closed at its end, in the order UAX #9
    (X6a, X7) matches them."""
    if not _CONTROL.search(line):
        return line
    out: list[str] = []
    open_: list[str] = []  # the closing character each open control is waiting for
    for ch in line:
        if ch in _OPENERS:
            open_.append(_OPENERS[ch])
        elif ch == PDI:
            if PDI not in open_:
                continue  # closes nothing of the value: it would close our FSI
            while open_.pop() != PDI:  # X6a: a PDI also ends the embeddings opened inside its isolate
                pass
        elif ch == PDF and open_ and open_[-1] == PDF:
            open_.pop()
        out.append(ch)
    out.extend(reversed(open_))
    return "".join(out)


def isolate(text: str) -> str:
    """``text`` set as a bidirectional isolate (each line on its own), balanced
    first; plain text that cannot reorder anything is returned unchanged."""
    if not needs_isolation(text):
        return text
    parts = _PARAGRAPH.split(text)
    for i in range(0, len(parts), 2):  # even items are lines, odd items their separators
        if needs_isolation(parts[i]):
            parts[i] = FSI + balanced(parts[i]) + PDI
    return "".join(parts)


def finalize(value: object) -> object:
    """Jinja's ``finalize`` hook: every plain string a template prints is
    isolated; markup the template itself made (:class:`markupsafe.Markup`,
    e.g. the stylesheet) and non-strings (docxtpl's rich text) pass through."""
    if type(value) is str:
        return isolate(value)
    return value
