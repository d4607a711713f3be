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
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

#: Elements whose text is never printed in the page body.
SKIPPED = frozenset({"head", "title", "style", "script", "template", "noscript"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Characters that never print: soft hyphen, zero-width space/joiners, BOM.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
CONTEXT_WORDS = 6
#: Words aligned after the first difference; enough to recognise an insertion.
WINDOW = 400


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.parts.append(" ")
            return
        hidden = any(k == "hidden" for k, _ in attrs)
        self.stack.append(tag)
        if self.skip_depth or tag in SKIPPED or hidden:
            self.skip_depth += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            if top == tag:
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text a browser would print from ``html``'s body, tags reduced to spaces."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(INVISIBLE)


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


def first_difference(printed: str, expected: str) -> str | None:
    """``None`` when ``printed`` (the PDF) and ``expected`` (the case data) say the same thing;
    otherwise a sentence naming the first difference with the words just before it."""
    pdf, data = Words.of(printed), Words.of(expected)
    if pdf.stream == data.stream:
        return None
    i = 0
    limit = min(len(pdf.stream), len(data.stream))
    while i < limit and pdf.stream[i] == data.stream[i]:
        i += 1
    # Align the words from the first differing character on, within a bounded
    # window, so an inserted word is not reported as a cascade of replacements.
    wa = pdf.word_at(i) if i < len(pdf.stream) else len(pdf.words)
    wb = data.word_at(i) if i < len(data.stream) else len(data.words)
    # Back off to a character where a word starts on both sides, so the
    # windows begin with the whole word that differs ("adoption"/"adoptions").
    for _ in range(CONTEXT_WORDS):
        start_a = pdf.starts[wa] if wa < len(pdf.words) else len(pdf.stream)
        start_b = data.starts[wb] if wb < len(data.words) else len(data.stream)
        if start_a == start_b:
            break
        common = min(start_a, start_b)
        wa, wb = pdf.word_at(common), data.word_at(common)
    a_words, b_words = pdf.words[wa: wa + WINDOW], data.words[wb: wb + WINDOW]
    matcher = difflib.SequenceMatcher(None, a_words, b_words, autojunk=False)
    _, a1, a2, b1, b2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    said = _clip(" ".join(a_words[a1:a2]))
    meant = _clip(" ".join(b_words[b1:b2]))
    before = wb + b1
    context = " ".join(data.words[max(0, before - CONTEXT_WORDS): before])
    near = f", near '…{_clip(context)}'" if context else " at the very start"
    if said and meant:
        return f"the PDF says '{said}' where the case data says '{meant}'{near}"
    if meant:
        return f"the PDF leaves out '{meant}', which the case data says{near}"
    return f"the PDF says '{said}', which the case data does not{near}"
