"""Each line's Pango layout kept from layout to drawing, instead of made twice.

WeasyPrint 70 lays a line of text out with a Pango layout, then frees the
layout ("deactivates" it) and, when it draws the line, makes a new Pango
context and layout for the same text and shapes it again ("reactivates" it).
Keeping the layout alive until the line is drawn saves that second context
and shaping: about 6% of the drawing and 2-4% of a three-child report's
render (alternated renders in one process).

Drawing also switches the layout to Pango's single-paragraph mode, which
throws away the lines Pango has computed and shapes the text once more, even
when the text holds no paragraph separator and the mode can change nothing.
So whenever a layout is given a text without one (``\\n``, ``\\r``, U+0085,
U+2028, U+2029), the mode is set before Pango lays it out, and drawing finds
its lines done: another 3-5% of a render (alternated renders in one process).
A text with a separator keeps Pango's default mode, as before.

Each layout also began with a Pango context and a font description of its
own, built afresh from the style for every line and every trial fitting of
it. Text alike in font, direction and language now shares one context and
one description (kept with the font configuration, so per thread), and
only the layout itself is new: a further 3-6% of a render. Text with a
decoration line or a font language override takes WeasyPrint's own way.

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
        if not getattr(Layout.set_text, "reportgen", False):
            Layout.set_text = _single_paragraph(Layout.set_text)
        if not getattr(Layout.setup, "reportgen", False):
            Layout.setup = _shared_setup(Layout.setup)

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


#: What Pango takes for the end of a paragraph (and the line separator, to be safe).
_SEPARATORS = frozenset("\n\r\x85\u2028\u2029")


def single_paragraph(text: str) -> bool:
    """Whether Pango's single-paragraph mode lays ``text`` out as its default mode does."""
    return _SEPARATORS.isdisjoint(text)


def _single_paragraph(set_text: Any) -> Any:
    from weasyprint.text.ffi import pango

    def set_text_in_mode(self: Any, text: str, justify: bool = False) -> None:
        set_text(self, text, justify)
        # the text as set (WeasyPrint may have cut it or replaced it)
        pango.pango_layout_set_single_paragraph_mode(self.layout, single_paragraph(self.text))

    set_text_in_mode.reportgen = True  # type: ignore[attr-defined]
    set_text_in_mode.original = set_text  # type: ignore[attr-defined]
    return set_text_in_mode


_SHARED = "_reportgen_layout_parts"
_SHARED_LIMIT = 256  # kinds of text kept per font configuration


def _shared_setup(setup: Any) -> Any:
    """``Layout.setup`` with one Pango context and font description per kind of text."""
    from weasyprint.text.constants import PANGO_DIRECTION
    from weasyprint.text.ffi import ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    def parts(style: Any) -> tuple[Any, Any, Any, bytes | None]:
        """(context, language, font description, font features) for ``style``'s kind of text."""
        features_of = (style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
                       style["font_variant_caps"], style["font_variant_numeric"], style["font_variant_alternates"],
                       style["font_variant_east_asian"], style["font_feature_settings"])
        key = (style["direction"], style["lang"], tuple(style["font_family"]), style["font_style"],
               style["font_stretch"], style["font_weight"], style["font_size"], style["font_variation_settings"],
               features_of)
        cache: dict[Any, Any] = style.font_config.__dict__.setdefault(_SHARED, {})
        found = cache.get(key)
        if found is None:
            context = ffi.gc(pango.pango_font_map_create_context(style.font_config.font_map), gobject.g_object_unref)
            pango.pango_context_set_round_glyph_positions(context, False)
            pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
            if style["lang"]:
                lang_p, _lang = unicode_to_char_p(style["lang"])
                language = pango.pango_language_from_string(lang_p)
                pango.pango_context_set_language(context, language)
            else:
                language = pango.pango_language_get_default()
            features = font_features(*features_of)
            joined = ",".join(f"{name} {value}" for name, value in features.items()).encode() if features else None
            if len(cache) >= _SHARED_LIMIT:
                cache.clear()
            found = cache[key] = (context, language, get_font_description(style), joined)
        return found

    def shared_setup(self: Any, style: Any) -> None:
        if style["font_language_override"] != "normal" or style["text_decoration_line"] != "none":
            setup(self, style)  # font metrics or another language: WeasyPrint's own way
            return
        context, language, font_description, features = parts(style)
        self.style = style
        self.first_line_direction = 0
        self.language = language
        self.layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, font_description)
        self.ascent = None
        self.underline_position = None
        self.strikethrough_position = None
        if features:  # as WeasyPrint does: a list of the layout's own, the attribute shared
            attr = style.font_config.font_features.setdefault(features, pango.pango_attr_font_features_new(features))
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    shared_setup.reportgen = True  # type: ignore[attr-defined]
    shared_setup.original = setup  # type: ignore[attr-defined]
    return shared_setup
