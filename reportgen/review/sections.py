"""Finding the sections of a report made elsewhere by its headings and wording.

A report from another county has no schema: the concurrent plan may be under
"Permanency Planning", "Plan B", or buried in the assessment. This module turns
extracted blocks into paragraphs that each know the section they sit in and
the *topics* of that section (``concurrent_plan``, ``siblings``,
``placement``...). The heading synonyms are data, in ``sections.yml`` beside
this module, so a county's wording can be added without touching code.

Headings are recognised by Word heading styles when present, and otherwise by
shape: a short line that is bold, in capitals, numbered, or Title Cased and
naming a known topic, and that does not end like a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from reportgen.review.extract import Block


@dataclass(frozen=True)
class Vocabulary:
    topics: dict[str, tuple[str, ...]]
    max_chars: int
    max_words: int
    numbering: re.Pattern[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The heading synonyms and heading shape from ``sections.yml`` (read once)."""
    raw: dict[str, Any] = yaml.safe_load(
        (resources.files("reportgen.review") / "sections.yml").read_text(encoding="utf-8")
    )
    shape = raw["heading_shape"]
    return Vocabulary(
        topics={k: tuple(v) for k, v in raw["topics"].items()},
        max_chars=int(shape["max_chars"]),
        max_words=int(shape["max_words"]),
        numbering=re.compile(shape["numbering"]),
    )


@dataclass
class Paragraph:
    """A paragraph of the report and where it sits."""

    index: int
    text: str
    page: int | None
    heading: bool = False
    section: str = ""
    topics: frozenset[str] = frozenset()
    table: bool = False  # a table row, cells joined by " | "

    @property
    def location(self) -> str:
        return f"page {self.page}" if self.page else f"paragraph {self.index + 1}"


@dataclass
class Document:
    paragraphs: list[Paragraph] = field(default_factory=list)

    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.heading]

    def with_topic(self, *topics: str) -> list[Paragraph]:
        wanted = set(topics)
        return [p for p in self.paragraphs if not p.heading and p.topics & wanted]


def normalise(title: str) -> str:
    """Lower case, numbering and punctuation removed, spaces collapsed."""
    text = vocabulary().numbering.sub("", title.strip())
    text = text.replace("’", "'").lower()
    text = re.sub(r"[^a-z0-9' -]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def topics_of(title: str) -> frozenset[str]:
    """The topics a heading (or run-in label) names; a phrase's last word may be plural ("Placements")."""
    text = f" {normalise(title)} "
    found = set()
    for topic, phrases in vocabulary().topics.items():
        if any(f" {phrase} " in text or f" {phrase}s " in text for phrase in phrases):
            found.add(topic)
    return frozenset(found)


def _title_cased(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def is_heading(block: Block) -> bool:
    """Whether a block is a heading, by style or by shape."""
    vocab = vocabulary()
    text = block.text.strip()
    if not text or block.table or block.style == "Header":
        return False
    if len(text) > vocab.max_chars or len(text.split()) > vocab.max_words:
        return False
    style = block.style.lower()
    if style.startswith("heading") or style == "title":
        return True
    if text.endswith((".", ",", ";", "?", "!")) and not vocab.numbering.match(text + " "):
        return False
    if ":" in text.rstrip(":"):
        return False  # "Case number: JV-1234" is a label and its value, not a heading
    if not text[0].isupper() and not text[0].isdigit() and not vocab.numbering.match(text):
        return False
    if block.bold or _capitals(text):
        return True
    if vocab.numbering.match(text) and _title_cased(vocab.numbering.sub("", text)):
        return True
    return _title_cased(text) and bool(topics_of(text))


def _plain_heading(block: Block, following: list[Block]) -> bool:
    """A heading a PDF set in sentence case with no style to show it ("Placement and relatives"): a short
    line from a capital, with no sentence's end, that names a known topic, above a paragraph of prose (or
    above a short sub-heading and its prose: "6. Concurrent planning" / "Nico" / "Nico's plan is ...")."""
    text = vocabulary().numbering.sub("", block.text.strip())  # "7. Concurrent plan"
    # a longer line opens on its topic and says more after a dash ("Plan B — Adoption by the maternal aunt")
    lead = re.split(r"\s[—–-]\s", text)[0]
    if block.table or block.style == "Header" or not text[:1].isupper() or len(text.split()) > 12 or (
            len(text.split()) > 5 and (lead == text or len(lead.split()) > 5)):
        return False
    if text.endswith((".", ",", ";", ":", "?", "!", ")")) or ":" in text or not topics_of(lead):
        return False
    def prose(b: Block) -> bool:  # "...Walter Greaves.3": a footnote's call may end it
        return not b.table and len(b.text.split()) >= 12 and bool(re.search(r"[.!?][\"”’)]?\d{0,2}$", b.text.strip()))

    return bool(following) and (prose(following[0]) or (
        len(following) > 1 and len(following[0].text.split()) <= 5 and not following[0].table and prose(following[1])))


_RUN_IN = re.compile(r"^\s*([A-Z][A-Za-z'’ /&-]{2,60}?)\s*(?::|\s[-–—]\s)")


def run_in_topics(text: str) -> frozenset[str]:
    """Topics of a run-in label opening a paragraph ("Plan B: adoption by ...")."""
    m = _RUN_IN.match(text)
    if not m or len(m.group(1).split()) > 6:
        return frozenset()
    return topics_of(m.group(1))


def split(blocks: list[Block]) -> Document:
    """Paragraphs in reading order, each tagged with its section's title and topics.

    A sub-heading with no topic of its own inherits the topics of the heading
    above it, so "Prospective adoptive family" under "Permanency Planning" stays
    in the plan.
    """
    doc = Document()
    section, topics = "", frozenset[str]()
    parent_topics = frozenset[str]()
    level_of_current = 0
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if not text:
            continue
        following = [b for b in blocks[i + 1:i + 4] if b.text.strip()][:2]
        if is_heading(block) or _plain_heading(block, following):
            own = topics_of(text)
            level = _level(block)
            if own:
                section, topics, level_of_current = text, own, level
                parent_topics = own
            elif level > level_of_current and parent_topics:
                section, topics = text, parent_topics
            else:
                section, topics, level_of_current, parent_topics = text, frozenset(), level, frozenset()
            doc.paragraphs.append(Paragraph(i, text, block.page, heading=True, section=section, topics=topics))
            continue
        doc.paragraphs.append(
            Paragraph(i, text, block.page, section=section, topics=topics | run_in_topics(text), table=block.table)
        )
    return doc


def _level(block: Block) -> int:
    m = re.match(r"heading (\d)", block.style.lower())
    if m:
        return int(m.group(1))
    if block.style.lower() == "title":
        return 0
    return 1 if _capitals(block.text) else 2
