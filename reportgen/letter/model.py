"""The parents' letter as data: what it says, before any layout.

Both renderers (PDF and DOCX) walk the same :class:`Letter`, and the reading
grade is measured on it (:meth:`Letter.running_text`), so what is measured is
what is printed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Block kinds: a paragraph of the letter's own words; a sub-heading (a service
#: as typed, or the children a group of dates is for); a labelled value ("Where:
#: Sacramento Recovery Center"); the worker's own words quoted as typed.
KINDS = ("p", "subheading", "field", "quote")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    label: str = ""

    def sentence(self) -> str:
        """The block as the reader reads it, ending as a sentence ends (a heading
        or a value without a full stop is read as a sentence of its own)."""
        text = f"{self.label}: {self.text}" if self.label else self.text
        text = " ".join(text.split())
        return text if text[-1:] in ".!?:" else text + "."


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Source:
    """The report a letter comes from: ``kind`` "case" (the case data's canonical
    JSON), "pdf" or "docx" (the file as received), and its SHA-256 in hex."""

    kind: str
    sha256: str


@dataclass(frozen=True)
class Letter:
    """One parent's letter in one language."""

    lang: str
    parent_index: int
    title: str
    #: The names-and-addresses block: (label, value) rows, not prose.
    header: tuple[tuple[str, str], ...]
    greeting: str
    sections: tuple[Section, ...]
    signature: tuple[str, ...]
    footer: str
    source: Source
    #: For the document's properties: identifies the filing, never the family.
    case_number: str | None

    def running_text(self) -> str:
        """The letter's prose, as its reading grade is measured: the title, the
        greeting, every heading and block. Left out: the names-and-addresses
        block and the signature (names, numbers and addresses, not sentences)
        and the footer with the digest (a checksum, not words)."""
        parts = [Block("p", self.title).sentence(), self.greeting]
        for section in self.sections:
            if section.heading:
                parts.append(Block("p", section.heading).sentence())
            parts.extend(block.sentence() for block in section.blocks)
        return "\n".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the templates, and for the wizard later)."""
        return asdict(self)
