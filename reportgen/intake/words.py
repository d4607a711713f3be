"""Comparing what a PDF shows with what its case data says, word for word.

Verification re-renders the embedded case's HTML (template words only, no
layout) and compares it with the PDF's body text. Whitespace is not compared:
line breaks, justification and inline boxes decide where a PDF reader sees a
space, but they never change the characters. So the check compares the two
character streams with all whitespace removed (after Unicode NFKC, which folds
ligatures such as "ﬁ"), and only when they differ does it work out words, to
name the first difference in the clerk's terms: "the PDF says 'guardianship'
where the case data says 'adoption', near '…'".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from html import unescape

#: Characters that never print: soft hyphen, zero-width space/joiners, BOM,
#: and the direction marks and controls (ALM, LRM, RLM, LRE...RLO, LRI...PDI),
#: which the report sets around values to isolate them and which a
#: PDF's text may or may not carry (WeasyPrint drops them, LibreOffice keeps them).
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u061c\u200e\u200f"
                                   "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
CONTEXT_WORDS = 6
#: Words aligned after the first difference; enough to recognise an insertion.
WINDOW = 400


_BODY = re.compile(r"<body\b", re.I)
_HIDDEN_BLOCKS = re.compile(r"<(script|style|template|noscript)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def html_text(html: str) -> str:
    """The text a browser would print from ``html``'s body, tags reduced to spaces.

    The HTML is reportgen's own template output with every value escaped by
    Jinja, so each ``<`` opens a tag and a regular expression is exact here;
    it is several times faster than :mod:`html.parser`, and verify runs it
    on every file of a batch.
    """
    m = _BODY.search(html)
    body = html[m.start():] if m else html
    body = _HIDDEN_BLOCKS.sub(" ", body)
    return unescape(_TAG.sub(" ", body))


_INVISIBLE_CHARS = tuple(map(chr, INVISIBLE))


def normalise(text: str) -> str:
    """NFKC, without the invisible characters. ``str.translate`` with a dict
    looks up every character in Python's mapping protocol, which was a tenth
    of a page's text time; it runs only when one of them is actually there."""
    folded = unicodedata.normalize("NFKC", text)
    if any(ch in folded for ch in _INVISIBLE_CHARS):
        return folded.translate(INVISIBLE)
    return folded


#: Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …, and their
#: presentation forms): a quick test that a text needs :func:`_bidi_canonical` at all.
_RTL_HINT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_RTL_CLASSES = frozenset({"R", "AL", "AN"})


def _bidi_canonical(stream: str) -> str:
    """``stream`` with each right-to-left run replaced by its characters in sorted order.

    A PDF's text comes out in the order the glyphs are drawn, so a right-to-left
    name reads reversed there (and several right-to-left words in a row come out
    in reverse word order, digits inside them in their own order), while the
    case data holds it as typed. Both orders hold the same characters, so each
    stretch between two left-to-right letters that holds a right-to-left
    character (with the digits, punctuation and brackets the bidirectional
    algorithm moves and mirrors along with it) is compared as the multiset of
    its characters.
    The cost: a change that only rearranges letters inside one right-to-left run
    is not seen; any added, removed or replaced character still is. The stream
    keeps its length, so word offsets stay valid.
    """
    if not _RTL_HINT.search(stream):
        return stream
    chars = list(stream)
    start, rtl = 0, False  # the current run starts after the last left-to-right letter
    for i, ch in enumerate(chars + ["a"]):  # a final left-to-right letter closes the last run
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            if rtl:
                chars[start:i] = sorted(chars[start:i])
            start, rtl = i + 1, False
        elif kind in _RTL_CLASSES:
            rtl = True
    return "".join(chars)


@dataclass(frozen=True)
class Words:
    """A text's words, and the offset of each word in the whitespace-free character stream."""

    words: list[str]
    starts: list[int]
    stream: str

    @classmethod
    def of(cls, text: str) -> Words:
        words = normalise(text).split()
        starts: list[int] = []
        pos = 0
        for w in words:
            starts.append(pos)
            pos += len(w)
        return cls(words, starts, "".join(words))

    def word_at(self, offset: int) -> int:
        """Index of the word holding character ``offset`` (the last word when past the end)."""
        if not self.words:
            return 0
        return max(0, min(bisect_right(self.starts, offset) - 1, len(self.words) - 1))


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _common_prefix(a: str, b: str, i: int, j: int) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` share at their start (block-wise, then exact)."""
    n = 0
    step = 512
    while step:
        while a[i + n: i + n + step] == b[j + n: j + n + step] and i + n + step <= len(a) and j + n + step <= len(b):
            n += step
        step //= 8
    while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
        n += 1
    return n


def first_difference(printed: str, expected: str, repeatable: list[str] | None = None) -> str | None:
    """``None`` when ``printed`` (the PDF) and ``expected`` (the case data) say the same thing;
    otherwise a sentence naming the first difference with the words just before it.

    ``repeatable`` texts (table column headings) may appear in the PDF again
    where the data has them once: a table that runs onto the next page repeats
    its heading row there.
    """
    pdf, data = Words.of(printed), Words.of(expected)
    repeats = [r for r in ("".join(normalise(t).split()) for t in repeatable or []) if r]
    pdf_stream, data_stream = _bidi_canonical(pdf.stream), _bidi_canonical(data.stream)
    a = b = 0
    while True:
        n = _common_prefix(pdf_stream, data_stream, a, b)
        a, b = a + n, b + n
        if a == len(pdf_stream) and b == len(data_stream):
            return None
        skip = next((r for r in repeats if pdf_stream.startswith(r, a) and data_stream.find(r, 0, b) >= 0), None)
        if skip is None:
            break
        a += len(skip)
    return _describe(pdf, data, a, b)


def _describe(pdf: Words, data: Words, i: int, j: int) -> str:
    """Name the first difference, which starts at ``pdf.stream[i]`` / ``data.stream[j]``."""
    # Align the words from the first differing character on, within a bounded
    # window, so an inserted word is not reported as a cascade of replacements.
    wa = pdf.word_at(i) if i < len(pdf.stream) else len(pdf.words)
    wb = data.word_at(j) if j < len(data.stream) else len(data.words)
    # Back off the same number of characters on both sides (they agree just
    # before the difference) until both windows begin at a word start, so the
    # whole differing word is named ("adoption"/"adoptions").
    for _ in range(CONTEXT_WORDS):
        back_a = i - pdf.starts[wa] if wa < len(pdf.words) else 0
        back_b = j - data.starts[wb] if wb < len(data.words) else 0
        if back_a == back_b:
            break
        back = max(back_a, back_b)
        wa, wb = pdf.word_at(i - back), data.word_at(j - back)
    a_words, b_words = pdf.words[wa: wa + WINDOW], data.words[wb: wb + WINDOW]
    matcher = difflib.SequenceMatcher(None, a_words, b_words, autojunk=False)
    _, a1, a2, b1, b2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    before = wb + b1
    return difference_sentence(" ".join(a_words[a1:a2]), " ".join(b_words[b1:b2]),
                               data.words[max(0, before - CONTEXT_WORDS): before])


def difference_sentence(said: str, meant: str, before: list[str], *,
                        shown: str = "the PDF", source: str = "the case data") -> str:
    """One difference in the reader's terms: what ``shown`` says where ``source`` says
    something else (either may be empty), with the words of ``source`` just before it."""
    near = f", near '…{_clip(' '.join(before))}'" if before else " at the very start"
    if said and meant:
        return f"{shown} says '{_clip(said)}' where {source} says '{_clip(meant)}'{near}"
    if meant:
        return f"{shown} leaves out '{_clip(meant)}', which {source} says{near}"
    return f"{shown} says '{_clip(said)}', which {source} does not{near}"
