"""The parents' letter: for each parent, a short plain-language letter from the
report's data, in English or Spanish, as a tagged PDF/A or a Word document.

* :func:`letter_for` builds one parent's letter (a :class:`Letter`, plain data);
* :func:`render_letter_pdf` and :func:`render_letter_docx` lay it out;
* :func:`living_parents` lists the parents who get one (not a parent who has died).

The renderers are imported only when called, so building a letter needs
neither WeasyPrint nor docxtpl.
"""

from __future__ import annotations

from reportgen.letter.content import NoLetter, letter_for, living_parents
from reportgen.letter.model import Block, Letter, Section, Source
from reportgen.letter.source import case_source, file_source
from reportgen.letter.words import LANGS

__all__ = [
    "LANGS", "Block", "Letter", "NoLetter", "Section", "Source", "case_source", "file_source", "letter_for",
    "living_parents", "render_letter_docx", "render_letter_pdf",
]


def render_letter_pdf(letter: Letter) -> bytes:
    """The letter as a tagged PDF/A-3a (see :mod:`reportgen.letter.render`)."""
    from reportgen.letter.render import letter_pdf

    return letter_pdf(letter)


def render_letter_docx(letter: Letter) -> bytes:
    """The letter as a Word document (see :mod:`reportgen.letter.render`)."""
    from reportgen.letter.render import letter_docx

    return letter_docx(letter)
