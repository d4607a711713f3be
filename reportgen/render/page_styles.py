"""One computed style per kind of page, instead of one per page.

WeasyPrint 70 names every page by a ``PageType`` that includes the page's
index, so for each page it cascades the ``@page`` rules again and computes the
page's style and every margin box's style afresh (and looks through the page
rules gathered for all earlier pages to do it). In the three-child report that
was about 7% of the Python calls of a render, for 21 pages whose styles are
all alike.

A page's index decides which ``@page`` rules match only through ``:first``
(index 0) and ``:nth()``. So when no page selector of the document uses
``:nth()``, two pages alike in side, blankness, name and being the first match
the same rules, and the styles computed for the first such page are given to
the others. WeasyPrint only reads them (its one write, the page counters'
normalisation in ``_standardize_page_based_counters``, gives the same result
when repeated). tests/render/test_page_styles.py proves the pages come out
byte for byte the same, for the report, a draft (a named page) and hostile
text, and that a stylesheet with ``:nth()`` keeps one style per page.

The hook replaces ``weasyprint.layout.page.set_page_type_computed_styles``
once per process, for WeasyPrint 70 only (another version keeps its own); the
reuse lives in each document's own style table, so renders on several threads
share nothing.
"""

from __future__ import annotations

from typing import Any

from reportgen.render.hooks import install_once

_ATTRIBUTE = "_reportgen_page_styles"


def install() -> None:
    """Put the hook in place (once; a no-op on a WeasyPrint it was not written for)."""
    def apply() -> None:
        from weasyprint.layout import page

        original = page.set_page_type_computed_styles
        if not getattr(original, "reportgen", False):
            page.set_page_type_computed_styles = _shared(original)

    install_once("page_styles", apply)


def _shared(original: Any) -> Any:
    def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
        cache = style_for.__dict__.get(_ATTRIBUTE)
        if cache is None:
            cache = style_for.__dict__[_ATTRIBUTE] = None if uses_nth(style_for) else {}
        if cache is None:
            original(page_type, html, style_for)
            return
        key = (page_type.side, page_type.blank, page_type.name, page_type.index == 0)
        computed = style_for.get_computed_styles()
        styles = cache.get(key)
        if styles is None:
            original(page_type, html, style_for)
            pseudos = [None, *(pseudo for element, pseudo in style_for.get_cascaded_styles()
                               if pseudo and element == page_type)]
            cache[key] = {pseudo: computed[page_type, pseudo] for pseudo in pseudos
                          if (page_type, pseudo) in computed}
            return
        for pseudo, style in styles.items():
            computed[page_type, pseudo] = style

    set_page_type_computed_styles.reportgen = True  # type: ignore[attr-defined]
    return set_page_type_computed_styles


def uses_nth(style_for: Any) -> bool:
    """Whether any ``@page`` selector of the document's stylesheets uses ``:nth()``
    (then a page's index decides its rules, and each page keeps its own styles)."""
    for sheet, _origin, _specificity in style_for._sheets:
        for _rule, selectors, _declarations in sheet.page_rules:
            if any(selector[2].index is not None for selector in selectors):
                return True
    return False
