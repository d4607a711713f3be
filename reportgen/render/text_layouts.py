"""Each line's Pango layout kept from layout to drawing, instead of made twice.

WeasyPrint 70 lays a line of text out with a Pango layout, then frees the
layout ("deactivates" it) and, when it draws the line, makes a new Pango
context and layout for the same text and shapes it again ("reactivates" it).
Keeping the layout alive until the line is drawn saves that second context
and shaping: about 6% of the drawing and 2-4% of a three-child report's
render (alternated renders in one process).

The kept layout is only reused when drawing would rebuild exactly it: the
same style object, no letter or word spacing, no breaking inside words and
no justification spacing (``text-align: justify`` adds word spacing only when
drawing); anything else takes WeasyPrint's own way. tests/render/test_text_layouts.py proves the pages come out byte for
byte the same, for the report, a draft and hostile text (right-to-left
names, emoji, combining marks). Installed once per process, for WeasyPrint
70 only; each layout belongs to one line of one render.
"""

from __future__ import annotations

from typing import Any

from reportgen.render.hooks import install_once


def install() -> None:
    """Put the hook in place (once; a no-op on a WeasyPrint it was not written for)."""
    def apply() -> None:
        from weasyprint.text.line_break import Layout

        if not getattr(Layout.deactivate, "reportgen", False):
            Layout.deactivate, Layout.reactivate = _kept(Layout.deactivate, Layout.reactivate)

    install_once("text_layouts", apply)


def _kept(deactivate: Any, reactivate: Any) -> tuple[Any, Any]:
    def keep(self: Any) -> None:
        self.reportgen_kept = True  # the layout, its language and style stay

    def reuse(self: Any, style: Any) -> None:
        if getattr(self, "reportgen_kept", False):
            self.reportgen_kept = False
            if style is self.style and _plain(style) and not self.justification_spacing:
                return  # what reactivating would build again
            deactivate(self)
        reactivate(self, style)

    keep.reportgen = True  # type: ignore[attr-defined]
    return keep, reuse


def _plain(style: Any) -> bool:
    """No letter or word spacing and no breaking inside words: the text attributes
    a layout gathers while its line is fitted are then none at all."""
    return style["letter_spacing"] == "normal" and not style["word_spacing"] and style["overflow_wrap"] == "normal"
